package com.auralise.preset;

import com.auralise.filter.Control;
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
    /** The values of the {@link Control#PRESET} controls (a private copy; nothing else in it is used). */
    private final FilterSettings parameters = new FilterSettings();

    private Preset(String name, String author, String description, List<String> tags, ModelRef model,
                   FeatureRef feature, FilterSettings s) {
        this.name = Objects.requireNonNull(name, "name");
        this.author = author == null ? "" : author;
        this.description = description == null ? "" : description;
        this.tags = List.copyOf(tags == null ? List.of() : tags);
        this.model = Objects.requireNonNull(model, "model");
        this.feature = Objects.requireNonNull(feature, "feature");
        for (Control c : Control.PRESET) {
            c.set(parameters, c.get(s));
        }
    }

    /** A preset holding the shaping parameters of s; the feature is given separately (name or L/K). */
    public static Preset of(String name, String author, String description, List<String> tags, ModelRef model,
                            FeatureRef feature, FilterSettings s) {
        return new Preset(name, author, description, tags, model, feature, s);
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

    /** A preset control's value (toggles as 0 or 1). */
    public double value(Control c) {
        return c.get(parameters);
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
        return new Preset(newName, author, description, tags, model, feature, parameters);
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
        for (Control c : Control.PRESET) {
            c.set(s, c.get(parameters));
        }
        return s;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Preset p)) {
            return false;
        }
        if (!(name.equals(p.name) && author.equals(p.author) && description.equals(p.description)
                && tags.equals(p.tags) && model.equals(p.model) && feature.equals(p.feature))) {
            return false;
        }
        for (Control c : Control.PRESET) {
            if (Double.compare(value(c), p.value(c)) != 0) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        List<Object> parts = new ArrayList<>(List.of(name, author, description, tags, model, feature));
        for (Control c : Control.PRESET) {
            parts.add(shown(c));
        }
        return Objects.hash(parts.toArray());
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("preset '" + name + "' (model " + model.id() + ", feature " + feature);
        for (Control c : Control.PRESET) {
            b.append(", ").append(c.symbol()).append(' ').append(shown(c)).append("dB".equals(c.unit()) ? " dB" : "");
        }
        return b.append(')').toString();
    }

    /** A value as the file writes it: a boolean for toggles, else a number. */
    private Object shown(Control c) {
        return c.toggle() ? (Object) (value(c) != 0) : (Object) value(c);
    }
}
