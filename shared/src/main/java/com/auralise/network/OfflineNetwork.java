package com.auralise.network;

import com.auralise.model.ConvWeights;
import com.auralise.model.Model;

/**
 * Whole-clip forward pass on (channels, frequency, time) tensors, written directly from the
 * definitions and independently of the streaming {@link Kernels}: it is the reference the
 * streaming engine is tested against, and the tool for offline analysis (catalogue, reports).
 * Zero padding at both clip ends ("same") or only before the start ("causal"); pools truncate.
 */
public final class OfflineNetwork {
    private OfflineNetwork() {
    }

    /** Activations of every block up to the requested depth. Index 0 is block 1. */
    public static final class Activations {
        /** Input, shape (1, F0, T). */
        public float[][][] input;
        /** conv + ReLU output of block i: (C_i, F_{i-1}, T_{i-1}). */
        public float[][][][] conv;
        /** Pooled output of block i: (C_i, F_i, T_i). */
        public float[][][][] pooled;
        /** Winning position dt * pF + df of every pooled value. */
        public byte[][][][] switches;
    }

    /** spectrogram: [F0][T] network input (a front-end's output). */
    public static Activations forward(Model model, float[][] spectrogram, int depth) {
        if (depth < 1 || depth > model.layers()) {
            throw new IllegalArgumentException("depth must be 1.." + model.layers() + ", got " + depth);
        }
        boolean causal = model.spec().causal();
        Activations a = new Activations();
        a.input = new float[][][] {spectrogram};
        a.conv = new float[depth][][][];
        a.pooled = new float[depth][][][];
        a.switches = new byte[depth][][][];
        float[][][] x = a.input;
        for (int b = 0; b < depth; b++) {
            int[] pool = model.spec().blocks.get(b).pool;
            float[][][] y = conv(model.conv(b), x, causal);
            for (float[][] ch : y) {
                for (float[] row : ch) {
                    for (int t = 0; t < row.length; t++) {
                        row[t] = row[t] > 0f ? row[t] : 0f;
                    }
                }
            }
            a.conv[b] = y;
            byte[][][] sw = new byte[y.length][][];
            a.pooled[b] = pool(y, pool[0], pool[1], sw);
            a.switches[b] = sw;
            x = a.pooled[b];
        }
        return a;
    }

    /** Left (past) time padding of a kernel of width kT. */
    public static int padPast(int kT, boolean causal) {
        return causal ? kT - 1 : (kT - 1) / 2;
    }

    static float[][][] conv(ConvWeights w, float[][][] x, boolean causal) {
        int nF = x[0].length;
        int nT = x[0][0].length;
        int padF = (w.kF - 1) / 2;
        int padT = padPast(w.kT, causal);
        float[][][] y = new float[w.out][nF][nT];
        for (int o = 0; o < w.out; o++) {
            for (int f = 0; f < nF; f++) {
                for (int t = 0; t < nT; t++) {
                    double s = w.bias[o];
                    for (int i = 0; i < w.in; i++) {
                        for (int df = 0; df < w.kF; df++) {
                            int ff = f + df - padF;
                            if (ff < 0 || ff >= nF) {
                                continue;
                            }
                            for (int dt = 0; dt < w.kT; dt++) {
                                int tt = t + dt - padT;
                                if (tt >= 0 && tt < nT) {
                                    s += w.w(o, i, df, dt) * x[i][ff][tt];
                                }
                            }
                        }
                    }
                    y[o][f][t] = (float) s;
                }
            }
        }
        return y;
    }

    static float[][][] pool(float[][][] x, int pF, int pT, byte[][][] switches) {
        int nF = x[0].length / pF;
        int nT = x[0][0].length / pT;
        float[][][] y = new float[x.length][nF][nT];
        for (int c = 0; c < x.length; c++) {
            switches[c] = new byte[nF][nT];
            for (int f = 0; f < nF; f++) {
                for (int t = 0; t < nT; t++) {
                    float best = Float.NEGATIVE_INFINITY;
                    int arg = 0;
                    for (int dt = 0; dt < pT; dt++) {
                        for (int df = 0; df < pF; df++) {
                            float v = x[c][f * pF + df][t * pT + dt];
                            if (v > best) {
                                best = v;
                                arg = dt * pF + df;
                            }
                        }
                    }
                    y[c][f][t] = best;
                    switches[c][f][t] = (byte) arg;
                }
            }
        }
        return y;
    }
}
