package com.auralise.model;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The model file format: round trip and determinism, numpy interop, and one test per class of
 * malformed or hostile input, each checking that the error names the entry or field at fault.
 * Bad files are built here, by mutating the bytes of a good one.
 */
class ModelFormatTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    static Model good() {
        Model m = TestModels.tiny(7, 3, 4, "same");
        ModelSpec.CatalogueEntry c = new ModelSpec.CatalogueEntry();
        c.name = "onset detector";
        c.layer = 2;
        c.feature = 3;
        c.confidence = 0.8;
        c.maskScale = 1.5;
        c.scores.put("onset", 0.7);
        m.spec().catalogue.add(c);
        m.spec().provenance.put("seed", 7);
        m.spec().provenance.put("command", "test");
        return m;
    }

    /** Entries of a good model file, in file order, as editable bytes. */
    static LinkedHashMap<String, byte[]> entries(Model m) throws IOException {
        LinkedHashMap<String, byte[]> out = new LinkedHashMap<>();
        try (ZipInputStream z = new ZipInputStream(new ByteArrayInputStream(ModelWriter.toBytes(m)))) {
            ZipEntry e;
            while ((e = z.getNextEntry()) != null) {
                out.put(e.getName(), z.readAllBytes());
            }
        }
        return out;
    }

    static byte[] zip(Map<String, byte[]> entries) throws IOException {
        List<Map.Entry<String, byte[]>> list = new ArrayList<>(entries.entrySet());
        return zip(list);
    }

    static byte[] zip(List<Map.Entry<String, byte[]>> entries) throws IOException {
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(bos)) {
            for (Map.Entry<String, byte[]> e : entries) {
                z.putNextEntry(new ZipEntry(e.getKey()));
                z.write(e.getValue());
                z.closeEntry();
            }
        }
        return bos.toByteArray();
    }

    static byte[] withJson(Consumer<ObjectNode> edit) throws IOException {
        LinkedHashMap<String, byte[]> e = entries(good());
        ObjectNode root = (ObjectNode) JSON.readTree(e.get("model.json"));
        edit.accept(root);
        e.put("model.json", JSON.writeValueAsBytes(root));
        return zip(e);
    }

    static ModelFormatException fails(byte[] zip, String... fragments) {
        return fails(zip, ModelReader.Limits.DEFAULT, fragments);
    }

    static ModelFormatException fails(byte[] zip, ModelReader.Limits limits, String... fragments) {
        ModelFormatException e = assertThrows(ModelFormatException.class,
                () -> ModelReader.read(new ByteArrayInputStream(zip), limits));
        for (String f : fragments) {
            assertTrue(e.getMessage().contains(f), "message \"" + e.getMessage() + "\" should mention \"" + f + "\"");
        }
        return e;
    }

    static ObjectNode block(ObjectNode root, int i) {
        return (ObjectNode) root.get("blocks").get(i);
    }

    // ------------------------------------------------------------------ good files

    @Test
    void roundTripKeepsSpecAndWeightsExactly(@TempDir Path dir) throws IOException {
        Model m = good();
        Path f = dir.resolve("m.auralise");
        ModelWriter.write(m, f);
        Model r = ModelReader.read(f);
        assertArrayEquals(ModelWriter.specJson(m.spec()), ModelWriter.specJson(r.spec()));
        assertEquals(m.layers(), r.layers());
        for (int i = 0; i < m.layers(); i++) {
            assertArrayEquals(m.conv(i).kernel, r.conv(i).kernel);
            assertArrayEquals(m.conv(i).bias, r.conv(i).bias);
            assertEquals(m.conv(i).kF, r.conv(i).kF);
        }
        assertEquals("onset detector", r.spec().catalogue.get(0).name);
        assertEquals(0.7, r.spec().catalogue.get(0).scores.get("onset"));
        assertEquals(7, ((Number) r.spec().provenance.get("seed")).intValue());
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(f), files.toList(), "the atomic write leaves no temporary file behind");
        }
    }

    @Test
    void roundTripCausalMelFrontEnd(@TempDir Path dir) throws IOException {
        ModelSpec.Frontend fe = new ModelSpec.Frontend();
        fe.type = "mel";
        fe.nFft = 1024;
        fe.hop = 256;
        fe.bins = 96;
        fe.fMin = 30;
        fe.fMax = 8000;
        Model m = TestModels.build(3, 5, 6, "causal", fe, 16000);
        Path f = dir.resolve("c.auralise");
        ModelWriter.write(m, f);
        Model r = ModelReader.read(f);
        assertTrue(r.spec().causal());
        assertEquals(96, r.spec().frontend.bins);
        assertEquals(8000.0, r.spec().frontend.fMax);
        assertArrayEquals(m.conv(4).kernel, r.conv(4).kernel);
    }

    @Test
    void bytesAreDeterministicSoSha256IsStable(@TempDir Path dir) throws IOException {
        Path a = dir.resolve("a.auralise");
        Path b = dir.resolve("b.auralise");
        ModelWriter.write(good(), a);
        ModelWriter.write(good(), b);
        assertEquals(ModelWriter.sha256(a), ModelWriter.sha256(b));
        assertEquals(ModelWriter.sha256(Files.readAllBytes(a)), ModelWriter.sha256(a));
        // Overwriting in place (atomic replace) also works.
        ModelWriter.write(TestModels.tiny(8, 3, 4, "same"), a);
        assertTrue(!ModelWriter.sha256(a).equals(ModelWriter.sha256(b)), "a different model has a different hash");
    }

    @Test
    void writerRefusesWhatTheReaderWouldRefuse(@TempDir Path dir) {
        Model m = TestModels.tiny(1, 2, 4, "same");
        m.conv(1).kernel[5] = Float.NaN;
        Path f = dir.resolve("x.auralise");
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> ModelWriter.write(m, f));
        assertTrue(e.getMessage().contains("blocks[1].weights"), e.getMessage());
        assertTrue(!Files.exists(f));
    }

    // ------------------------------------------------------------------ npy

    @Test
    void npyRoundTripAndHeaderLayout() throws IOException {
        float[] d = {1, -2.5f, 3e-8f, Float.MAX_VALUE, 0, 6};
        for (int[] shape : new int[][] {{6}, {1, 2, 3}, {3, 1, 1, 2}}) {
            byte[] b = Npy.toBytes(shape, d);
            int headerLen = (b[8] & 0xff) | (b[9] & 0xff) << 8;
            assertEquals(0, (10 + headerLen) % 64, "numpy pads the header to 64 bytes");
            assertEquals('\n', b[10 + headerLen - 1]);
            Npy.Tensor t = Npy.read(b, "t", 1 << 20);
            assertArrayEquals(shape, t.shape);
            assertArrayEquals(d, t.data);
        }
        assertTrue(new String(Npy.toBytes(new int[] {6}, d), StandardCharsets.US_ASCII).contains("'shape': (6,)"));
    }

    static byte[] npy(String dict, int dataBytes) {
        byte[] h = dict.getBytes(StandardCharsets.US_ASCII);
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0, (byte) h.length, (byte) (h.length >> 8)});
        b.writeBytes(h);
        b.writeBytes(new byte[dataBytes]);
        return b.toByteArray();
    }

    static Stream<Arguments> badNpy() {
        return Stream.of(
                Arguments.of(npy("{'descr': '<f8', 'fortran_order': False, 'shape': (2,), }\n", 16), "dtype '<f8'"),
                Arguments.of(npy("{'descr': '>f4', 'fortran_order': False, 'shape': (2,), }\n", 8), "dtype '>f4'"),
                Arguments.of(npy("{'descr': '<i4', 'fortran_order': False, 'shape': (2,), }\n", 8), "dtype '<i4'"),
                Arguments.of(npy("{'descr': '<f4', 'fortran_order': True, 'shape': (2, 2), }\n", 16), "fortran_order"),
                Arguments.of(npy("{'descr': '<f4', 'fortran_order': False, 'shape': (3,), }\n", 8), "needs 12 bytes"),
                Arguments.of(npy("{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }\n", 12), "holds 12"),
                Arguments.of(npy("{'descr': '<f4', 'fortran_order': False, 'shape': (100000, 100000, 100000), }\n", 8),
                        "more than the limit"),
                Arguments.of(npy("{'descr': '<f4', 'fortran_order': False, 'shape': (-2,), }\n", 8), "bad .npy header"),
                Arguments.of(npy("{'descr': '<f4', 'fortran_order': False, 'shape': (1,1,1,1,1,1,1,1,1), }\n", 4), "rank"),
                Arguments.of(npy("{'descr': '<f4', 'fortran_order': False}\n", 0), "lacks 'shape'"),
                Arguments.of(npy("{'descr': '<f4', 'fortran_order': False, 'shape': (2,), 'evil': 1}\n", 8), "'evil'"),
                Arguments.of(npy("not a dict", 8), "not a dict"),
                Arguments.of("PK\u0003\u0004 not npy".getBytes(StandardCharsets.ISO_8859_1), "magic"));
    }

    @ParameterizedTest
    @MethodSource("badNpy")
    void npyRefusesOtherDtypesOrdersAndBrokenFiles(byte[] bytes, String fragment) throws IOException {
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> Npy.read(bytes, "w.npy", 1 << 20));
        assertTrue(e.getMessage().contains(fragment) && e.getMessage().startsWith("w.npy"), e.getMessage());
        // Inside a model the message also names the block field and the entry.
        LinkedHashMap<String, byte[]> ent = entries(good());
        ent.put("weights/conv2.W.npy", bytes);
        fails(zip(ent), "weights/conv2.W.npy", fragment);
    }

    /** numpy reads our files and we read numpy's, when python3 with numpy is installed. */
    @Test
    void numpyInterop(@TempDir Path dir) throws Exception {
        assumeTrue(python(dir, "import numpy").isPresent(), "python3 with numpy not available");
        float[] d = new float[2 * 3 * 3 * 3];
        Random r = new Random(4);
        for (int i = 0; i < d.length; i++) {
            d[i] = (float) r.nextGaussian();
        }
        Path ours = dir.resolve("ours.npy");
        Files.write(ours, Npy.toBytes(new int[] {2, 3, 3, 3}, d));
        String out = python(dir, "import numpy as np; a=np.load('" + ours + "'); "
                + "print(a.dtype, a.shape, a.flags['C_CONTIGUOUS'], repr(float(a[1,2,0,1])), "
                + "repr(float(a.sum(dtype=np.float64))), sep='|')").orElseThrow();
        double sum = 0;
        for (float v : d) {
            sum += v;
        }
        String[] f = out.trim().split("\\|");
        assertEquals("float32", f[0]);
        assertEquals("(2, 3, 3, 3)", f[1]);
        assertEquals("True", f[2]);
        assertEquals(d[((1 * 3 + 2) * 3) * 3 + 1], Float.parseFloat(f[3]), 0);
        assertEquals(sum, Double.parseDouble(f[4]), 1e-9);
        // A model file is also an .npz to numpy (a zip of .npy entries): np.load reads its tensors.
        Model m = good();
        Path model = dir.resolve("m.auralise");
        ModelWriter.write(m, model);
        String npz = python(dir, "import numpy as np; z=np.load('" + model + "'); w=z['weights/conv2.W']; "
                + "print(w.dtype, w.shape, repr(float(w[3,1,2,0])), sep='|')").orElseThrow();
        String[] g = npz.trim().split("\\|");
        assertEquals("float32", g[0]);
        assertEquals("(4, 4, 3, 3)", g[1]);
        assertEquals(m.conv(1).w(3, 1, 2, 0), Float.parseFloat(g[2]), 0);
        Path theirs = dir.resolve("theirs.npy");
        python(dir, "import numpy as np; np.save('" + theirs + "', np.arange(12, dtype='<f4').reshape(3, 4) * 0.5)").orElseThrow();
        Npy.Tensor t = Npy.read(Files.readAllBytes(theirs), "theirs.npy", 1 << 20);
        assertArrayEquals(new int[] {3, 4}, t.shape);
        assertEquals(5.5f, t.data[11]);
    }

    static java.util.Optional<String> python(Path dir, String code) throws Exception {
        try {
            Process p = new ProcessBuilder("python3", "-c", code).directory(dir.toFile()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0 ? java.util.Optional.of(out) : java.util.Optional.empty();
        } catch (IOException e) {
            return java.util.Optional.empty();
        }
    }

    // ------------------------------------------------------------------ model.json fields

    static Arguments bad(String field, Consumer<ObjectNode> edit, String... fragments) {
        return Arguments.of(field, edit, fragments);
    }

    static Stream<Arguments> badSpecs() {
        return Stream.of(
                bad("format", r -> r.put("format", "something-else"), "'format'"),
                bad("format missing", r -> r.remove("format"), "'format'"),
                bad("formatVersion newer", r -> r.put("formatVersion", 2), "model format version 2 is newer than supported 1"),
                bad("formatVersion zero", r -> r.put("formatVersion", 0), "'formatVersion'"),
                bad("formatVersion string", r -> r.put("formatVersion", "1"), "'formatVersion'"),
                bad("id", r -> r.put("id", " "), "'id'"),
                bad("sampleRate low", r -> r.put("sampleRate", 7999), "'sampleRate'", "7999", "8000..192000"),
                bad("sampleRate high", r -> r.put("sampleRate", 192001), "'sampleRate'", "192001"),
                bad("sampleRate float", r -> r.put("sampleRate", 22050.5), "sampleRate"),
                bad("frontend missing", r -> r.remove("frontend"), "'frontend'"),
                bad("frontend.type", r -> fe(r).put("type", "cqt"), "'frontend.type'", "\"cqt\""),
                bad("frontend.nFft not power of two", r -> fe(r).put("nFft", 1000), "'frontend.nFft'", "1000"),
                bad("frontend.nFft small", r -> fe(r).put("nFft", 32), "'frontend.nFft'"),
                bad("frontend.nFft large", r -> fe(r).put("nFft", 32768), "'frontend.nFft'"),
                bad("frontend.hop zero", r -> fe(r).put("hop", 0), "'frontend.hop'"),
                bad("frontend.hop > nFft", r -> fe(r).put("hop", 512), "'frontend.hop'", "1..256"),
                bad("frontend.logGain", r -> fe(r).put("logGain", 0.0), "'frontend.logGain'"),
                bad("frontend.bins for mel", r -> mel(r).put("bins", 0), "'frontend.bins'"),
                bad("frontend.fMin >= fMax", r -> mel(r).put("fMin", 9000.0), "'frontend.fMax'"),
                bad("frontend.fMin negative", r -> mel(r).put("fMin", -1.0), "'frontend.fMin'"),
                bad("frontend.fMax > Nyquist", r -> mel(r).put("fMax", 11026.0), "'frontend.fMax'", "11025"),
                bad("padding", r -> r.put("padding", "valid"), "'padding'", "\"valid\""),
                bad("blocks empty", r -> r.putArray("blocks"), "'blocks'"),
                bad("blocks > 8", r -> {
                    ArrayNode b = (ArrayNode) r.get("blocks");
                    while (b.size() < 9) {
                        b.add(b.get(2).deepCopy());
                    }
                }, "'blocks'", "9 blocks"),
                bad("first block in != 1", r -> block(r, 0).put("inChannels", 2), "'blocks[0].inChannels'"),
                bad("channel chain", r -> block(r, 1).put("inChannels", 5), "'blocks[1].inChannels'", "outChannels of blocks[0]"),
                bad("channels > 512", r -> block(r, 2).put("outChannels", 513), "'blocks[2].outChannels'", "1..512"),
                bad("channels 0", r -> block(r, 2).put("outChannels", 0), "'blocks[2].outChannels'"),
                bad("even kernel", r -> block(r, 0).putArray("kernel").add(4).add(3), "'blocks[0].kernel'", "odd"),
                bad("kernel 9", r -> block(r, 0).putArray("kernel").add(3).add(9), "'blocks[0].kernel'"),
                bad("kernel rank", r -> block(r, 0).putArray("kernel").add(3), "'blocks[0].kernel'"),
                bad("pool 5", r -> block(r, 1).putArray("pool").add(5).add(2), "'blocks[1].pool'", "1..4"),
                bad("pool 0", r -> block(r, 1).putArray("pool").add(2).add(0), "'blocks[1].pool'"),
                bad("activation", r -> block(r, 1).put("activation", "tanh"), "'blocks[1].activation'", "\"tanh\""),
                bad("weights name missing", r -> block(r, 0).remove("weights"), "'blocks[0].weights'"),
                bad("weights name zip slip", r -> block(r, 0).put("weights", "../conv1.W.npy"), "'blocks[0].weights'", ".."),
                bad("tensor referenced twice", r -> block(r, 1).put("bias", "weights/conv1.b.npy"), "'blocks[1].bias'"),
                bad("catalogue layer", r -> cat(r).put("layer", 4), "'catalogue[0].layer'", "1..3"),
                bad("catalogue feature", r -> cat(r).put("feature", 4), "'catalogue[0].feature'", "0..3"),
                bad("catalogue feature negative", r -> cat(r).put("feature", -1), "'catalogue[0].feature'"),
                bad("catalogue confidence", r -> cat(r).put("confidence", 1.5), "'catalogue[0].confidence'"),
                bad("catalogue name", r -> cat(r).remove("name"), "'catalogue[0].name'"),
                bad("unknown top-level field", r -> r.put("weightz", 1), "unknown field 'weightz'"),
                bad("unknown nested field", r -> block(r, 1).put("dilation", 2), "unknown field 'blocks[1].dilation'"),
                bad("unknown frontend field", r -> fe(r).put("window", "hann"), "unknown field 'frontend.window'"),
                bad("null primitive", r -> r.putNull("sampleRate"), "sampleRate"),
                bad("wrong type", r -> r.put("blocks", "three"), "blocks"));
    }

    static ObjectNode fe(ObjectNode r) {
        return (ObjectNode) r.get("frontend");
    }

    /** The good model's front-end turned into a valid mel one (22.05 kHz), for fields only mel/logfreq check. */
    static ObjectNode mel(ObjectNode r) {
        ObjectNode f = fe(r);
        f.put("type", "mel").put("bins", 40).put("fMin", 0.0).put("fMax", 8000.0);
        return f;
    }

    static ObjectNode cat(ObjectNode r) {
        return (ObjectNode) r.get("catalogue").get(0);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badSpecs")
    void refusesBadSpec(String what, Consumer<ObjectNode> edit, String[] fragments) throws IOException {
        fails(withJson(edit), fragments);
    }

    @Test
    void melEditIsValidOnItsOwn() throws IOException {
        // Guards the test above: the mel mutations fail for the field they change, not for the base.
        Model m = ModelReader.read(new ByteArrayInputStream(withJson(ModelFormatTest::mel)));
        assertEquals("mel", m.spec().frontend.type);
    }

    @Test
    void refusesInvalidJsonAndDuplicateKeys() throws IOException {
        LinkedHashMap<String, byte[]> e = entries(good());
        e.put("model.json", "{\"format\": \"auralise-model\",".getBytes(StandardCharsets.UTF_8));
        fails(zip(e), "model.json", "invalid JSON");
        String json = new String(entries(good()).get("model.json"), StandardCharsets.UTF_8);
        e.put("model.json", json.replaceFirst("\"sampleRate\"", "\"sampleRate\" : 22050, \"sampleRate\"").getBytes(StandardCharsets.UTF_8));
        fails(zip(e), "model.json", "sampleRate");
        e.put("model.json", "[1, 2]".getBytes(StandardCharsets.UTF_8));
        fails(zip(e), "model.json", "JSON object");
    }

    // ------------------------------------------------------------------ tensors

    @Test
    void refusesTensorShapeNotEqualToSpec() throws IOException {
        LinkedHashMap<String, byte[]> e = entries(good());
        e.put("weights/conv2.W.npy", Npy.toBytes(new int[] {4, 4, 3, 1}, new float[48]));
        fails(zip(e), "blocks[1].weights", "weights/conv2.W.npy", "(4, 4, 3, 1)", "expected (4, 4, 3, 3)");
        e = entries(good());
        e.put("weights/conv3.b.npy", Npy.toBytes(new int[] {1, 4}, new float[4]));
        fails(zip(e), "blocks[2].bias", "(1, 4)", "expected (4,)");
    }

    @Test
    void refusesNaNAndInfiniteWeights() throws IOException {
        Model m = good();
        LinkedHashMap<String, byte[]> e = entries(m);
        float[] w = m.conv(0).kernel.clone();
        w[7] = Float.NaN;
        e.put("weights/conv1.W.npy", Npy.toBytes(new int[] {4, 1, 3, 3}, w));
        fails(zip(e), "blocks[0].weights", "value 7 is NaN");
        e = entries(m);
        float[] b = m.conv(2).bias.clone();
        b[1] = Float.NEGATIVE_INFINITY;
        e.put("weights/conv3.b.npy", Npy.toBytes(new int[] {4}, b));
        fails(zip(e), "blocks[2].bias", "-Infinity");
    }

    @Test
    void refusesMissingTensorEntry() throws IOException {
        LinkedHashMap<String, byte[]> e = entries(good());
        e.remove("weights/conv3.W.npy");
        fails(zip(e), "blocks[2].weights", "'weights/conv3.W.npy' missing");
    }

    // ------------------------------------------------------------------ hostile zips

    @ParameterizedTest
    @ValueSource(strings = {"../evil.npy", "weights/../../evil.npy", "/etc/evil.npy", "C:/evil.npy", "weights\\evil.npy",
        "weights//evil.npy", "./evil.npy", "evil\u0000.npy"})
    void refusesZipSlipAndUnsafeNames(String name) throws IOException {
        LinkedHashMap<String, byte[]> e = entries(good());
        e.put(name, new byte[4]);
        fails(zip(e), "unsafe name");
    }

    @Test
    void refusesDuplicateEntries() throws IOException {
        LinkedHashMap<String, byte[]> e = entries(good());
        e.put("weights/conv1.X.npy", e.get("weights/conv1.W.npy"));
        byte[] z = zip(e);
        // ZipOutputStream refuses duplicates, so write a distinct name of equal length and patch it.
        replace(z, "weights/conv1.X.npy", "weights/conv1.W.npy");
        fails(z, "duplicate zip entry 'weights/conv1.W.npy'");
    }

    static void replace(byte[] z, String from, String to) {
        byte[] f = from.getBytes(StandardCharsets.US_ASCII);
        byte[] t = to.getBytes(StandardCharsets.US_ASCII);
        int n = 0;
        outer:
        for (int i = 0; i + f.length <= z.length; i++) {
            for (int j = 0; j < f.length; j++) {
                if (z[i + j] != f[j]) {
                    continue outer;
                }
            }
            System.arraycopy(t, 0, z, i, t.length);
            n++;
        }
        assertTrue(n > 0);
    }

    @Test
    void refusesUnreferencedEntriesButToleratesDirectories() throws IOException {
        LinkedHashMap<String, byte[]> e = entries(good());
        e.put("weights/conv9.W.npy", Npy.toBytes(new int[] {1}, new float[1]));
        fails(zip(e), "'weights/conv9.W.npy' is not referenced");
        LinkedHashMap<String, byte[]> d = new LinkedHashMap<>();
        d.put("weights/", new byte[0]);
        d.putAll(entries(good()));
        assertEquals(3, ModelReader.read(new ByteArrayInputStream(zip(d))).layers());
    }

    @Test
    void refusesTooManyEntries() throws IOException {
        List<Map.Entry<String, byte[]>> list = new ArrayList<>(entries(good()).entrySet());
        for (int i = 0; i < 300; i++) {
            list.add(new AbstractMap.SimpleEntry<>("junk/" + i, new byte[0]));
        }
        fails(zip(list), "too many zip entries", "256");
    }

    @Test
    void refusesZipBombEntryAtTheDefaultCap() throws IOException {
        // 65 MiB of zeros deflate to ~65 KiB: the reader must stop at 64 MiB, not inflate it all.
        LinkedHashMap<String, byte[]> e = entries(good());
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(bos)) {
            for (Map.Entry<String, byte[]> x : e.entrySet()) {
                z.putNextEntry(new ZipEntry(x.getKey()));
                z.write(x.getValue());
            }
            z.putNextEntry(new ZipEntry("weights/bomb.npy"));
            byte[] zeros = new byte[1 << 20];
            for (int i = 0; i < 65; i++) {
                z.write(zeros);
            }
            z.closeEntry();
        }
        assertTrue(bos.size() < 1 << 20);
        fails(bos.toByteArray(), "'weights/bomb.npy'", "64 MiB", "zip bomb");
    }

    @Test
    void refusesEntryWhoseHeaderLiesAboutItsSize() throws IOException {
        // A deflated entry whose local header claims 16 bytes but inflates to 2 MiB.
        byte[] content = new byte[2 << 20];
        Deflater d = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
        d.setInput(content);
        d.finish();
        ByteArrayOutputStream comp = new ByteArrayOutputStream();
        byte[] buf = new byte[65536];
        while (!d.finished()) {
            comp.write(buf, 0, d.deflate(buf));
        }
        CRC32 crc = new CRC32();
        crc.update(content);
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(bos)) {
            for (Map.Entry<String, byte[]> x : entries(good()).entrySet()) {
                z.putNextEntry(new ZipEntry(x.getKey()));
                z.write(x.getValue());
            }
            ZipEntry liar = new ZipEntry("weights/liar.npy");
            liar.setSize(content.length);
            liar.setCompressedSize(comp.size());
            liar.setCrc(crc.getValue());
            z.putNextEntry(liar); // sizes known up front: written into the local header
            z.write(content);
            z.closeEntry();
        }
        byte[] zip = bos.toByteArray();
        int loc = lastIndexOf(zip, "weights/liar.npy".getBytes(StandardCharsets.US_ASCII)) - 30;
        assertEquals(0x04034b50, le32(zip, loc));
        assertEquals(content.length, le32(zip, loc + 22));
        zip[loc + 22] = 16; // uncompressed size := 16
        zip[loc + 23] = 0;
        zip[loc + 24] = 0;
        zip[loc + 25] = 0;
        ModelReader.Limits small = new ModelReader.Limits(256, 1 << 20, 1 << 20, 256L << 20);
        fails(zip, small, "'weights/liar.npy'", "1 MiB");
    }

    static int lastIndexOf(byte[] a, byte[] p) {
        for (int i = a.length - p.length; i >= 0; i--) {
            if (java.util.Arrays.equals(a, i, i + p.length, p, 0, p.length)) {
                // The central directory also holds the name; the local header is the first occurrence.
                int first = i;
                for (int j = 0; j < i; j++) {
                    if (java.util.Arrays.equals(a, j, j + p.length, p, 0, p.length)) {
                        first = j;
                        break;
                    }
                }
                return first;
            }
        }
        return -1;
    }

    static int le32(byte[] a, int i) {
        return (a[i] & 0xff) | (a[i + 1] & 0xff) << 8 | (a[i + 2] & 0xff) << 16 | (a[i + 3] & 0xff) << 24;
    }

    @Test
    void refusesTotalInflatedSizeAboveTheCap() throws IOException {
        // Shrunken caps: each entry is under its own cap, together they exceed the total.
        LinkedHashMap<String, byte[]> e = entries(good());
        long good = e.values().stream().mapToLong(b -> b.length).sum();
        e.put("junk/a", new byte[600]);
        e.put("junk/b", new byte[600]);
        ModelReader.Limits small = new ModelReader.Limits(256, 1 << 20, 1000, good + 1000);
        fails(zip(e), small, "total limit", "junk/");
    }

    @Test
    void refusesMissingModelJson() throws IOException {
        LinkedHashMap<String, byte[]> e = entries(good());
        e.remove("model.json");
        fails(zip(e), "missing model.json");
    }

    @Test
    void refusesModelJsonAboveOneMiB() throws IOException {
        LinkedHashMap<String, byte[]> e = entries(good());
        String json = new String(e.get("model.json"), StandardCharsets.UTF_8);
        e.put("model.json", (json + " ".repeat((1 << 20) + 1)).getBytes(StandardCharsets.UTF_8));
        fails(zip(e), "'model.json'", "1 MiB");
    }

    @Test
    void refusesNonZipData() {
        byte[] random = new byte[4096];
        new Random(1).nextBytes(random);
        fails(random, "not a zip file");
        fails(new byte[0], "not a zip file");
        fails("{\"format\": \"auralise-model\"}".getBytes(StandardCharsets.UTF_8), "not a zip file");
    }

    @Test
    void refusesTruncatedZip() throws IOException {
        byte[] z = ModelWriter.toBytes(good());
        byte[] cut = java.util.Arrays.copyOf(z, z.length / 2);
        ModelFormatException e = assertThrows(ModelFormatException.class,
                () -> ModelReader.read(new ByteArrayInputStream(cut)));
        assertTrue(e.getMessage().contains("zip") || e.getMessage().contains("missing"), e.getMessage());
    }

    @Test
    void pathVariantNamesTheFile(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("broken.auralise");
        Files.write(f, new byte[] {1, 2, 3});
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> ModelReader.read(f));
        assertTrue(e.getMessage().startsWith("broken.auralise: not a zip file"), e.getMessage());
        ModelFormatException missing = assertThrows(ModelFormatException.class, () -> ModelReader.read(dir.resolve("nope")));
        assertTrue(missing.getMessage().contains("nope"), missing.getMessage());
    }
}
