package com.auralise.plugin;

import com.auralise.audio.WavFile;
import com.auralise.filter.Control;
import com.auralise.filter.FeatureFilter;
import com.auralise.filter.FilterSettings;
import com.auralise.model.Model;

import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Random;

/**
 * The core's own rendering of a file, to compare with what a real LV2 host produced through the
 * bridge. Commands:
 * <pre>
 *   gen OUT.wav RATE CHANNELS SECONDS        a test signal (tones, noise bursts, silence)
 *   render MODEL IN.wav OUT.wav BLOCK [sym=value ...]   FeatureFilter directly, BLOCK frames per call
 *   compare A.wav B.wav TOLERANCE            exit 1 if any sample differs by more than TOLERANCE
 *   write-model SOURCE OUT.auralise          a model file (e.g. from a tiny: source) for path tests
 *   has-model SOURCE                         exit 0 if the model loads (e.g. is "default" embedded yet?)
 * </pre>
 * Control symbols are the plugin's port symbols; values are parsed as the float a host would write
 * into the port, so both paths see identical numbers.
 */
public final class OfflineRender {
    private OfflineRender() {
    }

    public static void main(String[] a) throws Exception {
        switch (a.length == 0 ? "" : a[0]) {
            case "gen" -> gen(Path.of(a[1]), Integer.parseInt(a[2]), Integer.parseInt(a[3]), Double.parseDouble(a[4]));
            case "render" -> render(a);
            case "compare" -> System.exit(compare(Path.of(a[1]), Path.of(a[2]), Double.parseDouble(a[3])));
            case "write-model" -> com.auralise.model.ModelWriter.write(ModelSource.load(a[1]), Path.of(a[2]));
            case "has-model" -> {
                try {
                    ModelSource.load(a[1]);
                } catch (Exception e) {
                    System.exit(1);
                }
            }
            default -> {
                System.err.println("usage: gen|render|compare (see class comment)");
                System.exit(2);
            }
        }
    }

    static void gen(Path out, int rate, int channels, double seconds) throws Exception {
        int n = (int) Math.round(rate * seconds);
        float[][] d = new float[channels][n];
        Random r = new Random(42);
        for (int i = 0; i < n; i++) {
            double t = i / (double) rate;
            double burst = ((i / (rate / 4)) % 3 == 0) ? r.nextGaussian() * 0.2 : 0; // noise bursts
            double silence = (t > seconds * 0.8) ? 0 : 1; // a silent tail checks the decay
            for (int c = 0; c < channels; c++) {
                double tone = 0.3 * Math.sin(2 * Math.PI * (220 * (c + 1)) * t) + 0.1 * Math.sin(2 * Math.PI * 3100 * t);
                d[c][i] = (float) (silence * (tone + burst));
            }
        }
        new WavFile(rate, d).write(out);
    }

    static void render(String[] a) throws Exception {
        Model model = ModelSource.load(a[1]);
        WavFile in = WavFile.read(Path.of(a[2]));
        int block = Integer.parseInt(a[4]);
        float[] p = Lv2Bridge.defaults(model.layers());
        for (int k = 5; k < a.length; k++) {
            String[] kv = a[k].split("=", 2);
            Control c = Control.bySymbol(kv[0]);
            if (c == null || c.output()) {
                throw new IllegalArgumentException("unknown control " + kv[0]);
            }
            p[c.index()] = Float.parseFloat(kv[1]);
        }
        FilterSettings s = new FilterSettings();
        int[][] cat = Lv2Bridge.catalogue(model);
        Lv2Bridge.map(FloatBuffer.wrap(p), cat[0], cat[1], s);

        int ch = in.data.length;
        int frames = in.data[0].length;
        FeatureFilter filter = new FeatureFilter(model);
        filter.prepare(in.sampleRate, 1024, ch);
        filter.apply(s);
        filter.reset();
        float[][] out = new float[ch][frames];
        float[][] bi = new float[ch][block];
        float[][] bo = new float[ch][block];
        for (int pos = 0; pos < frames; pos += block) {
            int n = Math.min(block, frames - pos);
            for (int c = 0; c < ch; c++) {
                System.arraycopy(in.data[c], pos, bi[c], 0, n);
            }
            filter.process(bi, bo, n);
            for (int c = 0; c < ch; c++) {
                System.arraycopy(bo[c], 0, out[c], pos, n);
            }
        }
        new WavFile(in.sampleRate, out).write(Path.of(a[3]));
        System.out.println("latency " + filter.latencySamples());
    }

    static int compare(Path pa, Path pb, double tol) throws Exception {
        WavFile x = WavFile.read(pa);
        WavFile y = WavFile.read(pb);
        if (x.data.length != y.data.length || x.data[0].length != y.data[0].length) {
            System.out.println("shape differs: " + x.data.length + "x" + x.data[0].length + " vs "
                    + y.data.length + "x" + y.data[0].length);
            return 1;
        }
        double max = 0;
        double energy = 0;
        for (int c = 0; c < x.data.length; c++) {
            for (int i = 0; i < x.data[c].length; i++) {
                max = Math.max(max, Math.abs(x.data[c][i] - y.data[c][i]));
                energy += x.data[c][i] * (double) x.data[c][i];
            }
        }
        System.out.printf("max abs diff %.3g over %d frames x %d channels (rms %.3g)%n", max, x.data[0].length,
                x.data.length, Math.sqrt(energy / x.data.length / x.data[0].length));
        // A silent render would trivially "match" a silent plugin: require signal.
        return max <= tol && energy > 0 ? 0 : 1;
    }
}
