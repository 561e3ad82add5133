package com.auralise.stft;

/** Analysis/synthesis windows. */
public final class Window {
    private Window() {
    }

    /** Periodic Hann (the DFT-even form, so shifted copies at hop N/2 or N/4 sum to a constant). */
    public static double[] hann(int n) {
        double[] w = new double[n];
        for (int i = 0; i < n; i++) {
            w[i] = 0.5 - 0.5 * Math.cos(2 * Math.PI * i / n);
        }
        return w;
    }

    /** Square-root periodic Hann: used for both analysis and synthesis, so their product is Hann. */
    public static double[] sqrtHann(int n) {
        double[] w = hann(n);
        for (int i = 0; i < n; i++) {
            w[i] = Math.sqrt(w[i]);
        }
        return w;
    }

    public static double[] named(String name, int n) {
        return switch (name) {
            case "hann" -> hann(n);
            case "sqrt-hann" -> sqrtHann(n);
            default -> throw new IllegalArgumentException("unknown window '" + name + "' (hann, sqrt-hann)");
        };
    }
}
