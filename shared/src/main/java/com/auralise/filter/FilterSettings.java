package com.auralise.filter;

/**
 * What a user sets on a feature filter. Plain mutable data shared by presets, plugin ports and the
 * renderer's options; {@link FeatureFilter#apply} copies it field by field (no allocation).
 */
public final class FilterSettings {
    /** 1-based block index of the feature. */
    public int layer = 2;
    /** 0-based channel of that block. */
    public int feature = 0;
    /** 0 = dry (latency aligned), 1 = wet. */
    public double mix = 1.0;
    /** "Everything except this feature". */
    public boolean invert = false;
    /** Mask shaping: mask values below this (0..1) are cut. */
    public double threshold = 0.0;
    /** Mask shaping: contrast exponent, 1 = linear, larger = closer to a binary mask. */
    public double sharpness = 1.0;
    /** Output gain in dB. */
    public double gainDb = 0.0;
    public boolean bypass = false;

    public FilterSettings copy() {
        FilterSettings c = new FilterSettings();
        c.copyFrom(this);
        return c;
    }

    public void copyFrom(FilterSettings s) {
        layer = s.layer;
        feature = s.feature;
        mix = s.mix;
        invert = s.invert;
        threshold = s.threshold;
        sharpness = s.sharpness;
        gainDb = s.gainDb;
        bypass = s.bypass;
    }

    @Override
    public String toString() {
        return "layer " + layer + ", feature " + feature + ", mix " + mix + ", invert " + invert
                + ", threshold " + threshold + ", sharpness " + sharpness + ", gain " + gainDb + " dB"
                + (bypass ? ", bypassed" : "");
    }
}
