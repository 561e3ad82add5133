package com.auralise.preset;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The presets a user has: the shipped ones (read-only, installed with Auralise) and the user's own in
 * {@code $XDG_CONFIG_HOME/auralise/presets} (default {@code ~/.config/auralise/presets}), one
 * {@code <slug>.json} file each. Import validates a file and stores it there under the slug of its
 * name; export writes one out to share. Both re-write the preset from its parsed form, so what is
 * stored or shared holds exactly the validated fields and nothing else.
 *
 * <p>Shipped presets are looked up in {@code $AURALISE_PRESETS} (one folder, set by a launcher or for
 * tests), else in {@code auralise/presets} under {@code $XDG_DATA_HOME} and each of {@code $XDG_DATA_DIRS}
 * (so ~/.local/share for a user install, /usr/share for the Debian package).
 */
public final class PresetLibrary {
    public static final String SHIPPED_ENV = "AURALISE_PRESETS";

    /** One preset file; {@code preset} is null and {@code problem} says why when it cannot be used. */
    public record Entry(String slug, Path file, boolean shipped, Preset preset, String problem) {
        public boolean usable() {
            return preset != null && problem == null;
        }

        public String name() {
            return preset != null ? preset.name() : slug;
        }
    }

    private final Path userDir;
    private final List<Path> shippedDirs;
    private final InstalledModels models;

    public PresetLibrary(Path userDir, List<Path> shippedDirs, InstalledModels models) {
        this.userDir = userDir;
        this.shippedDirs = List.copyOf(shippedDirs);
        this.models = models;
    }

    /** The library for this user, from the environment (XDG variables, HOME, AURALISE_PRESETS). */
    public static PresetLibrary standard(Map<String, String> env, InstalledModels models) {
        return new PresetLibrary(userDir(env), shippedDirs(env), models);
    }

    public static Path userDir(Map<String, String> env) {
        return Xdg.configHome(env).resolve("auralise").resolve("presets");
    }

    public static List<Path> shippedDirs(Map<String, String> env) {
        String explicit = env.get(SHIPPED_ENV);
        if (explicit != null && !explicit.isBlank()) {
            return List.of(Path.of(explicit));
        }
        List<Path> dirs = new ArrayList<>();
        dirs.add(Xdg.dataHome(env).resolve("auralise").resolve("presets"));
        for (Path d : Xdg.dataDirs(env)) {
            dirs.add(d.resolve("auralise").resolve("presets"));
        }
        return dirs;
    }

    public Path userDir() {
        return userDir;
    }

    public List<Path> shippedDirs() {
        return shippedDirs;
    }

    public InstalledModels models() {
        return models;
    }

    /**
     * Every preset file, user presets first, then shipped ones, each group sorted by slug. A user preset
     * hides a shipped one with the same slug (the shipped one is not listed); within the shipped folders
     * the first folder wins, as XDG prescribes. Broken files are listed with their problem.
     */
    public List<Entry> list() {
        Map<String, Entry> bySlug = new LinkedHashMap<>();
        for (Entry e : scan(userDir, false)) {
            bySlug.putIfAbsent(e.slug(), e);
        }
        for (Path d : shippedDirs) {
            for (Entry e : scan(d, true)) {
                bySlug.putIfAbsent(e.slug(), e);
            }
        }
        return new ArrayList<>(bySlug.values());
    }

    private List<Entry> scan(Path dir, boolean shipped) {
        List<Entry> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*.json")) {
            for (Path p : ds) {
                files.add(p);
            }
        } catch (IOException e) {
            return out;
        }
        files.sort(Comparator.comparing(Path::toString));
        for (Path p : files) {
            String file = p.getFileName().toString();
            String slug = file.substring(0, file.length() - ".json".length());
            try {
                Preset preset = PresetReader.read(p);
                String problem = null;
                if (models != null && models.find(preset.model()) == null) {
                    problem = InstalledModels.notInstalled(preset.model(), models.sameId(preset.model().id()));
                }
                out.add(new Entry(slug, p, shipped, preset, problem));
            } catch (PresetException e) {
                out.add(new Entry(slug, p, shipped, null, e.getMessage()));
            }
        }
        return out;
    }

    /**
     * The preset called {@code nameOrSlug} (its name, case-insensitive, or its slug), checked against
     * the installed models. A name that matches nothing is an error listing what there is.
     */
    public Entry find(String nameOrSlug) throws PresetException {
        String slug = Preset.slug(nameOrSlug);
        List<Entry> all = list();
        for (Entry e : all) {
            if (e.preset() != null && e.preset().name().trim().equalsIgnoreCase(nameOrSlug.trim())) {
                return e;
            }
        }
        for (Entry e : all) {
            if (e.slug().equals(slug)) {
                return e;
            }
        }
        List<String> names = new ArrayList<>();
        for (Entry e : all) {
            names.add("'" + e.name() + "'");
        }
        throw new PresetException("no preset named '" + nameOrSlug + "'" + (names.isEmpty()
                ? " (there are no presets: none shipped in " + shippedDirs + ", none in " + userDir + ")"
                : "; presets: " + String.join(", ", names)));
    }

    /** Loads a usable preset by name: its file must be valid and its model installed. */
    public Preset load(String nameOrSlug) throws PresetException {
        Entry e = find(nameOrSlug);
        if (!e.usable()) {
            throw new PresetException(e.file() + ": " + e.problem());
        }
        return e.preset();
    }

    /**
     * Validates the preset file {@code source} (including that its model is installed) and stores it in
     * the user folder as {@code <slug>.json}. An existing preset of that slug is only replaced when
     * {@code force} is set. Returns the stored file.
     */
    public Path importPreset(Path source, boolean force) throws PresetException, IOException {
        Preset p = PresetReader.read(source, models);
        return save(p, force);
    }

    /** Stores a preset in the user folder (see {@link #importPreset}). */
    public Path save(Preset p, boolean force) throws PresetException, IOException {
        Path target = userDir.resolve(p.slug() + ".json");
        // The slug has no separators or dots, so the target is always directly inside the user folder.
        if (!target.getParent().equals(userDir)) {
            throw new IllegalStateException("slug escaped the preset folder: " + target);
        }
        try {
            PresetWriter.write(p, target, force);
        } catch (FileAlreadyExistsException e) {
            throw new PresetException("a preset '" + p.slug() + "' already exists (" + target
                    + "); use --force to replace it");
        }
        return target;
    }

    /**
     * Writes the preset called {@code nameOrSlug} to {@code dest}: a file, or a folder (then
     * {@code <slug>.json} inside it). Refuses to overwrite unless {@code force}. Returns the file written.
     */
    public Path export(String nameOrSlug, Path dest, boolean force) throws PresetException, IOException {
        Entry e = find(nameOrSlug);
        if (e.preset() == null) {
            throw new PresetException(e.file() + ": " + e.problem());
        }
        Path target = Files.isDirectory(dest) ? dest.resolve(e.preset().slug() + ".json") : dest;
        try {
            PresetWriter.write(e.preset(), target, force);
        } catch (FileAlreadyExistsException x) {
            throw new PresetException(target + " already exists; use --force to replace it");
        }
        return target;
    }

    /** Removes a user preset (shipped presets cannot be removed). Returns the removed file. */
    public Path remove(String nameOrSlug) throws PresetException, IOException {
        Entry e = find(nameOrSlug);
        if (e.shipped()) {
            throw new PresetException("'" + e.name() + "' is a shipped preset and cannot be removed");
        }
        Files.delete(e.file());
        return e.file();
    }
}
