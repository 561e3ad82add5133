package com.auralise.deconvolution;

import com.auralise.model.Model;
import com.auralise.model.TestModels;
import com.auralise.network.OfflineNetwork;
import com.auralise.network.StreamingNetwork;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StreamingDeconvolutionTest {

    static float[][] randomSpectrogram(long seed, int rows, int frames) {
        Random r = new Random(seed);
        float[][] x = new float[rows][frames];
        for (int f = 0; f < rows; f++) {
            for (int t = 0; t < frames; t++) {
                // Sparse bursts, like onsets over a quiet floor: gives the pools real decisions.
                x[f][t] = r.nextDouble() < 0.2 ? (float) (3 * r.nextDouble()) : (float) (0.1 * r.nextDouble());
            }
        }
        return x;
    }

    @ParameterizedTest(name = "{0} padding, layer {1}, feature {2}")
    @CsvSource({"same,1,0", "same,2,3", "same,3,1", "same,4,2", "same,5,0",
            "causal,1,2", "causal,2,0", "causal,3,3", "causal,4,1", "causal,5,2"})
    void streamingEqualsOfflineAndRespectsLookahead(String padding, int layer, int feature) {
        Model model = TestModels.tiny(7, 5, 4, padding);
        int rows = 37;
        int frames = 400;
        float[][] spec = randomSpectrogram(11, rows, frames);
        float[][] offline = OfflineDeconvolution.deconvolve(model,
                OfflineNetwork.forward(model, spec, layer), layer, feature);

        EngineLayout layout = EngineLayout.of(model, 5, rows);
        StreamingNetwork net = new StreamingNetwork(model, 5, rows, layout.ringCapacity, true);
        StreamingDeconvolution head = new StreamingDeconvolution(net, 1024, true);
        head.select(layer, feature);
        float[] col = new float[rows];
        float[][] streamed = new float[rows][frames];
        long taken = 0;
        double peak = 0;
        for (int t = 0; t < frames; t++) {
            for (int f = 0; f < rows; f++) {
                col[f] = spec[f][t];
            }
            net.push(col);
            head.pull();
            for (; taken < head.produced(); taken++) {
                float[] c = head.column(taken);
                for (int f = 0; f < rows; f++) {
                    streamed[f][(int) taken] = c[f];
                }
            }
            // Every frame at least lookahead old must be complete.
            assertTrue(head.produced() >= t + 1 - layout.lookahead[layer],
                    "frame " + (t - layout.lookahead[layer]) + " late at t=" + t);
        }
        assertTrue(taken > frames / 2, "produced only " + taken);
        for (int t = 0; t < taken; t++) {
            for (int f = 0; f < rows; f++) {
                peak = Math.max(peak, Math.abs(offline[f][t]));
            }
        }
        assertTrue(peak > 0, "feature is dead in the test model; pick another");
        for (int t = 0; t < taken; t++) {
            for (int f = 0; f < rows; f++) {
                assertEquals(offline[f][t], streamed[f][t], 1e-4 * peak, "f=" + f + " t=" + t);
            }
        }
    }

    /**
     * select() mid-stream: every column produced after the change is the new selection's offline
     * deconvolution, whatever the rings held for the old one (rows of other channels included).
     */
    @ParameterizedTest(name = "layer {0} feature {1} -> layer {2} feature {3}")
    @CsvSource({"3,1,3,2", "2,3,4,0", "4,2,1,3", "5,0,5,3"})
    void selectionChangeGivesTheNewFeaturesExactColumns(int l0, int f0, int l1, int f1) {
        Model model = TestModels.tiny(7, 5, 4, "same");
        int rows = 37;
        int frames = 500;
        int change = 230;
        float[][] spec = randomSpectrogram(12, rows, frames);
        float[][] offline = OfflineDeconvolution.deconvolve(model, OfflineNetwork.forward(model, spec, l1), l1, f1);
        EngineLayout layout = EngineLayout.of(model, 5, rows);
        StreamingNetwork net = new StreamingNetwork(model, 5, rows, layout.ringCapacity, true);
        StreamingDeconvolution head = new StreamingDeconvolution(net, 1024, true);
        head.select(l0, f0);
        float[] col = new float[rows];
        long first = -1;
        double peak = 0;
        double worst = 0;
        for (int t = 0; t < frames; t++) {
            for (int f = 0; f < rows; f++) {
                col[f] = spec[f][t];
            }
            if (t == change) {
                head.select(l1, f1);
                first = head.produced();
            }
            net.push(col);
            head.pull();
        }
        assertTrue(head.produced() - first > 100, "produced only " + (head.produced() - first) + " after the change");
        // The ring holds the newest 1024 columns: all of them since the change.
        for (long c = first; c < head.produced(); c++) {
            float[] out = head.column(c);
            for (int f = 0; f < rows; f++) {
                peak = Math.max(peak, Math.abs(offline[f][(int) c]));
                worst = Math.max(worst, Math.abs(offline[f][(int) c] - out[f]));
            }
        }
        assertTrue(peak > 0, "feature is dead in the test model; pick another");
        assertTrue(worst <= 1e-4 * peak, "max deviation " + worst + " of peak " + peak);
    }

    @org.junit.jupiter.api.Test
    void batchDeconvolutionEqualsReferenceAwayFromTheEnd() throws Exception {
        Model model = TestModels.tiny(8, 4, 5, "same");
        int rows = 30;
        int frames = 300;
        float[][] spec = randomSpectrogram(3, rows, frames);
        int layer = 3;
        int[] features = {0, 2, 4};
        float[][][] batch = BatchDeconvolution.deconvolve(model, spec, layer, features, 2);
        OfflineNetwork.Activations fw = OfflineNetwork.forward(model, spec, layer);
        int reach = EngineLayout.of(model, layer, rows).lookahead[layer] + 8;
        for (int n = 0; n < features.length; n++) {
            float[][] ref = OfflineDeconvolution.deconvolve(model, fw, layer, features[n]);
            double peak = 1e-12;
            for (float[] r : ref) {
                for (float v : r) {
                    peak = Math.max(peak, Math.abs(v));
                }
            }
            for (int f = 0; f < rows; f++) {
                for (int t = 0; t < frames - reach; t++) {
                    assertEquals(ref[f][t], batch[n][f][t], 1e-4 * peak, "feature " + features[n] + " f=" + f + " t=" + t);
                }
            }
        }
    }
}
