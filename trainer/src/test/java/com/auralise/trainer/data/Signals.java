package com.auralise.trainer.data;

import org.jtransforms.fft.DoubleFFT_1D;

/** Measurements the data tests share. */
final class Signals {
    private Signals() {
    }

    static double meanSquare(float[] x, int from, int to) {
        from = Math.max(0, from);
        to = Math.min(x.length, to);
        if (to <= from) return 0;
        double acc = 0;
        for (int i = from; i < to; i++) acc += x[i] * (double) x[i];
        return acc / (to - from);
    }

    /**
     * Largest energy rise of x near time t: over candidate times tau within +-tolMs of t (1 ms steps),
     * the mean square of the 30 ms after tau over that of the 30 ms before it. Silence after tau
     * (below -80 dBFS) counts as no rise.
     */
    static double rise(float[] x, int sr, double t, double tolMs) {
        int tol = (int) Math.round(tolMs * 1e-3 * sr), step = Math.max(1, sr / 1000);
        int post = 3 * sr / 100, pre = 3 * sr / 100;
        int c = (int) Math.round(t * sr);
        double best = 0;
        for (int tau = c - tol; tau <= c + tol; tau += step) {
            double after = meanSquare(x, tau, tau + post);
            if (after < 1e-8) continue;
            double before = meanSquare(x, tau - pre, tau);
            best = Math.max(best, after / (before + 1e-12));
        }
        return best;
    }

    /** Fraction of x's energy below hz (whole-signal power spectrum). */
    static double energyBelow(float[] x, int sr, double hz) {
        int n = x.length;
        double[] a = new double[n];
        for (int i = 0; i < n; i++) a[i] = x[i];
        new DoubleFFT_1D(n).realForward(a);
        double low = 0, all = 0;
        for (int k = 0; k <= n / 2; k++) {
            double re, im;
            if (k == 0) {
                re = a[0];
                im = 0;
            } else if (2 * k == n) {
                re = a[1];
                im = 0;
            } else if (2 * k + 1 < n) {
                re = a[2 * k];
                im = a[2 * k + 1];
            } else { // odd n: the last bin's real part sits at a[n-1], its imaginary part at a[1]
                re = a[n - 1];
                im = a[1];
            }
            double p = re * re + im * im;
            all += p;
            if (k * (double) sr / n < hz) low += p;
        }
        return all == 0 ? 0 : low / all;
    }
}
