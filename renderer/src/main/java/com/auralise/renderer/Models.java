package com.auralise.renderer;

import com.auralise.model.DefaultModel;
import com.auralise.model.Model;
import com.auralise.model.ModelReader;
import com.auralise.model.ModelSpec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/** Loading models (a file or the embedded default) and looking things up in their catalogue. */
public final class Models {
    /** Tests set this to stand in for the embedded default model. */
    static volatile Supplier<Model> defaultOverride;

    private Models() {
    }

    /** The model at file, or the default model when file is null. Failures are ModelExceptions (exit 3). */
    public static Model load(Path file) {
        if (file == null) {
            return loadDefault();
        }
        if (!Files.exists(file) && (file.toString().equals(DefaultModel.STUDIO) || file.toString().equals(DefaultModel.LIVE))) {
            return embedded(file.toString());
        }
        if (!Files.isRegularFile(file)) {
            throw new ModelException("model file not found: " + file);
        }
        try {
            return ModelReader.read(file);
        } catch (Exception e) {
            throw new ModelException("cannot load model " + file + ": " + e.getMessage(), e);
        }
    }

    static Model loadDefault() {
        Supplier<Model> o = defaultOverride;
        if (o != null) {
            return o.get();
        }
        return embedded(DefaultModel.STUDIO);
    }

    /** An embedded model by name: "default" (studio) or "live" (causal, low latency). */
    static Model embedded(String name) {
        try {
            return DefaultModel.load(name);
        } catch (Exception e) {
            throw new ModelException(e.getMessage(), e);
        }
    }

    /** One entry per distinct catalogue name: the most confident feature of that name, in catalogue order. */
    public static List<ModelSpec.CatalogueEntry> namedFilters(Model model) {
        Map<String, ModelSpec.CatalogueEntry> best = new LinkedHashMap<>();
        for (ModelSpec.CatalogueEntry e : model.spec().catalogue) {
            if (e.name == null || e.name.isBlank() || !inRange(model, e.layer, e.feature)) {
                continue;
            }
            String key = e.name.trim().toLowerCase(Locale.ROOT);
            ModelSpec.CatalogueEntry b = best.get(key);
            if (b == null || e.confidence > b.confidence) {
                best.put(key, e);
            }
        }
        return new ArrayList<>(best.values());
    }

    /**
     * The catalogue entry a user means by name: exact (case-insensitive) match first, else the
     * one name containing it ("kick" finds "kick selector"). Ambiguity is an error that lists the names.
     */
    public static ModelSpec.CatalogueEntry findFilter(Model model, String name) {
        String q = name.trim().toLowerCase(Locale.ROOT);
        List<ModelSpec.CatalogueEntry> named = namedFilters(model);
        for (ModelSpec.CatalogueEntry e : named) {
            if (e.name.trim().toLowerCase(Locale.ROOT).equals(q)) {
                return e;
            }
        }
        List<ModelSpec.CatalogueEntry> hits = new ArrayList<>();
        for (ModelSpec.CatalogueEntry e : named) {
            if (e.name.toLowerCase(Locale.ROOT).contains(q)) {
                hits.add(e);
            }
        }
        if (hits.size() == 1) {
            return hits.get(0);
        }
        List<String> names = new ArrayList<>();
        for (ModelSpec.CatalogueEntry e : hits.isEmpty() ? named : hits) {
            names.add("'" + e.name + "'");
        }
        if (named.isEmpty()) {
            throw new ModelException("model " + model.spec().id + " has no named filters (empty catalogue): use --layer and --feature");
        }
        throw new ModelException((hits.isEmpty() ? "no filter named '" : "ambiguous filter name '") + name
                + "'; the model's filters are: " + String.join(", ", names));
    }

    static boolean inRange(Model m, int layer, int feature) {
        return layer >= 1 && layer <= m.layers() && feature >= 0 && feature < m.channels(layer);
    }

    /** File-name-safe form of a catalogue name: "Kick selector" -> "kick-selector". */
    public static String slug(String name) {
        String s = name.trim().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-+|-+$)", "");
        return s.isEmpty() ? "filter" : s;
    }

    /**
     * The scores that earned an entry its name, in words: a selector's SI-SDR improvement and envelope
     * correlation for its own stem, an onset detector's or attack suppressor's onset F-measure beside
     * the unprocessed mix's. Readers want these few, not the full score table.
     */
    static String evidence(ModelSpec.CatalogueEntry e) {
        Map<String, Double> s = e.scores;
        String n = e.name == null ? "" : e.name.trim();
        List<String> parts = new ArrayList<>();
        if (n.endsWith(" selector")) {
            String part = n.substring(0, n.length() - " selector".length());
            add(parts, s, "dSiSdr:" + part, part + " SI-SDR %+.1f dB over the mix");
            add(parts, s, "envCorr:" + part, "envelope r %.2f");
        } else {
            add(parts, s, "onsetF", "onset F %.2f");
            add(parts, s, "mixOnsetF", "the mix's own %.2f");
        }
        if (parts.isEmpty()) {
            add(parts, s, "energy", "energy kept %.2f");
        }
        if (Double.valueOf(0.0).equals(s.get("verified"))) {
            parts.add("not verified on audio");
        }
        return String.join(", ", parts);
    }

    private static void add(List<String> parts, Map<String, Double> scores, String key, String format) {
        Double v = scores.get(key);
        if (v != null) {
            parts.add(String.format(Locale.ROOT, format, v));
        }
    }

    /** Every score, "key=value, ...". */
    static String allScores(ModelSpec.CatalogueEntry e) {
        StringBuilder sc = new StringBuilder();
        for (Map.Entry<String, Double> s : e.scores.entrySet()) {
            sc.append(sc.length() == 0 ? "" : ", ").append(s.getKey()).append('=').append(String.format(Locale.ROOT, "%.3g", s.getValue()));
        }
        return sc.toString();
    }

    static Comparator<ModelSpec.CatalogueEntry> byConfidence() {
        return Comparator.comparingDouble((ModelSpec.CatalogueEntry e) -> e.confidence).reversed();
    }
}
