package com.auralise.view;

import com.auralise.filter.FeatureFilter;
import com.auralise.filter.FilterSettings;
import com.auralise.model.Model;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/** The view's reader on a real FeatureFilter, no display needed. */
class TapReaderTest {
    @Test
    void historiesFollowTheTapAndOutputIsTheMaskedInput() {
        Model model = FeatureViewTest.melModel();
        FeatureFilter filter = new FeatureFilter(model);
        filter.prepare(FeatureViewTest.SR, 512, 1);
        TapReader reader = new TapReader(filter.viewTap(), model, 256);
        float[] x = FeatureViewTest.signal(2.0);
        float[][] in = new float[1][512];
        float[][] out = new float[1][512];
        for (int pos = 0; pos + 512 <= x.length; pos += 512) {
            System.arraycopy(x, pos, in[0], 0, 512);
            filter.process(in, out, 512);
            reader.poll();
        }
        assertEquals(filter.viewTap().inputFrames(), reader.frames());
        assertEquals(0, reader.lost());
        long last = reader.frames() - 1;
        float[] col = new float[reader.rows()];
        assertTrue(filter.viewTap().readInput(last, col));
        assertArrayEquals(col, reader.input[reader.slot(last)]);
        // Output of a frame whose mask has arrived: ln(1 + (e^in - 1) * clamp(mask, 0, 1)).
        long f = filter.viewTap().maskFrames() - 1;
        assertTrue(f > 0 && f <= last);
        float[] m = new float[reader.rows()];
        assertTrue(filter.viewTap().readMask(f, m));
        float[] inF = reader.input[reader.slot(f)];
        float[] outF = reader.output[reader.slot(f)];
        double energy = 0;
        for (int r = 0; r < m.length; r++) {
            double g = Math.max(0, Math.min(1, m[r]));
            assertEquals(Math.log1p(Math.expm1(inF[r]) * g), outF[r], 1e-5);
            energy += outF[r];
        }
        assertTrue(energy > 0, "mask let nothing through");
        // Activation timing comes from the network's own counters: the layer's pooling period.
        assertEquals(4, reader.activationPeriod(), "layer 2 pools time by 2 x 2");
        assertTrue(reader.activationDelay() >= 0);
        assertEquals(64 / 4, reader.activationLayerRows());
    }

    @Test
    void lappedFramesAreCountedAsLostNotShownAsOldData() {
        Model model = FeatureViewTest.melModel();
        FeatureFilter filter = new FeatureFilter(model);
        filter.prepare(FeatureViewTest.SR, 4096, 1);
        TapReader reader = new TapReader(filter.viewTap(), model, 2048);
        float[] x = FeatureViewTest.signal(16.0); // ~1378 frames: more than the tap's 1024
        float[][] in = {x};
        float[][] out = new float[1][x.length];
        filter.process(in, out, x.length);
        reader.poll();
        assertEquals(filter.viewTap().inputFrames(), reader.frames());
        assertTrue(reader.lost() > 0, "frames older than the tap's ring must be reported lost");
        float[] zeros = new float[reader.rows()];
        assertArrayEquals(zeros, reader.input[reader.slot(0)], "a lost frame shows silence");
    }

    @Test
    void layerChangeRetimesTheActivation() {
        Model model = FeatureViewTest.melModel();
        FeatureFilter filter = new FeatureFilter(model);
        filter.prepare(FeatureViewTest.SR, 512, 1);
        TapReader reader = new TapReader(filter.viewTap(), model, 256);
        FilterSettings s = filter.settings();
        s.layer = 3;
        filter.apply(s);
        reader.poll();
        assertEquals(8, reader.activationPeriod());
        assertEquals(64 / 8, reader.activationLayerRows());
    }

    @Test
    void specOnlyReaderTimesActivationsLikeTheModel() {
        Model model = FeatureViewTest.melModel();
        FeatureFilter filter = new FeatureFilter(model);
        filter.prepare(FeatureViewTest.SR, 512, 1);
        for (int layer = 1; layer <= 3; layer++) {
            FilterSettings s = filter.settings();
            s.layer = layer;
            filter.apply(s);
            TapReader withWeights = new TapReader(filter.viewTap(), model, 64);
            TapReader specOnly = new TapReader(filter.viewTap(), null, model.spec(), 64);
            withWeights.poll();
            specOnly.poll();
            assertEquals(withWeights.activationPeriod(), specOnly.activationPeriod());
            assertEquals(withWeights.activationDelay(), specOnly.activationDelay());
            assertEquals(withWeights.activationLayerRows(), specOnly.activationLayerRows());
        }
    }
}
