package com.auralise.trainer.catalogue;

import com.auralise.filter.AlignedRun;
import com.auralise.filter.FeatureFilter;
import com.auralise.filter.FilterSettings;
import com.auralise.model.Model;

/**
 * Offline use of the real {@link FeatureFilter}: what a user hears, with the filter's latency
 * removed so the output lines up with the input sample for sample.
 */
public final class Auralise {
    private static final int BLOCK = 512;

    private final FeatureFilter filter;
    private final int latency;

    /** One prepared filter at the given rate; maxLayer bounds the latency (and the cost). */
    public Auralise(Model model, int sampleRate, int maxLayer) {
        filter = new FeatureFilter(model);
        filter.setMaxLayer(maxLayer);
        filter.prepare(sampleRate, BLOCK, 1);
        latency = filter.latencySamples();
    }

    public int latency() {
        return latency;
    }

    /** Filters x with these settings from a reset state; returns the aligned output (same length). */
    public float[] run(float[] x, FilterSettings s) {
        filter.reset();
        filter.apply(s);
        filter.reset(); // settings land at once, no glide from the previous run
        return AlignedRun.run(filter, new float[][] {x}, BLOCK, null)[0];
    }

    public static FilterSettings settings(int layer, int feature) {
        FilterSettings s = new FilterSettings();
        s.layer = layer;
        s.feature = feature;
        s.mix = 1.0;
        return s;
    }
}
