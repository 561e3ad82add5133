package com.auralise.preset;

import com.auralise.filter.FilterSettings;
import com.auralise.model.DefaultModel;
import com.auralise.model.Model;
import com.auralise.model.ModelReader;
import com.auralise.model.ModelSpec;
import com.auralise.model.ModelWriter;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Generates the shipped presets from a model's catalogue: one preset per named feature ("kick
 * selector", "onset detector", ...) and, for every selector and detector, its inverse ("kick
 * remover": everything except the kick). Presets name their feature by catalogue name and pin the
 * model by id and sha256, so they follow the catalogue when it is rebuilt and are refused by any
 * other model.
 *
 * <p>Usage: {@code ShippedPresets MODEL OUT_DIR}, MODEL being a model file or "default"/"live" (the
 * models embedded in the core). Re-running replaces the shipped presets in OUT_DIR and removes shipped
 * ones whose feature left the catalogue; files without the "shipped" tag are never touched.
 */
public final class ShippedPresets {
    public static final String AUTHOR = "Auralise";
    public static final String TAG = "shipped";

    private ShippedPresets() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: ShippedPresets MODEL_FILE|default|live OUT_DIR");
            System.exit(2);
        }
        byte[] file;
        if (args[0].equals(DefaultModel.STUDIO) || args[0].equals(DefaultModel.LIVE)) {
            try (InputStream in = DefaultModel.class.getResourceAsStream("/com/auralise/model/" + args[0] + ".auralise")) {
                if (in == null) {
                    System.err.println("no embedded model '" + args[0] + "' in this build");
                    System.exit(3);
                }
                file = in.readAllBytes();
            }
        } else {
            file = Files.readAllBytes(Path.of(args[0]));
        }
        Model m = ModelReader.read(new java.io.ByteArrayInputStream(file));
        List<Preset> presets = generate(m, ModelWriter.sha256(file));
        List<Path> written = write(presets, Path.of(args[1]));
        for (Path p : written) {
            System.out.println(p);
        }
        System.err.println(written.size() + " presets for model " + m.spec().id + " in " + args[1]);
    }

    /** The shipped presets for model m, whose file has the given sha256. */
    public static List<Preset> generate(Model m, String sha256) {
        Preset.ModelRef ref = new Preset.ModelRef(m.spec().id, sha256);
        List<ModelSpec.CatalogueEntry> named = Catalogue.named(m);
        Set<String> taken = new HashSet<>();
        for (ModelSpec.CatalogueEntry e : named) {
            taken.add(Catalogue.key(e.name));
        }
        List<Preset> out = new ArrayList<>();
        for (ModelSpec.CatalogueEntry e : named) {
            String name = e.name.trim();
            String where = "layer " + e.layer + ", feature " + e.feature + " of model " + m.spec().id;
            String conf = String.format(Locale.ROOT, "catalogue confidence %.2f", e.confidence);
            FilterSettings s = new FilterSettings();
            out.add(Preset.of(name, AUTHOR, "Keeps what the '" + name + "' feature (" + where
                    + ") responds to and removes the rest; " + conf + ".", tags(name, e.layer, false),
                    ref, Preset.FeatureRef.named(name), s));
            String inverse = inverseName(name);
            if (inverse != null && taken.add(Catalogue.key(inverse))) {
                FilterSettings inv = new FilterSettings();
                inv.invert = true;
                out.add(Preset.of(inverse, AUTHOR, "Everything except what the '" + name + "' feature (" + where
                        + ") responds to; " + conf + ".", tags(inverse, e.layer, true),
                        ref, Preset.FeatureRef.named(name), inv));
            }
        }
        return out;
    }

    /** "kick selector" -> "kick remover", "onset detector" -> "onset remover"; others have no inverse preset. */
    static String inverseName(String name) {
        String n = name.trim();
        for (String suffix : new String[] {" selector", " detector"}) {
            if (n.toLowerCase(Locale.ROOT).endsWith(suffix) && n.length() > suffix.length()) {
                return n.substring(0, n.length() - suffix.length()) + " remover";
            }
        }
        return null;
    }

    private static List<String> tags(String name, int layer, boolean inverted) {
        List<String> t = new ArrayList<>();
        t.add(TAG);
        t.add("layer-" + layer);
        String[] words = name.trim().toLowerCase(Locale.ROOT).split("\\s+");
        String kind = Preset.slug(words[words.length - 1]);
        if (!kind.equals("preset")) {
            t.add(kind);
        }
        if (inverted) {
            t.add("inverted");
        }
        return t;
    }

    /**
     * Writes the presets into dir as {@code <slug>.json} and deletes shipped presets there that are not
     * in the list any more. Returns the files written.
     */
    public static List<Path> write(List<Preset> presets, Path dir) throws IOException, PresetException {
        Files.createDirectories(dir);
        Set<String> keep = new HashSet<>();
        List<Path> written = new ArrayList<>();
        for (Preset p : presets) {
            if (!keep.add(p.slug())) {
                throw new PresetException("two shipped presets share the file name " + p.slug() + ".json");
            }
            Path f = dir.resolve(p.slug() + ".json");
            PresetWriter.write(p, f, true);
            written.add(f);
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*.json")) {
            for (Path f : ds) {
                String slug = f.getFileName().toString().replaceFirst("\\.json$", "");
                if (!keep.contains(slug) && isShipped(f)) {
                    Files.delete(f);
                }
            }
        }
        return written;
    }

    private static boolean isShipped(Path f) {
        try {
            Preset p = PresetReader.read(f);
            return p.tags().contains(TAG) && AUTHOR.equals(p.author());
        } catch (PresetException e) {
            return false; // not ours to delete
        }
    }
}
