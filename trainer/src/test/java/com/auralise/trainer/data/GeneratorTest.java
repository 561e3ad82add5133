package com.auralise.trainer.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Determinism, mix == sum(stems), the kick's spectrum, held-out sources and the cache. */
class GeneratorTest {
    static final int SR = 22050;

    @BeforeAll
    static void sources() {
        Split.TRAIN.checkInstalled();
        Split.EVAL.checkInstalled();
    }

    /** First seed (from 0) whose plan uses (or not) a Hydrogen kit, so both drum sources get tested. */
    static long seedWithKit(Split split, boolean kit, int skip) {
        for (long s = 0; ; s++) {
            SongPlan p = Composer.compose(ClipGenerator.clipSeed(3, split, (int) s), split, 3, SR);
            if ((p.drumKit() != null) == kit && p.present()[Part.KICK.ordinal()] && skip-- == 0) {
                return ClipGenerator.clipSeed(3, split, (int) s);
            }
        }
    }

    @Test
    void sameSeedSameAudioOtherSeedOtherAudio() {
        for (boolean kit : new boolean[] {false, true}) {
            long seed = seedWithKit(Split.TRAIN, kit, 0);
            Clip a = ClipGenerator.generate(seed, Split.TRAIN, 3, SR);
            Clip b = ClipGenerator.generate(seed, Split.TRAIN, 3, SR);
            assertArrayEquals(a.mix(), b.mix(), "mix, kit=" + kit);
            for (Part p : Part.values()) assertArrayEquals(a.stem(p), b.stem(p), p + " kit=" + kit);
            assertEquals(a.onsets(), b.onsets());
            assertEquals(a.meta(), b.meta());
            Clip c = ClipGenerator.generate(seed + 1, Split.TRAIN, 3, SR);
            assertFalse(Arrays.equals(a.mix(), c.mix()), "a different seed must give different audio");
        }
    }

    @Test
    void stemsSumToTheMix() {
        for (Split split : Split.values()) {
            for (boolean kit : new boolean[] {false, true}) {
                Clip c = ClipGenerator.generate(seedWithKit(split, kit, 1), split, 3, SR);
                double maxDiff = 0, peak = 0, stemEnergy = 0;
                for (int i = 0; i < c.frames(); i++) {
                    double sum = 0;
                    for (Part p : Part.values()) {
                        sum += c.stem(p)[i];
                        stemEnergy += c.stem(p)[i] * (double) c.stem(p)[i];
                    }
                    maxDiff = Math.max(maxDiff, Math.abs(sum - c.mix()[i]));
                    peak = Math.max(peak, Math.abs(c.mix()[i]));
                }
                assertTrue(maxDiff <= 1e-6, split + " kit=" + kit + ": max |mix - sum(stems)| = " + maxDiff);
                assertTrue(peak > 0.05 && peak <= 1.0, "mix peak " + peak);
                assertTrue(stemEnergy > 0, "silent clip");
                // Every part marked present has sound, every absent part is silent.
                for (Part p : Part.values()) {
                    double e = Signals.meanSquare(c.stem(p), 0, c.frames());
                    assertEquals(c.present(p), e > 1e-10, p + " present=" + c.present(p) + " energy " + e);
                }
            }
        }
    }

    @Test
    void kickEnergyIsMostlyBelow150Hz() {
        StringBuilder b = new StringBuilder();
        for (Split split : Split.values()) {
            for (boolean kit : new boolean[] {false, true}) {
                for (int k = 0; k < 2; k++) {
                    Clip c = ClipGenerator.generate(seedWithKit(split, kit, k), split, 3, SR);
                    double low = Signals.energyBelow(c.stem(Part.KICK), SR, 150);
                    double snareLow = c.present(Part.SNARE) ? Signals.energyBelow(c.stem(Part.SNARE), SR, 150) : Double.NaN;
                    double hatsLow = c.present(Part.HATS) ? Signals.energyBelow(c.stem(Part.HATS), SR, 150) : Double.NaN;
                    String src = c.drumKit() != null ? c.drumKit() : c.soundFont() + " kit " + c.meta().get("gmDrumProgram");
                    b.append(String.format(java.util.Locale.ROOT, "%n  %-30s kick %.2f snare %.2f hats %.2f", src, low, snareLow, hatsLow));
                    assertTrue(low > 0.6, src + ": kick energy below 150 Hz only " + low);
                    if (!Double.isNaN(hatsLow)) assertTrue(hatsLow < 0.2, src + ": hats energy below 150 Hz " + hatsLow);
                }
            }
        }
        System.out.println("energy fraction below 150 Hz:" + b);
    }

    @Test
    void trainingNeverUsesHeldOutSources() {
        Set<String> evalSources = new HashSet<>(Split.EVAL.soundFonts());
        evalSources.addAll(Split.EVAL.drumKits());
        for (String s : Split.TRAIN.soundFonts()) assertFalse(evalSources.contains(s), s);
        for (String s : Split.TRAIN.drumKits()) assertFalse(evalSources.contains(s), s);
        Set<String> usedTrain = new HashSet<>(), usedEval = new HashSet<>();
        for (int i = 0; i < 500; i++) {
            SongPlan t = Composer.compose(ClipGenerator.clipSeed(11, Split.TRAIN, i), Split.TRAIN, 8, SR);
            SongPlan e = Composer.compose(ClipGenerator.clipSeed(11, Split.EVAL, i), Split.EVAL, 8, SR);
            usedTrain.add(t.soundFont());
            usedEval.add(e.soundFont());
            if (t.drumKit() != null) usedTrain.add(t.drumKit());
            if (e.drumKit() != null) usedEval.add(e.drumKit());
        }
        for (String s : usedTrain) assertFalse(evalSources.contains(s), "train split used held-out " + s);
        assertTrue(usedTrain.contains("FluidR3_GM.sf2"), usedTrain.toString());
        assertTrue(usedEval.contains("TimGM6mb.sf2") && usedEval.contains("BJA_Pacific"), usedEval.toString());
        for (String s : usedEval) assertTrue(evalSources.contains(s), "eval split used training source " + s);
        // And the rendered clip says what it used.
        Clip c = ClipGenerator.generate(seedWithKit(Split.TRAIN, true, 0), Split.TRAIN, 1, SR);
        assertEquals("FluidR3_GM.sf2", c.soundFont());
        assertTrue(Split.TRAIN.drumKits().contains(c.drumKit()), c.drumKit());
    }

    @Test
    void varietyFromTheSeed() {
        Set<Style> styles = new HashSet<>();
        Set<Integer> keys = new HashSet<>();
        Set<String> modes = new HashSet<>();
        double minBpm = 1e9, maxBpm = 0;
        int swung = 0;
        for (int i = 0; i < 300; i++) {
            SongPlan p = Composer.compose(ClipGenerator.clipSeed(5, Split.TRAIN, i), Split.TRAIN, 8, SR);
            styles.add(p.style());
            keys.add(p.keyRoot());
            modes.add(p.mode());
            minBpm = Math.min(minBpm, p.bpm());
            maxBpm = Math.max(maxBpm, p.bpm());
            if (p.swing() > 0.5) swung++;
            assertTrue(p.bpm() >= 60 && p.bpm() <= 180, "bpm " + p.bpm());
        }
        assertEquals(Style.values().length, styles.size(), styles.toString());
        assertEquals(12, keys.size());
        assertTrue(modes.size() >= 4, modes.toString());
        assertTrue(minBpm < 70 && maxBpm > 165, minBpm + ".." + maxBpm);
        assertTrue(swung > 30 && swung < 270, "swung " + swung);
    }

    @Test
    void commandWritesACacheAndReusesIt(@TempDir Path dir) throws Exception {
        GenerateData.Stats first = GenerateData.generate(dir, 2, 9, Split.EVAL, 1.5, SR, 1, false, false);
        assertEquals(2, first.rendered());
        List<Path> clips = Clip.list(dir);
        assertEquals(2, clips.size());
        Clip loaded = Clip.load(clips.get(0));
        Clip fresh = ClipGenerator.generate(ClipGenerator.clipSeed(9, Split.EVAL, 0), Split.EVAL, 1.5, SR);
        assertArrayEquals(fresh.mix(), loaded.mix(), "WAV cache must be bit exact");
        for (Part p : Part.values()) assertArrayEquals(fresh.stem(p), loaded.stem(p), p.id());
        assertEquals(fresh.onsets(), loaded.onsets(), "onsets.csv round trip");
        assertEquals(SR, loaded.sampleRate());
        assertEquals("eval", loaded.split());
        assertNotNull(loaded.style());
        GenerateData.Stats second = GenerateData.generate(dir, 3, 9, Split.EVAL, 1.5, SR, 1, false, false);
        assertEquals(1, second.rendered(), "two cached clips reused, one new");
        assertEquals(2, second.reused());
        GenerateData.Stats other = GenerateData.generate(dir, 1, 10, Split.EVAL, 1.5, SR, 1, false, false);
        assertEquals(1, other.rendered(), "a different seed must not reuse the cache");
        assertTrue(java.nio.file.Files.isRegularFile(dir.resolve("index.csv")));
        assertNull(Clip.list(dir.resolve("missing")).stream().findAny().orElse(null));
    }
}
