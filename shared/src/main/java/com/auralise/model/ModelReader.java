package com.auralise.model;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;

/**
 * Loads a model file: a zip holding {@code model.json} (a {@link ModelSpec}) and one float32
 * {@code .npy} tensor per block weight/bias entry. Everything is validated before a {@link Model}
 * exists, because model files come from users and the web:
 *
 * <ul>
 *   <li>the zip is streamed and never extracted; every entry is inflated through a counting
 *       stream, so header sizes are never trusted (zip bombs stop at the cap, not after);</li>
 *   <li>entry names must be plain relative paths (no {@code ..}, absolute paths, backslashes,
 *       drive letters or control characters), unique, at most {@value #MAX_ENTRIES} entries;</li>
 *   <li>every file entry must be {@code model.json} or a tensor named by the spec: unreferenced
 *       entries are <b>rejected</b> (a typo in a name must not silently load a different file);
 *       directory entries are tolerated;</li>
 *   <li>{@code model.json} is at most 1 MiB, strict JSON (unknown fields, duplicate keys,
 *       coercions refused), then every field is range-checked;</li>
 *   <li>tensors at most 64 MiB each, 256 MiB in total, shapes equal to the spec, finite values.</li>
 * </ul>
 * Every failure is a {@link ModelFormatException} whose message names the entry or field.
 */
public final class ModelReader {
    public static final String SPEC_ENTRY = "model.json";
    public static final int MAX_ENTRIES = 256;
    public static final long MAX_JSON_BYTES = 1L << 20;
    public static final long MAX_TENSOR_BYTES = 64L << 20;
    public static final long MAX_TOTAL_BYTES = 256L << 20;

    public static final int MIN_SAMPLE_RATE = 8000;
    public static final int MAX_SAMPLE_RATE = 192000;
    public static final int MAX_BLOCKS = 8;
    public static final int MAX_CHANNELS = 512;
    public static final int MAX_KERNEL = 7;
    public static final int MAX_POOL = 4;
    public static final int MIN_NFFT = 64;
    public static final int MAX_NFFT = 16384;
    public static final int MAX_BINS = 8192;

    /** Caps on the zip; tests shrink them to exercise the limits without inflating hundreds of MiB. */
    record Limits(int entries, long json, long tensor, long total) {
        static final Limits DEFAULT = new Limits(MAX_ENTRIES, MAX_JSON_BYTES, MAX_TENSOR_BYTES, MAX_TOTAL_BYTES);
    }

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .build();

    private ModelReader() {
    }

    public static Model read(Path zip) throws ModelFormatException {
        try (InputStream in = Files.newInputStream(zip)) {
            return read(in, Limits.DEFAULT);
        } catch (ModelFormatException e) {
            throw new ModelFormatException(zip.getFileName() + ": " + e.getMessage(), e.getCause());
        } catch (IOException e) {
            throw new ModelFormatException(zip + ": cannot read: " + e, e);
        }
    }

    /** Reads a model zip from a stream; the stream is consumed but not closed. */
    public static Model read(InputStream zip) throws ModelFormatException {
        return read(zip, Limits.DEFAULT);
    }

    static Model read(InputStream raw, Limits limits) throws ModelFormatException {
        Map<String, byte[]> entries = readEntries(raw, limits);
        byte[] json = entries.get(SPEC_ENTRY);
        if (json == null) {
            throw new ModelFormatException("missing " + SPEC_ENTRY + " in the model zip (entries: "
                    + entries.keySet() + ")");
        }
        ModelSpec spec = parseSpec(json);
        validate(spec);

        Set<String> referenced = new HashSet<>();
        referenced.add(SPEC_ENTRY);
        List<ConvWeights> convs = new ArrayList<>();
        for (int i = 0; i < spec.blocks.size(); i++) {
            ModelSpec.Block b = spec.blocks.get(i);
            String where = "blocks[" + i + "]";
            float[] w = tensor(entries, b.weights, where + ".weights",
                    new int[] {b.outChannels, b.inChannels, b.kernel[0], b.kernel[1]}, limits);
            float[] bias = tensor(entries, b.bias, where + ".bias", new int[] {b.outChannels}, limits);
            referenced.add(b.weights);
            referenced.add(b.bias);
            convs.add(new ConvWeights(b.outChannels, b.inChannels, b.kernel[0], b.kernel[1], w, bias));
        }
        for (String name : entries.keySet()) {
            if (!referenced.contains(name)) {
                throw new ModelFormatException("zip entry '" + name + "' is not referenced by " + SPEC_ENTRY
                        + " (unreferenced entries are rejected)");
            }
        }
        return new Model(spec, convs);
    }

    private static float[] tensor(Map<String, byte[]> entries, String name, String field, int[] shape, Limits limits)
            throws ModelFormatException {
        byte[] bytes = entries.get(name);
        if (bytes == null) {
            throw new ModelFormatException(field + ": entry '" + name + "' missing from the model zip");
        }
        Npy.Tensor t = Npy.read(bytes, name, limits.tensor() / 4);
        if (!java.util.Arrays.equals(t.shape, shape)) {
            throw new ModelFormatException(field + ": entry '" + name + "' has shape " + Npy.shapeString(t.shape)
                    + ", expected " + Npy.shapeString(shape));
        }
        checkFinite(t.data, field + " ('" + name + "')");
        return t.data;
    }

    private static void checkFinite(float[] v, String what) throws ModelFormatException {
        for (int i = 0; i < v.length; i++) {
            if (!Float.isFinite(v[i])) {
                throw new ModelFormatException(what + ": value " + i + " is " + v[i] + ", expected finite");
            }
        }
    }

    // ---------------------------------------------------------------- zip

    private static Map<String, byte[]> readEntries(InputStream raw, Limits limits) throws ModelFormatException {
        BufferedInputStream in = new BufferedInputStream(raw);
        try {
            in.mark(4);
            byte[] sig = in.readNBytes(4);
            in.reset();
            if (sig.length < 4 || sig[0] != 'P' || sig[1] != 'K' || sig[2] != 3 || sig[3] != 4) {
                throw new ModelFormatException("not a zip file (model files are zips starting with 'PK\\3\\4'; got "
                        + sig.length + " byte(s): " + hex(sig) + ")");
            }
            // Not closed: closing would close the caller's stream; there is nothing else to release.
            ZipInputStream zin = new ZipInputStream(in);
            Map<String, byte[]> entries = new LinkedHashMap<>();
            Set<String> dirs = new HashSet<>();
            long total = 0;
            int count = 0;
            ZipEntry e;
            while ((e = zin.getNextEntry()) != null) {
                if (++count > limits.entries()) {
                    throw new ModelFormatException("too many zip entries: more than " + limits.entries());
                }
                String name = e.getName();
                checkEntryName(name);
                if (entries.containsKey(name) || dirs.contains(name)) {
                    throw new ModelFormatException("duplicate zip entry '" + name + "'");
                }
                if (e.isDirectory()) {
                    dirs.add(name);
                    long n = readLimited(zin, 0, limits.total() - total, name).length;
                    total += n;
                    continue;
                }
                long cap = name.equals(SPEC_ENTRY) ? limits.json() : limits.tensor();
                if (e.getSize() > cap) { // cheap early refusal; the counting read below is what enforces it
                    throw tooLarge(name, cap);
                }
                byte[] data = readLimited(zin, cap, limits.total() - total, name);
                total += data.length;
                entries.put(name, data);
            }
            if (count == 0) {
                throw new ModelFormatException("not a zip file or an empty zip: no entries found");
            }
            return entries;
        } catch (ModelFormatException ex) {
            throw ex;
        } catch (ZipException ex) {
            throw new ModelFormatException("corrupt zip: " + ex.getMessage(), ex);
        } catch (IOException ex) {
            throw new ModelFormatException("cannot read the model zip: " + ex, ex);
        }
    }

    /** Inflates one entry but never more than {@code cap} bytes (nor beyond the remaining total budget). */
    private static byte[] readLimited(InputStream in, long cap, long totalLeft, String name) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[16384];
        long n = 0;
        int r;
        while ((r = in.read(buf)) > 0) {
            n += r;
            if (n > cap) {
                throw tooLarge(name, cap);
            }
            if (n > totalLeft) {
                throw new ModelFormatException("zip entries inflate to more than the total limit of "
                        + mib(totalLeft) + " left at entry '" + name + "' (possible zip bomb)");
            }
            out.write(buf, 0, r);
        }
        return out.toByteArray();
    }

    private static ModelFormatException tooLarge(String name, long cap) {
        return new ModelFormatException(cap == 0
                ? "zip directory entry '" + name + "' has content"
                : "zip entry '" + name + "' inflates to more than its limit of " + mib(cap) + " (possible zip bomb)");
    }

    private static String mib(long bytes) {
        return bytes % (1L << 20) == 0 ? (bytes >> 20) + " MiB" : bytes + " bytes";
    }

    private static String hex(byte[] b) {
        StringBuilder s = new StringBuilder();
        for (byte x : b) {
            s.append(String.format("%02x", x & 0xff));
        }
        return s.toString();
    }

    /** Names must be plain relative paths: nothing an extractor could be tricked into writing elsewhere. */
    static void checkEntryName(String name) throws ModelFormatException {
        String problem = entryNameProblem(name);
        if (problem != null) {
            throw new ModelFormatException("zip entry '" + name + "': unsafe name (" + problem + ")");
        }
    }

    static String entryNameProblem(String name) {
        if (name == null || name.isEmpty()) {
            return "empty";
        }
        if (name.length() > 255) {
            return "longer than 255 characters";
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                return "control character";
            }
        }
        if (name.indexOf('\\') >= 0) {
            return "backslash";
        }
        if (name.startsWith("/")) {
            return "absolute path";
        }
        if (name.length() >= 2 && name.charAt(1) == ':') {
            return "drive letter";
        }
        String body = name.endsWith("/") ? name.substring(0, name.length() - 1) : name;
        for (String seg : body.split("/", -1)) {
            if (seg.equals("..")) {
                return "parent directory '..'";
            }
            if (seg.equals(".") || seg.isEmpty()) {
                return "empty or '.' path segment";
            }
        }
        return null;
    }

    // ---------------------------------------------------------------- model.json

    /** Parses and binds model.json strictly; ranges are checked by {@link #validate(ModelSpec)}. */
    public static ModelSpec parseSpec(byte[] json) throws ModelFormatException {
        if (json.length > MAX_JSON_BYTES) {
            throw new ModelFormatException(SPEC_ENTRY + " is " + json.length + " bytes, more than the limit of 1 MiB");
        }
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JacksonException e) {
            throw new ModelFormatException(SPEC_ENTRY + ": invalid JSON: " + e.getOriginalMessage() + at(e.getLocation()), e);
        } catch (IOException e) {
            throw new ModelFormatException(SPEC_ENTRY + ": cannot parse: " + e, e);
        }
        if (root == null || !root.isObject()) {
            throw new ModelFormatException(SPEC_ENTRY + ": expected a JSON object at the top level");
        }
        // Format and version first, so a newer file fails with the version message, not an unknown field.
        JsonNode format = root.get("format");
        if (format == null || !format.isTextual() || !ModelSpec.FORMAT.equals(format.asText())) {
            throw new ModelFormatException(SPEC_ENTRY + ": field 'format' is " + format + ", expected \""
                    + ModelSpec.FORMAT + "\"");
        }
        JsonNode version = root.get("formatVersion");
        if (version == null || !version.isInt()) {
            throw new ModelFormatException(SPEC_ENTRY + ": field 'formatVersion' is " + version + ", expected an integer");
        }
        if (version.asInt() > ModelSpec.FORMAT_VERSION) {
            throw new ModelFormatException("model format version " + version.asInt() + " is newer than supported "
                    + ModelSpec.FORMAT_VERSION + " (field 'formatVersion'; update Auralise)");
        }
        if (version.asInt() < 1) {
            throw new ModelFormatException(SPEC_ENTRY + ": field 'formatVersion' is " + version.asInt()
                    + ", expected 1.." + ModelSpec.FORMAT_VERSION);
        }
        try {
            return JSON.treeToValue(root, ModelSpec.class);
        } catch (UnrecognizedPropertyException e) {
            throw new ModelFormatException(SPEC_ENTRY + ": unknown field '" + path(e) + "'", e);
        } catch (JsonMappingException e) {
            throw new ModelFormatException(SPEC_ENTRY + ": field '" + path(e) + "': " + e.getOriginalMessage(), e);
        } catch (JacksonException e) {
            throw new ModelFormatException(SPEC_ENTRY + ": " + e.getOriginalMessage(), e);
        }
    }

    private static String at(JsonLocation loc) {
        return loc == null ? "" : " (line " + loc.getLineNr() + ", column " + loc.getColumnNr() + ")";
    }

    private static String path(JsonMappingException e) {
        StringBuilder b = new StringBuilder();
        for (JsonMappingException.Reference r : e.getPath()) {
            if (r.getIndex() >= 0) {
                b.append('[').append(r.getIndex()).append(']');
            } else {
                b.append(b.length() > 0 ? "." : "").append(r.getFieldName());
            }
        }
        return b.toString();
    }

    /** Validates a spec and its weights; {@link ModelWriter} calls this so we never write what we would refuse. */
    public static void validate(Model m) throws ModelFormatException {
        validate(m.spec());
        for (int i = 0; i < m.layers(); i++) {
            ModelSpec.Block b = m.spec().blocks.get(i);
            ConvWeights w = m.conv(i);
            String where = "blocks[" + i + "]";
            if (w.out != b.outChannels || w.in != b.inChannels || w.kF != b.kernel[0] || w.kT != b.kernel[1]) {
                throw new ModelFormatException(where + ".weights: shape " + Npy.shapeString(new int[] {w.out, w.in, w.kF, w.kT})
                        + ", expected " + Npy.shapeString(new int[] {b.outChannels, b.inChannels, b.kernel[0], b.kernel[1]}));
            }
            checkFinite(w.kernel, where + ".weights");
            checkFinite(w.bias, where + ".bias");
        }
    }

    /** Range checks of every field; null collections are normalised to empty ones. */
    public static void validate(ModelSpec s) throws ModelFormatException {
        if (!ModelSpec.FORMAT.equals(s.format)) {
            throw field("format", s.format, "\"" + ModelSpec.FORMAT + "\"");
        }
        if (s.formatVersion > ModelSpec.FORMAT_VERSION) {
            throw new ModelFormatException("model format version " + s.formatVersion + " is newer than supported "
                    + ModelSpec.FORMAT_VERSION);
        }
        if (s.formatVersion < 1) {
            throw field("formatVersion", s.formatVersion, "1.." + ModelSpec.FORMAT_VERSION);
        }
        if (s.id == null || s.id.isBlank() || s.id.length() > 200) {
            throw field("id", s.id, "a non-blank identifier of at most 200 characters");
        }
        if (s.sampleRate < MIN_SAMPLE_RATE || s.sampleRate > MAX_SAMPLE_RATE) {
            throw field("sampleRate", s.sampleRate, MIN_SAMPLE_RATE + ".." + MAX_SAMPLE_RATE);
        }
        validateFrontend(s.frontend, s.sampleRate);
        if (!"same".equals(s.padding) && !"causal".equals(s.padding)) {
            throw field("padding", s.padding, "\"same\" or \"causal\"");
        }
        if (s.blocks == null || s.blocks.isEmpty() || s.blocks.size() > MAX_BLOCKS) {
            throw field("blocks", s.blocks == null ? null : s.blocks.size() + " blocks", "1.." + MAX_BLOCKS + " blocks");
        }
        Set<String> names = new HashSet<>();
        names.add(SPEC_ENTRY);
        int in = 1;
        for (int i = 0; i < s.blocks.size(); i++) {
            ModelSpec.Block b = s.blocks.get(i);
            String p = "blocks[" + i + "]";
            if (b == null) {
                throw field(p, null, "a block object");
            }
            if (b.inChannels != in) {
                throw field(p + ".inChannels", b.inChannels, in + (i == 0 ? " (the spectrogram is one channel)"
                        : " (outChannels of blocks[" + (i - 1) + "])"));
            }
            if (b.outChannels < 1 || b.outChannels > MAX_CHANNELS) {
                throw field(p + ".outChannels", b.outChannels, "1.." + MAX_CHANNELS);
            }
            if (b.kernel == null || b.kernel.length != 2) {
                throw field(p + ".kernel", arr(b.kernel), "[frequency, time]");
            }
            for (int k : b.kernel) {
                if (k < 1 || k > MAX_KERNEL || k % 2 == 0) {
                    throw field(p + ".kernel", arr(b.kernel), "odd sizes 1.." + MAX_KERNEL);
                }
            }
            if (b.pool == null || b.pool.length != 2) {
                throw field(p + ".pool", arr(b.pool), "[frequency, time]");
            }
            for (int k : b.pool) {
                if (k < 1 || k > MAX_POOL) {
                    throw field(p + ".pool", arr(b.pool), "sizes 1.." + MAX_POOL);
                }
            }
            if (!"relu".equals(b.activation)) {
                throw field(p + ".activation", b.activation, "\"relu\"");
            }
            for (String[] t : new String[][] {{"weights", b.weights}, {"bias", b.bias}}) {
                String problem = entryNameProblem(t[1]);
                if (problem != null || t[1].endsWith("/")) {
                    throw field(p + "." + t[0], t[1], "a safe relative zip entry name"
                            + (problem == null ? " of a file" : " (" + problem + ")"));
                }
                if (!names.add(t[1])) {
                    throw field(p + "." + t[0], t[1], "an entry name not used by another tensor or the spec");
                }
            }
            in = b.outChannels;
        }
        if (s.provenance == null) {
            s.provenance = new LinkedHashMap<>();
        }
        if (s.catalogue == null) {
            s.catalogue = new ArrayList<>();
        }
        for (int i = 0; i < s.catalogue.size(); i++) {
            ModelSpec.CatalogueEntry c = s.catalogue.get(i);
            String p = "catalogue[" + i + "]";
            if (c == null) {
                throw field(p, null, "a catalogue entry object");
            }
            if (c.name == null || c.name.isBlank()) {
                throw field(p + ".name", c.name, "a non-blank name");
            }
            if (c.layer < 1 || c.layer > s.blocks.size()) {
                throw field(p + ".layer", c.layer, "1.." + s.blocks.size() + " (an existing layer)");
            }
            int channels = s.blocks.get(c.layer - 1).outChannels;
            if (c.feature < 0 || c.feature >= channels) {
                throw field(p + ".feature", c.feature, "0.." + (channels - 1) + " (a feature of layer " + c.layer + ")");
            }
            if (!(c.confidence >= 0 && c.confidence <= 1)) {
                throw field(p + ".confidence", c.confidence, "0..1");
            }
            if (!(c.maskScale >= 0) || Double.isInfinite(c.maskScale)) {
                throw field(p + ".maskScale", c.maskScale, "a finite value >= 0 (0 = not measured)");
            }
            if (c.scores == null) {
                c.scores = new LinkedHashMap<>();
            }
            for (Map.Entry<String, Double> e : c.scores.entrySet()) {
                if (e.getValue() == null || !Double.isFinite(e.getValue())) {
                    throw field(p + ".scores." + e.getKey(), e.getValue(), "a finite number");
                }
            }
        }
    }

    private static void validateFrontend(ModelSpec.Frontend f, int sampleRate) throws ModelFormatException {
        if (f == null) {
            throw field("frontend", null, "a front-end object");
        }
        if (!"linear".equals(f.type) && !"logfreq".equals(f.type) && !"mel".equals(f.type)) {
            throw field("frontend.type", f.type, "\"linear\", \"logfreq\" or \"mel\"");
        }
        if (f.nFft < MIN_NFFT || f.nFft > MAX_NFFT || Integer.bitCount(f.nFft) != 1) {
            throw field("frontend.nFft", f.nFft, "a power of two in " + MIN_NFFT + ".." + MAX_NFFT);
        }
        if (f.hop < 1 || f.hop > f.nFft) {
            throw field("frontend.hop", f.hop, "1.." + f.nFft + " (nFft)");
        }
        if (!(f.logGain > 0) || Double.isInfinite(f.logGain)) {
            throw field("frontend.logGain", f.logGain, "a finite value > 0");
        }
        // The linear front-end uses all nFft/2+1 bins over 0..Nyquist; bins/fMin/fMax are ignored for it.
        if (!"linear".equals(f.type)) {
            if (f.bins < 1 || f.bins > MAX_BINS) {
                throw field("frontend.bins", f.bins, "1.." + MAX_BINS + " for " + f.type);
            }
            if (!(f.fMin >= 0) || Double.isInfinite(f.fMin)) {
                throw field("frontend.fMin", f.fMin, ">= 0");
            }
            if (!(f.fMax > f.fMin) || f.fMax > sampleRate / 2.0) {
                throw field("frontend.fMax", f.fMax, "fMin (" + f.fMin + ") < fMax <= sampleRate/2 (" + sampleRate / 2.0 + ")");
            }
        }
    }

    private static String arr(int[] a) {
        return a == null ? null : java.util.Arrays.toString(a);
    }

    private static ModelFormatException field(String name, Object got, String expected) {
        String g = got instanceof String ? "\"" + got + "\"" : String.valueOf(got);
        return new ModelFormatException(SPEC_ENTRY + ": field '" + name + "' is " + g + ", expected " + expected);
    }
}
