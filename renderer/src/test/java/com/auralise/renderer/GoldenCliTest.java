package com.auralise.renderer;

import com.auralise.Golden;
import com.auralise.model.ModelWriter;
import com.auralise.preset.ShippedPresets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The command's output bytes against checksums recorded before the control table existed: renders
 * with every parameter option, stems, the refusals of values out of range, and saved presets.
 */
class GoldenCliTest {
    @AfterEach
    void reset() {
        PresetCommand.envOverride = null;
    }

    @Test
    void rendersStemsAndRefusals(@TempDir Path tmp) throws Exception {
        Golden g = new Golden("golden/cli.txt");
        Path in = Fixtures.wav(tmp.resolve("in.wav"), Fixtures.signal(30000, 2, 44100, 5), 44100, 0);
        String model = Fixtures.modelZip(tmp).toString();
        String[][] renders = {
            {},
            {"--filter", "kick", "--mix", "0.6", "--invert", "--threshold", "0.2", "--sharpness", "2.5", "--gain-db", "-3"},
            {"--layer", "3", "--feature", "1", "--mix", "1", "--threshold", "0.99", "--sharpness", "20", "--gain-db", "24", "--bits", "16"},
            {"--layer", "1", "--feature", "0", "--mix", "0", "--threshold", "0", "--sharpness", "0.1", "--gain-db", "-60", "--no-invert"},
        };
        for (int i = 0; i < renders.length; i++) {
            Path out = tmp.resolve("out" + i + ".wav");
            Fixtures.Run r = Fixtures.run(concat(new String[] {"render", in.toString(), "-o", out.toString(), "--model", model}, renders[i]));
            assertEquals(0, r.code(), r.err());
            g.file("render" + i, out);
        }
        String[][] bad = {
            {"--mix", "1.5"}, {"--mix", "-0.1"}, {"--threshold", "1"}, {"--threshold", "-1"}, {"--sharpness", "0.05"},
            {"--sharpness", "21"}, {"--gain-db", "25"}, {"--gain-db", "-61"}, {"--mix", "NaN"}, {"--layer", "4", "--feature", "0"},
            {"--layer", "0", "--feature", "0"}, {"--layer", "2", "--feature", "4"},
        };
        for (int i = 0; i < bad.length; i++) {
            Fixtures.Run r = Fixtures.run(concat(new String[] {"render", in.toString(), "-o", tmp.resolve("bad.wav").toString(),
                "--model", model}, bad[i]));
            g.text("refused" + i, r.code() + " " + r.err());
        }
        Path stems = tmp.resolve("stems");
        Fixtures.Run r = Fixtures.run("stems", in.toString(), "-o", stems.toString(), "--model", model, "--mix", "0.8", "--gain-db", "-1.5");
        assertEquals(0, r.code(), r.err());
        try (Stream<Path> s = Files.list(stems)) {
            for (Path f : s.sorted().toList()) {
                g.file("stem." + f.getFileName(), f);
            }
        }
        g.text("stems-refused", Fixtures.run("stems", in.toString(), "-o", tmp.resolve("s2").toString(), "--model", model,
                "--mix", "3").err());
        g.check();
    }

    @Test
    void savedPresets(@TempDir Path tmp) throws Exception {
        Golden g = new Golden("golden/cli-presets.txt");
        Path shipped = tmp.resolve("shipped");
        Path modelFile = Fixtures.modelZip(tmp);
        ShippedPresets.write(ShippedPresets.generate(Fixtures.model(), ModelWriter.sha256(modelFile)), shipped);
        Path models = tmp.resolve("ada-data/auralise/models");
        Files.createDirectories(models);
        Files.copy(modelFile, models.resolve("tiny.auralise"));
        PresetCommand.envOverride = Map.of("HOME", tmp.resolve("ada").toString(), "XDG_DATA_HOME", tmp.resolve("ada-data").toString(),
                "AURALISE_PRESETS", shipped.toString());
        List<String[]> saves = List.of(
                new String[] {"Soft kick", "--filter", "kick", "--mix", "0.6", "--gain-db", "-2", "--author", "Ada"},
                new String[] {"Edge", "--layer", "2", "--feature", "3", "--mix", "0", "--invert", "--threshold", "0.99", "--sharpness", "20", "--gain-db", "24"},
                new String[] {"Low", "--layer", "1", "--feature", "1", "--sharpness", "0.1", "--gain-db", "-60", "--threshold", "0.25"});
        for (String[] s : saves) {
            Fixtures.Run r = Fixtures.run(concat(new String[] {"preset", "save"}, concat(s, new String[] {"--model", modelFile.toString()})));
            assertEquals(0, r.code(), r.err());
        }
        Path dir = tmp.resolve("ada/.config/auralise/presets");
        for (String f : new String[] {"soft-kick.json", "edge.json", "low.json"}) {
            g.file(f, dir.resolve(f));
        }
        g.file("user-lv2-manifest", tmp.resolve("ada/.lv2/auralise-user-presets.lv2/manifest.ttl"));
        g.text("list", Fixtures.run("preset", "list").out());
        g.text("refused", Fixtures.run("preset", "save", "x", "--filter", "kick", "--sharpness", "30", "--model", modelFile.toString()).err());
        Path out = tmp.resolve("edge.wav");
        Path in = Fixtures.wav(tmp.resolve("in.wav"), Fixtures.signal(20000, 1, 48000, 6), 48000, 0);
        Fixtures.Run r = Fixtures.run("render", in.toString(), "-o", out.toString(), "--preset", "Edge", "--mix", "0.5", "--model", modelFile.toString());
        assertEquals(0, r.code(), r.err());
        g.file("render-preset", out);
        g.check();
    }

    static String[] concat(String[] a, String[] b) {
        String[] c = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }
}
