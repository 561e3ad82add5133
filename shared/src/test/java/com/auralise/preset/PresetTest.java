package com.auralise.preset;

import com.auralise.filter.FilterSettings;
import com.auralise.model.Model;
import com.auralise.model.ModelSpec;
import com.auralise.model.TestModels;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The preset file format: round trip, every class of bad input, traversal attempts, versions, models. */
class PresetTest {
    static Model model;
    static String sha;
    static InstalledModels installed;

    @BeforeAll
    static void setUp() {
        model = TestModels.tiny(11, 3, 4, "same");
        ModelSpec.CatalogueEntry e = new ModelSpec.CatalogueEntry();
        e.name = "kick selector";
        e.layer = 3;
        e.feature = 2;
        e.confidence = 0.8;
        model.spec().catalogue.add(e);
        sha = InstalledModels.sha256(model);
        installed = InstalledModels.of(model);
    }

    static Preset sample() {
        return TestPresets.preset("Tight kick", "Ada", "Kick only,\n\"tight\".", List.of("drums", "kick"),
                new Preset.ModelRef(model.spec().id, sha), Preset.FeatureRef.named("kick selector"),
                0.8, false, 0.25, 2.5, -3.5);
    }

    /** The sample preset's JSON with one textual replacement, to build each bad file from a good one. */
    static String good() {
        return new String(PresetWriter.toBytes(sample()), StandardCharsets.UTF_8);
    }

    static PresetException bad(String json) {
        return assertThrows(PresetException.class,
                () -> PresetReader.read(json.getBytes(StandardCharsets.UTF_8), "test.json", installed));
    }

    static void badField(String json, String path, String reasonPart) {
        PresetException e = bad(json);
        assertTrue(e.problems().stream().anyMatch(p -> p.startsWith(path + ": ") && p.contains(reasonPart)),
                "expected '" + path + ": ..." + reasonPart + "' in " + e.problems());
    }

    @Test
    void roundTripIsExactAndStable() throws Exception {
        byte[] a = PresetWriter.toBytes(sample());
        Preset back = PresetReader.read(a, "a", installed);
        assertEquals(sample(), back);
        assertArrayEquals(a, PresetWriter.toBytes(back), "same preset, same bytes");

        Preset byIndex = TestPresets.preset("x", "", "", List.of(), sample().model(), Preset.FeatureRef.at(2, 3), 0, true, 0.99, 20, 24);
        assertEquals(byIndex, PresetReader.read(PresetWriter.toBytes(byIndex), "b", installed));
    }

    @Test
    void atomicWriteRefusesOverwriteUnlessAllowed(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("p.json");
        PresetWriter.write(sample(), f, false);
        assertEquals(sample(), PresetReader.read(f, installed));
        assertThrows(java.nio.file.FileAlreadyExistsException.class, () -> PresetWriter.write(sample().withName("other"), f, false));
        assertEquals("Tight kick", PresetReader.read(f).name(), "refused write left the old file");
        PresetWriter.write(sample().withName("other"), f, true);
        assertEquals("other", PresetReader.read(f).name());
        try (var s = Files.list(dir)) {
            assertEquals(1, s.count(), "no temporary files left behind");
        }
    }

    @Test
    void writerRefusesWhatTheReaderWould(@TempDir Path dir) {
        Preset tooLoud = TestPresets.preset("x", "", "", List.of(), sample().model(), Preset.FeatureRef.at(1, 0), 1, false, 0, 1, 30);
        PresetException e = assertThrows(PresetException.class, () -> PresetWriter.write(tooLoud, dir.resolve("x.json"), true));
        assertTrue(e.getMessage().contains("$.parameters.gainDb.value"), e.getMessage());
        assertFalse(Files.exists(dir.resolve("x.json")));
    }

    @Test
    void toSettingsResolvesCatalogueNames() throws Exception {
        FilterSettings s = sample().toSettings(model);
        assertEquals(3, s.layer);
        assertEquals(2, s.feature);
        assertEquals(0.8, s.mix);
        assertEquals(0.25, s.threshold);
        assertEquals(2.5, s.sharpness);
        assertEquals(-3.5, s.gainDb);
        assertFalse(s.invert);

        Preset caseAndSpace = TestPresets.preset("k", "", "", List.of(), sample().model(), Preset.FeatureRef.named("  Kick Selector "), 1, true, 0, 1, 0);
        assertEquals(2, caseAndSpace.toSettings(model).feature);

        Preset unknown = TestPresets.preset("k", "", "", List.of(), sample().model(), Preset.FeatureRef.named("snare selector"), 1, false, 0, 1, 0);
        PresetException e = assertThrows(PresetException.class, () -> unknown.toSettings(model));
        assertTrue(e.getMessage().contains("no feature named 'snare selector'") && e.getMessage().contains("'kick selector'"), e.getMessage());

        Preset noLayer = TestPresets.preset("k", "", "", List.of(), sample().model(), Preset.FeatureRef.at(4, 0), 1, false, 0, 1, 0);
        e = assertThrows(PresetException.class, () -> noLayer.toSettings(model));
        assertTrue(e.getMessage().contains("layer 4 does not exist"), e.getMessage());
        Preset noFeature = TestPresets.preset("k", "", "", List.of(), sample().model(), Preset.FeatureRef.at(1, 4), 1, false, 0, 1, 0);
        e = assertThrows(PresetException.class, () -> noFeature.toSettings(model));
        assertTrue(e.getMessage().contains("feature 4 does not exist"), e.getMessage());

        Model other = TestModels.tiny(12, 3, 4, "causal");
        e = assertThrows(PresetException.class, () -> sample().toSettings(other));
        assertTrue(e.getMessage().contains("is for model " + model.spec().id), e.getMessage());
    }

    @Test
    void newerSchemaVersionIsRefusedWithThatReason() {
        // Unknown fields of a newer version must not drown the real reason.
        String json = good().replace("\"schemaVersion\": 1", "\"schemaVersion\": 7")
                .replace("\"author\"", "\"license\": \"cc0\",\n  \"author\"");
        PresetException e = bad(json);
        assertEquals("test.json: preset schema version 7 is newer than this Auralise supports (1)", e.getMessage());
    }

    @Test
    void missingModelIsRefusedWithThatReason() {
        String otherSha = "0".repeat(64);
        PresetException e = bad(good().replace(sha, otherSha));
        assertTrue(e.getMessage().startsWith("test.json: preset needs model " + model.spec().id + " (sha256 " + otherSha
                + "), which is not installed"), e.getMessage());
        assertTrue(e.getMessage().contains("has that id but sha256 " + sha), "says which weights are installed: " + e.getMessage());

        e = bad(good().replace("\"id\": \"" + model.spec().id + "\"", "\"id\": \"studio-v9\""));
        assertEquals("test.json: preset needs model studio-v9 (sha256 " + sha + "), which is not installed", e.getMessage());
        // Without a model check (listing, inspecting) the same file reads.
        assertEquals("studio-v9", assertDoesNotThrowRead(good().replace("\"id\": \"" + model.spec().id + "\"", "\"id\": \"studio-v9\"")).model().id());
    }

    private static Preset assertDoesNotThrowRead(String json) {
        try {
            return PresetReader.read(json.getBytes(StandardCharsets.UTF_8), "x", null);
        } catch (PresetException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void syntaxErrorsNameTheLine() {
        PresetException e = bad("{\n  \"name\": \"x\",\n  oops\n}");
        assertTrue(e.getMessage().contains("not valid JSON at line 3"), e.getMessage());
        assertTrue(bad("").getMessage().contains("empty file"));
        assertTrue(bad("[1, 2]").getMessage().contains("$: must be an object, got an array"));
        assertTrue(bad(good() + "{}").getMessage().contains("not valid JSON"), "trailing tokens");
        assertTrue(bad(good().replace("\"author\": \"Ada\"", "\"author\": \"Ada\", \"author\": \"Eve\""))
                .getMessage().contains("Duplicate field 'author'"));
    }

    @Test
    void sizeIsCapped(@TempDir Path dir) throws Exception {
        String pad = " ".repeat(PresetReader.MAX_BYTES);
        PresetException e = bad(good() + pad);
        assertTrue(e.getMessage().contains("more than the 65536 allowed"), e.getMessage());
        Path f = dir.resolve("big.json");
        Files.writeString(f, good() + pad);
        e = assertThrows(PresetException.class, () -> PresetReader.read(f, installed));
        assertTrue(e.getMessage().contains("larger than the 65536 bytes"), e.getMessage());
        assertTrue(assertThrows(PresetException.class, () -> PresetReader.read(dir, installed)).getMessage().contains("not a regular file"));
        assertTrue(assertThrows(PresetException.class, () -> PresetReader.read(dir.resolve("none.json"), installed)).getMessage().contains("no such file"));
    }

    @Test
    void unknownFieldsAreRejectedAtEveryLevel() {
        badField(good().replace("\"author\"", "\"exec\": \"rm -rf ~\",\n  \"author\""), "$.exec", "unknown field");
        badField(good().replace("\"id\":", "\"url\": \"http://x\", \"id\":"), "$.model.url", "unknown field");
        badField(good().replace("\"name\": \"kick selector\"", "\"name\": \"kick selector\", \"path\": \"/etc\""),
                "$.feature.path", "unknown field");
        badField(good().replace("\"mix\": {", "\"mix\": { \"curve\": \"log\","), "$.parameters.mix.curve", "unknown field");
        badField(good().replace("\"gainDb\": {", "\"bypass\": { \"value\": true, \"unit\": \"boolean\" },\n    \"gainDb\": {"),
                "$.parameters.bypass", "unknown field");
    }

    @Test
    void missingAndMistypedFields() {
        badField(good().replace("\"schemaVersion\": 1,", ""), "$.schemaVersion", "missing");
        badField(good().replace("\"schemaVersion\": 1", "\"schemaVersion\": \"1\""), "$.schemaVersion", "positive integer");
        badField(good().replace("\"schemaVersion\": 1", "\"schemaVersion\": 1.0"), "$.schemaVersion", "positive integer");
        badField(good().replace("\"name\": \"Tight kick\",", ""), "$.name", "missing");
        badField(good().replace("\"name\": \"Tight kick\"", "\"name\": 42"), "$.name", "must be a string, got 42");
        badField(good().replace("\"name\": \"Tight kick\"", "\"name\": \"!!!\""), "$.name", "letter or digit");
        badField(good().replace("\"name\": \"Tight kick\"", "\"name\": \"" + "k".repeat(101) + "\""), "$.name", "at most 100");
        badField(good().replace("\"Tight kick\"", "\"Tight\\u001b[2Jkick\""), "$.name", "control characters");
        badField(good().replace("\"drums\"", "7"), "$.tags[0]", "must be a string");
        badField(good().replace("\"kick\"\n  ]", "\"\"\n  ]"), "$.tags[1]", "must not be empty");
        badField(good().replaceAll("\"tags\": \\[[^\\]]*\\]", "\"tags\": \"drums\""), "$.tags", "array of strings");
        badField(good().replace(sha, sha.toUpperCase()), "$.model.sha256", "64 lower-case hex");
        badField(good().replace("\"id\": \"" + model.spec().id + "\"", "\"id\": \"../models/x\""), "$.model.id", "letters, digits");
        badField(good().replaceAll("\"model\": \\{[^}]*\\}", "\"model\": \"default\""), "$.model", "must be an object");
        badField(good().replaceAll("\"feature\": \\{[^}]*\\}", "\"feature\": { }"), "$.feature", "needs either");
        badField(good().replace("\"name\": \"kick selector\"", "\"name\": \"kick selector\", \"layer\": 3"),
                "$.feature.layer", "use either");
        badField(good().replace("\"name\": \"kick selector\"", "\"layer\": 2.0, \"index\": 1"), "$.feature.layer", "must be an integer");
        badField(good().replace("\"name\": \"kick selector\"", "\"layer\": 9, \"index\": 1"), "$.feature.layer", "within 1..8");
        badField(good().replace("\"name\": \"kick selector\"", "\"layer\": 1, \"index\": -1"), "$.feature.index", "within 0..511");
        badField(good().replace("\"name\": \"kick selector\"", "\"layer\": 1"), "$.feature.index", "missing");
        badField(good().replace("\"name\": \"kick selector\"", "\"name\": \"  \""), "$.feature.name", "blank");
    }

    @Test
    void parametersNeedValueUnitAndRange() {
        badField(good().replace("\"value\": 0.8", "\"value\": 1.5"), "$.parameters.mix.value", "within 0..1 ratio, got 1.5");
        badField(good().replace("\"value\": 0.25", "\"value\": 1.0"), "$.parameters.threshold.value", "within 0..0.99");
        badField(good().replace("\"value\": 2.5", "\"value\": 0.05"), "$.parameters.sharpness.value", "within 0.1..20");
        badField(good().replace("\"value\": -3.5", "\"value\": -61"), "$.parameters.gainDb.value", "within -60..24 dB");
        badField(good().replace("\"value\": -3.5", "\"value\": \"-3\""), "$.parameters.gainDb.value", "must be a number");
        badField(good().replace("\"value\": false", "\"value\": 0"), "$.parameters.invert.value", "true or false");
        badField(good().replace("\"unit\": \"dB\"", "\"unit\": \"ratio\""), "$.parameters.gainDb.unit", "must be \"dB\"");
        badField(good().replace(",\n      \"unit\": \"exponent\"", ""),
                "$.parameters.sharpness.unit", "missing");
        badField(good().replaceAll("\"mix\": \\{[^}]*\\}", "\"mix\": 0.8"), "$.parameters.mix", "must be an object");
        badField(good().replaceAll("\"threshold\": \\{[^}]*\\},", ""), "$.parameters.threshold", "missing");
        badField(good().replace("\"value\": 0.8", "\"value\": 1e400"), "$.parameters.mix.value", "within");
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        String json = good().replace("\"value\": 0.8", "\"value\": 2").replace("\"unit\": \"dB\"", "\"unit\": \"db\"")
                .replace("\"author\"", "\"x\": 1, \"author\"");
        PresetException e = bad(json);
        assertEquals(3, e.problems().size(), e.problems().toString());
        assertTrue(e.getMessage().startsWith("test.json: 3 problems:"), e.getMessage());
    }

    @Test
    void slugsStayInsideTheFolder() {
        assertEquals("etc-passwd", Preset.slug("../../etc/passwd"));
        assertEquals("home-u-bashrc", Preset.slug("/home/u/.bashrc"));
        assertTrue(Preset.slug("..").matches("preset-[0-9a-f]{8}"));
        assertTrue(Preset.slug("...").matches("preset-[0-9a-f]{8}"));
        assertEquals("c-windows-system32", Preset.slug("C:\\Windows\\System32"));
        assertEquals("kick-remover", Preset.slug("Kïck  remover"));
        assertEquals("bass-selector", Preset.slug("Bäss sélector"));
        assertTrue(Preset.slug("鼓").matches("preset-[0-9a-f]{8}"));
        assertFalse(Preset.slug("鼓").equals(Preset.slug("笛")));
        assertEquals("kick-remover-tight", Preset.slug("Kick remover (tight)"));
        assertEquals(64, Preset.slug("a".repeat(200)).length());
        for (String s : new String[] {"../x", "a/../../b", "~/.ssh/id", "$(rm -rf /)", "`id`", "a\u0000b", "%2e%2e%2f"}) {
            assertTrue(Preset.slug(s).matches("[a-z0-9]+(-[a-z0-9]+)*"), s + " -> " + Preset.slug(s));
        }
    }

    @Test
    void libraryImportStoresOnlyInsideTheUserFolder(@TempDir Path tmp) throws Exception {
        Path user = tmp.resolve("config/auralise/presets");
        PresetLibrary lib = new PresetLibrary(user, List.of(), installed);
        for (String evil : new String[] {"../../../outside", "/tmp/abs", "../x", "sub/dir/x", "~/.bashrc"}) {
            Path src = tmp.resolve("in.json");
            Files.write(src, PresetWriter.toBytes(sample().withName(evil)));
            Path stored = lib.importPreset(src, true);
            assertEquals(user, stored.getParent(), evil);
            assertTrue(stored.getFileName().toString().matches("[a-z0-9-]+\\.json"), stored.toString());
        }
        try (var s = Files.walk(tmp)) {
            List<Path> files = s.filter(Files::isRegularFile).toList();
            assertTrue(files.stream().allMatch(p -> p.startsWith(user) || p.equals(tmp.resolve("in.json"))), files.toString());
        }
    }

    @Test
    void libraryListImportExport(@TempDir Path tmp) throws Exception {
        Path shipped = tmp.resolve("share/auralise/presets");
        Path user = tmp.resolve("config/auralise/presets");
        PresetWriter.write(sample().withName("kick selector"), shipped.resolve("kick-selector.json"), false);
        PresetWriter.write(sample().withName("Bass"), shipped.resolve("bass.json"), false);
        Files.writeString(shipped.resolve("broken.json"), "{");
        Preset foreign = TestPresets.preset("foreign", "", "", List.of(), new Preset.ModelRef("other", "a".repeat(64)),
                Preset.FeatureRef.at(1, 0), 1, false, 0, 1, 0);
        PresetWriter.write(foreign, shipped.resolve("foreign.json"), false);
        PresetLibrary lib = new PresetLibrary(user, List.of(shipped), installed);

        List<PresetLibrary.Entry> all = lib.list();
        assertEquals(List.of("bass", "broken", "foreign", "kick-selector"), all.stream().map(PresetLibrary.Entry::slug).toList());
        assertTrue(all.stream().allMatch(PresetLibrary.Entry::shipped));
        assertFalse(all.get(1).usable());
        assertTrue(all.get(2).problem().contains("preset needs model other"), all.get(2).problem());
        assertEquals("Bass", lib.load("bass").name());
        assertEquals("Bass", lib.load("BASS").name());
        assertTrue(assertThrows(PresetException.class, () -> lib.load("foreign")).getMessage().contains("not installed"));
        assertTrue(assertThrows(PresetException.class, () -> lib.load("snare")).getMessage().contains("no preset named 'snare'"));

        // Share: export from one library, import into another user's.
        Path shared = lib.export("kick selector", tmp, false);
        assertEquals(tmp.resolve("kick-selector.json"), shared);
        assertThrows(PresetException.class, () -> lib.export("kick selector", tmp, false), "no silent overwrite");
        PresetLibrary other = new PresetLibrary(tmp.resolve("other/presets"), List.of(), installed);
        Path stored = other.importPreset(shared, false);
        assertEquals(lib.load("kick selector"), other.load("kick-selector"));
        assertTrue(assertThrows(PresetException.class, () -> other.importPreset(shared, false)).getMessage().contains("--force"));
        Files.write(shared, PresetWriter.toBytes(sample().withName("kick selector").withName("kick selector")));
        assertEquals(stored, other.importPreset(shared, true));

        // A user preset with a shipped preset's slug hides it; removing it shows the shipped one again.
        lib.save(sample().withName("Kick Selector"), false);
        PresetLibrary.Entry k = lib.find("kick-selector");
        assertFalse(k.shipped());
        lib.remove("kick-selector");
        assertTrue(lib.find("kick-selector").shipped());
        assertThrows(PresetException.class, () -> lib.remove("bass"), "shipped presets are read-only");

        // A preset for a model that is not installed is not imported.
        Path f = tmp.resolve("foreign-copy.json");
        Files.write(f, PresetWriter.toBytes(foreign));
        assertTrue(assertThrows(PresetException.class, () -> other.importPreset(f, false)).getMessage().contains("not installed"));
    }

    @Test
    void xdgLocations() {
        Map<String, String> env = Map.of("HOME", "/home/u");
        assertEquals(Path.of("/home/u/.config/auralise/presets"), PresetLibrary.userDir(env));
        assertEquals(Path.of("/x/auralise/presets"), PresetLibrary.userDir(Map.of("HOME", "/home/u", "XDG_CONFIG_HOME", "/x")));
        assertEquals(Path.of("/home/u/.config/auralise/presets"),
                PresetLibrary.userDir(Map.of("HOME", "/home/u", "XDG_CONFIG_HOME", "relative")), "relative XDG paths are ignored");
        assertEquals(List.of(Path.of("/home/u/.local/share/auralise/presets"), Path.of("/usr/local/share/auralise/presets"),
                Path.of("/usr/share/auralise/presets")), PresetLibrary.shippedDirs(env));
        assertEquals(List.of(Path.of("/opt/p")), PresetLibrary.shippedDirs(Map.of("HOME", "/h", "AURALISE_PRESETS", "/opt/p")));
        assertEquals(Path.of("/home/u/.local/share/auralise/models"), InstalledModels.userModelDir(env));
    }
}
