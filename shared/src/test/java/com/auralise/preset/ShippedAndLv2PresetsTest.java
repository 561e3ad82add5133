package com.auralise.preset;

import com.auralise.filter.FilterSettings;
import com.auralise.model.Model;
import com.auralise.model.ModelSpec;
import com.auralise.model.TestModels;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Shipped presets generated from a (fake) catalogue, and the same presets as LV2 presets and back. */
class ShippedAndLv2PresetsTest {
    static Model model;
    static String sha;
    static InstalledModels installed;

    static void add(Model m, String name, int layer, int feature, double confidence) {
        ModelSpec.CatalogueEntry e = new ModelSpec.CatalogueEntry();
        e.name = name;
        e.layer = layer;
        e.feature = feature;
        e.confidence = confidence;
        m.spec().catalogue.add(e);
    }

    @BeforeAll
    static void setUp() {
        model = TestModels.tiny(5, 3, 8, "same");
        // The names the seed paper gave, on a tiny random model: the generator only reads the catalogue.
        add(model, "attack suppressor", 1, 1, 0.6);
        add(model, "onset detector", 1, 2, 0.7);
        add(model, "better onset detector", 2, 0, 0.8);
        add(model, "bass selector", 2, 1, 0.5);
        add(model, "melody selector", 2, 5, 0.4);
        add(model, "kick selector", 3, 4, 0.3);
        add(model, "Kick Selector", 3, 3, 0.9);   // same name, more confident: this one wins
        sha = InstalledModels.sha256(model);
        installed = InstalledModels.of(model);
    }

    @Test
    void oneShippedPresetPerNamedFeaturePlusInverses(@TempDir Path dir) throws Exception {
        List<Path> files = ShippedPresets.write(ShippedPresets.generate(model, sha), dir);
        PresetLibrary lib = new PresetLibrary(dir.resolve("user"), List.of(dir), installed);
        Map<String, FilterSettings> got = new TreeMap<>();
        for (PresetLibrary.Entry e : lib.list()) {
            assertTrue(e.usable(), e.file() + ": " + e.problem());
            assertTrue(e.shipped());
            got.put(e.preset().name(), e.preset().toSettings(model));
        }
        assertEquals(List.of("Kick Selector", "Kick remover", "attack suppressor", "bass remover", "bass selector",
                "better onset detector", "better onset remover", "melody remover", "melody selector", "onset detector",
                "onset remover"), new ArrayList<>(got.keySet()));
        assertEquals(files.size(), got.size());
        expect(got.get("Kick Selector"), 3, 3, false);
        expect(got.get("Kick remover"), 3, 3, true);
        expect(got.get("attack suppressor"), 1, 1, false);
        expect(got.get("onset remover"), 1, 2, true);
        expect(got.get("better onset remover"), 2, 0, true);
        expect(got.get("bass selector"), 2, 1, false);
        expect(got.get("melody remover"), 2, 5, true);
        assertEquals("kick-remover", lib.find("Kick remover").slug());
        assertTrue(lib.load("kick-remover").tags().containsAll(List.of("shipped", "layer-3", "remover", "inverted")));
    }

    private static void expect(FilterSettings s, int layer, int feature, boolean invert) {
        assertEquals(layer, s.layer);
        assertEquals(feature, s.feature);
        assertEquals(invert, s.invert);
        assertEquals(1.0, s.mix);
        assertEquals(0.0, s.gainDb);
    }

    @Test
    void regeneratingRemovesStaleShippedPresetsOnly(@TempDir Path dir) throws Exception {
        ShippedPresets.write(ShippedPresets.generate(model, sha), dir);
        Preset mine = TestPresets.preset("my bass", "me", "", List.of("shipped"), new Preset.ModelRef(model.spec().id, sha),
                Preset.FeatureRef.at(2, 1), 1, false, 0, 1, 0);
        PresetWriter.write(mine, dir.resolve("my-bass.json"), false);
        Model less = TestModels.tiny(5, 3, 8, "same");
        add(less, "bass selector", 2, 1, 0.5);
        ShippedPresets.write(ShippedPresets.generate(less, InstalledModels.sha256(less)), dir);
        try (var s = Files.list(dir)) {
            assertEquals(List.of("bass-remover.json", "bass-selector.json", "my-bass.json"),
                    s.map(p -> p.getFileName().toString()).sorted().toList());
        }
    }

    @Test
    void inverseNames() {
        assertEquals("kick remover", ShippedPresets.inverseName("kick selector"));
        assertEquals("better onset remover", ShippedPresets.inverseName("better onset detector"));
        assertNull(ShippedPresets.inverseName("attack suppressor"));
        assertNull(ShippedPresets.inverseName("selector"));
    }

    @Test
    void lv2PresetsRoundTripToTheSameSettings(@TempDir Path tmp) throws Exception {
        Path presets = tmp.resolve("presets");
        ShippedPresets.write(ShippedPresets.generate(model, sha), presets);
        Preset custom = TestPresets.preset("Odd \"quoted\" \\ name", "me", "two\nlines", List.of(), new Preset.ModelRef(model.spec().id, sha),
                Preset.FeatureRef.at(3, 6), 0.35, true, 0.4, 7.5, -12.25);
        PresetWriter.write(custom, presets.resolve(custom.slug() + ".json"), false);
        Path bundle = tmp.resolve("auralise.lv2");
        Files.createDirectories(bundle);
        String plugin = "<http://auralise.org/plugins/auralise-mono> a <http://lv2plug.in/ns/lv2core#Plugin> .\n";
        Files.writeString(bundle.resolve("manifest.ttl"), plugin);
        PresetLibrary lib = new PresetLibrary(presets, List.of(), installed);
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        int n = Lv2Presets.writeBundle(bundle, lib.list(), installed, Lv2Presets.SHIPPED_BASE, new PrintStream(log));
        assertEquals(12, n, log.toString());
        String manifest = Files.readString(bundle.resolve("manifest.ttl"));
        assertTrue(manifest.startsWith(plugin), "the plugin's own manifest is kept");
        assertEquals(12, manifest.split("a pset:Preset").length - 1);

        // Idempotent: a second run gives the same manifest, not a second section.
        Lv2Presets.writeBundle(bundle, lib.list(), installed, Lv2Presets.SHIPPED_BASE, new PrintStream(log));
        assertEquals(manifest, Files.readString(bundle.resolve("manifest.ttl")));

        // Each preset of the manifest on its own, read back the way a host-saved preset is.
        String[] parts = manifest.substring(manifest.indexOf("<" + Lv2Presets.SHIPPED_BASE)).split("\n(?=<http)");
        assertEquals(12, parts.length);
        Map<String, Path> bySlug = new TreeMap<>();
        for (String part : parts) {
            String slug = part.substring(Lv2Presets.SHIPPED_BASE.length() + 1, part.indexOf('>'));
            Path one = tmp.resolve(slug + ".ttl");
            Files.writeString(one, Lv2Presets.prefixes() + part.replace(Lv2Presets.END, ""));
            bySlug.put(slug, one);
        }
        for (PresetLibrary.Entry e : lib.list()) {
            Lv2Presets.HostPreset h = Lv2Presets.readHostPreset(bySlug.get(e.slug()));
            assertEquals(e.preset().name(), h.label());
            Preset back = Lv2Presets.fromHost(h, null, model, sha);
            FilterSettings want = e.preset().toSettings(model);
            FilterSettings got = back.toSettings(model);
            assertEquals(want.toString(), got.toString(), e.slug());
            assertEquals(e.preset().feature().byName(), back.feature().byName(), "named filters stay named: " + e.slug());
        }
        sordiAccepts(bundle);
    }

    /** Checks the Turtle with Debian's sordi when it is installed (CI installs it for lv2_validate). */
    private static void sordiAccepts(Path bundle) throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/sordi")), "sordi not installed");
        for (Path f : List.of(bundle.resolve("manifest.ttl"))) {
            Process p = new ProcessBuilder("sordi", f.toString()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            assertEquals(0, p.waitFor(), f + ": " + out);
            assertFalse(out.contains("error"), f + ": " + out);
        }
    }

    /** What lilv writes for a host's saved preset: port values and the plugin's state. */
    static final String LILV_SAVED = """
            @prefix lv2: <http://lv2plug.in/ns/lv2core#> .
            @prefix pset: <http://lv2plug.in/ns/ext/presets#> .
            @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
            @prefix state: <http://lv2plug.in/ns/ext/state#> .
            @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .

            <>
            	a pset:Preset ;
            	lv2:appliesTo <http://auralise.org/plugins/auralise-stereo> ;
            	rdfs:label "my kick" ;
            	lv2:port [
            		lv2:symbol "enabled" ;
            		pset:value "1.0"^^xsd:float
            	] , [
            		lv2:symbol "filter" ;
            		pset:value 7.0
            	] , [
            		pset:value 1.0 ;
            		lv2:symbol "layer"
            	] , [
            		lv2:symbol "feature" ;
            		pset:value 0.0
            	] , [
            		lv2:symbol "mix" ;
            		pset:value 0.7
            	] , [
            		lv2:symbol "invert" ;
            		pset:value 1.0
            	] , [
            		lv2:symbol "threshold" ;
            		pset:value 0.1
            	] , [
            		lv2:symbol "sharpness" ;
            		pset:value 2.5
            	] , [
            		lv2:symbol "gain" ;
            		pset:value -3.0
            	] ;
            	state:state [
            		<http://auralise.org/plugins/auralise#model> "default" ;
            		<http://auralise.org/plugins/auralise#settings> "enabled=1.0;filter=7.0;layer=1.0;feature=0.0;mix=0.7;invert=1.0;threshold=0.1;sharpness=2.5;gain=-3.0;"
            	] .
            """;

    @Test
    void hostSavedPresetBecomesTheSamePreset(@TempDir Path tmp) throws Exception {
        Path bundle = tmp.resolve("my_kick.preset.lv2");
        Files.createDirectories(bundle);
        Files.writeString(bundle.resolve("manifest.ttl"), "<my_kick.ttl> a <http://lv2plug.in/ns/ext/presets#Preset> .\n");
        Files.writeString(bundle.resolve("my_kick.ttl"), LILV_SAVED);
        Lv2Presets.HostPreset h = Lv2Presets.readHostPreset(bundle);
        assertEquals("my kick", h.label());
        assertEquals("default", h.modelSource());
        assertEquals(9, h.ports().size());
        Preset p = Lv2Presets.fromHost(h, null, model, sha);
        // Filter port 7 is the 7th raw catalogue entry, "Kick Selector" (L3 #3): the preset keeps the name.
        assertEquals(Preset.FeatureRef.named("Kick Selector"), p.feature());
        FilterSettings s = p.toSettings(model);
        assertEquals("layer 3, feature 3, mix 0.7, invert true, threshold 0.1, sharpness 2.5, gain -3.0 dB", s.toString());

        // Only the plugin's state, no port values (what lv2host's lilv_state_to_string wrote): still complete.
        String stateOnly = """
                <urn:auralise:test>
                	a pset:Preset ;
                	lv2:appliesTo <http://auralise.org/plugins/auralise-stereo> ;
                	state:state [
                		<http://auralise.org/plugins/auralise#model> "tiny:7:3:4:same" ;
                		<http://auralise.org/plugins/auralise#settings> "enabled=1.0;filter=0.0;layer=3.0;feature=1.0;mix=0.7;invert=0.0;threshold=0.0;sharpness=2.5;gain=-3.0;"
                	] .
                """;
        Path f = tmp.resolve("state.ttl");
        Files.writeString(f, stateOnly);
        Preset q = Lv2Presets.fromHost(Lv2Presets.readHostPreset(f), "from state", model, sha);
        assertEquals(Preset.FeatureRef.at(3, 1), q.feature());
        assertEquals("layer 3, feature 1, mix 0.7, invert false, threshold 0.0, sharpness 2.5, gain -3.0 dB", q.toSettings(model).toString());

        // A model file is saved as a path (atom:Path), which lilv writes as an IRI relative to the preset's folder.
        Files.writeString(bundle.resolve("my_kick.ttl"), LILV_SAVED.replace("\"default\"", "<../models/my%20model.zip>"));
        assertEquals(tmp.resolve("models/my model.zip").toString(), Lv2Presets.readHostPreset(bundle).modelSource());
        Files.writeString(bundle.resolve("my_kick.ttl"), LILV_SAVED.replace("\"default\"", "<file:///srv/m.zip>"));
        assertEquals("/srv/m.zip", Lv2Presets.readHostPreset(bundle).modelSource());

        Files.writeString(f, LILV_SAVED.replace("auralise-stereo", "other-plugin"));
        assertTrue(assertThrows(PresetException.class, () -> Lv2Presets.readHostPreset(f)).getMessage().contains("another plugin"));
        Files.writeString(f, LILV_SAVED.replace("pset:value -3.0", "pset:value -90.0").replace("gain=-3.0", "gain=-90.0"));
        assertTrue(assertThrows(PresetException.class, () -> Lv2Presets.fromHost(Lv2Presets.readHostPreset(f), null, model, sha))
                .getMessage().contains("$.parameters.gainDb.value"));
        Files.writeString(f, "just text");
        assertThrows(PresetException.class, () -> Lv2Presets.readHostPreset(f));
    }
}
