package com.auralise.model;

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
        return RandomModel.build(spec, RandomModel.widths(layers, channels), rnd);
    }
}
