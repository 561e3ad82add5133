package com.auralise.preset;

import com.auralise.filter.FilterSettings;

import java.util.List;

/** Presets with their parameters spelled out, for tests. */
public final class TestPresets {
    private TestPresets() {
    }

    public static Preset preset(String name, String author, String description, List<String> tags, Preset.ModelRef model,
                                Preset.FeatureRef feature, double mix, boolean invert, double threshold, double sharpness,
                                double gainDb) {
        FilterSettings s = new FilterSettings();
        s.mix = mix;
        s.invert = invert;
        s.threshold = threshold;
        s.sharpness = sharpness;
        s.gainDb = gainDb;
        return Preset.of(name, author, description, tags, model, feature, s);
    }
}
