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

    /**
     * Forward convolution of one output column: out[o][f] = b[o] + sum over i, kernel taps df, dt of
     * W[o][i][df][dt] * taps[dt][i][f + df - padF]. taps[dt] == null stands for a zero column
     * (padding before the stream or the clip).
     */
    public static void convForward(ConvWeights w, int nF, float[][] taps, float[] out) {
        int padF = (w.kF - 1) / 2;
        float[] k = w.kernel;
        for (int o = 0; o < w.out; o++) {
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
     */
    public static void convAdjoint(ConvWeights w, int nF, float[] h, int dt, int oFrom, int oTo, float[] g) {
        int padF = (w.kF - 1) / 2;
        float[] k = w.kernel;
        for (int o = oFrom; o < oTo; o++) {
            int ob = o * nF;
            for (int i = 0; i < w.in; i++) {
                int ib = i * nF;
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
