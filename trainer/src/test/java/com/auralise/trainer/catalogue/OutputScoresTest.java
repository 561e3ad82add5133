package com.auralise.trainer.catalogue;

import com.auralise.trainer.data.Clip;
import com.auralise.trainer.data.Part;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The scoring both the catalogue's verification and the quality report use, on outputs with known answers. */
class OutputScoresTest {
    private static List<ClipTruth> clips() {
        var fe = CatalogueTest.tinyMel().spec().frontend;
        return List.of(new ClipTruth(CatalogueTest.synthetic(3), fe, CatalogueTest.SR),
                new ClipTruth(CatalogueTest.synthetic(4), fe, CatalogueTest.SR));
    }

    @Test
    void theStemItselfScoresPerfectlyForThatStem() {
        List<ClipTruth> clips = clips();
        OutputScores s = OutputScores.measure(clips, Part.values(), (c, i) -> c.stem(Part.KICK));
        int k = Part.KICK.ordinal();
        assertEquals(100, s.siSdr[k], 1e-9, "SI-SDR is capped at 100 dB");
        double mixSdr = (Metrics.siSdr(clips.get(0).clip.mix(), clips.get(0).clip.stem(Part.KICK))
                + Metrics.siSdr(clips.get(1).clip.mix(), clips.get(1).clip.stem(Part.KICK))) / 2;
        assertEquals(100 - mixSdr, s.dSiSdr[k], 1e-9);
        assertEquals(1, s.envCorr[k], 1e-9);
        // The kick is not the bass: far below the bass's own score.
        assertTrue(s.dSiSdr[Part.BASS.ordinal()] < 0, "kick as a bass estimate: " + s.dSiSdr[Part.BASS.ordinal()]);
        // The synthetic clips have no snare: undefined, not zero.
        assertTrue(Double.isNaN(s.siSdr[Part.SNARE.ordinal()]));
        double kickRms = Math.sqrt(Catalogue.energy(clips.get(0).clip.stem(Part.KICK)) / Catalogue.energy(clips.get(0).clip.mix()));
        assertTrue(s.rmsRatio > 0 && s.rmsRatio < 1 && Math.abs(s.rmsRatio - kickRms) < 0.2, "rms ratio " + s.rmsRatio);
    }

    @Test
    void stemsNotAskedForStayUndefinedAndTheMixHasRatioOne() {
        List<ClipTruth> clips = clips();
        OutputScores s = OutputScores.measure(clips, new Part[] {Part.BASS}, (c, i) -> c.mix());
        for (Part p : Part.values()) {
            assertEquals(p == Part.BASS, Double.isFinite(s.dSiSdr[p.ordinal()]), p.id());
        }
        assertEquals(0, s.dSiSdr[Part.BASS.ordinal()], 1e-12, "the mix does not improve on itself");
        assertEquals(1, s.rmsRatio, 1e-12);
        // Onsets: the mean of each clip's own {P, R, F}, not F of the means.
        double f = 0;
        for (ClipTruth ct : clips) {
            Clip c = ct.clip;
            f += Metrics.onsetF(Metrics.envelopeOnsets(c.mix(), c.sampleRate(), Catalogue.ONSET_DELTA, Catalogue.ONSET_MIN_GAP),
                    ct.onsets, ClipTruth.ONSET_TOL) / clips.size();
        }
        assertEquals(f, s.onsetF, 1e-12);
        assertTrue(s.onsetF > 0.3, "the synthetic mix's beats are found: F " + s.onsetF);
    }
}
