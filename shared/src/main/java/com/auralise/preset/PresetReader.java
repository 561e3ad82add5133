package com.auralise.preset;

import com.auralise.filter.Control;
import com.auralise.filter.FilterSettings;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads and validates a preset file. Presets come from other users, so the reader is strict:
 * at most {@value #MAX_BYTES} bytes, strict JSON (duplicate keys and trailing tokens refused),
 * unknown fields rejected at every level, every value type- and range-checked. All problems are
 * collected and reported together, each with its JSON path ({@code $.parameters.mix.value}) and the
 * reason. A preset from a newer schema version is refused before anything else (its fields may be
 * ones this version does not know), and one whose model (id and sha256) is not installed is refused
 * with a message that says so.
 */
public final class PresetReader {
    public static final int MAX_BYTES = 64 * 1024;
    public static final int MAX_NAME = 100;
    public static final int MAX_AUTHOR = 100;
    public static final int MAX_DESCRIPTION = 2000;
    public static final int MAX_TAGS = 32;
    public static final int MAX_TAG = 40;
    /** Same bounds as the model reader (8 blocks of at most 512 channels). */
    public static final int MAX_LAYER = 8;
    public static final int MAX_INDEX = 511;

    static final Pattern MODEL_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");
    static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    private static final Set<String> ROOT = Set.of("$schema", "schemaVersion", "name", "author", "description",
            "tags", "model", "feature", "parameters");
    private static final Set<String> MODEL = Set.of("id", "sha256");
    private static final Set<String> PARAMS = Set.copyOf(Control.PRESET.stream().map(Control::presetKey).toList());
    private static final Set<String> VALUE = Set.of("value", "unit");

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private PresetReader() {
    }

    /** Reads a preset file and checks that its model is installed. */
    public static Preset read(Path file, InstalledModels models) throws PresetException {
        return read(readCapped(file), file.toString(), models);
    }

    /** Reads a preset file without checking its model (for listing and tools that only look at it). */
    public static Preset read(Path file) throws PresetException {
        return read(file, null);
    }

    /**
     * Parses and validates preset JSON. {@code source} names it in messages; when {@code models} is
     * not null the preset's model must be one of them.
     */
    public static Preset read(byte[] json, String source, InstalledModels models) throws PresetException {
        if (json.length > MAX_BYTES) {
            throw new PresetException(source + ": preset is " + json.length + " bytes, more than the " + MAX_BYTES + " allowed");
        }
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JacksonException e) {
            JsonLocation loc = e instanceof com.fasterxml.jackson.core.JsonProcessingException p ? p.getLocation() : null;
            throw new PresetException(source + ": not valid JSON" + (loc == null ? "" : " at line " + loc.getLineNr()
                    + ", column " + loc.getColumnNr()) + ": " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new PresetException(source + ": cannot parse: " + e.getMessage(), e);
        }
        if (root == null || root.isMissingNode()) {
            throw new PresetException(source + ": empty file, expected a JSON object");
        }
        if (!root.isObject()) {
            throw new PresetException(source, List.of("$: must be an object, got " + kind(root)));
        }

        // The version first: a newer file may legitimately hold fields that look unknown to us.
        JsonNode v = root.get("schemaVersion");
        if (v != null && v.isIntegralNumber() && v.canConvertToInt() && v.intValue() > Preset.SCHEMA_VERSION) {
            throw new PresetException(source + ": preset schema version " + v.intValue()
                    + " is newer than this Auralise supports (" + Preset.SCHEMA_VERSION + ")");
        }

        Check c = new Check();
        c.only(root, "$", ROOT);
        if (v == null) {
            c.add("$.schemaVersion", "missing (this version writes " + Preset.SCHEMA_VERSION + ")");
        } else if (!v.isIntegralNumber() || !v.canConvertToInt() || v.intValue() < 1) {
            c.add("$.schemaVersion", "must be a positive integer, got " + show(v));
        }
        JsonNode schema = root.get("$schema");
        if (schema != null && !schema.isTextual()) {
            c.add("$.$schema", "must be a string, got " + show(schema));
        }

        String name = c.text(root, "name", "$.name", true, MAX_NAME, false);
        if (name != null && !name.matches("(?s).*[\\p{L}\\p{N}].*")) {
            c.add("$.name", "must contain at least one letter or digit, got " + show(root.get("name")));
        }
        String author = c.text(root, "author", "$.author", false, MAX_AUTHOR, false);
        String description = c.text(root, "description", "$.description", false, MAX_DESCRIPTION, true);
        List<String> tags = new ArrayList<>();
        JsonNode t = root.get("tags");
        if (t != null) {
            if (!t.isArray()) {
                c.add("$.tags", "must be an array of strings, got " + show(t));
            } else if (t.size() > MAX_TAGS) {
                c.add("$.tags", "at most " + MAX_TAGS + " tags, got " + t.size());
            } else {
                for (int i = 0; i < t.size(); i++) {
                    String tag = c.textValue(t.get(i), "$.tags[" + i + "]", MAX_TAG, false);
                    if (tag != null) {
                        if (tag.isEmpty()) {
                            c.add("$.tags[" + i + "]", "must not be empty");
                        }
                        tags.add(tag);
                    }
                }
            }
        }

        Preset.ModelRef model = null;
        JsonNode m = c.object(root, "model", "$.model");
        if (m != null) {
            c.only(m, "$.model", MODEL);
            String id = c.text(m, "id", "$.model.id", true, 100, false);
            if (id != null && !MODEL_ID.matcher(id).matches()) {
                c.add("$.model.id", "must be letters, digits, '.', '_' or '-' (at most 100), got " + show(m.get("id")));
                id = null;
            }
            String sha = c.text(m, "sha256", "$.model.sha256", true, 64, false);
            if (sha != null && !SHA256.matcher(sha).matches()) {
                c.add("$.model.sha256", "must be 64 lower-case hex digits (sha256 of the model file), got " + show(m.get("sha256")));
                sha = null;
            }
            if (id != null && sha != null) {
                model = new Preset.ModelRef(id, sha);
            }
        }

        Preset.FeatureRef feature = null;
        JsonNode f = c.object(root, "feature", "$.feature");
        if (f != null) {
            if (f.has("name")) {
                c.only(f, "$.feature", Set.of("name"), "use either {\"name\"} or {\"layer\", \"index\"}");
                String fn = c.text(f, "name", "$.feature.name", true, MAX_NAME, false);
                if (fn != null && fn.isBlank()) {
                    c.add("$.feature.name", "must not be blank");
                } else if (fn != null) {
                    feature = Preset.FeatureRef.named(fn);
                }
            } else if (f.has("layer") || f.has("index")) {
                c.only(f, "$.feature", Set.of("layer", "index"), "use either {\"name\"} or {\"layer\", \"index\"}");
                Integer layer = c.integer(f, "layer", "$.feature.layer", 1, MAX_LAYER);
                Integer index = c.integer(f, "index", "$.feature.index", 0, MAX_INDEX);
                if (layer != null && index != null) {
                    feature = Preset.FeatureRef.at(layer, index);
                }
            } else {
                c.only(f, "$.feature", Set.of(), "use either {\"name\"} or {\"layer\", \"index\"}");
                c.add("$.feature", "needs either \"name\" (a catalogue name) or \"layer\" and \"index\"");
            }
        }

        FilterSettings params = new FilterSettings();
        JsonNode p = c.object(root, "parameters", "$.parameters");
        if (p != null) {
            c.only(p, "$.parameters", PARAMS);
            // Numbers first, then toggles: problems are listed in the order they always were.
            for (Control k : Control.PRESET) {
                if (!k.toggle()) {
                    k.set(params, c.param(p, k.presetKey(), k.unit(), k.min(), k.max()));
                }
            }
            for (Control k : Control.PRESET) {
                JsonNode b = k.toggle() ? c.valueObject(p, k.presetKey(), k.unit()) : null;
                if (b != null && b.isBoolean()) {
                    k.set(params, b.booleanValue() ? 1 : 0);
                } else if (b != null) {
                    c.add("$.parameters." + k.presetKey() + ".value", "must be true or false, got " + show(b));
                }
            }
        }

        if (!c.problems.isEmpty()) {
            throw new PresetException(source, c.problems);
        }
        if (models != null && models.find(model) == null) {
            throw new PresetException(source + ": " + InstalledModels.notInstalled(model, models.sameId(model.id())));
        }
        return Preset.of(name, author, description, tags, model, feature, params);
    }

    /** The file's bytes, refusing anything that is not a plain file or is larger than the cap. */
    static byte[] readCapped(Path file) throws PresetException {
        if (!Files.isRegularFile(file)) {
            throw new PresetException(file + ": " + (Files.exists(file, LinkOption.NOFOLLOW_LINKS)
                    ? "not a regular file" : "no such file"));
        }
        // Read at most one byte more than allowed: the size in the directory is not trusted.
        try (InputStream in = Files.newInputStream(file)) {
            byte[] b = in.readNBytes(MAX_BYTES + 1);
            if (b.length > MAX_BYTES) {
                throw new PresetException(file + ": preset is larger than the " + MAX_BYTES + " bytes allowed");
            }
            return b;
        } catch (IOException e) {
            throw new PresetException(file + ": cannot read: " + e.getMessage(), e);
        }
    }

    private static String kind(JsonNode n) {
        if (n.isObject()) {
            return "an object";
        }
        if (n.isArray()) {
            return "an array";
        }
        if (n.isTextual()) {
            return "a string";
        }
        if (n.isBoolean()) {
            return "a boolean";
        }
        if (n.isNull()) {
            return "null";
        }
        return n.isNumber() ? "a number" : n.getNodeType().toString().toLowerCase();
    }

    /** A short rendering of a bad value for messages (long strings are cut). */
    static String show(JsonNode n) {
        if (n == null) {
            return "nothing";
        }
        if (n.isContainerNode()) {
            return kind(n);
        }
        String s = n.toString();
        return s.length() > 60 ? s.substring(0, 57) + "...\"" : s;
    }

    /** Collects problems as "path: reason". */
    private static final class Check {
        final List<String> problems = new ArrayList<>();

        void add(String path, String reason) {
            problems.add(path + ": " + reason);
        }

        void only(JsonNode obj, String path, Set<String> allowed) {
            only(obj, path, allowed, null);
        }

        void only(JsonNode obj, String path, Set<String> allowed, String hint) {
            for (Iterator<String> it = obj.fieldNames(); it.hasNext(); ) {
                String k = it.next();
                if (!allowed.contains(k)) {
                    String shown = k.length() > 40 ? k.substring(0, 40) + "..." : k;
                    add(path + "." + shown.replaceAll("\\p{Cntrl}", "?"), "unknown field"
                            + (hint != null ? " (" + hint + ")" : allowed.isEmpty() ? "" : " (allowed: " + String.join(", ", new java.util.TreeSet<>(allowed)) + ")"));
                }
            }
        }

        JsonNode object(JsonNode parent, String key, String path) {
            JsonNode n = parent.get(key);
            if (n == null) {
                add(path, "missing");
                return null;
            }
            if (!n.isObject()) {
                add(path, "must be an object, got " + show(n));
                return null;
            }
            return n;
        }

        String text(JsonNode parent, String key, String path, boolean required, int max, boolean multiline) {
            JsonNode n = parent.get(key);
            if (n == null) {
                if (required) {
                    add(path, "missing");
                }
                return required ? null : "";
            }
            return textValue(n, path, max, multiline);
        }

        String textValue(JsonNode n, String path, int max, boolean multiline) {
            if (!n.isTextual()) {
                add(path, "must be a string, got " + show(n));
                return null;
            }
            String s = n.textValue();
            if (s.codePointCount(0, s.length()) > max) {
                add(path, "at most " + max + " characters, got " + s.codePointCount(0, s.length()));
                return null;
            }
            // Control characters could forge lines in terminals and in the TTL we generate.
            for (int i = 0; i < s.length(); i++) {
                char ch = s.charAt(i);
                if (Character.isISOControl(ch) && !(multiline && (ch == '\n' || ch == '\t'))) {
                    add(path, "must not contain control characters (found U+" + String.format("%04X", (int) ch) + ")");
                    return null;
                }
            }
            return s;
        }

        Integer integer(JsonNode parent, String key, String path, int min, int max) {
            JsonNode n = parent.get(key);
            if (n == null) {
                add(path, "missing");
                return null;
            }
            if (!n.isIntegralNumber() || !n.canConvertToInt()) {
                add(path, "must be an integer, got " + show(n));
                return null;
            }
            if (n.intValue() < min || n.intValue() > max) {
                add(path, "must be within " + min + ".." + max + ", got " + n.intValue());
                return null;
            }
            return n.intValue();
        }

        /** {"value": v, "unit": u}: returns the value node when the unit is right, else null. */
        JsonNode valueObject(JsonNode params, String key, String unit) {
            String path = "$.parameters." + key;
            JsonNode o = object(params, key, path);
            if (o == null) {
                return null;
            }
            only(o, path, VALUE);
            JsonNode u = o.get("unit");
            JsonNode v = o.get("value");
            boolean ok = true;
            if (u == null) {
                add(path + ".unit", "missing (must be \"" + unit + "\")");
                ok = false;
            } else if (!u.isTextual() || !u.textValue().equals(unit)) {
                add(path + ".unit", "must be \"" + unit + "\", got " + show(u));
                ok = false;
            }
            if (v == null) {
                add(path + ".value", "missing");
                ok = false;
            }
            return ok ? v : null;
        }

        double param(JsonNode params, String key, String unit, double min, double max) {
            JsonNode v = valueObject(params, key, unit);
            if (v == null) {
                return 0;
            }
            String path = "$.parameters." + key + ".value";
            if (!v.isNumber()) {
                add(path, "must be a number, got " + show(v));
                return 0;
            }
            double d = v.doubleValue();
            if (!(d >= min && d <= max)) {
                add(path, "must be within " + fmt(min) + ".." + fmt(max) + " " + unit + ", got " + v);
                return 0;
            }
            return d;
        }

        private static String fmt(double d) {
            return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
        }
    }
}
