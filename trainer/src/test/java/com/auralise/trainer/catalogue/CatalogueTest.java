package com.auralise.trainer.catalogue;

import com.auralise.model.Model;
import com.auralise.model.ModelReader;
import com.auralise.model.ModelSpec;
import com.auralise.model.ModelWriter;
import com.auralise.model.TestModels;
import com.auralise.trainer.data.Clip;
import com.auralise.trainer.data.Onset;
import com.auralise.trainer.data.Part;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.PrintStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The catalogue analysis on a tiny model and small synthetic clips gives well-formed entries. */
public class CatalogueTest {
    static final int SR = 22050;

    /** A 1.5 s clip: kick (decaying 55 Hz bursts), hats (noise ticks), bass (sustained 98 Hz), melody (880 Hz). */
    public static Clip synthetic(long seed) {
        Random r = new Random(seed);
        int n = SR * 3 / 2;
        Map<Part, float[]> stems = new EnumMap<>(Part.class);
        for (Part p : Part.values()) {
            stems.put(p, new float[n]);
        }
        List<Onset> onsets = new ArrayList<>();
        double beat = 0.25 + 0.05 * r.nextDouble();
        for (double t = 0.05; t < 1.4; t += beat) {
            int s = (int) (t * SR);
            float[] k = stems.get(Part.KICK);
            for (int i = 0; i < 3000 && s + i < n; i++) {
                k[s + i] += (float) (0.8 * Math.exp(-i / 600.0) * Math.sin(2 * Math.PI * 55 * i / SR));
            }
            onsets.add(new Onset(t, Part.KICK, 36, 100, 0.1));
            double th = t + beat / 2;
            int sh = (int) (th * SR);
            float[] h = stems.get(Part.HATS);
            for (int i = 0; i < 800 && sh + i < n; i++) {
                h[sh + i] += (float) (0.2 * Math.exp(-i / 150.0) * r.nextGaussian());
            }
            if (th < 1.5) {
                onsets.add(new Onset(th, Part.HATS, 42, 90, 0.05));
            }
        }
        float[] b = stems.get(Part.BASS);
        float[] m = stems.get(Part.MELODY);
        for (int i = 0; i < n; i++) {
            b[i] = (float) (0.3 * Math.sin(2 * Math.PI * 98 * i / SR));
            m[i] = (float) (0.1 * Math.sin(2 * Math.PI * 880 * i / SR) * (i > n / 2 ? 1 : 0));
        }
        onsets.add(new Onset(0, Part.BASS, 43, 100, 1.5));
        onsets.add(new Onset(n / 2.0 / SR, Part.MELODY, 81, 100, 0.7));
        float[] mix = new float[n];
        for (Part p : Part.values()) {
            float[] s = stems.get(p);
            for (int i = 0; i < n; i++) {
                mix[i] += s[i];
            }
        }
        return new Clip(SR, mix, stems, onsets, Map.of("id", "synthetic-" + seed, "style", "rock"));
    }

    static Model tinyMel() {
        ModelSpec.Frontend fe = new ModelSpec.Frontend();
        fe.type = "mel";
        fe.bins = 32;
        fe.nFft = 512;
        fe.hop = 128;
        fe.fMin = 30;
        fe.fMax = 11025;
        return TestModels.build(7, 2, 4, "same", fe, SR);
    }

    @Test
    void entriesAreWellFormedAndStoredInTheModel() throws Exception {
        Model model = tinyMel();
        List<ClipTruth> clips = List.of(new ClipTruth(synthetic(1), model.spec().frontend, SR),
                new ClipTruth(synthetic(2), model.spec().frontend, SR));
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
        List<ModelSpec.CatalogueEntry> cat = Catalogue.analyse(model, clips, 1, 2, quiet);

        // One entry per feature of every layer.
        assertEquals(8, cat.size());
        Set<String> seen = new HashSet<>();
        Set<String> names = new HashSet<>(Catalogue.names());
        int verified = 0;
        for (ModelSpec.CatalogueEntry e : cat) {
            assertTrue(seen.add(e.layer + "/" + e.feature), "duplicate " + e.layer + "/" + e.feature);
            assertTrue(names.contains(e.name), e.name);
            assertTrue(e.layer >= 1 && e.layer <= 2 && e.feature >= 0 && e.feature < 4);
            assertTrue(e.confidence >= 0 && e.confidence <= 1, "confidence " + e.confidence);
            assertTrue(e.maskScale >= 0 && Double.isFinite(e.maskScale));
            for (Map.Entry<String, Double> s : e.scores.entrySet()) {
                assertTrue(Double.isFinite(s.getValue()), s.getKey());
            }
            assertTrue(e.scores.containsKey("onsetF") && e.scores.containsKey("dSiSdr:kick"));
            verified += e.scores.get("verified") > 0 ? 1 : 0;
        }
        assertTrue(verified >= 1, "stage 2 verified some features with the real filter");
        // Stems that never play (snare, chords) get no SI-SDR score.
        assertTrue(cat.stream().noneMatch(e -> e.scores.containsKey("dSiSdr:snare")));
        // The first entry of each name is its most confident one (what presets resolve to).
        Set<String> firstSeen = new HashSet<>();
        for (ModelSpec.CatalogueEntry e : cat) {
            if (firstSeen.add(e.name)) {
                for (ModelSpec.CatalogueEntry o : cat) {
                    if (o.name.equals(e.name)) {
                        assertTrue(o.confidence <= e.confidence);
                    }
                }
            }
        }
        // The catalogue passes the core's validation and survives the file format.
        model.spec().catalogue = cat;
        ModelReader.validate(model);
        Model back = ModelReader.read(new ByteArrayInputStream(ModelWriter.toBytes(model)));
        assertEquals(cat.size(), back.spec().catalogue.size());
        assertEquals(cat.get(0).name, back.spec().catalogue.get(0).name);
        assertEquals(cat.get(0).maskScale, back.spec().catalogue.get(0).maskScale, 1e-9);
    }

    @Test
    void namingFollowsTheScores() {
        Catalogue.FeatureScores fs = new Catalogue.FeatureScores(1, 0);
        java.util.Arrays.fill(fs.dSiSdr, -5);
        java.util.Arrays.fill(fs.envCorr, 0.1);
        fs.dSiSdr[Part.KICK.ordinal()] = 4.5;
        fs.envCorr[Part.KICK.ordinal()] = 0.8;
        fs.onsetF = 0.3;
        fs.mixOnsetF = 0.5;
        fs.energy = 0.2;
        fs.verified = true;
        fs.maskScale = 2;
        ModelSpec.CatalogueEntry e = Catalogue.entries(List.of(fs)).get(0);
        assertEquals("kick selector", e.name);
        assertEquals(Math.round(1000 * (1 - Math.exp(-4.5 / 5))) / 1000.0, e.confidence, 1e-9);
        // Unverified (pre-rank only): same name, half the confidence.
        fs.verified = false;
        assertEquals(Math.round(1000 * 0.5 * (1 - Math.exp(-4.5 / 5))) / 1000.0, Catalogue.entries(List.of(fs)).get(0).confidence, 1e-9);
        // Nothing stands out: texture.
        fs.verified = true;
        fs.dSiSdr[Part.KICK.ordinal()] = -1;
        fs.onsetF = 0.5;
        assertEquals("texture", Catalogue.entries(List.of(fs)).get(0).name);
        // Onsets better than the mix's own envelope: onset detector.
        fs.onsetF = 0.9;
        assertEquals("onset detector", Catalogue.entries(List.of(fs)).get(0).name);
    }

    /** A name goes to the feature that earns it best, even if that feature scores a bit higher elsewhere. */
    @Test
    void eachNameGoesToItsBestFeature() {
        Catalogue.FeatureScores hats = scores(1, Part.HATS, 11.8, 0.927); // hats 0.905, onset 0.927
        Catalogue.FeatureScores onset = scores(2, Part.SNARE, -1, 0.942);
        Catalogue.FeatureScores weakHats = scores(3, Part.HATS, 3.4, 0.5);
        List<ModelSpec.CatalogueEntry> cat = Catalogue.entries(List.of(hats, onset, weakHats));
        ModelSpec.CatalogueEntry bestHats = cat.stream().filter(e -> e.name.equals("hats selector")).findFirst().orElseThrow();
        assertEquals(1, bestHats.layer, "the strong hats feature is the hats selector");
        ModelSpec.CatalogueEntry bestOnset = cat.stream().filter(e -> e.name.equals("onset detector")).findFirst().orElseThrow();
        assertEquals(2, bestOnset.layer);
    }

    private static Catalogue.FeatureScores scores(int layer, Part part, double dSiSdr, double onsetF) {
        Catalogue.FeatureScores fs = new Catalogue.FeatureScores(layer, 0);
        java.util.Arrays.fill(fs.dSiSdr, -20);
        java.util.Arrays.fill(fs.envCorr, 0.1);
        fs.dSiSdr[part.ordinal()] = dSiSdr;
        fs.envCorr[part.ordinal()] = 0.9;
        fs.onsetF = onsetF;
        fs.mixOnsetF = 0.891;
        fs.energy = 0.15;
        fs.verified = true;
        fs.maskScale = 1;
        return fs;
    }
}
