package com.auralise.preset;

import com.auralise.filter.FilterSettings;
import com.auralise.model.Model;
import com.auralise.model.ModelSpec;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A preset: one feature of one model and how to shape it, with a name and author so users can share
 * it. Immutable; {@link PresetReader} builds it from JSON (validated), {@link PresetWriter} writes it.
 * The file format is documented by {@code presets/schema/auralise-preset.schema.json}.
 *
 * <p>Presets are data only: nothing in one names a path or anything to run. The file name a preset
 * is stored under is derived from its name by {@link #slug(String)}.
 */
public final class Preset {
    public static final int SCHEMA_VERSION = 1;

    public static final double MIX_MIN = 0, MIX_MAX = 1;
    /** 0.99, not 1: the core, the plugin's port and the renderer all stop there (1 would cut everything). */
    public static final double THRESHOLD_MIN = 0, THRESHOLD_MAX = 0.99;
    public static final double SHARPNESS_MIN = 0.1, SHARPNESS_MAX = 20;
    public static final double GAIN_MIN = -60, GAIN_MAX = 24;

    /** The unit each parameter's value is written in (the file carries it so a reader cannot guess wrong). */
    public static final String UNIT_MIX = "ratio";
    public static final String UNIT_INVERT = "boolean";
    public static final String UNIT_THRESHOLD = "ratio";
    public static final String UNIT_SHARPNESS = "exponent";
    public static final String UNIT_GAIN = "dB";

    /** The model a preset was made for: its id and the sha256 of its model file. */
    public record ModelRef(String id, String sha256) {
        public ModelRef {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(sha256, "sha256");
        }
    }

    /**
     * Which feature: a catalogue name (resolved against the model when applied), or an explicit
     * 1-based layer and 0-based index. Exactly one form is set.
     */
    public record FeatureRef(String name, int layer, int index) {
        public static FeatureRef named(String name) {
            return new FeatureRef(Objects.requireNonNull(name), 0, -1);
        }

        public static FeatureRef at(int layer, int index) {
            return new FeatureRef(null, layer, index);
        }

        public boolean byName() {
            return name != null;
        }

        @Override
        public String toString() {
            return byName() ? "'" + name + "'" : "L" + layer + " #" + index;
        }
    }

    private final String name;
    private final String author;
    private final String description;
    private final List<String> tags;
    private final ModelRef model;
    private final FeatureRef feature;
    private final double mix;
    private final boolean invert;
    private final double threshold;
    private final double sharpness;
    private final double gainDb;

    public Preset(String name, String author, String description, List<String> tags, ModelRef model,
                  FeatureRef feature, double mix, boolean invert, double threshold, double sharpness, double gainDb) {
        this.name = Objects.requireNonNull(name, "name");
        this.author = author == null ? "" : author;
        this.description = description == null ? "" : description;
        this.tags = List.copyOf(tags == null ? List.of() : tags);
        this.model = Objects.requireNonNull(model, "model");
        this.feature = Objects.requireNonNull(feature, "feature");
        this.mix = mix;
        this.invert = invert;
        this.threshold = threshold;
        this.sharpness = sharpness;
        this.gainDb = gainDb;
    }

    /** A preset holding the shaping parameters of s; the feature is given separately (name or L/K). */
    public static Preset of(String name, String author, String description, List<String> tags, ModelRef model,
                            FeatureRef feature, FilterSettings s) {
        return new Preset(name, author, description, tags, model, feature, s.mix, s.invert, s.threshold,
                s.sharpness, s.gainDb);
    }

    public String name() {
        return name;
    }

    public String author() {
        return author;
    }

    public String description() {
        return description;
    }

    public List<String> tags() {
        return tags;
    }

    public ModelRef model() {
        return model;
    }

    public FeatureRef feature() {
        return feature;
    }

    public double mix() {
        return mix;
    }

    public boolean invert() {
        return invert;
    }

    public double threshold() {
        return threshold;
    }

    public double sharpness() {
        return sharpness;
    }

    public double gainDb() {
        return gainDb;
    }

    /** The file-name form of this preset's name: see {@link #slug(String)}. */
    public String slug() {
        return slug(name);
    }

    /**
     * [a-z0-9-] only, at most 64 characters: "Kick remover (tight)" -> "kick-remover-tight". This is
     * the only way a preset influences a file name, so "../../.bashrc" becomes "bashrc" and stays in
     * the preset folder. Never empty ("preset-" and a hash of the name when nothing is left).
     */
    public static String slug(String name) {
        // Accents are dropped rather than turned into separators: "Kïck" -> "kick".
        String plain = name == null ? "" : java.text.Normalizer.normalize(name, java.text.Normalizer.Form.NFD).replaceAll("\\p{M}+", "");
        String s = plain.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
        s = s.replaceAll("^-+|-+$", "");
        if (s.length() > 64) {
            s = s.substring(0, 64).replaceAll("-+$", "");
        }
        if (s.isEmpty()) {
            // Names with no Latin letters or digits ("鼓") still get distinct file names.
            s = name == null || name.isBlank() ? "preset"
                    : "preset-" + com.auralise.model.ModelWriter.sha256(name.trim().getBytes(java.nio.charset.StandardCharsets.UTF_8)).substring(0, 8);
        }
        return s;
    }

    /** The same preset under another name (e.g. when a user copies and renames one). */
    public Preset withName(String newName) {
        return new Preset(newName, author, description, tags, model, feature, mix, invert, threshold, sharpness, gainDb);
    }

    /**
     * The filter settings this preset means for {@code m}: the catalogue name resolved to a layer and
     * feature, the parameters copied. Throws {@link PresetException} when the model is another one
     * (different id), the name is not in its catalogue, or the layer/index does not exist.
     */
    public FilterSettings toSettings(Model m) throws PresetException {
        String id = m.spec().id;
        if (!model.id().equals(id)) {
            throw new PresetException("preset '" + name + "' is for model " + model.id() + ", not " + id);
        }
        FilterSettings s = new FilterSettings();
        if (feature.byName()) {
            ModelSpec.CatalogueEntry e = Catalogue.find(m, feature.name());
            if (e == null) {
                List<String> names = new ArrayList<>();
                for (ModelSpec.CatalogueEntry n : Catalogue.named(m)) {
                    names.add("'" + n.name + "'");
                }
                throw new PresetException("preset '" + name + "': model " + id + " has no feature named '"
                        + feature.name() + "'" + (names.isEmpty() ? " (its catalogue is empty)"
                        : "; its named features are: " + String.join(", ", names)));
            }
            s.layer = e.layer;
            s.feature = e.feature;
        } else {
            if (feature.layer() < 1 || feature.layer() > m.layers()) {
                throw new PresetException("preset '" + name + "': layer " + feature.layer()
                        + " does not exist in model " + id + " (layers 1-" + m.layers() + ")");
            }
            if (feature.index() < 0 || feature.index() >= m.channels(feature.layer())) {
                throw new PresetException("preset '" + name + "': feature " + feature.index() + " does not exist in layer "
                        + feature.layer() + " of model " + id + " (0-" + (m.channels(feature.layer()) - 1) + ")");
            }
            s.layer = feature.layer();
            s.feature = feature.index();
        }
        s.mix = mix;
        s.invert = invert;
        s.threshold = threshold;
        s.sharpness = sharpness;
        s.gainDb = gainDb;
        return s;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Preset p)) {
            return false;
        }
        return name.equals(p.name) && author.equals(p.author) && description.equals(p.description)
                && tags.equals(p.tags) && model.equals(p.model) && feature.equals(p.feature)
                && Double.compare(mix, p.mix) == 0 && invert == p.invert && Double.compare(threshold, p.threshold) == 0
                && Double.compare(sharpness, p.sharpness) == 0 && Double.compare(gainDb, p.gainDb) == 0;
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, author, description, tags, model, feature, mix, invert, threshold, sharpness, gainDb);
    }

    @Override
    public String toString() {
        return "preset '" + name + "' (model " + model.id() + ", feature " + feature + ", mix " + mix
                + ", invert " + invert + ", threshold " + threshold + ", sharpness " + sharpness + ", gain " + gainDb + " dB)";
    }
}
