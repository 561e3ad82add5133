package com.auralise.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Tiny deterministic models built by the tests themselves (never shipped). */
public final class TestModels {
    private TestModels() {
    }

    /** A model with the given depth, channel count per block and padding, linear front-end at 22.05 kHz. */
    public static Model tiny(long seed, int layers, int channels, String padding) {
        ModelSpec.Frontend fe = new ModelSpec.Frontend();
        fe.type = "linear";
        fe.nFft = 256;
        fe.hop = 64;
        return build(seed, layers, channels, padding, fe, 22050);
    }

    public static Model build(long seed, int layers, int channels, String padding,
                              ModelSpec.Frontend frontend, int sampleRate) {
        Random rnd = new Random(seed);
        ModelSpec spec = new ModelSpec();
        spec.id = "test-" + seed + "-" + layers + "x" + channels + "-" + padding;
        spec.name = "test model";
        spec.sampleRate = sampleRate;
        spec.frontend = frontend;
        spec.padding = padding;
        List<ConvWeights> convs = new ArrayList<>();
        int in = 1;
        for (int l = 1; l <= layers; l++) {
            ModelSpec.Block b = new ModelSpec.Block();
            b.inChannels = in;
            b.outChannels = channels;
            b.weights = "weights/conv" + l + ".W.npy";
            b.bias = "weights/conv" + l + ".b.npy";
            spec.blocks.add(b);
            float[] k = new float[channels * in * 9];
            // He-like scale keeps activations alive through ReLUs; small positive bias avoids dead features.
            double sd = Math.sqrt(2.0 / (in * 9));
            for (int i = 0; i < k.length; i++) {
                k[i] = (float) (rnd.nextGaussian() * sd);
            }
            float[] bias = new float[channels];
            for (int i = 0; i < channels; i++) {
                bias[i] = (float) (rnd.nextGaussian() * 0.05);
            }
            convs.add(new ConvWeights(channels, in, 3, 3, k, bias));
            in = channels;
        }
        return new Model(spec, convs);
    }
}
