package com.auralise.network;

import com.auralise.deconvolution.OfflineDeconvolution;
import com.auralise.model.ConvWeights;
import com.auralise.model.Model;
import com.auralise.model.ModelSpec;
import com.auralise.model.TestModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class HandCheckedTest {

    /** One block, one channel; kernel: centre 1, next time step 0.5; bias -1. */
    static Model handModel() {
        ModelSpec spec = new ModelSpec();
        spec.id = "hand";
        spec.sampleRate = 22050;
        spec.frontend = new ModelSpec.Frontend();
        ModelSpec.Block b = new ModelSpec.Block();
        b.inChannels = 1;
        b.outChannels = 1;
        spec.blocks.add(b);
        float[] k = new float[9];
        k[1 * 3 + 1] = 1f;   // (df = 1, dt = 1): the centre
        k[1 * 3 + 2] = 0.5f; // (df = 1, dt = 2): time t + 1 with same padding
        return new Model(spec, List.of(new ConvWeights(1, 1, 3, 3, k, new float[] {-1f})));
    }

    @Test
    void tinyCaseWorkedByHand() {
        float[][] x = {{1, 2, 3, 4}, {0, 1, 0, 1}};
        OfflineNetwork.Activations a = OfflineNetwork.forward(handModel(), x, 1);
        // a(f, t) = relu(x(f, t) + 0.5 x(f, t + 1) - 1)
        assertArrayEquals(new float[] {1f, 2.5f, 4f, 3f}, a.conv[0][0][0]);
        assertArrayEquals(new float[] {0f, 0f, 0f, 0f}, a.conv[0][0][1]);
        // 2x2 pools: max(1, 2.5, 0, 0) = 2.5 at (df 0, dt 1) -> switch 2; max(4, 3, 0, 0) = 4 at (0, 0) -> 0
        assertArrayEquals(new float[] {2.5f, 4f}, a.pooled[0][0][0]);
        assertEquals(2, a.switches[0][0][0][0]);
        assertEquals(0, a.switches[0][0][0][1]);
        // Unpool -> row 0 = [0, 2.5, 4, 0]; transposed conv: y(t) = h(t) + 0.5 h(t - 1)
        float[][] d = OfflineDeconvolution.deconvolve(handModel(), a, 1, 0);
        assertArrayEquals(new float[] {0f, 2.5f, 5.25f, 2f}, d[0]);
        assertArrayEquals(new float[] {0f, 0f, 0f, 0f}, d[1]);
    }

    static double dot(float[][][] a, float[][][] b) {
        double s = 0;
        for (int c = 0; c < a.length; c++) {
            for (int f = 0; f < a[c].length; f++) {
                for (int t = 0; t < a[c][f].length; t++) {
                    s += (double) a[c][f][t] * b[c][f][t];
                }
            }
        }
        return s;
    }

    static float[][][] random(Random r, int c, int f, int t) {
        float[][][] x = new float[c][f][t];
        for (float[][] a : x) {
            for (float[] b : a) {
                for (int i = 0; i < b.length; i++) {
                    b[i] = (float) r.nextGaussian();
                }
            }
        }
        return x;
    }

    /** <conv x, y> = <x, conv^T y> for the bias-free convolution, both paddings. */
    @ParameterizedTest
    @ValueSource(strings = {"same", "causal"})
    void transposedConvolutionIsTheAdjoint(String padding) {
        Random r = new Random(5);
        Model m = TestModels.tiny(9, 2, 5, padding);
        ConvWeights w = m.conv(1); // 5 -> 5 channels
        ConvWeights noBias = new ConvWeights(w.out, w.in, w.kF, w.kT, w.kernel, new float[w.out]);
        boolean causal = padding.equals("causal");
        float[][][] x = random(r, 5, 13, 17);
        float[][][] y = random(r, 5, 13, 17);
        double lhs = dot(OfflineNetwork.conv(noBias, x, causal), y);
        double rhs = dot(x, OfflineDeconvolution.convTranspose(noBias, y, causal));
        // Outputs are stored as float: agreement to float precision.
        assertEquals(lhs, rhs, 1e-6 * Math.abs(lhs) + 1e-6);
    }

    /** The streaming column kernels compute the same convolution and adjoint as the offline tensors. */
    @Test
    void columnKernelsMatchTensorDefinitions() {
        Random r = new Random(6);
        Model m = TestModels.tiny(10, 2, 4, "same");
        ConvWeights w = m.conv(1);
        int nF = 11;
        int nT = 9;
        float[][][] x = random(r, 4, nF, nT);
        float[][][] ref = OfflineNetwork.conv(w, x, false);
        float[][] taps = new float[3][];
        float[] out = new float[4 * nF];
        for (int t = 0; t < nT; t++) {
            for (int dt = 0; dt < 3; dt++) {
                int src = t + dt - 1;
                taps[dt] = src < 0 || src >= nT ? null : column(x, src);
            }
            Kernels.convForward(w, nF, taps, out, new Kernels.Scratch(nF, 4 * 9));
            assertArrayEquals(column(ref, t), out, 1e-4f, "t=" + t);
        }
        float[][][] refT = com.auralise.deconvolution.OfflineDeconvolution.convTranspose(w, x, false);
        for (int t = 0; t < nT; t++) {
            float[] g = new float[4 * nF];
            for (int dt = 0; dt < 3; dt++) {
                int src = t - dt + 1;
                if (src >= 0 && src < nT) {
                    boolean[] live = {true, true, true, true};
                    Kernels.convAdjoint(w, nF, rows(x, src), live, dt, 0, 4, g, new Kernels.Scratch(nF, 0));
                }
            }
            assertArrayEquals(column(refT, t), g, 1e-4f, "t=" + t);
        }
    }

    static float[][] rows(float[][][] x, int t) {
        float[][] c = new float[x.length][x[0].length];
        for (int ch = 0; ch < x.length; ch++) {
            for (int f = 0; f < x[0].length; f++) {
                c[ch][f] = x[ch][f][t];
            }
        }
        return c;
    }

    static float[] column(float[][][] x, int t) {
        int nF = x[0].length;
        float[] c = new float[x.length * nF];
        for (int ch = 0; ch < x.length; ch++) {
            for (int f = 0; f < nF; f++) {
                c[ch * nF + f] = x[ch][f][t];
            }
        }
        return c;
    }
}
