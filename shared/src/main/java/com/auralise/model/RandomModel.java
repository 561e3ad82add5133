package com.auralise.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Untrained models for tests, benchmarks and plumbing: 3x3 blocks with He-scaled Gaussian kernels
 * (so activations survive the ReLUs) and small Gaussian biases. Speed depends on the shape, not the
 * weights; correctness tests need features that are alive, which this scale gives.
 */
public final class RandomModel {
    private RandomModel() {
    }

    /**
     * Adds one block per width to spec (which carries id, rate, front-end, padding and any catalogue)
     * and draws the weights from rnd, layer by layer: kernel, then bias.
     */
    public static Model build(ModelSpec spec, int[] widths, Random rnd) {
        List<ConvWeights> convs = new ArrayList<>();
        int in = 1;
        for (int l = 1; l <= widths.length; l++) {
            int out = widths[l - 1];
            ModelSpec.Block b = new ModelSpec.Block();
            b.inChannels = in;
            b.outChannels = out;
            b.weights = "weights/conv" + l + ".W.npy";
            b.bias = "weights/conv" + l + ".b.npy";
            spec.blocks.add(b);
            float[] k = new float[out * in * 9];
            double sd = Math.sqrt(2.0 / (in * 9));
            for (int i = 0; i < k.length; i++) {
                k[i] = (float) (rnd.nextGaussian() * sd);
            }
            float[] bias = new float[out];
            for (int i = 0; i < out; i++) {
                bias[i] = (float) (rnd.nextGaussian() * 0.05);
            }
            convs.add(new ConvWeights(out, in, 3, 3, k, bias));
            in = out;
        }
        return new Model(spec, convs);
    }

    /** widths of n equal blocks. */
    public static int[] widths(int n, int width) {
        int[] w = new int[n];
        java.util.Arrays.fill(w, width);
        return w;
    }
}
