package com.auralise.view;

import com.auralise.model.ModelSpec;

/**
 * Centre frequency of every network input row, from the model's front-end description. Mirrors
 * the core's filterbank layout (band b is centred on edge b + 1 of bins + 2 edges spaced on the mel
 * or log scale between fMin and fMax; linear rows are STFT bins), so the view can label its
 * frequency axis in Hz and place a frequency on a row without touching the audio path.
 */
public final class FrequencyAxis {
    private final double[] centres;

    public FrequencyAxis(ModelSpec.Frontend fe, int sampleRate) {
        switch (fe.type) {
            case "linear" -> {
                centres = new double[fe.nFft / 2 + 1];
                for (int k = 0; k < centres.length; k++) {
                    centres[k] = k * (double) sampleRate / fe.nFft;
                }
            }
            case "mel", "logfreq" -> {
                boolean mel = fe.type.equals("mel");
                double fMax = fe.fMax > 0 ? fe.fMax : sampleRate / 2.0;
                double fMin = fe.fMin > 0 ? fe.fMin : (mel ? 0.0 : 30.0);
                centres = new double[fe.bins];
                for (int b = 0; b < fe.bins; b++) {
                    double x = (b + 1) / (double) (fe.bins + 1);
                    centres[b] = mel
                            ? melToHz(hzToMel(fMin) + x * (hzToMel(fMax) - hzToMel(fMin)))
                            : fMin * Math.pow(fMax / fMin, x);
                }
            }
            default -> throw new IllegalArgumentException("unknown front-end '" + fe.type + "'");
        }
    }

    public static FrequencyAxis of(ModelSpec spec) {
        return new FrequencyAxis(spec.frontend, spec.sampleRate);
    }

    public int rows() {
        return centres.length;
    }

    /** Centre frequency of row r in Hz. */
    public double hz(int row) {
        return centres[row];
    }

    public double minHz() {
        return centres[0];
    }

    public double maxHz() {
        return centres[centres.length - 1];
    }

    /**
     * Fractional row of a frequency: linear interpolation between neighbouring centres (exact on
     * the centres), NaN outside [first centre, last centre].
     */
    public double row(double hz) {
        if (!(hz >= centres[0] && hz <= centres[centres.length - 1])) {
            return Double.NaN;
        }
        int lo = 0;
        int hi = centres.length - 1;
        while (hi - lo > 1) {
            int m = (lo + hi) >>> 1;
            if (centres[m] <= hz) {
                lo = m;
            } else {
                hi = m;
            }
        }
        double span = centres[hi] - centres[lo];
        return span > 0 ? lo + (hz - centres[lo]) / span : lo;
    }

    /** "440", "1.5k", "12k": short tick labels. */
    public static String label(double hz) {
        if (hz < 1000) {
            return Long.toString(Math.round(hz));
        }
        double k = hz / 1000.0;
        return (Math.abs(k - Math.rint(k)) < 1e-9 ? Long.toString(Math.round(k)) : String.format(java.util.Locale.ROOT, "%.1f", k)) + "k";
    }

    /** Tick frequencies for the axis: 1-2-5 steps that fall within the rows' range. */
    public double[] ticks() {
        double[] base = {1, 2, 5};
        java.util.List<Double> t = new java.util.ArrayList<>();
        for (double dec = 10; dec <= 100000; dec *= 10) {
            for (double b : base) {
                double f = b * dec;
                if (f >= minHz() && f <= maxHz()) {
                    t.add(f);
                }
            }
        }
        return t.stream().mapToDouble(Double::doubleValue).toArray();
    }

    static double hzToMel(double hz) {
        return 2595.0 * Math.log10(1.0 + hz / 700.0);
    }

    static double melToHz(double mel) {
        return 700.0 * (Math.pow(10.0, mel / 2595.0) - 1.0);
    }
}
