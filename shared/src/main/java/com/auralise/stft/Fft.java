package com.auralise.stft;

import org.jtransforms.fft.DoubleFFT_1D;
import pl.edu.icm.jlargearrays.ConcurrencyUtils;

/**
 * Real FFT of one frame on JTransforms, in its packed layout: a[0] = Re(0), a[1] = Re(N/2),
 * a[2k] = Re(k), a[2k+1] = Im(k) for 0 < k < N/2. Always single-threaded, so it allocates nothing
 * and never waits on another thread (FftTest).
 */
public final class Fft {
    static {
        // JTransforms splits sizes from 8192 up (the host FFT at 176.4/192 kHz) over its thread pool:
        // Futures allocated and awaited inside the audio callback, found by plugin/native/stresshost.
        // One FFT per frame gains nothing from threads; the JVM-wide setting also suits the renderer.
        ConcurrencyUtils.setNumberOfThreads(1);
    }

    private final int n;
    private final DoubleFFT_1D fft;

    public Fft(int n) {
        if (n < 4 || Integer.bitCount(n) != 1) {
            throw new IllegalArgumentException("FFT size must be a power of two >= 4, got " + n);
        }
        this.n = n;
        this.fft = new DoubleFFT_1D(n);
    }

    public int size() {
        return n;
    }

    public void forward(double[] a) {
        fft.realForward(a);
    }

    /** Inverse including the 1/N scale. */
    public void inverse(double[] a) {
        fft.realInverse(a, true);
    }

    public static double re(double[] a, int k, int n) {
        return k == 0 ? a[0] : k == n / 2 ? a[1] : a[2 * k];
    }

    public static double im(double[] a, int k, int n) {
        return k == 0 || k == n / 2 ? 0.0 : a[2 * k + 1];
    }

    public static double magnitude(double[] a, int k, int n) {
        if (k == 0) {
            return Math.abs(a[0]);
        }
        if (k == n / 2) {
            return Math.abs(a[1]);
        }
        double re = a[2 * k];
        double im = a[2 * k + 1];
        return Math.sqrt(re * re + im * im);
    }

    /** Multiplies bin k (both parts) by g. */
    /** Multiplies every bin k of a packed spectrum by g[k] (g has n / 2 + 1 entries). */
    public static void scaleAll(double[] a, float[] g, int n) {
        a[0] *= g[0];
        a[1] *= g[n / 2];
        for (int k = 1; k < n / 2; k++) {
            a[2 * k] *= g[k];
            a[2 * k + 1] *= g[k];
        }
    }

    public static void scale(double[] a, int k, int n, double g) {
        if (k == 0) {
            a[0] *= g;
        } else if (k == n / 2) {
            a[1] *= g;
        } else {
            a[2 * k] *= g;
            a[2 * k + 1] *= g;
        }
    }
}
