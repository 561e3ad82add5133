package com.auralise.preset;

import com.auralise.model.Model;
import com.auralise.model.ModelSpec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Looking up the named features of a model's catalogue, the same way everywhere presets are resolved. */
public final class Catalogue {
    private Catalogue() {
    }

    /**
     * One entry per distinct name (case and surrounding space ignored): the most confident feature
     * of that name, in catalogue order. Entries outside the model's layers/channels are skipped.
     */
    public static List<ModelSpec.CatalogueEntry> named(Model m) {
        Map<String, ModelSpec.CatalogueEntry> best = new LinkedHashMap<>();
        for (ModelSpec.CatalogueEntry e : m.spec().catalogue) {
            if (e.name == null || e.name.isBlank() || e.layer < 1 || e.layer > m.layers()
                    || e.feature < 0 || e.feature >= m.channels(e.layer)) {
                continue;
            }
            String key = key(e.name);
            ModelSpec.CatalogueEntry b = best.get(key);
            if (b == null || e.confidence > b.confidence) {
                best.put(key, e);
            }
        }
        return new ArrayList<>(best.values());
    }

    /** The entry with exactly this name (case and surrounding space ignored), or null. */
    public static ModelSpec.CatalogueEntry find(Model m, String name) {
        String k = key(name);
        for (ModelSpec.CatalogueEntry e : named(m)) {
            if (key(e.name).equals(k)) {
                return e;
            }
        }
        return null;
    }

    /** 0-based position of e in the raw catalogue list (what the plugin's "filter" port enumerates), or -1. */
    public static int rawIndex(Model m, ModelSpec.CatalogueEntry e) {
        return m.spec().catalogue.indexOf(e);
    }

    static String key(String name) {
        return name.trim().toLowerCase(Locale.ROOT);
    }
}
