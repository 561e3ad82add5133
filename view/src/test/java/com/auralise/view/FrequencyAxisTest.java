package com.auralise.view;

import com.auralise.frontend.Frontend;
import com.auralise.model.ModelSpec;
import com.auralise.stft.Fft;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The view's frequency axis must agree with the core's front-ends, which it mirrors: a sinusoid at
 * the axis's centre of row b must come out of the real front-end strongest in row b.
 */
class FrequencyAxisTest {
    static ModelSpec.Frontend fe(String type, int bins, double fMin, double fMax) {
        ModelSpec.Frontend f = new ModelSpec.Frontend();
        f.type = type;
        f.nFft = 2048;
        f.hop = 512;
        f.bins = bins;
        f.fMin = fMin;
        f.fMax = fMax;
        return f;
    }

    @Test
    void melLogAndLinearCentresMatchTheCoreFrontends() {
        int sr = 22050;
        for (ModelSpec.Frontend f : new ModelSpec.Frontend[] {
                fe("mel", 64, 0, 8000), fe("mel", 96, 30, 11025), fe("logfreq", 48, 40, 10000), fe("linear", 0, 0, 0)}) {
            FrequencyAxis axis = new FrequencyAxis(f, sr);
            Frontend core = Frontend.create(f, sr);
            assertEquals(core.bins(), axis.rows(), f.type + " rows");
            float[] out = new float[core.bins()];
            int checked = 0;
            // Rows where the STFT resolves neighbouring bands (filterbank bands at least 3 bins apart).
            for (int b = 1; b < axis.rows() - 1; b++) {
                double spacing = Math.min(axis.hz(b) - axis.hz(b - 1), axis.hz(b + 1) - axis.hz(b));
                if (spacing < (f.type.equals("linear") ? 0.99 : 3.0) * sr / f.nFft) {
                    continue;
                }
                core.analyse(spectrumOf(axis.hz(b), sr, f.nFft), out);
                int best = 0;
                for (int i = 1; i < out.length; i++) {
                    if (out[i] > out[best]) {
                        best = i;
                    }
                }
                assertEquals(b, best, f.type + ": tone at row " + b + "'s centre " + axis.hz(b) + " Hz");
                assertEquals(b, axis.row(axis.hz(b)), 1e-9);
                checked++;
            }
            assertTrue(checked >= 10, f.type + ": too few rows checked (" + checked + ")");
        }
    }

    @Test
    void rowInterpolatesAndLabelsAreShort() {
        FrequencyAxis axis = new FrequencyAxis(fe("mel", 64, 0, 8000), 22050);
        double r = axis.row(440);
        assertTrue(axis.hz((int) Math.floor(r)) <= 440 && axis.hz((int) Math.ceil(r)) >= 440);
        assertTrue(Double.isNaN(axis.row(20000)));
        assertEquals("440", FrequencyAxis.label(440));
        assertEquals("1k", FrequencyAxis.label(1000));
        assertEquals("1.5k", FrequencyAxis.label(1500));
        for (double t : axis.ticks()) {
            assertFalse(Double.isNaN(axis.row(t)));
        }
    }

    /** Packed FFT of a Hann-windowed full-scale sinusoid, as the core's STFT produces it. */
    static double[] spectrumOf(double hz, int sr, int nFft) {
        double[] w = Frontend.analysisWindow(nFft);
        double[] x = new double[nFft];
        for (int i = 0; i < nFft; i++) {
            x[i] = w[i] * Math.sin(2 * Math.PI * hz * i / sr);
        }
        new Fft(nFft).forward(x);
        return x;
    }
}
