package com.auralise.renderer;

import com.auralise.model.Model;
import com.auralise.model.ModelWriter;
import com.auralise.model.TestModels;
import com.auralise.preset.Preset;
import com.auralise.preset.PresetWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** --preset uses the core's preset files: same sound as the same settings on the command line, and only for its model. */
class PresetTest {
    @TempDir
    Path dir;

    private Path preset(Path model, Preset.FeatureRef feature, double mix, boolean invert, double gain) throws Exception {
        Model m = Fixtures.model();
        Preset p = com.auralise.preset.TestPresets.preset("my kick", "test", "", List.of(), new Preset.ModelRef(m.spec().id, ModelWriter.sha256(model)),
                feature, mix, invert, 0.1, 2.0, gain);
        Path f = dir.resolve("p-" + Math.abs(feature.hashCode() + (int) (mix * 100)) + ".json");
        PresetWriter.write(p, f, true);
        return f;
    }

    @Test
    void presetSoundsLikeTheSameSettingsGivenAsOptions() throws Exception {
        Path model = Fixtures.modelZip(dir);
        Path in = Fixtures.wav(dir.resolve("in.wav"), Fixtures.signal(30000, 2, 44100, 2), 44100, 0);
        Path p = preset(model, Preset.FeatureRef.named("kick selector"), 0.5, true, -3);
        Fixtures.Run r = Fixtures.run("render", in.toString(), "-o", dir.resolve("a.wav").toString(), "--model", model.toString(), "--preset", p.toString());
        assertEquals(0, r.code(), r.err());
        r = Fixtures.run("render", in.toString(), "-o", dir.resolve("b.wav").toString(), "--model", model.toString(),
                "-l", "2", "-k", "1", "--mix", "0.5", "--invert", "--threshold", "0.1", "--sharpness", "2", "--gain-db", "-3");
        assertEquals(0, r.code(), r.err());
        Fixtures.Decoded a = Fixtures.read(dir.resolve("a.wav"));
        Fixtures.Decoded b = Fixtures.read(dir.resolve("b.wav"));
        for (int c = 0; c < 2; c++) {
            assertArrayEquals(b.data()[c], a.data()[c], 0f);
        }
        // And the options override the preset: --mix 0 gives back the input.
        r = Fixtures.run("render", in.toString(), "-o", dir.resolve("c.wav").toString(), "--model", model.toString(), "--preset", p.toString(),
                "--mix", "0", "--gain-db", "0");
        assertEquals(0, r.code(), r.err());
        assertArrayEquals(Fixtures.read(in).data()[1], Fixtures.read(dir.resolve("c.wav")).data()[1], 0f);
    }

    @Test
    void presetForOtherWeightsOrBrokenIsRefused() throws Exception {
        Path model = Fixtures.modelZip(dir);
        Path in = Fixtures.wav(dir.resolve("in.wav"), Fixtures.signal(3000, 1, 44100, 2), 44100, 0);
        Path p = preset(model, Preset.FeatureRef.at(1, 2), 1, false, 0);
        Path other = dir.resolve("other.zip");
        ModelWriter.write(TestModels.tiny(99, 3, 4, "same"), other);
        Fixtures.Run r = Fixtures.run("render", in.toString(), "-o", dir.resolve("x.wav").toString(), "--model", other.toString(), "--preset", p.toString());
        assertEquals(3, r.code());
        assertTrue(r.err().contains("only applies to the exact model"), r.err());
        Path broken = Files.writeString(dir.resolve("broken.json"), "{\"schemaVersion\": 1, \"name\": 5}");
        r = Fixtures.run("render", in.toString(), "-o", dir.resolve("x.wav").toString(), "--model", model.toString(), "--preset", broken.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("bad preset"), r.err());
        assertTrue(!Files.exists(dir.resolve("x.wav")));
    }
}
