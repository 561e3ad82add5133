package com.auralise.renderer;

import com.auralise.filter.Control;
import com.auralise.filter.FilterSettings;
import com.auralise.model.Model;
import com.auralise.model.ModelSpec;
import com.auralise.preset.InstalledModels;
import com.auralise.preset.Preset;
import com.auralise.preset.PresetException;
import com.auralise.preset.PresetReader;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Which feature and how: --preset, --filter or --layer/--feature, then parameter overrides. */
public final class FilterOptions {
    static final class Selection {
        @Option(names = "--preset", paramLabel = "FILE|NAME", description = "Preset: a file (JSON) or the name of a shipped or user preset (see 'auralise preset list').")
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

    public boolean hasSelection() {
        return selection != null;
    }

    /** The settings these options mean for this model; bad values are usage errors (UsageException). */
    FilterSettings resolve(Model model) {
        FilterSettings s = new FilterSettings();
        if (selection != null && selection.preset != null) {
            throw new IllegalStateException("presets choose their model: use loadPreset");
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
        for (Control c : Control.ALL) {
            if (c.option() == null || c.toggle() || c.integer()) {
                continue; // layer and feature: the model's, above
            }
            double v = c.get(s);
            if (!(v >= c.min() && v <= c.max())) {
                throw new UsageException(c.option() + " must be in " + c.min() + ".." + c.max() + ", got " + v);
            }
        }
    }

    /** The settings a preset file means for this model (its id must match; used by the preset tools). */
    static void readPreset(Path file, Model model, FilterSettings s) {
        try {
            s.copyFrom(PresetReader.read(file).toSettings(model));
        } catch (PresetException e) {
            throw new UsageException("bad preset: " + e.getMessage());
        }
    }

    public Path preset() {
        return selection == null ? null : selection.preset;
    }

    /** A preset and the model it was made for (or, without a preset, the --model and these options' settings). */
    public record PresetChoice(Model model, FilterSettings settings) {
    }

    /**
     * The model and settings these options mean, as `auralise render` resolves them: a preset picks
     * its model (which must be modelFile if one is given), otherwise modelFile (null: the default)
     * with --filter or --layer/--feature; then the overrides, then the range checks.
     */
    public PresetChoice choose(Path modelFile) {
        if (preset() != null) {
            PresetChoice pc = loadPreset(preset(), modelFile);
            overrides(pc.settings());
            check(pc.model(), pc.settings());
            return pc;
        }
        Model m = Models.load(modelFile);
        return new PresetChoice(m, resolve(m));
    }

    /**
     * Loads a preset with the core's strict reader. Its model (id and sha256) must be the --model
     * file if one is given, else an installed one (embedded or in the user's model folder): a
     * preset is never applied to other weights. Bad preset files are usage errors, model mismatches
     * model errors.
     */
    public static PresetChoice loadPreset(Path file, Path modelFile) {
        Preset p;
        try {
            if (Files.exists(file) || file.getNameCount() != 1 || file.toString().endsWith(".json")) {
                p = PresetReader.read(file);
            } else {
                // Not a file: a preset's name in the library (shipped or the user's own).
                p = PresetCommand.library(modelFile).find(file.toString()).preset();
                if (p == null) {
                    throw new UsageException("preset '" + file + "' cannot be read (see 'auralise preset list')");
                }
            }
        } catch (PresetException e) {
            throw new UsageException("bad preset: " + e.getMessage());
        }
        Model m;
        if (modelFile != null) {
            m = Models.load(modelFile);
            // The file's own bytes, or the canonical form of what it holds (the embedded ones).
            InstalledModels given = InstalledModels.of(m);
            if (Files.isRegularFile(modelFile)) {
                try {
                    given = given.with(InstalledModels.entry(modelFile));
                } catch (IOException e) {
                    throw new ModelException("cannot read model " + modelFile + ": " + e.getMessage(), e);
                }
            }
            if (given.find(p.model()) == null) {
                throw new ModelException("preset '" + p.name() + "' is for model " + p.model().id() + " (other weights than "
                        + modelFile + ", which is " + m.spec().id + "): a preset only applies to the exact model it was made with");
            }
        } else {
            InstalledModels installed = InstalledModels.discover();
            InstalledModels.Entry e = installed.find(p.model());
            if (e == null) {
                throw new ModelException("preset '" + p.name() + "' needs model " + p.model().id()
                        + ", which is not installed: pass it with --model FILE");
            }
            try {
                m = e.loader().load();
            } catch (Exception ex) {
                throw new ModelException("cannot load model " + e.origin() + ": " + ex.getMessage(), ex);
            }
        }
        try {
            return new PresetChoice(m, p.toSettings(m));
        } catch (PresetException ex) {
            throw new ModelException(ex.getMessage());
        }
    }
}
