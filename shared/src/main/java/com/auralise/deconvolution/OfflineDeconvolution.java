package com.auralise.deconvolution;

import com.auralise.model.ConvWeights;
import com.auralise.model.Model;
import com.auralise.network.OfflineNetwork;

/**
 * The seeds' deconvolution (Zeiler and Fergus, as used by Choi et al.) of one feature over a whole
 * clip: keep channel k of block L's pooled output, then for each block from L down to 1 unpool with
 * the recorded switches, apply ReLU and the transposed convolution (no bias). The result has the
 * input spectrogram's shape. Reference for the streaming engine and the offline analysis tools.
 */
public final class OfflineDeconvolution {
    private OfflineDeconvolution() {
    }

    /** Returns [F0][T]: the feature's reconstruction over the network input. */
    public static float[][] deconvolve(Model model, OfflineNetwork.Activations fw, int layer, int feature) {
        if (layer < 1 || layer > fw.pooled.length) {
            throw new IllegalArgumentException("layer " + layer + " not computed (1.." + fw.pooled.length + ")");
        }
        float[][][] top = fw.pooled[layer - 1];
        if (feature < 0 || feature >= top.length) {
            throw new IllegalArgumentException("feature must be 0.." + (top.length - 1) + ", got " + feature);
        }
        boolean causal = model.spec().causal();
        float[][][] g = new float[top.length][top[0].length][top[0][0].length];
        for (int f = 0; f < g[0].length; f++) {
            g[feature][f] = top[feature][f].clone();
        }
        for (int b = layer - 1; b >= 0; b--) {
            int[] pool = model.spec().blocks.get(b).pool;
            float[][][] conv = fw.conv[b];
            float[][][] h = unpool(g, fw.switches[b], pool[0], pool[1], conv[0].length, conv[0][0].length);
            for (float[][] ch : h) {
                for (float[] row : ch) {
                    for (int t = 0; t < row.length; t++) {
                        row[t] = row[t] > 0f ? row[t] : 0f;
                    }
                }
            }
            g = convTranspose(model.conv(b), h, causal);
        }
        return g[0];
    }

    static float[][][] unpool(float[][][] g, byte[][][] sw, int pF, int pT, int nF, int nT) {
        float[][][] h = new float[g.length][nF][nT];
        for (int c = 0; c < g.length; c++) {
            for (int f = 0; f < g[c].length; f++) {
                for (int t = 0; t < g[c][f].length; t++) {
                    int s = sw[c][f][t];
                    h[c][f * pF + s % pF][t * pT + s / pF] = g[c][f][t];
                }
            }
        }
        return h;
    }

    /** Adjoint of OfflineNetwork.conv without bias: x[i][f][t] = sum W[o][i][df][dt] h[o][f-df+padF][t-dt+padT]. */
    public static float[][][] convTranspose(ConvWeights w, float[][][] h, boolean causal) {
        int nF = h[0].length;
        int nT = h[0][0].length;
        int padF = (w.kF - 1) / 2;
        int padT = OfflineNetwork.padPast(w.kT, causal);
        float[][][] x = new float[w.in][nF][nT];
        for (int i = 0; i < w.in; i++) {
            for (int f = 0; f < nF; f++) {
                for (int t = 0; t < nT; t++) {
                    double s = 0;
                    for (int o = 0; o < w.out; o++) {
                        for (int df = 0; df < w.kF; df++) {
                            int ff = f - df + padF;
                            if (ff < 0 || ff >= nF) {
                                continue;
                            }
                            for (int dt = 0; dt < w.kT; dt++) {
                                int tt = t - dt + padT;
                                if (tt >= 0 && tt < nT) {
                                    s += w.w(o, i, df, dt) * h[o][ff][tt];
                                }
                            }
                        }
                    }
                    x[i][f][t] = (float) s;
                }
            }
        }
        return x;
    }
}
