package com.auralise.renderer;

import com.auralise.filter.Control;
import com.auralise.filter.FilterSettings;
import com.auralise.model.Model;
import com.auralise.model.ModelSpec;
import com.auralise.model.ModelWriter;
import com.auralise.preset.InstalledModels;
import com.auralise.preset.Lv2Presets;
import com.auralise.preset.Preset;
import com.auralise.preset.PresetException;
import com.auralise.preset.PresetLibrary;
import com.auralise.preset.PresetReader;
import com.auralise.preset.PresetWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code auralise preset ...}: the user's presets and sharing them. Shipped presets come with the
 * install; the user's own live in $XDG_CONFIG_HOME/auralise/presets; each import, save or remove also
 * refreshes ~/.lv2/auralise-user-presets.lv2 so hosts list the same presets.
 */
@Command(name = "preset", mixinStandardHelpOptions = true,
        description = {"List, share and create presets (a feature of a model and its settings, as a small JSON file).",
                "User presets: $XDG_CONFIG_HOME/auralise/presets (default ~/.config/auralise/presets)."},
        subcommands = {PresetCommand.ListCmd.class, PresetCommand.Show.class, PresetCommand.Import.class,
                PresetCommand.Export.class, PresetCommand.Save.class, PresetCommand.Remove.class, PresetCommand.Lv2.class},
        footer = {"", "Exit codes: 0 ok, 1 failed (bad preset, exists already), 2 usage error, 3 model error.",
                "Use a preset: auralise render --preset NAME|FILE in.wav"})
public final class PresetCommand implements Callable<Integer> {
    /** Tests replace the environment (HOME, XDG_*, AURALISE_PRESETS) to use temporary folders. */
    static volatile Map<String, String> envOverride;

    @Override
    public Integer call() {
        Auralise.err().println("error: missing preset command (list, show, import, export, save, remove, lv2)");
        return ExitCodes.USAGE;
    }

    static Map<String, String> env() {
        Map<String, String> o = envOverride;
        return o != null ? o : System.getenv();
    }

    /** Installed models: embedded, the user's model folder, --model FILE and $AURALISE_MODEL when it is a file. */
    static InstalledModels models(Path extra) {
        InstalledModels m = InstalledModels.discover(env());
        List<Path> files = new ArrayList<>();
        if (extra != null) {
            files.add(extra);
        }
        String envModel = env().get("AURALISE_MODEL");
        if (envModel != null && !envModel.isBlank() && Files.isRegularFile(Path.of(envModel))) {
            files.add(Path.of(envModel));
        }
        for (Path f : files) {
            if (!Files.isRegularFile(f)) {
                throw new ModelException("model file not found: " + f);
            }
            try {
                m = m.with(InstalledModels.entry(f));
            } catch (IOException e) {
                throw new ModelException("cannot load model " + f + ": " + e.getMessage(), e);
            }
        }
        if (extra == null && (Models.defaultOverride != null)) {
            m = m.with(InstalledModels.entry(Models.loadDefault(), "default model"));
        }
        return m;
    }

    static PresetLibrary library(Path extraModel) {
        return PresetLibrary.standard(env(), models(extraModel));
    }

    /** A preset problem is the user's file, not the command line: exit 1 with the reader's message. */
    static int fail(Exception e) {
        Auralise.err().println("error: " + e.getMessage());
        return ExitCodes.FAILED;
    }

    /** Keeps the hosts' view of the user presets current; an LV2 problem never fails the preset command. */
    static void syncLv2(PresetLibrary lib, boolean enabled) {
        if (!enabled) {
            return;
        }
        Path bundle = lv2Bundle();
        try {
            List<PresetLibrary.Entry> user = new ArrayList<>();
            for (PresetLibrary.Entry e : lib.list()) {
                if (!e.shipped()) {
                    user.add(e);
                }
            }
            if (user.isEmpty()) {
                deleteBundle(bundle);
                return;
            }
            PrintStream quiet = new PrintStream(java.io.OutputStream.nullOutputStream());
            int n = Lv2Presets.writeBundle(bundle, user, lib.models(), Lv2Presets.USER_BASE, quiet);
            Auralise.out().println("LV2 hosts: " + n + " user preset" + (n == 1 ? "" : "s") + " in " + bundle
                    + (n < user.size() ? " (" + (user.size() - n) + " left out: their model is not installed; see 'auralise preset list')" : ""));
        } catch (IOException e) {
            Auralise.err().println("warning: could not update the LV2 presets in " + bundle + ": " + e.getMessage());
        }
    }

    static Path lv2Bundle() {
        String home = env().get("HOME");
        return Path.of(home == null ? System.getProperty("user.home") : home, ".lv2", Lv2Presets.USER_BUNDLE);
    }

    private static void deleteBundle(Path bundle) throws IOException {
        if (!Files.isDirectory(bundle)) {
            return;
        }
        Files.deleteIfExists(bundle.resolve("manifest.ttl"));
        Files.delete(bundle);
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Lists shipped and user presets (and why a preset cannot be used).")
    static final class ListCmd implements Callable<Integer> {
        @Option(names = {"-m", "--model"}, paramLabel = "FILE", description = "Also accept presets for this model file.")
        Path model;

        @Override
        public Integer call() {
            PresetLibrary lib = library(model);
            List<PresetLibrary.Entry> all = lib.list();
            PrintStream out = Auralise.out();
            if (all.isEmpty()) {
                out.println("no presets (shipped: " + lib.shippedDirs() + "; yours: " + lib.userDir() + ")");
                return ExitCodes.OK;
            }
            out.printf("%-28s %-8s %-20s %s%n", "NAME", "SOURCE", "FEATURE", "SETTINGS");
            for (PresetLibrary.Entry e : all) {
                String src = e.shipped() ? "shipped" : "user";
                if (e.preset() == null) {
                    out.printf("%-28s %-8s unusable: %s%n", e.slug(), src, oneLine(e.problem()));
                    continue;
                }
                Preset p = e.preset();
                String feature = p.feature().byName() ? p.feature().name() : "L" + p.feature().layer() + " #" + p.feature().index();
                out.printf("%-28s %-8s %-20s %s%s%n", p.name(), src, feature, settings(p),
                        e.problem() == null ? "" : "  [unusable: " + oneLine(e.problem()) + "]");
            }
            return ExitCodes.OK;
        }
    }

    static String settings(Preset p) {
        return String.format(Locale.ROOT, "mix %.2f%s, threshold %.2f, sharpness %.2f, gain %+.1f dB", p.value(Control.MIX),
                p.value(Control.INVERT) != 0 ? ", inverted" : "", p.value(Control.THRESHOLD), p.value(Control.SHARPNESS),
                p.value(Control.GAIN));
    }

    private static String oneLine(String s) {
        return s == null ? "" : s.replace('\n', ' ');
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Prints a preset (by name, or a file) as JSON.")
    static final class Show implements Callable<Integer> {
        @Parameters(paramLabel = "NAME|FILE")
        String what;

        @Override
        public Integer call() {
            try {
                Path f = Path.of(what);
                Preset p = Files.isRegularFile(f) ? PresetReader.read(f) : library(null).find(what).preset();
                if (p == null) {
                    p = PresetReader.read(library(null).find(what).file());
                }
                Auralise.out().print(new String(PresetWriter.toBytes(p), java.nio.charset.StandardCharsets.UTF_8));
                return ExitCodes.OK;
            } catch (PresetException e) {
                return fail(e);
            }
        }
    }

    @Command(name = "import", mixinStandardHelpOptions = true,
            description = {"Validates preset files and adds them to your presets.",
                    "FILE is a preset (.json) or a preset saved by an LV2 host (a .ttl file or a .preset.lv2 folder)."})
    static final class Import implements Callable<Integer> {
        @Parameters(arity = "1..*", paramLabel = "FILE")
        List<Path> files;

        @Option(names = "--force", description = "Replace a preset of the same name.")
        boolean force;

        @Option(names = "--name", paramLabel = "NAME", description = "Store under this name (one file only).")
        String name;

        @Option(names = {"-m", "--model"}, paramLabel = "FILE", description = {"Model file the preset needs, if not installed (it is then copied to",
                "$XDG_DATA_HOME/auralise/models); for LV2 host presets: the model the plugin ran."})
        Path model;

        @Option(names = "--no-lv2", description = "Do not refresh the LV2 presets in ~/.lv2.")
        boolean noLv2;

        @Override
        public Integer call() {
            if (name != null && files.size() > 1) {
                throw new UsageException("--name needs exactly one FILE");
            }
            PresetLibrary lib = library(model);
            int failed = 0;
            for (Path f : files) {
                try {
                    hostModel = null;
                    Preset p = isLv2(f) ? fromHost(f, lib) : PresetReader.read(f, lib.models());
                    if (name != null) {
                        p = p.withName(name);
                    }
                    Path stored = lib.save(p, force);
                    Auralise.out().println("imported '" + p.name() + "' -> " + stored);
                    installModel(p.model(), hostModel != null ? hostModel : model);
                } catch (PresetException | IOException e) {
                    Auralise.err().println("error: " + e.getMessage());
                    failed++;
                }
            }
            // Fresh discovery: a model installed just now makes its presets usable in hosts too.
            syncLv2(library(model), !noLv2 && failed < files.size());
            return failed == 0 ? ExitCodes.OK : ExitCodes.FAILED;
        }

        /** The model file a host preset names (set by fromHost), to install with the preset. */
        private Path hostModel;

        /**
         * Copies the preset's model file into the user's model folder when no installed model matches,
         * so the preset works by name afterwards (render --preset NAME, LV2 hosts) without --model.
         * The file name comes from the validated id and hash only.
         */
        private static void installModel(Preset.ModelRef ref, Path file) throws IOException {
            if (file == null || InstalledModels.discover(env()).find(ref) != null
                    || !ModelWriter.sha256(file).equals(ref.sha256())) {
                return;
            }
            Path dir = InstalledModels.userModelDir(env());
            Files.createDirectories(dir);
            Path target = dir.resolve(ref.id() + "-" + ref.sha256().substring(0, 12) + ".auralise");
            Path tmp = Files.createTempFile(dir, ".model.", ".tmp");
            try {
                Files.copy(file, tmp, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                Files.move(tmp, target, java.nio.file.StandardCopyOption.ATOMIC_MOVE, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(tmp);
            }
            Auralise.out().println("installed model " + ref.id() + " -> " + target);
        }

        private static boolean isLv2(Path f) {
            return Files.isDirectory(f) || f.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".ttl");
        }

        /** A preset saved by a host: its model is the one in the plugin's state ("default" or a model file). */
        private Preset fromHost(Path f, PresetLibrary lib) throws PresetException {
            Lv2Presets.HostPreset h = Lv2Presets.readHostPreset(f);
            InstalledModels.Entry m;
            if (model != null) {
                try {
                    m = InstalledModels.entry(model);
                } catch (IOException e) {
                    throw new PresetException(model + ": " + e.getMessage());
                }
            } else if (h.modelSource() == null || h.modelSource().isBlank() || h.modelSource().equals("default")
                    || h.modelSource().equals("live")) {
                String which = h.modelSource() == null || h.modelSource().isBlank() ? "default" : h.modelSource();
                m = lib.models().embedded(which);
                if (m == null) {
                    for (InstalledModels.Entry e : lib.models().entries()) {
                        if (e.origin().equals("default model") && which.equals("default")) {
                            m = e;
                        }
                    }
                }
                if (m == null) {
                    throw new PresetException(f + ": the host ran the '" + which + "' model, which this build does not embed; pass --model FILE");
                }
            } else if (Files.isRegularFile(Path.of(h.modelSource()))) {
                try {
                    m = InstalledModels.entry(Path.of(h.modelSource()));
                    hostModel = Path.of(h.modelSource());
                } catch (IOException e) {
                    throw new PresetException(f + ": the host's model " + h.modelSource() + " cannot be read: " + e.getMessage());
                }
            } else {
                throw new PresetException(f + ": the host ran model '" + h.modelSource() + "', which is not a model file here; pass --model FILE");
            }
            try {
                return Lv2Presets.fromHost(h, null, m.loader().load(), m.sha256());
            } catch (com.auralise.model.ModelFormatException e) {
                throw new PresetException(f + ": " + e.getMessage());
            }
        }
    }

    @Command(name = "export", mixinStandardHelpOptions = true, description = "Writes a preset to a file (or into a folder) to share it.")
    static final class Export implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Parameters(index = "1", arity = "0..1", paramLabel = "DEST", description = "File or folder (default: the current folder).")
        Path dest;

        @Option(names = "--force", description = "Replace an existing file.")
        boolean force;

        @Override
        public Integer call() {
            try {
                Path f = library(null).export(name, dest == null ? Path.of(".") : dest, force);
                Auralise.out().println("exported '" + name + "' -> " + f);
                return ExitCodes.OK;
            } catch (PresetException | IOException e) {
                return fail(e);
            }
        }
    }

    @Command(name = "save", mixinStandardHelpOptions = true,
            description = "Creates a preset from filter options, e.g.: auralise preset save \"soft kick\" --filter kick --mix 0.6")
    static final class Save implements Callable<Integer> {
        @Parameters(paramLabel = "NAME")
        String name;

        @Mixin
        FilterOptions filterOptions = new FilterOptions();

        @Mixin
        ModelOption model;

        @Option(names = "--author", paramLabel = "TEXT")
        String author;

        @Option(names = "--description", paramLabel = "TEXT")
        String description;

        @Option(names = "--tag", paramLabel = "TAG", description = "May be repeated.")
        List<String> tags = new ArrayList<>();

        @Option(names = "--force", description = "Replace a preset of the same name.")
        boolean force;

        @Option(names = "--no-lv2", description = "Do not refresh the LV2 presets in ~/.lv2.")
        boolean noLv2;

        @Override
        public Integer call() {
            if (!filterOptions.hasSelection()) {
                throw new UsageException("say which feature: --filter NAME, --layer L --feature K, or --preset NAME|FILE");
            }
            Model m = model.load();
            FilterSettings s = filterOptions.resolve(m);
            Preset.FeatureRef feature = Preset.FeatureRef.at(s.layer, s.feature);
            FilterOptions.Selection sel = filterOptions.selection;
            if (sel.filter != null) {
                ModelSpec.CatalogueEntry e = Models.findFilter(m, sel.filter);
                feature = Preset.FeatureRef.named(e.name.trim());
            }
            String sha = modelSha(m, model.model);
            Preset p = Preset.of(name, author, description, tags, new Preset.ModelRef(m.spec().id, sha), feature, s);
            PresetLibrary lib = library(model.model);
            try {
                Path f = lib.save(p, force);
                Auralise.out().println("saved '" + name + "' -> " + f);
            } catch (PresetException | IOException e) {
                return fail(e);
            }
            syncLv2(lib, !noLv2);
            return ExitCodes.OK;
        }
    }

    /** The sha256 a preset pins: the model file's, the embedded model's resource, or the canonical form's. */
    static String modelSha(Model m, Path file) {
        try {
            if (file != null) {
                return ModelWriter.sha256(file);
            }
        } catch (IOException e) {
            throw new ModelException("cannot read model " + file + ": " + e.getMessage(), e);
        }
        InstalledModels.Entry e = InstalledModels.discover(env()).embedded("default");
        if (e != null && e.id().equals(m.spec().id)) {
            return e.sha256();
        }
        return InstalledModels.sha256(m);
    }

    @Command(name = "remove", mixinStandardHelpOptions = true, description = "Deletes one of your presets (shipped ones stay).")
    static final class Remove implements Callable<Integer> {
        @Parameters(paramLabel = "NAME")
        String name;

        @Option(names = "--no-lv2", description = "Do not refresh the LV2 presets in ~/.lv2.")
        boolean noLv2;

        @Override
        public Integer call() {
            PresetLibrary lib = library(null);
            try {
                Auralise.out().println("removed " + lib.remove(name));
            } catch (PresetException | IOException e) {
                return fail(e);
            }
            syncLv2(lib, !noLv2);
            return ExitCodes.OK;
        }
    }

    @Command(name = "lv2", mixinStandardHelpOptions = true,
            description = "Rewrites ~/.lv2/" + Lv2Presets.USER_BUNDLE + " from your presets, so LV2 hosts list them.")
    static final class Lv2 implements Callable<Integer> {
        @Option(names = {"-m", "--model"}, paramLabel = "FILE", description = "Also accept presets for this model file.")
        Path model;

        @Override
        public Integer call() {
            syncLv2(library(model), true);
            return ExitCodes.OK;
        }
    }
}
