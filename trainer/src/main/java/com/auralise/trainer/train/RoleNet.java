package com.auralise.trainer.train;

import com.auralise.frontend.Frontend;
import com.auralise.model.ConvWeights;
import com.auralise.model.Model;
import com.auralise.model.ModelSpec;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The auralisation graph as one differentiable function (issue 13): the forward pass with the
 * engine's max-pool switches, the tied-weight deconvolution of one channel (keep it, unpool with the
 * switches, ReLU, transposed convolution with the same weights), the mask FeatureFilter derives from
 * it (clamp(D / maskScale, 0, 1), then the front-end's band-to-STFT map) applied to the mix's STFT
 * magnitude, and the gradient of a magnitude loss through all of it into the shared weights.
 *
 * <p>Trains blocks 1..blocks of a model; deeper blocks are kept as they are. One {@link Work} per
 * thread holds every buffer, so a training step allocates nothing.
 */
final class RoleNet {
    /** A channel trained to be a filter: its mask times the mix should match a target magnitude. */
    record Role(String name, int layer, int channel, double scale, double weight) {
    }

    final int blocks;
    final boolean causal;
    final int[] cin;
    final int[] cout;
    final int[] kF;
    final int[] kT;
    final int[] pF;
    final int[] pT;
    /** Per level 0..blocks: rows and columns of the pooled output (level 0 = network input). */
    final int[] nF;
    final int[] nT;
    final float[][] w;
    final float[][] b;
    final MaskMap map;
    /** Gradient factor outside the clamp, only towards [0, 1]; 0 gives the exact derivative (tests). */
    float leak = 0.1f;

    RoleNet(Model init, int blocks, int rows, int frames, int sampleRate) {
        this.blocks = blocks;
        this.causal = init.spec().causal();
        cin = new int[blocks];
        cout = new int[blocks];
        kF = new int[blocks];
        kT = new int[blocks];
        pF = new int[blocks];
        pT = new int[blocks];
        nF = new int[blocks + 1];
        nT = new int[blocks + 1];
        w = new float[blocks][];
        b = new float[blocks][];
        nF[0] = rows;
        nT[0] = frames;
        for (int i = 0; i < blocks; i++) {
            ConvWeights c = init.conv(i);
            cin[i] = c.in;
            cout[i] = c.out;
            kF[i] = c.kF;
            kT[i] = c.kT;
            int[] pool = init.spec().blocks.get(i).pool;
            pF[i] = pool[0];
            pT[i] = pool[1];
            w[i] = c.kernel.clone();
            b[i] = c.bias.clone();
            nF[i + 1] = nF[i] / pF[i];
            nT[i + 1] = nT[i] / pT[i];
        }
        map = new MaskMap(Frontend.create(init.spec().frontend, sampleRate));
    }

    /** The model with trained blocks 1..blocks replaced and the rest kept. */
    Model toModel(Model init, ModelSpec spec) {
        List<ConvWeights> convs = new ArrayList<>();
        for (int i = 0; i < init.layers(); i++) {
            ConvWeights c = init.conv(i);
            convs.add(i < blocks ? new ConvWeights(c.out, c.in, c.kF, c.kT, w[i].clone(), b[i].clone()) : c);
        }
        return new Model(spec, convs);
    }

    int size(int level) {
        return (level == 0 ? 1 : cout[level - 1]) * nF[level] * nT[level];
    }

    int convSize(int block) {
        return cout[block] * nF[block] * nT[block];
    }

    /** Buffers and gradients of one thread. */
    final class Work {
        final float[][] p = new float[blocks + 1][];
        final float[][] a = new float[blocks][];
        final int[][] pos = new int[blocks][];
        final float[][] g = new float[blocks + 1][];
        final float[][] dg = new float[blocks + 1][];
        final float[][] v = new float[blocks][];
        final float[][] dv = new float[blocks][];
        final float[][] dp = new float[blocks + 1][];
        final float[][] gw = new float[blocks][];
        final float[][] gb = new float[blocks][];
        final float[] mask;
        final float[] dMask;
        final float[] stftCol;
        final float[] dStftCol;
        int deepestGradient;

        Work() {
            for (int l = 0; l <= blocks; l++) {
                p[l] = new float[size(l)];
                g[l] = new float[size(l)];
                dg[l] = new float[size(l)];
                dp[l] = new float[size(l)];
            }
            for (int i = 0; i < blocks; i++) {
                a[i] = new float[convSize(i)];
                v[i] = new float[convSize(i)];
                dv[i] = new float[convSize(i)];
                pos[i] = new int[size(i + 1)];
                gw[i] = new float[w[i].length];
                gb[i] = new float[b[i].length];
            }
            mask = new float[size(0)];
            dMask = new float[size(0)];
            stftCol = new float[map.stftBins];
            dStftCol = new float[map.stftBins];
        }

        void clearGradients() {
            for (int i = 0; i < blocks; i++) {
                Arrays.fill(gw[i], 0f);
                Arrays.fill(gb[i], 0f);
            }
        }

        /** Forward pass of input x (rows x frames, time innermost) through every trained block. */
        void forward(float[] x) {
            System.arraycopy(x, 0, p[0], 0, p[0].length);
            for (int i = 0; i < blocks; i++) {
                float[] y = a[i];
                int plane = nF[i] * nT[i];
                for (int o = 0; o < cout[i]; o++) {
                    Arrays.fill(y, o * plane, (o + 1) * plane, b[i][o]);
                }
                RoleKernels.conv(w[i], cout[i], cin[i], kF[i], kT[i], causal, p[i], y, nF[i], nT[i]);
                for (int k = 0; k < y.length; k++) {
                    y[k] = y[k] > 0f ? y[k] : 0f;
                }
                RoleKernels.pool(y, cout[i], nF[i], nT[i], pF[i], pT[i], p[i + 1], pos[i]);
            }
            deepestGradient = 0;
        }

        /** Raw deconvolution of (layer, channel) after {@link #forward}; the result is g[0] (rows x frames). */
        float[] reconstruct(int layer, int channel) {
            float[] top = g[layer];
            Arrays.fill(top, 0f);
            int plane = nF[layer] * nT[layer];
            System.arraycopy(p[layer], channel * plane, top, channel * plane, plane);
            for (int i = layer - 1; i >= 0; i--) {
                float[] vi = v[i];
                Arrays.fill(vi, 0f);
                float[] gi = g[i + 1];
                int[] pi = pos[i];
                int from = i == layer - 1 ? channel * plane : 0;
                int to = i == layer - 1 ? from + plane : gi.length;
                for (int o = from; o < to; o++) {
                    float val = gi[o];
                    vi[pi[o]] = val > 0f ? val : 0f; // unpool, then ReLU
                }
                Arrays.fill(g[i], 0f);
                RoleKernels.convAdjoint(w[i], cout[i], cin[i], kF[i], kT[i], causal, vi, g[i], nF[i], nT[i]);
            }
            return g[0];
        }

        /**
         * Loss of one role on one example, gradients added: the engine's mask of the role's channel,
         * applied to mix (stftBins x frames magnitudes) with its column c used for frame c + shift,
         * against target; normalised by the mix's energy. Leaky outside the clamp so that a closed
         * mask can still learn to open (the value itself is the engine's).
         */
        double roleLoss(Role r, float[] mix, float[] target, int shift, boolean backward) {
            float[] raw = reconstruct(r.layer(), r.channel());
            int rows = nF[0];
            int frames = nT[0];
            float inv = (float) (1.0 / r.scale());
            for (int k = 0; k < raw.length; k++) {
                float m = raw[k] * inv;
                mask[k] = m > 0f ? (m < 1f ? m : 1f) : 0f;
            }
            int bins = map.stftBins;
            double norm = 1e-9;
            for (int k = 0; k < bins * frames; k++) {
                norm += (double) mix[k] * mix[k];
            }
            double loss = 0;
            Arrays.fill(dMask, 0f);
            float[] col = stftCol;
            float[] dcol = dStftCol;
            for (int j = shift; j < frames; j++) {
                int c = j - shift;
                map.toStft(mask, rows, frames, c, col);
                for (int k = 0; k < bins; k++) {
                    int idx = k * frames + j;
                    float x = mix[idx];
                    float d = col[k] * x - target[idx];
                    loss += (double) d * d;
                    dcol[k] = (float) (2.0 * r.weight() * d * x / norm);
                }
                if (backward) {
                    map.fromStft(dcol, dMask, rows, frames, c);
                }
            }
            if (backward) {
                float[] d0 = dg[0];
                for (int k = 0; k < raw.length; k++) {
                    float m = raw[k] * inv;
                    float gm = dMask[k];
                    float gr;
                    if (m > 0f && m < 1f) {
                        gr = gm;
                    } else if (m <= 0f) {
                        gr = gm < 0f ? leak * gm : 0f; // wants to open
                    } else {
                        gr = gm > 0f ? leak * gm : 0f; // wants to close
                    }
                    d0[k] = gr * inv;
                }
                backwardDeconvolution(r.layer(), r.channel());
            }
            return r.weight() * loss / norm;
        }

        /** From dg[0] (gradient of the reconstruction) to the weights and to dp[layer]. */
        private void backwardDeconvolution(int layer, int channel) {
            for (int i = 0; i < layer; i++) {
                RoleKernels.weightGrad(v[i], cout[i], cin[i], kF[i], kT[i], causal, dg[i], gw[i], nF[i], nT[i]);
                float[] d = dv[i];
                Arrays.fill(d, 0f);
                RoleKernels.conv(w[i], cout[i], cin[i], kF[i], kT[i], causal, dg[i], d, nF[i], nT[i]);
                float[] vi = v[i];
                int[] pi = pos[i];
                if (i < layer - 1) {
                    float[] up = dg[i + 1];
                    for (int o = 0; o < up.length; o++) {
                        int k = pi[o];
                        up[o] = vi[k] > 0f ? d[k] : 0f;
                    }
                } else {
                    int plane = nF[layer] * nT[layer];
                    float[] top = dp[layer];
                    for (int o = channel * plane; o < (channel + 1) * plane; o++) {
                        int k = pi[o];
                        top[o] += vi[k] > 0f ? d[k] : 0f;
                    }
                }
            }
            deepestGradient = Math.max(deepestGradient, layer);
        }

        /** After every role: the pooled outputs' gradients through the forward pass into the weights. */
        void backwardForward() {
            for (int l = deepestGradient; l >= 1; l--) {
                int i = l - 1;
                float[] d = dv[i];
                Arrays.fill(d, 0f);
                float[] up = dp[l];
                int[] pi = pos[i];
                float[] ai = a[i];
                for (int o = 0; o < up.length; o++) {
                    int k = pi[o];
                    d[k] = ai[k] > 0f ? up[o] : 0f;
                }
                Arrays.fill(up, 0f);
                RoleKernels.weightGrad(d, cout[i], cin[i], kF[i], kT[i], causal, p[i], gw[i], nF[i], nT[i]);
                int plane = nF[i] * nT[i];
                for (int o = 0; o < cout[i]; o++) {
                    double s = 0;
                    for (int k = o * plane; k < (o + 1) * plane; k++) {
                        s += d[k];
                    }
                    gb[i][o] += (float) s;
                }
                if (i > 0) {
                    RoleKernels.convAdjoint(w[i], cout[i], cin[i], kF[i], kT[i], causal, d, dp[i], nF[i], nT[i]);
                }
            }
            deepestGradient = 0;
        }
    }

    /**
     * The front-end's maskToStft as a sparse matrix (it is linear), so the training loss sees the
     * STFT mask the filter applies, and its transpose carries the gradient back to the bands.
     */
    static final class MaskMap {
        final int stftBins;
        final int bands;
        final int[][] band;
        final float[][] weight;

        MaskMap(Frontend fe) {
            stftBins = fe.stftBins();
            bands = fe.bins();
            float[][] dense = new float[stftBins][bands];
            float[] unit = new float[bands];
            float[] out = new float[stftBins];
            for (int f = 0; f < bands; f++) {
                Arrays.fill(unit, 0f);
                unit[f] = 1f;
                fe.maskToStft(unit, out);
                for (int k = 0; k < stftBins; k++) {
                    dense[k][f] = out[k];
                }
            }
            band = new int[stftBins][];
            weight = new float[stftBins][];
            for (int k = 0; k < stftBins; k++) {
                int n = 0;
                for (int f = 0; f < bands; f++) {
                    n += dense[k][f] != 0f ? 1 : 0;
                }
                band[k] = new int[n];
                weight[k] = new float[n];
                n = 0;
                for (int f = 0; f < bands; f++) {
                    if (dense[k][f] != 0f) {
                        band[k][n] = f;
                        weight[k][n++] = dense[k][f];
                    }
                }
            }
        }

        /** STFT mask of column c of a (bands x frames) band mask. */
        void toStft(float[] mask, int rows, int frames, int c, float[] out) {
            for (int k = 0; k < stftBins; k++) {
                int[] bk = band[k];
                float[] wk = weight[k];
                float s = 0f;
                for (int n = 0; n < bk.length; n++) {
                    s += wk[n] * mask[bk[n] * frames + c];
                }
                out[k] = s;
            }
        }

        /** Adds the transpose: dMask[f][c] += sum_k P[k][f] dOut[k]. */
        void fromStft(float[] dOut, float[] dMask, int rows, int frames, int c) {
            for (int k = 0; k < stftBins; k++) {
                int[] bk = band[k];
                float[] wk = weight[k];
                float d = dOut[k];
                for (int n = 0; n < bk.length; n++) {
                    dMask[bk[n] * frames + c] += wk[n] * d;
                }
            }
        }
    }
}
