package com.auralise.renderer;

import com.auralise.audio.AudioInput;
import com.auralise.audio.WavWriter;
import com.auralise.model.Model;
import com.auralise.model.ModelSpec;
import com.auralise.model.ModelWriter;
import com.auralise.model.TestModels;
import com.auralise.renderer.audio.Formats;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.stream.Stream;

/** Real files and a real (tiny) model for the CLI tests. */
final class Fixtures {
    private Fixtures() {
    }

    /** A tiny 3-layer model with a three-entry catalogue (one name twice, to test "best per name"). */
    static Model model() {
        Model m = TestModels.tiny(7, 3, 4, "same");
        m.spec().catalogue.add(entry("kick selector", 2, 1, 0.8));
        m.spec().catalogue.add(entry("kick selector", 2, 3, 0.5));
        m.spec().catalogue.add(entry("onset detector", 1, 2, 0.9));
        m.spec().catalogue.add(entry("bass selector", 3, 0, 0.6));
        return m;
    }

    static ModelSpec.CatalogueEntry entry(String name, int layer, int feature, double conf) {
        ModelSpec.CatalogueEntry e = new ModelSpec.CatalogueEntry();
        e.name = name;
        e.layer = layer;
        e.feature = feature;
        e.confidence = conf;
        e.maskScale = 0;
        e.scores.put("sisdr_db", 3.5);
        return e;
    }

    static Path modelZip(Path dir) throws IOException {
        Path zip = dir.resolve("model.zip");
        if (!Files.exists(zip)) {
            ModelWriter.write(model(), zip);
        }
        return zip;
    }

    /** Music-like noise: tones, clicks, noise; channel c slightly different. */
    static float[][] signal(int frames, int channels, int rate, long seed) {
        Random rnd = new Random(seed);
        float[][] a = new float[channels][frames];
        for (int i = 0; i < frames; i++) {
            double t = i / (double) rate;
            double click = (i % (rate / 4)) < 40 ? 0.5 * rnd.nextGaussian() : 0;
            double v = 0.25 * Math.sin(2 * Math.PI * 220 * t) + 0.1 * Math.sin(2 * Math.PI * 1250 * t) + click + 0.01 * rnd.nextGaussian();
            for (int c = 0; c < channels; c++) {
                a[c][i] = (float) Math.max(-0.99, Math.min(0.99, v * (1 - 0.07 * c)));
            }
        }
        return a;
    }

    /** bits 0 = float32. */
    static Path wav(Path file, float[][] a, int rate, int bits) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        try (WavWriter w = new WavWriter(file, rate, a.length, bits)) {
            w.write(a, 0, a[0].length);
            w.finish();
        }
        return file;
    }

    static Decoded read(Path file) throws IOException {
        try (AudioInput in = Formats.open(file)) {
            int ch = in.channels();
            float[][] all = new float[ch][1024];
            int n = 0;
            float[][] buf = new float[ch][4096];
            int k;
            while ((k = in.read(buf, 4096)) > 0) {
                if (n + k > all[0].length) {
                    for (int c = 0; c < ch; c++) {
                        all[c] = java.util.Arrays.copyOf(all[c], Math.max(2 * all[c].length, n + k));
                    }
                }
                for (int c = 0; c < ch; c++) {
                    System.arraycopy(buf[c], 0, all[c], n, k);
                }
                n += k;
            }
            for (int c = 0; c < ch; c++) {
                all[c] = java.util.Arrays.copyOf(all[c], n);
            }
            return new Decoded(all, in.sampleRate(), ch, n);
        }
    }

    record Decoded(float[][] data, int rate, int channels, int frames) {
    }

    record Run(int code, String out, String err) {
    }

    static Run run(String... args) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        int code;
        try (PrintStream po = new PrintStream(o, true, StandardCharsets.UTF_8); PrintStream pe = new PrintStream(e, true, StandardCharsets.UTF_8)) {
            code = Auralise.run(args, po, pe, false);
        }
        return new Run(code, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
    }

    /** Files left in a tree whose names mark them as temporaries. */
    static long temporaries(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return 0;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".part")).count();
        }
    }

    static double maxAbsDiff(float[] a, float[] b) {
        double d = 0;
        for (int i = 0; i < a.length; i++) {
            d = Math.max(d, Math.abs(a[i] - b[i]));
        }
        return d;
    }
}
