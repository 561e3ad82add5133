package com.auralise.network;

import com.auralise.model.ConvWeights;

/**
 * Column kernels of the streaming network: one time column (channels x frequency, flattened as
 * ch * F + f) at a time. Hand-written rather than ND4J because the audio thread must not allocate
 * and a column is far too small for a BLAS call to pay off (measured in docs/BENCHMARKS.md).
 * The innermost loops run over contiguous frequency so HotSpot vectorises them.
 */
public final class Kernels {
    private Kernels() {
    }

    /** Rows computed together: one load of an input row feeds this many accumulators. */
    public static final int BLOCK = 4;

    /** Scratch for the kernels: BLOCK accumulator rows, and per-tap flags of rows that are not all zero. */
    public static final class Scratch {
        final float[][] acc;
        final boolean[][] live;

        public Scratch(int maxRows, int maxChannels, int maxTaps) {
            acc = new float[BLOCK][maxRows];
            live = new boolean[maxTaps][maxChannels];
        }
    }

    /**
     * Marks which channel rows of a column hold anything but zeros. After ReLU and unpooling many
     * rows are entirely zero, and skipping them saves a large share of the multiply-adds.
     */
    static void liveRows(float[] col, int channels, int nF, boolean[] live) {
        for (int c = 0; c < channels; c++) {
            boolean any = false;
            int base = c * nF;
            for (int f = 0; f < nF; f++) {
                any |= col[base + f] != 0f;
            }
            live[c] = any;
        }
    }

    /**
     * Forward convolution of one output column: out[o][f] = b[o] + sum over i, kernel taps df, dt of
     * W[o][i][df][dt] * taps[dt][i][f + df - padF]. taps[dt] == null stands for a zero column
     * (padding before the stream or the clip). Four output channels are accumulated at once in
     * separate scratch rows (separate arrays, so HotSpot can prove they do not alias and vectorise).
     */
    public static void convForward(ConvWeights w, int nF, float[][] taps, float[] out, Scratch scratch) {
        int padF = (w.kF - 1) / 2;
        float[] k = w.kernel;
        float[][] acc = scratch.acc;
        boolean[][] live = scratch.live;
        for (int dt = 0; dt < w.kT; dt++) {
            if (taps[dt] != null) {
                liveRows(taps[dt], w.in, nF, live[dt]);
            }
        }
        int o = 0;
        float[] a0 = acc[0];
        float[] a1 = acc[1];
        float[] a2 = acc[2];
        float[] a3 = acc[3];
        int stride = w.in * w.kF * w.kT;
        for (; o + BLOCK <= w.out; o += BLOCK) {
            java.util.Arrays.fill(a0, 0, nF, w.bias[o]);
            java.util.Arrays.fill(a1, 0, nF, w.bias[o + 1]);
            java.util.Arrays.fill(a2, 0, nF, w.bias[o + 2]);
            java.util.Arrays.fill(a3, 0, nF, w.bias[o + 3]);
            for (int i = 0; i < w.in; i++) {
                int ib = i * nF;
                for (int dt = 0; dt < w.kT; dt++) {
                    float[] in = taps[dt];
                    if (in == null || !live[dt][i]) {
                        continue;
                    }
                    for (int df = 0; df < w.kF; df++) {
                        int wi = ((o * w.in + i) * w.kF + df) * w.kT + dt;
                        float w0 = k[wi];
                        float w1 = k[wi + stride];
                        float w2 = k[wi + 2 * stride];
                        float w3 = k[wi + 3 * stride];
                        int shift = df - padF;
                        int f0 = Math.max(0, -shift);
                        int f1 = Math.min(nF, nF - shift);
                        int src = ib + shift;
                        for (int f = f0; f < f1; f++) {
                            float x = in[src + f];
                            a0[f] += w0 * x;
                            a1[f] += w1 * x;
                            a2[f] += w2 * x;
                            a3[f] += w3 * x;
                        }
                    }
                }
            }
            System.arraycopy(a0, 0, out, o * nF, nF);
            System.arraycopy(a1, 0, out, (o + 1) * nF, nF);
            System.arraycopy(a2, 0, out, (o + 2) * nF, nF);
            System.arraycopy(a3, 0, out, (o + 3) * nF, nF);
        }
        for (; o < w.out; o++) {
            int ob = o * nF;
            java.util.Arrays.fill(out, ob, ob + nF, w.bias[o]);
            for (int i = 0; i < w.in; i++) {
                int ib = i * nF;
                for (int dt = 0; dt < w.kT; dt++) {
                    float[] in = taps[dt];
                    if (in == null) {
                        continue;
                    }
                    for (int df = 0; df < w.kF; df++) {
                        float wv = k[((o * w.in + i) * w.kF + df) * w.kT + dt];
                        int shift = df - padF;
                        int f0 = Math.max(0, -shift);
                        int f1 = Math.min(nF, nF - shift);
                        int src = ib + shift;
                        for (int f = f0; f < f1; f++) {
                            out[ob + f] += wv * in[src + f];
                        }
                    }
                }
            }
        }
    }

    /**
     * Adjoint (transposed) convolution, one time tap: g[i][f'] += sum over o in [oFrom, oTo), df of
     * W[o][i][df][dt] * h[o][f' - df + padF]. The caller sums the taps dt whose h columns line up.
     * Four input channels are accumulated at once, as in {@link #convForward}.
     */
    public static void convAdjoint(ConvWeights w, int nF, float[] h, int dt, int oFrom, int oTo, float[] g,
                                   Scratch scratch) {
        float[][] acc = scratch.acc;
        boolean[] live = scratch.live[0];
        liveRows(h, oTo, nF, live);
        int padF = (w.kF - 1) / 2;
        float[] k = w.kernel;
        int perIn = w.kF * w.kT;
        float[] a0 = acc[0];
        float[] a1 = acc[1];
        float[] a2 = acc[2];
        float[] a3 = acc[3];
        int i = 0;
        for (; i + BLOCK <= w.in; i += BLOCK) {
            System.arraycopy(g, i * nF, a0, 0, nF);
            System.arraycopy(g, (i + 1) * nF, a1, 0, nF);
            System.arraycopy(g, (i + 2) * nF, a2, 0, nF);
            System.arraycopy(g, (i + 3) * nF, a3, 0, nF);
            for (int o = oFrom; o < oTo; o++) {
                if (!live[o]) {
                    continue;
                }
                int ob = o * nF;
                for (int df = 0; df < w.kF; df++) {
                    int wi = ((o * w.in + i) * w.kF + df) * w.kT + dt;
                    float w0 = k[wi];
                    float w1 = k[wi + perIn];
                    float w2 = k[wi + 2 * perIn];
                    float w3 = k[wi + 3 * perIn];
                    int shift = padF - df;
                    int f0 = Math.max(0, -shift);
                    int f1 = Math.min(nF, nF - shift);
                    int src = ob + shift;
                    for (int f = f0; f < f1; f++) {
                        float x = h[src + f];
                        a0[f] += w0 * x;
                        a1[f] += w1 * x;
                        a2[f] += w2 * x;
                        a3[f] += w3 * x;
                    }
                }
            }
            System.arraycopy(a0, 0, g, i * nF, nF);
            System.arraycopy(a1, 0, g, (i + 1) * nF, nF);
            System.arraycopy(a2, 0, g, (i + 2) * nF, nF);
            System.arraycopy(a3, 0, g, (i + 3) * nF, nF);
        }
        for (; i < w.in; i++) {
            int ib = i * nF;
            for (int o = oFrom; o < oTo; o++) {
                int ob = o * nF;
                for (int df = 0; df < w.kF; df++) {
                    float wv = k[((o * w.in + i) * w.kF + df) * w.kT + dt];
                    int shift = padF - df;
                    int f0 = Math.max(0, -shift);
                    int f1 = Math.min(nF, nF - shift);
                    int src = ob + shift;
                    for (int f = f0; f < f1; f++) {
                        g[ib + f] += wv * h[src + f];
                    }
                }
            }
        }
    }

    public static void relu(float[] x, int n) {
        for (int i = 0; i < n; i++) {
            if (!(x[i] > 0f)) {
                x[i] = 0f;
            }
        }
    }

    /**
     * Max-pool of pT time columns into one: out[c][fo] = max over (dt, df) of cols[dt][c][fo*pF + df],
     * scanning dt outer, df inner and keeping the first maximum (the offline reference uses the same
     * order, so ties resolve identically). The winner's index dt * pF + df goes into switches.
     */
    public static void maxPool(float[][] cols, int channels, int nF, int pF, float[] out, byte[] switches) {
        int nFo = nF / pF;
        int pT = cols.length;
        for (int c = 0; c < channels; c++) {
            for (int fo = 0; fo < nFo; fo++) {
                float best = Float.NEGATIVE_INFINITY;
                int arg = 0;
                for (int dt = 0; dt < pT; dt++) {
                    int base = c * nF + fo * pF;
                    float[] col = cols[dt];
                    for (int df = 0; df < pF; df++) {
                        float v = col[base + df];
                        if (v > best) {
                            best = v;
                            arg = dt * pF + df;
                        }
                    }
                }
                out[c * nFo + fo] = best;
                switches[c * nFo + fo] = (byte) arg;
            }
        }
    }

    /**
     * Unpooling of one pooled column into time column dt of the block below: the value goes to the
     * switch position, zeros elsewhere (including frequency rows left over by a floor division).
     * Only channels [cFrom, cTo) are written non-zero.
     */
    public static void unpool(float[] g, byte[] switches, int channels, int nF, int pF, int dt,
                              int cFrom, int cTo, float[] h) {
        int nFo = nF / pF;
        java.util.Arrays.fill(h, 0, channels * nF, 0f);
        for (int c = cFrom; c < cTo; c++) {
            for (int fo = 0; fo < nFo; fo++) {
                int s = switches[c * nFo + fo];
                if (s / pF == dt) {
                    h[c * nF + fo * pF + s % pF] = g[c * nFo + fo];
                }
            }
        }
    }
}
