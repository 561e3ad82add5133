// The filter's steady-state render speed at one layer, as one number: for bench-ab.sh, which runs it
// against two builds' jars in turn (java -cp auralise.jar SteadyState.java LAYER SECONDS). It uses only
// API that older builds have too (RenderEngine.prepare, FeatureFilter.process, DefaultModel), and makes
// its own test signal for the same reason.
import com.auralise.filter.FeatureFilter;
import com.auralise.filter.FilterSettings;
import com.auralise.model.DefaultModel;
import com.auralise.model.Model;
import com.auralise.renderer.RenderEngine;

public class SteadyState {
    public static void main(String[] args) throws Exception {
        int layer = Integer.parseInt(args[0]);
        double seconds = Double.parseDouble(args[1]);
        int rate = 44100;
        int channels = 2;
        int block = 512;
        Model model = DefaultModel.load();
        float[][] audio = new float[channels][rate * 10];
        java.util.Random rnd = new java.util.Random(1);
        for (int i = 0; i < audio[0].length; i++) {
            double t = i / (double) rate;
            double beat = t % 0.5;
            double v = 0.2 * Math.sin(2 * Math.PI * 110 * t) + 0.1 * Math.sin(2 * Math.PI * 440 * t)
                    + 0.3 * Math.exp(-beat * 30) * Math.sin(2 * Math.PI * 60 * beat) + 0.02 * rnd.nextGaussian();
            for (int c = 0; c < channels; c++) {
                audio[c][i] = (float) (v * (1 - 0.1 * c));
            }
        }
        var threads = java.lang.management.ManagementFactory.getThreadMXBean();
        double[] x = new double[3];
        // Round 0 warms the JIT up; the median of the next three is printed (x real time, thread CPU time).
        for (int round = 0; round <= x.length; round++) {
            long c0 = threads.getCurrentThreadCpuTime();
            FilterSettings s = new FilterSettings();
            s.layer = layer;
            FeatureFilter f = RenderEngine.prepare(model, s, rate, channels);
            float[][] in = new float[channels][block];
            float[][] out = new float[channels][block];
            long frames = (long) (seconds * rate);
            for (long pos = 0; pos < frames; pos += block) {
                int off = (int) (pos % (audio[0].length - block));
                for (int c = 0; c < channels; c++) {
                    System.arraycopy(audio[c], off, in[c], 0, block);
                }
                f.process(in, out, block);
            }
            if (round > 0) {
                x[round - 1] = seconds / ((threads.getCurrentThreadCpuTime() - c0) / 1e9);
            }
        }
        java.util.Arrays.sort(x);
        System.out.printf("%.1f%n", x[1]);
    }
}
