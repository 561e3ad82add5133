package com.auralise.trainer.catalogue;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MetricsTest {
    private static float[] sine(int n, double f, int sr) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) Math.sin(2 * Math.PI * f * i / sr);
        }
        return x;
    }

    @Test
    void siSdrHandCases() {
        float[] ref = sine(4000, 440, 16000);
        // Scale does not matter: a scaled copy is perfect (capped at 100 dB).
        float[] scaled = ref.clone();
        for (int i = 0; i < scaled.length; i++) {
            scaled[i] *= 0.3f;
        }
        assertEquals(100, Metrics.siSdr(scaled, ref), 1e-9);
        // ref + orthogonal noise of a given energy: SI-SDR = 10 log10(|ref|^2 / |noise|^2).
        float[] orth = sine(4000, 1000, 16000); // whole periods: orthogonal to ref over the window
        for (double g : new double[] {1.0, 0.1, 3.0}) {
            float[] est = new float[ref.length];
            for (int i = 0; i < est.length; i++) {
                est[i] = (float) (ref[i] + g * orth[i]);
            }
            assertEquals(-20 * Math.log10(g), Metrics.siSdr(est, ref), 0.01, "gain " + g);
        }
        assertEquals(-100, Metrics.siSdr(new float[4000], ref));
        assertTrue(Double.isNaN(Metrics.siSdr(ref, new float[4000])));
    }

    @Test
    void onsetFMeasureHandCases() {
        double[] est = {0.10, 0.50, 1.00};
        double[] ref = {0.12, 0.58, 1.00, 2.00};
        double[] prf = Metrics.onsetPrf(est, ref, 0.05);
        assertEquals(2 / 3.0, prf[0], 1e-12);
        assertEquals(0.5, prf[1], 1e-12);
        assertEquals(2 * (2 / 3.0) * 0.5 / (2 / 3.0 + 0.5), prf[2], 1e-12);
        // One estimate can match only one reference.
        assertArrayEquals(new double[] {1, 0.5, 2 / 3.0}, Metrics.onsetPrf(new double[] {1.0}, new double[] {0.99, 1.01}, 0.05), 1e-12);
        assertEquals(0, Metrics.onsetF(new double[0], ref, 0.05));
        assertEquals(1, Metrics.onsetF(new double[0], new double[0], 0.05));
        assertArrayEquals(new double[] {0.0, 0.1}, Metrics.mergeClose(new double[] {0.1, 0.0, 0.02, 0.11}, 0.03), 1e-12);
    }

    @Test
    void aucHandCases() {
        assertEquals(1.0, Metrics.auc(new double[] {0.1, 0.2, 0.8, 0.9}, new boolean[] {false, false, true, true}));
        assertEquals(0.0, Metrics.auc(new double[] {0.9, 0.8, 0.2, 0.1}, new boolean[] {false, false, true, true}));
        assertEquals(0.75, Metrics.auc(new double[] {0.1, 0.5, 0.4, 0.9}, new boolean[] {false, false, true, true}));
        assertEquals(0.5, Metrics.auc(new double[] {0.5, 0.5}, new boolean[] {false, true}));
        assertTrue(Double.isNaN(Metrics.auc(new double[] {0.5, 0.6}, new boolean[] {true, true})));
    }

    @Test
    void envelopeOnsetsFindClicks() {
        int sr = 22050;
        float[] x = new float[sr * 2];
        Random r = new Random(1);
        double[] truth = {0.25, 0.6, 1.1, 1.5};
        for (double t : truth) {
            int s = (int) (t * sr);
            for (int i = 0; i < 2000; i++) {
                x[s + i] += (float) (r.nextGaussian() * 0.5 * Math.exp(-i / 300.0));
            }
        }
        double[] est = Metrics.envelopeOnsets(x, sr, 0.1, 0.04);
        assertEquals(1.0, Metrics.onsetF(est, truth, 0.05), 1e-12);
        assertTrue(Metrics.envelopeCorrelation(x, x, sr) > 0.999);
    }
}
