package com.auralise.renderer;

import com.auralise.filter.FilterSettings;
import com.auralise.model.Model;
import com.auralise.model.ModelSpec;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Which feature and how: --preset, --filter or --layer/--feature, then parameter overrides. */
public final class FilterOptions {
    static final class Selection {
        @Option(names = "--preset", paramLabel = "FILE", description = "Preset file (JSON) with the feature and its parameters.")
        Path preset;

        @Option(names = {"-f", "--filter"}, paramLabel = "NAME", description = "A named filter of the model's catalogue (see 'auralise features'), e.g. \"kick selector\" or just kick.")
        String filter;

        @ArgGroup(exclusive = false)
        Explicit explicit;
    }

    static final class Explicit {
        @Option(names = {"-l", "--layer"}, required = true, paramLabel = "L", description = "Layer (block), 1-based.")
        int layer;

        @Option(names = {"-k", "--feature"}, required = true, paramLabel = "K", description = "Feature (channel) in that layer, 0-based.")
        int feature;
    }

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    Selection selection;

    @Option(names = "--mix", paramLabel = "0..1", description = "0 = dry (aligned), 1 = only the filtered signal (default 1).")
    Double mix;

    @Option(names = "--invert", negatable = true, description = "Everything except the feature.")
    Boolean invert;

    @Option(names = "--threshold", paramLabel = "0..1", description = "Mask values below this are cut (default 0).")
    Double threshold;

    @Option(names = "--sharpness", paramLabel = "S", description = "Mask contrast, >= 0.1; 1 = linear (default), larger = closer to on/off.")
    Double sharpness;

    @Option(names = "--gain-db", paramLabel = "DB", description = "Output gain in dB (default 0).")
    Double gainDb;

    boolean hasSelection() {
        return selection != null;
    }

    /** The settings these options mean for this model; bad values are usage errors (UsageException). */
    FilterSettings resolve(Model model) {
        FilterSettings s = new FilterSettings();
        if (selection != null && selection.preset != null) {
            readPreset(selection.preset, model, s);
        } else if (selection != null && selection.filter != null) {
            ModelSpec.CatalogueEntry e = Models.findFilter(model, selection.filter);
            s.layer = e.layer;
            s.feature = e.feature;
        } else if (selection != null && selection.explicit != null) {
            s.layer = selection.explicit.layer;
            s.feature = selection.explicit.feature;
        }
        overrides(s);
        check(model, s);
        return s;
    }

    /** Applies the parameter options on top of s (used per stem as well). */
    void overrides(FilterSettings s) {
        if (mix != null) {
            s.mix = mix;
        }
        if (invert != null) {
            s.invert = invert;
        }
        if (threshold != null) {
            s.threshold = threshold;
        }
        if (sharpness != null) {
            s.sharpness = sharpness;
        }
        if (gainDb != null) {
            s.gainDb = gainDb;
        }
    }

    /** FeatureFilter clamps silently (right for a plugin knob); a command line should say no instead. */
    static void check(Model model, FilterSettings s) {
        if (s.layer < 1 || s.layer > model.layers()) {
            throw new ModelException("layer " + s.layer + " does not exist: the model has layers 1-" + model.layers());
        }
        if (s.feature < 0 || s.feature >= model.channels(s.layer)) {
            throw new ModelException("feature " + s.feature + " does not exist: layer " + s.layer + " has features 0-" + (model.channels(s.layer) - 1));
        }
        range("--mix", s.mix, 0, 1);
        range("--threshold", s.threshold, 0, 0.99);
        range("--sharpness", s.sharpness, 0.1, 20);
        range("--gain-db", s.gainDb, -60, 24);
    }

    private static void range(String name, double v, double lo, double hi) {
        if (!(v >= lo && v <= hi)) {
            throw new UsageException(name + " must be in " + lo + ".." + hi + ", got " + v);
        }
    }

    /**
     * Reads the fields of a preset that select and shape a filter. Presets are specified by the
     * presets work (issue 8); this accepts its documented shape ("feature": {"name"} or
     * {"layer","index"}, "parameters": {"mix": {"value": ..}}) and plain top-level values.
     */
    static void readPreset(Path file, Model model, FilterSettings s) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new UsageException("cannot read preset " + file + ": " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw new UsageException("preset " + file + " is not a JSON object");
        }
        JsonNode f = root.has("feature") && root.get("feature").isObject() ? root.get("feature") : root;
        String name = text(f, "name", text(root, "filter", null));
        if (f.has("layer")) {
            s.layer = f.get("layer").asInt();
            s.feature = f.has("index") ? f.get("index").asInt() : f.path("feature").asInt(0);
        } else if (name != null) {
            ModelSpec.CatalogueEntry e = Models.findFilter(model, name);
            s.layer = e.layer;
            s.feature = e.feature;
        } else {
            throw new UsageException("preset " + file + " names no feature (feature.name or feature.layer/index)");
        }
        JsonNode p = root.has("parameters") ? root.get("parameters") : root;
        s.mix = num(p, "mix", s.mix);
        s.threshold = num(p, "threshold", s.threshold);
        s.sharpness = num(p, "sharpness", s.sharpness);
        s.gainDb = num(p, "gainDb", num(p, "gain_db", num(p, "gain", s.gainDb)));
        JsonNode inv = value(p.get("invert"));
        if (inv != null) {
            s.invert = inv.asBoolean();
        }
    }

    private static JsonNode value(JsonNode n) {
        return n != null && n.isObject() ? n.get("value") : n;
    }

    private static double num(JsonNode p, String key, double dflt) {
        JsonNode v = value(p.get(key));
        if (v == null) {
            return dflt;
        }
        if (!v.isNumber()) {
            throw new UsageException("preset field " + key + " must be a number, got " + v);
        }
        return v.asDouble();
    }

    private static String text(JsonNode n, String key, String dflt) {
        JsonNode v = n.get(key);
        return v != null && v.isTextual() ? v.asText() : dflt;
    }
}
