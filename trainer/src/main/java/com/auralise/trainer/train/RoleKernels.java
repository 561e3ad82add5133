package com.auralise.trainer.train;

/**
 * The three convolution kernels a conv layer needs to train, plus max-pooling with the engine's
 * switches, on flat (channel, frequency, time) arrays with time innermost so HotSpot vectorises the
 * rows. Written here instead of on SameDiff because the auralisation graph's unpooling must use the
 * engine's first-wins switches exactly and SameDiff was measured slower (docs/BENCHMARKS.md).
 *
 * <p>Index of (c, f, t) is (c * nF + f) * nT + t; kernels are (out, in, kF, kT) as in
 * {@link com.auralise.model.ConvWeights}. "same" padding in frequency, "same" or causal in time,
 * exactly as {@link com.auralise.network.OfflineNetwork}.
 */
final class RoleKernels {
    private RoleKernels() {
    }

    static int padPast(int kT, boolean causal) {
        return causal ? kT - 1 : (kT - 1) / 2;
    }

    /** y[o][f][t] += sum w[o,i,df,dt] x[i][f+df-padF][t+dt-padT] (y is not cleared: add a bias first). */
    static void conv(float[] w, int out, int in, int kF, int kT, boolean causal, float[] x, float[] y, int nF, int nT) {
        shifted(w, out, in, kF, kT, causal, x, y, nF, nT, false);
    }

    /** The adjoint of {@link #conv}: x[i][f+df-padF][t+dt-padT] += w[o,i,df,dt] y[o][f][t]; the engine's transposed convolution. */
    static void convAdjoint(float[] w, int out, int in, int kF, int kT, boolean causal, float[] y, float[] x, int nF, int nT) {
        shifted(w, out, in, kF, kT, causal, x, y, nF, nT, true);
    }

    /** One loop nest for both directions: every tap adds a shifted, scaled row of one array to the other. */
    private static void shifted(float[] w, int out, int in, int kF, int kT, boolean causal, float[] x, float[] y, int nF, int nT,
                                boolean adjoint) {
        int padF = (kF - 1) / 2;
        int padT = padPast(kT, causal);
        for (int o = 0; o < out; o++) {
            for (int i = 0; i < in; i++) {
                for (int df = 0; df < kF; df++) {
                    int sf = df - padF;
                    int f0 = Math.max(0, -sf);
                    int f1 = Math.min(nF, nF - sf);
                    for (int dt = 0; dt < kT; dt++) {
                        float wv = w[((o * in + i) * kF + df) * kT + dt];
                        if (wv == 0f) {
                            continue;
                        }
                        int st = dt - padT;
                        int t0 = Math.max(0, -st);
                        int t1 = Math.min(nT, nT - st);
                        for (int f = f0; f < f1; f++) {
                            int yo = (o * nF + f) * nT;
                            int xo = (i * nF + f + sf) * nT + st;
                            if (adjoint) {
                                for (int t = t0; t < t1; t++) {
                                    x[xo + t] += wv * y[yo + t];
                                }
                            } else {
                                for (int t = t0; t < t1; t++) {
                                    y[yo + t] += wv * x[xo + t];
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /** gw[o,i,df,dt] += sum_{f,t} gy[o][f][t] x[i][f+df-padF][t+dt-padT]: the weight gradient of both of the above. */
    static void weightGrad(float[] gy, int out, int in, int kF, int kT, boolean causal, float[] x, float[] gw, int nF, int nT) {
        int padF = (kF - 1) / 2;
        int padT = padPast(kT, causal);
        for (int o = 0; o < out; o++) {
            for (int i = 0; i < in; i++) {
                for (int df = 0; df < kF; df++) {
                    int sf = df - padF;
                    int f0 = Math.max(0, -sf);
                    int f1 = Math.min(nF, nF - sf);
                    for (int dt = 0; dt < kT; dt++) {
                        int st = dt - padT;
                        int t0 = Math.max(0, -st);
                        int t1 = Math.min(nT, nT - st);
                        double s = 0;
                        for (int f = f0; f < f1; f++) {
                            int yo = (o * nF + f) * nT;
                            int xo = (i * nF + f + sf) * nT + st;
                            float r = 0f;
                            for (int t = t0; t < t1; t++) {
                                r += gy[yo + t] * x[xo + t];
                            }
                            s += r;
                        }
                        gw[((o * in + i) * kF + df) * kT + dt] += (float) s;
                    }
                }
            }
        }
    }

    /**
     * Max-pool (truncating) with the engine's switches (the first maximum, dt outer, df inner); pos
     * gets the winner's index in x, which is what unpooling and the pool's gradient need.
     */
    static void pool(float[] x, int c, int nF, int nT, int pF, int pT, float[] y, int[] pos) {
        int oF = nF / pF;
        int oT = nT / pT;
        for (int ch = 0; ch < c; ch++) {
            for (int f = 0; f < oF; f++) {
                for (int t = 0; t < oT; t++) {
                    float best = Float.NEGATIVE_INFINITY;
                    int arg = (ch * nF + f * pF) * nT + t * pT;
                    for (int dt = 0; dt < pT; dt++) {
                        for (int df = 0; df < pF; df++) {
                            int k = (ch * nF + f * pF + df) * nT + t * pT + dt;
                            if (x[k] > best) {
                                best = x[k];
                                arg = k;
                            }
                        }
                    }
                    int o = (ch * oF + f) * oT + t;
                    y[o] = best;
                    pos[o] = arg;
                }
            }
        }
    }
}
