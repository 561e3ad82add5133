package com.auralise.preset;

import com.auralise.model.DefaultModel;
import com.auralise.model.Model;
import com.auralise.model.ModelFormatException;
import com.auralise.model.ModelReader;
import com.auralise.model.ModelWriter;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The models a preset may name: each known by its id and the sha256 of its model file. A preset is
 * only accepted when both match one of them, so a preset made for other weights is never applied
 * to the wrong features.
 *
 * <p>{@link #discover(Map)} finds the models shipped in the core jar ("default", "live") and the
 * model files in {@code $XDG_DATA_HOME/auralise/models} (default {@code ~/.local/share/auralise/models}).
 */
public final class InstalledModels {
    /** Loads a model on demand (discovery only hashes and reads ids). */
    public interface Loader {
        Model load() throws ModelFormatException;
    }

    /** One available model; origin says where it is, for messages. */
    public record Entry(String id, String sha256, String origin, Loader loader) {
    }

    private final List<Entry> entries;

    public InstalledModels(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    public static InstalledModels none() {
        return new InstalledModels(List.of());
    }

    /** In-memory models (tests, a model the user passed): hashed in their canonical file form. */
    public static InstalledModels of(Model... models) {
        List<Entry> list = new ArrayList<>();
        for (Model m : models) {
            list.add(entry(m, "in memory"));
        }
        return new InstalledModels(list);
    }

    /** This set plus one more model (e.g. the file given with --model). */
    public InstalledModels with(Entry e) {
        List<Entry> list = new ArrayList<>(entries);
        list.add(e);
        return new InstalledModels(list);
    }

    public static Entry entry(Model m, String origin) {
        return new Entry(m.spec().id, sha256(m), origin, () -> m);
    }

    /** A model file: read once to learn its id, hashed byte for byte. */
    public static Entry entry(Path file) throws IOException {
        Model m = ModelReader.read(file);
        return new Entry(m.spec().id, ModelWriter.sha256(file), file.toString(), () -> m);
    }

    /**
     * The sha256 a preset uses for an in-memory model: that of the file {@link ModelWriter} writes
     * for it (deterministic, so it equals the shipped file's hash when the file was written by it).
     */
    public static String sha256(Model m) {
        try {
            return ModelWriter.sha256(ModelWriter.toBytes(m));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Embedded models plus the user's model folder; unreadable files are skipped (not fatal here). */
    public static InstalledModels discover(Map<String, String> env) {
        List<Entry> list = new ArrayList<>();
        for (String name : new String[] {DefaultModel.STUDIO, DefaultModel.LIVE}) {
            String res = "/com/auralise/model/" + name + ".auralise";
            try (InputStream in = DefaultModel.class.getResourceAsStream(res)) {
                if (in == null) {
                    continue;
                }
                byte[] bytes = in.readAllBytes();
                Model m = ModelReader.read(new java.io.ByteArrayInputStream(bytes));
                list.add(new Entry(m.spec().id, ModelWriter.sha256(bytes), embeddedOrigin(name), () -> m));
            } catch (IOException e) {
                // A broken embedded model is reported where it is loaded; here it just is not available.
            }
        }
        Path dir = userModelDir(env);
        if (Files.isDirectory(dir)) {
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*.{auralise,zip}")) {
                for (Path p : ds) {
                    try {
                        if (Files.isRegularFile(p)) {
                            list.add(entry(p));
                        }
                    } catch (IOException e) {
                        // skipped: not a model this version can read
                    }
                }
            } catch (IOException e) {
                // unreadable folder: no user models
            }
        }
        return new InstalledModels(list);
    }

    public static InstalledModels discover() {
        return discover(System.getenv());
    }

    /** $XDG_DATA_HOME/auralise/models, default ~/.local/share/auralise/models. */
    public static Path userModelDir(Map<String, String> env) {
        return Xdg.dataHome(env).resolve("auralise").resolve("models");
    }

    public List<Entry> entries() {
        return entries;
    }

    /** The model with this id and sha256, or null. */
    public Entry find(Preset.ModelRef ref) {
        for (Entry e : entries) {
            if (e.id().equals(ref.id()) && e.sha256().equalsIgnoreCase(ref.sha256())) {
                return e;
            }
        }
        return null;
    }

    /** The embedded model called name ("default", "live"), or null when this build has none. */
    public Entry embedded(String name) {
        for (Entry e : entries) {
            if (e.origin().equals(embeddedOrigin(name))) {
                return e;
            }
        }
        return null;
    }

    static String embeddedOrigin(String name) {
        return "embedded model '" + name + "'";
    }

    /** Models with this id but other weights (for a precise "not installed" message). */
    public List<Entry> sameId(String id) {
        List<Entry> l = new ArrayList<>();
        for (Entry e : entries) {
            if (e.id().equals(id)) {
                l.add(e);
            }
        }
        return l;
    }

    /** The refusal for a preset whose model is missing, exactly as users see it. */
    static String notInstalled(Preset.ModelRef ref, List<Entry> sameId) {
        StringBuilder b = new StringBuilder("preset needs model ").append(ref.id()).append(" (sha256 ")
                .append(ref.sha256()).append("), which is not installed");
        for (Entry e : sameId) {
            b.append("; installed ").append(e.origin()).append(" has that id but sha256 ").append(e.sha256())
                    .append(" (other weights)");
        }
        return b.toString();
    }
}
