package com.auralise.model;

import java.util.List;

/** A validated, loaded model: its spec and one {@link ConvWeights} per block. Immutable by convention. */
public final class Model {
    private final ModelSpec spec;
    private final List<ConvWeights> convs;

    public Model(ModelSpec spec, List<ConvWeights> convs) {
        if (spec.blocks.size() != convs.size()) {
            throw new IllegalArgumentException(spec.blocks.size() + " blocks but " + convs.size() + " weight sets");
        }
        this.spec = spec;
        this.convs = List.copyOf(convs);
    }

    public ModelSpec spec() {
        return spec;
    }

    public ConvWeights conv(int block) {
        return convs.get(block);
    }

    public int layers() {
        return convs.size();
    }

    public int channels(int layer) {
        return convs.get(layer - 1).out;
    }
}
