package com.auralise.trainer.train;

import com.auralise.model.Model;
import com.auralise.model.ModelSpec;
import com.auralise.trainer.catalogue.CatalogueTest;
import com.auralise.trainer.data.Clip;
import com.auralise.trainer.data.Part;
import com.auralise.trainer.data.Style;
import com.auralise.trainer.interop.Dl4jExport;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TrainPipelineTest {
    @Test
    void mixSamplerLabelsFollowTheStemsKept() {
        Clip clip = CatalogueTest.synthetic(3); // kick, hats, bass, melody play; snare and chords are silent
        ModelSpec.Frontend fe = ModelSpec.Frontend.reference();
        MixSampler s = new MixSampler(List.of(clip), fe, 22050, 32);
        SplittableRandom rnd = new SplittableRandom(1);
        float[][] x = new float[fe.bins][32];
        float[] y = new float[MixSampler.OUTPUTS];
        int[] positives = new int[MixSampler.PARTS];
        int n = 60;
        for (int i = 0; i < n; i++) {
            s.sample(rnd, x, y);
            for (int k = 0; k < MixSampler.PARTS; k++) {
                positives[k] += (int) y[k];
            }
            // Style one-hot: the clip is "rock".
            for (Style st : Style.values()) {
                assertEquals(st == Style.ROCK ? 1f : 0f, y[MixSampler.PARTS + st.ordinal()]);
            }
            for (float[] row : x) {
                for (float v : row) {
                    assertTrue(Float.isFinite(v) && v >= 0);
                }
            }
        }
        assertEquals(0, positives[Part.SNARE.ordinal()]);
        assertEquals(0, positives[Part.CHORDS.ordinal()]);
        // Random subsets: the playing parts are sometimes in, sometimes out.
        for (Part p : new Part[] {Part.KICK, Part.BASS}) {
            int k = positives[p.ordinal()];
            assertTrue(k > 5 && k < n - 5, p + " present in " + k + " of " + n);
        }
    }

    @Test
    void studioAndLiveNetsExportAsSameAndCausal() throws Exception {
        int[] ch = {2, 3, 3, 4, 4};
        double[] w = new double[MixSampler.OUTPUTS];
        Arrays.fill(w, 1);
        MultiLayerNetwork studio = Net.build(96, 32, ch, MixSampler.OUTPUTS, w, false, 5, 1e-3);
        MultiLayerNetwork live = Net.build(96, 32, ch, MixSampler.OUTPUTS, w, true, 6, 1e-3);
        Net.copyParams(studio, live);
        ModelSpec base = new ModelSpec();
        base.id = "t";
        base.name = "t";
        base.sampleRate = 22050;
        base.frontend = ModelSpec.Frontend.reference();
        Model s = Dl4jExport.export(studio, base);
        Model l = Dl4jExport.export(live, base);
        assertEquals("same", s.spec().padding);
        assertEquals("causal", l.spec().padding);
        assertEquals(5, s.layers());
        for (int b = 0; b < 5; b++) {
            assertEquals(ch[b], s.channels(b + 1));
            // Same weights (batch-norm folded the same way) after copying: live starts from studio.
            assertArrayEquals(s.conv(b).kernel, l.conv(b).kernel, 0f);
            assertArrayEquals(s.conv(b).bias, l.conv(b).bias, 0f);
        }
        assertEquals(TrainDefaultModel.weightsSha256(s), TrainDefaultModel.weightsSha256(l));
        assertEquals(64, TrainDefaultModel.weightsSha256(s).length());
    }
}
