package com.auralise.renderer;

import com.auralise.filter.FilterSettings;
import com.auralise.model.Model;
import com.auralise.model.ModelWriter;
import com.auralise.preset.Preset;
import com.auralise.preset.PresetReader;
import com.auralise.preset.ShippedPresets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** auralise preset list/save/export/import/remove with real files in temporary homes. */
class PresetCommandTest {
    String out;
    String err;

    @AfterEach
    void reset() {
        PresetCommand.envOverride = null;
    }

    int run(String... args) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        PrintStream po = new PrintStream(o, true, StandardCharsets.UTF_8);
        PrintStream pe = new PrintStream(e, true, StandardCharsets.UTF_8);
        int code;
        if (new CommandLine(new Auralise()).getSubcommands().containsKey("preset")) {
            String[] full = new String[args.length + 1];
            full[0] = "preset";
            System.arraycopy(args, 0, full, 1, args.length);
            code = Auralise.run(full, po, pe, false);
        } else {
            // Until the main command registers "preset": same streams and error mapping, run directly.
            Auralise.run(new String[] {"--version"}, po, pe, false);
            o.reset();
            CommandLine cl = new CommandLine(new PresetCommand());
            cl.setOut(new java.io.PrintWriter(po, true));
            cl.setErr(new java.io.PrintWriter(pe, true));
            cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
                pe.println("error: " + ex.getMessage());
                return ex instanceof ModelException ? ExitCodes.MODEL : ex instanceof UsageException ? ExitCodes.USAGE : ExitCodes.FAILED;
            });
            code = cl.execute(args);
        }
        out = o.toString(StandardCharsets.UTF_8);
        err = e.toString(StandardCharsets.UTF_8);
        return code;
    }

    /** A user's environment: own HOME, the model installed in the user model folder, shipped presets. */
    static Map<String, String> user(Path root, String who, Path shipped) {
        return Map.of("HOME", root.resolve(who).toString(), "XDG_DATA_HOME", root.resolve(who + "-data").toString(),
                "AURALISE_PRESETS", shipped.toString());
    }

    @Test
    void shareAPresetBetweenTwoUsers(@TempDir Path tmp) throws Exception {
        Model model = Fixtures.model();
        Path shipped = tmp.resolve("shipped");
        Path modelFile = Fixtures.modelZip(tmp);
        String sha = ModelWriter.sha256(modelFile);
        ShippedPresets.write(ShippedPresets.generate(model, sha), shipped);
        for (String who : new String[] {"ada", "bob"}) {
            Path models = tmp.resolve(who + "-data/auralise/models");
            Files.createDirectories(models);
            Files.copy(modelFile, models.resolve("tiny.auralise"));
        }

        PresetCommand.envOverride = user(tmp, "ada", shipped);
        assertEquals(0, run("list"), err);
        assertTrue(out.contains("kick selector") && out.contains("kick remover") && out.contains("shipped"), out);
        assertFalse(out.contains("unusable"), out);

        assertEquals(0, run("save", "Soft kick", "--filter", "kick", "--mix", "0.6", "--gain-db", "-2", "--author", "Ada",
                "--model", modelFile.toString()), err);
        Path saved = tmp.resolve("ada/.config/auralise/presets/soft-kick.json");
        Preset p = PresetReader.read(saved);
        assertEquals(Preset.FeatureRef.named("kick selector"), p.feature());
        assertEquals(sha, p.model().sha256());
        assertTrue(out.contains("LV2 hosts: 1 user preset"), out);
        String manifest = Files.readString(tmp.resolve("ada/.lv2/auralise-user-presets.lv2/manifest.ttl"));
        assertTrue(manifest.contains("<http://auralise.org/presets/user/soft-kick>"), manifest);

        assertEquals(1, run("save", "Soft kick", "--filter", "kick", "--model", modelFile.toString()));
        assertTrue(err.contains("already exists") && err.contains("--force"), err);

        Path outbox = Files.createDirectories(tmp.resolve("outbox"));
        assertEquals(0, run("export", "soft kick", outbox.toString()), err);
        Path shared = outbox.resolve("soft-kick.json");
        assertTrue(Files.isRegularFile(shared));

        PresetCommand.envOverride = user(tmp, "bob", shipped);
        assertEquals(0, run("import", shared.toString()), err);
        assertEquals(p, PresetReader.read(tmp.resolve("bob/.config/auralise/presets/soft-kick.json")));
        assertEquals(0, run("list"), err);
        assertTrue(out.lines().anyMatch(l -> l.startsWith("Soft kick") && l.contains("user") && l.contains("mix 0.60")), out);

        // The renderer reads the shared file to the very settings the preset means.
        FilterSettings viaRenderer = new FilterSettings();
        FilterOptions.readPreset(shared, model, viaRenderer);
        assertEquals(p.toSettings(model).toString(), viaRenderer.toString());

        // A broken file is refused with the field and the reason, and nothing is stored.
        Path bad = tmp.resolve("bad.json");
        Files.writeString(bad, Files.readString(shared).replace("\"value\": 0.6", "\"value\": 6"));
        assertEquals(1, run("import", bad.toString()));
        assertTrue(err.contains("$.parameters.mix.value: must be within 0..1"), err);
        Files.writeString(bad, Files.readString(shared).replace("\"schemaVersion\": 1", "\"schemaVersion\": 2"));
        assertEquals(1, run("import", bad.toString()));
        assertTrue(err.contains("preset schema version 2 is newer than this Auralise supports (1)"), err);

        assertEquals(0, run("remove", "soft kick"), err);
        assertFalse(Files.exists(tmp.resolve("bob/.config/auralise/presets/soft-kick.json")));
        assertFalse(Files.exists(tmp.resolve("bob/.lv2/auralise-user-presets.lv2")), "no user presets, no LV2 bundle");
        assertEquals(1, run("remove", "kick selector"));
        assertTrue(err.contains("shipped preset"), err);
    }

    @Test
    void presetForAModelThatIsNotInstalled(@TempDir Path tmp) throws Exception {
        Path shipped = Files.createDirectories(tmp.resolve("shipped"));
        PresetCommand.envOverride = user(tmp, "eve", shipped);
        Preset p = com.auralise.preset.TestPresets.preset("alien", "", "", java.util.List.of(), new Preset.ModelRef("studio-2030", "b".repeat(64)),
                Preset.FeatureRef.named("kick selector"), 1, false, 0, 1, 0);
        Path f = tmp.resolve("alien.json");
        Files.write(f, com.auralise.preset.PresetWriter.toBytes(p));
        assertEquals(1, run("import", f.toString()));
        assertTrue(err.contains("preset needs model studio-2030 (sha256 " + "b".repeat(64) + "), which is not installed"), err);
    }

    @Test
    void hostSavedLv2PresetImports(@TempDir Path tmp) throws Exception {
        Model model = Fixtures.model();
        Path modelFile = Fixtures.modelZip(tmp);
        PresetCommand.envOverride = user(tmp, "ada", Files.createDirectories(tmp.resolve("shipped")));
        Path ttl = tmp.resolve("saved.ttl");
        Files.writeString(ttl, """
                <urn:x> a <http://lv2plug.in/ns/ext/presets#Preset> ;
                  <http://lv2plug.in/ns/lv2core#appliesTo> <http://auralise.org/plugins/auralise-mono> ;
                  <http://www.w3.org/2000/01/rdf-schema#label> "from ardour" ;
                  <http://lv2plug.in/ns/ext/state#state> [
                    <http://auralise.org/plugins/auralise#model> "%s" ;
                    <http://auralise.org/plugins/auralise#settings> "enabled=1.0;filter=3.0;layer=1.0;feature=0.0;mix=0.5;invert=1.0;threshold=0.0;sharpness=1.0;gain=0.0;"
                  ] .
                """.formatted(modelFile));
        assertEquals(0, run("import", ttl.toString()), err);
        Preset p = PresetReader.read(tmp.resolve("ada/.config/auralise/presets/from-ardour.json"));
        // Filter port 3 = the third raw catalogue entry, "onset detector" (L1 #2).
        assertEquals(Preset.FeatureRef.named("onset detector"), p.feature());
        assertEquals("layer 1, feature 2, mix 0.5, invert true, threshold 0.0, sharpness 1.0, gain 0.0 dB", p.toSettings(model).toString());
        // The host's model came along: installed for this user, so the preset is usable by name and in hosts.
        String sha = ModelWriter.sha256(modelFile);
        Path installed = tmp.resolve("ada-data/auralise/models/" + model.spec().id + "-" + sha.substring(0, 12) + ".auralise");
        assertEquals(sha, ModelWriter.sha256(installed));
        assertTrue(out.contains("LV2 hosts: 1 user preset"), out);
        assertEquals(0, run("list"), err);
        assertFalse(out.contains("unusable"), out);
    }
}
