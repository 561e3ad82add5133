package com.auralise.filter;

/**
 * What a user sets on a feature filter. Plain mutable data shared by presets, plugin ports and the
 * renderer's options; {@link FeatureFilter#apply} copies it control by control (no allocation). The
 * controls' names, ranges and defaults are {@link Control}'s; a field here is what its DSP reads.
 */
public final class FilterSettings {
    /** 1-based block index of the feature. */
    public int layer;
    /** 0-based channel of that block. */
    public int feature;
    /** 0 = dry (latency aligned), 1 = wet. */
    public double mix;
    /** "Everything except this feature". */
    public boolean invert;
    /** Mask shaping: mask values below this (0..1) are cut. */
    public double threshold;
    /** Mask shaping: contrast exponent, 1 = linear, larger = closer to a binary mask. */
    public double sharpness;
    /** Output gain in dB. */
    public double gainDb;
    public boolean bypass;

    /** The table's defaults. */
    public FilterSettings() {
        Control.defaults(this);
    }

    public FilterSettings copy() {
        FilterSettings c = new FilterSettings();
        c.copyFrom(this);
        return c;
    }

    public void copyFrom(FilterSettings s) {
        Control.copy(s, this);
    }

    @Override
    public String toString() {
        return Control.describe(this) + (bypass ? ", bypassed" : "");
    }
}
