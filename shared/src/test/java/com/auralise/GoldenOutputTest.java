package com.auralise;

import com.auralise.audio.WavFile;
import com.auralise.filter.FeatureFilter;
import com.auralise.filter.FilterSettings;
import com.auralise.model.DefaultModel;
import com.auralise.model.Model;
import com.auralise.model.ModelSpec;
import com.auralise.model.TestModels;
import com.auralise.preset.InstalledModels;
import com.auralise.preset.Lv2Presets;
import com.auralise.preset.Preset;
import com.auralise.preset.PresetException;
import com.auralise.preset.PresetLibrary;
import com.auralise.preset.PresetReader;
import com.auralise.preset.PresetWriter;
import com.auralise.preset.ShippedPresets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The core's output bytes against checksums recorded before the control table existed: renders
 * (clamping, glides, bypass), preset JSON, LV2 preset TTL, presets read back from a host, and the
 * messages a bad preset gets.
 */
class GoldenOutputTest {
    static final int RATE = 44100;

    static float[][] signal(int channels, int frames) {
        java.util.Random r = new java.util.Random(3);
        float[][] x = new float[channels][frames];
        for (int i = 0; i < frames; i++) {
            double t = i / (double) RATE;
            double click = (i % (RATE / 4)) < 60 ? 0.4 * r.nextGaussian() : 0;
            for (int c = 0; c < channels; c++) {
                x[c][i] = (float) (0.25 * Math.sin(2 * Math.PI * 220 * (c + 1) * t) + 0.1 * Math.sin(2 * Math.PI * 2900 * t) + click);
            }
        }
        return x;
    }

    static FilterSettings settings(int layer, int feature, double mix, boolean invert, double threshold, double sharpness,
                                   double gainDb, boolean bypass) {
        FilterSettings s = new FilterSettings();
        s.layer = layer;
        s.feature = feature;
        s.mix = mix;
        s.invert = invert;
        s.threshold = threshold;
        s.sharpness = sharpness;
        s.gainDb = gainDb;
        s.bypass = bypass;
        return s;
    }

    static final FilterSettings[] CASES = {
        new FilterSettings(),
        settings(1, 2, 0.7, true, 0.2, 2.5, -3, false),
        settings(3, 1, 0.35, false, 0.6, 0.3, 6, false),
        settings(9, 99, 2, true, 1.5, 100, 50, false),
        settings(0, -1, -1, false, -0.5, 0.01, -100, false),
        settings(2, 3, Double.NaN, false, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, false),
        settings(2, 1, 0.5, true, 0.1, 2, -6, true),
    };

    /** Renders in 512-frame blocks; change != null is applied after 0.4 s (glides, a new selection). */
    static float[][] render(Model m, float[][] in, FilterSettings s, FilterSettings change, Golden g, String name) {
        FeatureFilter f = new FeatureFilter(m);
        f.prepare(RATE, 512, in.length);
        f.apply(s);
        f.reset();
        g.text(name + ".settings", f.settings().toString());
        int n = in[0].length;
        float[][] out = new float[in.length][n];
        float[][] bi = new float[in.length][512];
        float[][] bo = new float[in.length][512];
        for (int pos = 0; pos < n; pos += 512) {
            if (change != null && pos <= RATE * 2 / 5 && pos + 512 > RATE * 2 / 5) {
                f.apply(change);
                g.text(name + ".changed", f.settings().toString());
            }
            int k = Math.min(512, n - pos);
            for (int c = 0; c < in.length; c++) {
                System.arraycopy(in[c], pos, bi[c], 0, k);
            }
            f.process(bi, bo, k);
            for (int c = 0; c < in.length; c++) {
                System.arraycopy(bo[c], 0, out[c], pos, k);
            }
        }
        return out;
    }

    @Test
    void renders(@TempDir Path tmp) throws Exception {
        Golden g = new Golden("golden/renders.txt");
        Model tiny = TestModels.tiny(11, 3, 4, "same");
        float[][] stereo = signal(2, RATE * 3 / 2);
        for (int i = 0; i < CASES.length; i++) {
            float[][] out = render(tiny, stereo, CASES[i], null, g, "tiny.case" + i);
            Path wav = tmp.resolve("case" + i + ".wav");
            WavFile.writeFloat(wav, RATE, out);
            g.file("tiny.case" + i + ".wav", wav);
        }
        g.floats("tiny.glide", render(tiny, stereo, CASES[0], CASES[1], g, "tiny.glide"));
        g.floats("tiny.glide-back", render(tiny, stereo, CASES[2], CASES[5], g, "tiny.glide-back"));
        if (DefaultModel.available(DefaultModel.STUDIO)) {
            Model studio = DefaultModel.load();
            float[][] mono = signal(1, RATE * 4); // longer than the default model's latency (about 2.2 s)
            g.floats("default.case0", render(studio, mono, CASES[0], null, g, "default.case0"));
            g.floats("default.case1", render(studio, mono, CASES[1], CASES[2], g, "default.case1"));
        }
        g.check();
    }

    static Model catalogued() {
        Model m = TestModels.tiny(5, 3, 8, "same");
        String[][] names = {{"attack suppressor", "1", "1"}, {"onset detector", "1", "2"}, {"bass selector", "2", "1"},
            {"kick selector", "3", "4"}, {"Kick Selector", "3", "3"}};
        double conf = 0.3;
        for (String[] n : names) {
            ModelSpec.CatalogueEntry e = new ModelSpec.CatalogueEntry();
            e.name = n[0];
            e.layer = Integer.parseInt(n[1]);
            e.feature = Integer.parseInt(n[2]);
            e.confidence = conf += 0.1;
            m.spec().catalogue.add(e);
        }
        return m;
    }

    @Test
    void presets(@TempDir Path tmp) throws Exception {
        Golden g = new Golden("golden/presets.txt");
        Model m = catalogued();
        String sha = InstalledModels.sha256(m);
        InstalledModels installed = InstalledModels.of(m);
        Preset.ModelRef ref = new Preset.ModelRef(m.spec().id, sha);

        List<Preset> shipped = ShippedPresets.generate(m, sha);
        for (Preset p : shipped) {
            g.bytes("shipped." + p.slug(), PresetWriter.toBytes(p));
        }
        Preset odd = Preset.of("Odd \"quoted\" \\ name", "me", "two\nlines", List.of("a", "b"), ref,
                Preset.FeatureRef.at(3, 6), settings(1, 0, 0.35, true, 0.4, 7.5, -12.25, false));
        Preset edge = Preset.of("edge", "", "", List.of(), ref, Preset.FeatureRef.at(2, 7),
                settings(1, 0, 0, false, 0.99, 20, 24, false));
        Preset low = Preset.of("low", "", "", List.of(), ref, Preset.FeatureRef.named("bass selector"),
                settings(1, 0, 1, false, 0, 0.1, -60, false));
        for (Preset p : List.of(odd, edge, low)) {
            byte[] b = PresetWriter.toBytes(p);
            g.bytes("json." + p.slug(), b);
            Preset back = PresetReader.read(b, p.name(), installed);
            g.bytes("json-again." + p.slug(), PresetWriter.toBytes(back));
            g.text("string." + p.slug(), back.toString() + " equals " + back.equals(p));
            g.text("settings." + p.slug(), back.toSettings(m).toString());
            g.text("lv2." + p.slug(), Lv2Presets.presetTtl(p, p.toSettings(m), 0, Lv2Presets.USER_BASE + p.slug()));
        }

        Path dir = tmp.resolve("presets");
        ShippedPresets.write(shipped, dir);
        PresetWriter.write(odd, dir.resolve(odd.slug() + ".json"), false);
        PresetWriter.write(low, dir.resolve(low.slug() + ".json"), false);
        Path bundle = tmp.resolve("auralise.lv2");
        Files.createDirectories(bundle);
        Files.writeString(bundle.resolve("manifest.ttl"), "<http://auralise.org/plugins/auralise-mono> a <http://lv2plug.in/ns/lv2core#Plugin> .\n");
        PresetLibrary lib = new PresetLibrary(dir, List.of(), installed);
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        Lv2Presets.writeBundle(bundle, lib.list(), installed, Lv2Presets.SHIPPED_BASE, new PrintStream(log, true, StandardCharsets.UTF_8));
        g.file("lv2.manifest", bundle.resolve("manifest.ttl"));

        // A host-saved preset (lilv's form: typed numbers, state with the full setting) and back.
        String host = """
                @prefix lv2: <http://lv2plug.in/ns/lv2core#> .
                @prefix pset: <http://lv2plug.in/ns/ext/presets#> .
                @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
                @prefix state: <http://lv2plug.in/ns/ext/state#> .
                <> a pset:Preset ;
                    lv2:appliesTo <http://auralise.org/plugins/auralise-stereo> ;
                    rdfs:label "my kick" ;
                    lv2:port [ lv2:symbol "filter" ; pset:value 0.0 ] , [ lv2:symbol "layer" ; pset:value 3.0 ] ,
                        [ lv2:symbol "feature" ; pset:value 2.0 ] , [ lv2:symbol "mix" ; pset:value 0.69999999 ] ,
                        [ lv2:symbol "invert" ; pset:value 1.0 ] , [ lv2:symbol "threshold" ; pset:value 0.1 ] ,
                        [ lv2:symbol "sharpness" ; pset:value "2.5"^^<http://www.w3.org/2001/XMLSchema#float> ] ;
                    state:state [
                        <http://auralise.org/plugins/auralise#model> "default" ;
                        <http://auralise.org/plugins/auralise#settings> "enabled=1.0;filter=0.0;layer=3.0;feature=2.0;mix=0.7;invert=1.0;threshold=0.1;sharpness=2.5;gain=-3.0;"
                    ] .
                """;
        Path hostFile = tmp.resolve("host.ttl");
        Files.writeString(hostFile, host);
        Lv2Presets.HostPreset hp = Lv2Presets.readHostPreset(hostFile);
        g.text("host.read", hp.toString());
        g.bytes("host.json", PresetWriter.toBytes(Lv2Presets.fromHost(hp, null, m, sha)));
        Files.writeString(hostFile, host.replace("filter\" ; pset:value 0.0", "filter\" ; pset:value 2.0"));
        g.bytes("host-named.json", PresetWriter.toBytes(Lv2Presets.fromHost(Lv2Presets.readHostPreset(hostFile), "named", m, sha)));
        Files.writeString(hostFile, host.replace(";gain=-3.0", "").replace("0.69999999", "7"));
        g.text("host-bad", problem(() -> Lv2Presets.fromHost(Lv2Presets.readHostPreset(hostFile), null, m, sha)));

        String bad = new String(PresetWriter.toBytes(odd), StandardCharsets.UTF_8)
                .replace("\"value\": 0.35", "\"value\": 3").replace("\"value\": true", "\"value\": 1")
                .replace("\"value\": 0.4", "\"value\": -1").replace("\"value\": 7.5", "\"value\": 0")
                .replace("\"unit\": \"dB\"", "\"unit\": \"db\"");
        g.text("reader-bad", problem(() -> PresetReader.read(bad.getBytes(StandardCharsets.UTF_8), "bad.json", null)));
        String extra = new String(PresetWriter.toBytes(low), StandardCharsets.UTF_8)
                .replace("\"parameters\": {", "\"parameters\": {\n    \"drive\": { \"value\": 1, \"unit\": \"dB\" },")
                .replaceFirst(",\\s*\"gainDb\": \\{[^}]*\\}", "");
        g.text("reader-extra", problem(() -> PresetReader.read(extra.getBytes(StandardCharsets.UTF_8), "extra.json", null)));
        g.check();
    }

    interface Failing {
        Object run() throws Exception;
    }

    static String problem(Failing f) {
        try {
            return "no error: " + f.run();
        } catch (PresetException e) {
            return e.getMessage();
        } catch (Exception e) {
            return e.toString();
        }
    }
}
