package com.auralise.view;

import com.auralise.model.Model;
import com.auralise.model.RandomModel;
import com.auralise.model.ModelSpec;

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
        ModelSpec.Frontend fe = ModelSpec.Frontend.reference();
        fe.bins = 128; // a finer picture than the shipped models' 96 bands
        ModelSpec spec = new ModelSpec();
        spec.id = "synthetic-" + padding;
        spec.name = "synthetic (untrained) " + padding;
        spec.sampleRate = 22050;
        spec.frontend = fe;
        spec.padding = padding;
        Random rnd = new Random(seed);
        ModelSpec.CatalogueEntry e = new ModelSpec.CatalogueEntry();
        e.name = "random feature (demo)";
        e.layer = 2;
        e.feature = 0;
        e.confidence = 0;
        e.maskScale = 0;
        spec.catalogue.add(e);
        return RandomModel.build(spec, new int[] {32, 32, 32, 32}, rnd);
    }
}
