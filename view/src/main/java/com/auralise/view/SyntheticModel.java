package com.auralise.view;

import com.auralise.model.ConvWeights;
import com.auralise.model.Model;
import com.auralise.model.ModelSpec;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * An untrained model of a realistic size (mel front-end, 22.05 kHz, 4 blocks of 32 features) with
 * random weights: for benchmarks and for trying the live plumbing before a trained model exists.
 * Its features mean nothing.
 */
public final class SyntheticModel {
    private SyntheticModel() {
    }

    public static Model build(long seed, String padding) {
        ModelSpec.Frontend fe = new ModelSpec.Frontend();
        fe.type = "mel";
        fe.nFft = 1024;
        fe.hop = 256;
        fe.bins = 128;
        fe.fMin = 30;
        fe.fMax = 11025;
        ModelSpec spec = new ModelSpec();
        spec.id = "synthetic-" + padding;
        spec.name = "synthetic (untrained) " + padding;
        spec.sampleRate = 22050;
        spec.frontend = fe;
        spec.padding = padding;
        Random rnd = new Random(seed);
        List<ConvWeights> convs = new ArrayList<>();
        int in = 1;
        int[] widths = {32, 32, 32, 32};
        for (int l = 1; l <= widths.length; l++) {
            int out = widths[l - 1];
            ModelSpec.Block b = new ModelSpec.Block();
            b.inChannels = in;
            b.outChannels = out;
            b.weights = "weights/conv" + l + ".W.npy";
            b.bias = "weights/conv" + l + ".b.npy";
            spec.blocks.add(b);
            float[] k = new float[out * in * 9];
            double sd = Math.sqrt(2.0 / (in * 9)); // He scale keeps activations alive through ReLUs
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
        ModelSpec.CatalogueEntry e = new ModelSpec.CatalogueEntry();
        e.name = "random feature (demo)";
        e.layer = 2;
        e.feature = 0;
        e.confidence = 0;
        e.maskScale = 0;
        spec.catalogue.add(e);
        return new Model(spec, convs);
    }
}
