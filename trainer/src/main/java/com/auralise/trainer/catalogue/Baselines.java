package com.auralise.trainer.catalogue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * What a producer could use instead of a feature filter: a zero-phase Butterworth band-pass
 * (low-pass when lo = 0, high-pass when hi = 0) with cutoffs tuned on training clips, the HPSS
 * components, and Debian aubio-tools' aubioonset for onsets.
 */
public final class Baselines {
    private Baselines() {
    }

    /** Cutoff grid the tuning searches (0 = that side open). */
    public static final double[] LO = {0, 40, 80, 150, 300, 600, 1200, 2500, 5000};
    public static final double[] HI = {0, 80, 120, 200, 300, 600, 1200, 2500, 5000, 9000};

    /** 4th-order Butterworth band-pass, run forwards and backwards (zero phase, 8th-order magnitude). */
    public static float[] bandPass(float[] x, double lo, double hi, int sampleRate) {
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = x[i];
        }
        double nyq = sampleRate / 2.0;
        List<double[]> sections = new ArrayList<>();
        // Two biquads with Q of a 4th-order Butterworth.
        double[] qs = {0.5411961, 1.3065630};
        for (double q : qs) {
            if (lo > 0 && lo < nyq) {
                sections.add(biquad(lo, q, sampleRate, true));
            }
            if (hi > 0 && hi < nyq) {
                sections.add(biquad(hi, q, sampleRate, false));
            }
        }
        for (double[] s : sections) {
            filter(s, y);
            reverse(y);
            filter(s, y);
            reverse(y);
        }
        float[] out = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = (float) y[i];
        }
        return out;
    }

    /** RBJ cookbook biquad {b0, b1, b2, a1, a2} (a0 normalised). */
    static double[] biquad(double f, double q, int sr, boolean highPass) {
        double w = 2 * Math.PI * f / sr;
        double cos = Math.cos(w);
        double alpha = Math.sin(w) / (2 * q);
        double a0 = 1 + alpha;
        double b0, b1, b2;
        if (highPass) {
            b0 = (1 + cos) / 2;
            b1 = -(1 + cos);
            b2 = (1 + cos) / 2;
        } else {
            b0 = (1 - cos) / 2;
            b1 = 1 - cos;
            b2 = (1 - cos) / 2;
        }
        return new double[] {b0 / a0, b1 / a0, b2 / a0, -2 * cos / a0, (1 - alpha) / a0};
    }

    static void filter(double[] c, double[] y) {
        double x1 = 0, x2 = 0, y1 = 0, y2 = 0;
        for (int i = 0; i < y.length; i++) {
            double x0 = y[i];
            double v = c[0] * x0 + c[1] * x1 + c[2] * x2 - c[3] * y1 - c[4] * y2;
            x2 = x1;
            x1 = x0;
            y2 = y1;
            y1 = v;
            y[i] = v;
        }
    }

    static void reverse(double[] y) {
        for (int i = 0, j = y.length - 1; i < j; i++, j--) {
            double t = y[i];
            y[i] = y[j];
            y[j] = t;
        }
    }

    /** Onset times (s) that aubioonset finds in a mono file; null when aubio-tools is not installed. */
    public static double[] aubioOnsets(Path wav) throws IOException, InterruptedException {
        return aubioOnsets(wav, new String[0]);
    }

    /** The same with extra aubioonset options (e.g. "-t", "0.5" for its threshold). */
    public static double[] aubioOnsets(Path wav, String... extra) throws IOException, InterruptedException {
        Path tool = Path.of("/usr/bin/aubioonset");
        if (!Files.isExecutable(tool)) {
            return null;
        }
        List<String> cmd = new ArrayList<>(List.of(tool.toString(), "-i", wav.toString()));
        cmd.addAll(List.of(extra));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(false).start();
        String out = new String(p.getInputStream().readAllBytes());
        p.getErrorStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("aubioonset failed on " + wav);
        }
        List<Double> t = new ArrayList<>();
        for (String line : out.split("\\R")) {
            line = line.trim();
            if (!line.isEmpty()) {
                t.add(Double.parseDouble(line));
            }
        }
        return t.stream().mapToDouble(Double::doubleValue).toArray();
    }
}
