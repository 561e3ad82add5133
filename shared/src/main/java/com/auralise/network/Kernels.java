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

    /**
     * Scratch for the kernels: BLOCK accumulator rows, the forward pass's shifted input rows (im2col,
     * one array per row) and per-row flags of rows that are not all zero.
     *
     * <p>Why one array per row: HotSpot 17 vectorises a loop only when it can prove loads and stores
     * do not overlap across iterations; with every access at the same index f in distinct arrays it
     * can, with an offset (in[f + shift]) into a possibly-aliased array it cannot, and the loop stays
     * scalar (measured: about 5x slower).
     */
    public static final class Scratch {
        final float[][] acc;
        final float[][] rows;
        final boolean[] live;

        /** maxRows: longest column (frequency rows); shifted: channels x kF x kT of the largest kernel. */
        public Scratch(int maxRows, int shifted) {
            acc = new float[BLOCK][maxRows];
            rows = new float[shifted][maxRows];
            live = new boolean[shifted];
        }

        /** Enough for the forward pass of every block of a model (the adjoint needs only acc). */
        public static Scratch forModel(com.auralise.model.Model m, int maxRows) {
            int shifted = 1;
            for (int b = 0; b < m.layers(); b++) {
                ConvWeights w = m.conv(b);
                shifted = Math.max(shifted, w.in * w.kF * w.kT);
            }
            return new Scratch(maxRows, shifted);
        }
    }

    /**
     * Fills scratch row (c, d) for every channel c and shift d in [0, kF): row[f] = col[c][f + d - padF]
     * (zero outside), flagging all-zero rows. After ReLU and unpooling many rows are all zero, and
     * skipping them saves a large share of the multiply-adds.
     */
    private static void shiftRows(float[] col, int channels, int nF, int kF, int slot, int slots, Scratch s) {
        int padF = (kF - 1) / 2;
        for (int c = 0; c < channels; c++) {
            int base = c * nF;
            boolean any = false;
            for (int f = 0; f < nF; f++) {
                any |= col[base + f] != 0f;
            }
            for (int d = 0; d < kF; d++) {
                int r = (c * slots + slot) * kF + d;
                s.live[r] = any;
                if (!any) {
                    continue;
                }
                float[] row = s.rows[r];
                int shift = d - padF;
                int f0 = Math.max(0, -shift);
                int f1 = Math.min(nF, nF - shift);
                java.util.Arrays.fill(row, 0, f0, 0f);
                System.arraycopy(col, base + f0 + shift, row, f0, f1 - f0);
                java.util.Arrays.fill(row, f1, nF, 0f);
            }
        }
    }

    /**
     * Forward convolution of one output column: out[o][f] = b[o] + sum over i, kernel taps df, dt of
     * W[o][i][df][dt] * taps[dt][i][f + df - padF]. taps[dt] == null stands for a zero column
     * (padding before the stream or the clip). Four output channels are accumulated per pass.
     */
    public static void convForward(ConvWeights w, int nF, float[][] taps, float[] out, Scratch s) {
        convForward(w, nF, taps, out, 0, w.out, s);
    }

    /** As above for output channels [oFrom, oTo) only; the others in out are left as they were. */
    public static void convForward(ConvWeights w, int nF, float[][] taps, float[] out, int oFrom, int oTo, Scratch s) {
        int kF = w.kF;
        int kT = w.kT;
        for (int dt = 0; dt < kT; dt++) {
            if (taps[dt] != null) {
                shiftRows(taps[dt], w.in, nF, kF, dt, kT, s);
            } else {
                for (int i = 0; i < w.in; i++) {
                    for (int d = 0; d < kF; d++) {
                        s.live[(i * kT + dt) * kF + d] = false;
                    }
                }
            }
        }
        float[] k = w.kernel;
        float[] a0 = s.acc[0];
        float[] a1 = s.acc[1];
        float[] a2 = s.acc[2];
        float[] a3 = s.acc[3];
        int perOut = w.in * kF * kT;
        int o = oFrom;
        for (; o + BLOCK <= oTo; o += BLOCK) {
            java.util.Arrays.fill(a0, 0, nF, w.bias[o]);
            java.util.Arrays.fill(a1, 0, nF, w.bias[o + 1]);
            java.util.Arrays.fill(a2, 0, nF, w.bias[o + 2]);
            java.util.Arrays.fill(a3, 0, nF, w.bias[o + 3]);
            for (int i = 0; i < w.in; i++) {
                for (int dt = 0; dt < kT; dt++) {
                    for (int df = 0; df < kF; df++) {
                        int r = (i * kT + dt) * kF + df;
                        if (!s.live[r]) {
                            continue;
                        }
                        float[] x = s.rows[r];
                        int wi = ((o * w.in + i) * kF + df) * kT + dt;
                        float w0 = k[wi];
                        float w1 = k[wi + perOut];
                        float w2 = k[wi + 2 * perOut];
                        float w3 = k[wi + 3 * perOut];
                        fma4(x, nF, w0, w1, w2, w3, a0, a1, a2, a3);
                    }
                }
            }
            System.arraycopy(a0, 0, out, o * nF, nF);
            System.arraycopy(a1, 0, out, (o + 1) * nF, nF);
            System.arraycopy(a2, 0, out, (o + 2) * nF, nF);
            System.arraycopy(a3, 0, out, (o + 3) * nF, nF);
        }
        for (; o < oTo; o++) {
            java.util.Arrays.fill(a0, 0, nF, w.bias[o]);
            for (int i = 0; i < w.in; i++) {
                for (int dt = 0; dt < kT; dt++) {
                    for (int df = 0; df < kF; df++) {
                        int r = (i * kT + dt) * kF + df;
                        if (!s.live[r]) {
                            continue;
                        }
                        float[] x = s.rows[r];
                        float w0 = k[((o * w.in + i) * kF + df) * kT + dt];
                        for (int f = 0; f < nF; f++) {
                            a0[f] += w0 * x[f];
                        }
                    }
                }
            }
            System.arraycopy(a0, 0, out, o * nF, nF);
        }
    }

    /**
     * Adjoint (transposed) convolution, one time tap: g[i][f'] += sum over o in [oFrom, oTo), df of
     * W[o][i][df][dt] * h[o][f' - df + padF]. The caller sums the taps dt whose h columns line up.
     * h holds one row per channel; rows whose live flag is false are all zero and skipped.
     *
     * <p>Each (i, df) pair is first summed over o without a shift, t[i][df][f] = sum_o W * h[o][f],
     * four pairs per pass over an h row (same index f in distinct arrays, so HotSpot vectorises), and
     * then added to g shifted by df - padF. Shifting the in * kF sums instead of the out * kF input rows
     * is cheaper because these networks widen with depth (out >= in; block 1 is 16 to 1).
     */
    public static void convAdjoint(ConvWeights w, int nF, float[][] h, boolean[] live, int dt, int oFrom, int oTo,
                                   float[] g, Scratch s) {
        int kF = w.kF;
        int kT = w.kT;
        int padF = (kF - 1) / 2;
        int pairs = w.in * kF;
        float[] k = w.kernel;
        float[] a0 = s.acc[0];
        float[] a1 = s.acc[1];
        float[] a2 = s.acc[2];
        float[] a3 = s.acc[3];
        for (int j = 0; j < pairs; j += BLOCK) {
            java.util.Arrays.fill(a0, 0, nF, 0f);
            java.util.Arrays.fill(a1, 0, nF, 0f);
            java.util.Arrays.fill(a2, 0, nF, 0f);
            java.util.Arrays.fill(a3, 0, nF, 0f);
            // Pairs past the last get weight 0: one pass per row serves a partial block too (block 1 has 3 pairs).
            int n = Math.min(BLOCK, pairs - j);
            for (int o = oFrom; o < oTo; o++) {
                if (!live[o]) {
                    continue;
                }
                float[] x = h[o];
                int base = o * pairs; // W[o][i][df][dt] = k[((o * in + i) * kF + df) * kT + dt] = k[(base + j) * kT + dt]
                float w0 = k[(base + j) * kT + dt];
                float w1 = n > 1 ? k[(base + j + 1) * kT + dt] : 0f;
                float w2 = n > 2 ? k[(base + j + 2) * kT + dt] : 0f;
                float w3 = n > 3 ? k[(base + j + 3) * kT + dt] : 0f;
                fma4(x, nF, w0, w1, w2, w3, a0, a1, a2, a3);
            }
            for (int b = 0; b < n; b++) {
                int i = (j + b) / kF;
                int shift = (j + b) % kF - padF;
                addShifted(s.acc[b], g, i * nF, nF, shift);
            }
        }
    }

    /**
     * The kernels' inner loop: a_k[f] += w_k * x[f] for four rows k. One load of x feeds four
     * accumulators, and every access is at index f of a distinct array, so HotSpot vectorises it.
     */
    private static void fma4(float[] x, int nF, float w0, float w1, float w2, float w3,
                             float[] a0, float[] a1, float[] a2, float[] a3) {
        for (int f = 0; f < nF; f++) {
            float v = x[f];
            a0[f] += w0 * v;
            a1[f] += w1 * v;
            a2[f] += w2 * v;
            a3[f] += w3 * v;
        }
    }

    /** g[off + f'] += t[f' - shift] for every f' whose source lies in [0, nF). */
    private static void addShifted(float[] t, float[] g, int off, int nF, int shift) {
        int f0 = Math.max(0, shift);
        int f1 = Math.min(nF, nF + shift);
        for (int f = f0; f < f1; f++) {
            g[off + f] += t[f - shift];
        }
    }

    public static void relu(float[] x, int from, int to) {
        for (int i = from; i < to; i++) {
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
        maxPool(cols, 0, channels, nF, pF, out, switches);
    }

    /** As above for channels [cFrom, cTo) only. */
    public static void maxPool(float[][] cols, int cFrom, int cTo, int nF, int pF, float[] out, byte[] switches) {
        int nFo = nF / pF;
        int pT = cols.length;
        for (int c = cFrom; c < cTo; c++) {
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
     * Unpooling of one pooled column g into the pT time columns below: each value goes to its switch
     * position (h[dt][c][f], dt and f from the switch), zeros elsewhere (including frequency rows left
     * over by a floor division). Only channels [cFrom, cTo) are written; with relu, negative values are
     * written as zero (ReLU after unpooling is the same as before it, as unpooling only places values).
     * live[dt][c] flags the rows holding a non-zero value; a row that is not live is all zero, so only
     * rows that were live are cleared first.
     */
    public static void unpool(float[] g, byte[] switches, int nF, int pF, int cFrom, int cTo, boolean relu,
                              float[][][] h, boolean[][] live) {
        int nFo = nF / pF;
        for (int dt = 0; dt < h.length; dt++) {
            boolean[] l = live[dt];
            for (int c = 0; c < l.length; c++) {
                if (l[c]) {
                    java.util.Arrays.fill(h[dt][c], 0, nF, 0f);
                    l[c] = false;
                }
            }
        }
        for (int c = cFrom; c < cTo; c++) {
            int base = c * nFo;
            for (int fo = 0; fo < nFo; fo++) {
                float v = g[base + fo];
                if (relu && !(v > 0f)) {
                    continue;
                }
                if (v != 0f) {
                    int sw = switches[base + fo];
                    int dt = sw / pF;
                    h[dt][c][fo * pF + sw % pF] = v;
                    live[dt][c] = true;
                }
            }
        }
    }
}
