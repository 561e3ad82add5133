package com.auralise.deconvolution;

import com.auralise.model.Model;
import com.auralise.network.StreamingNetwork;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Deconvolution of many features of one clip at once, for offline analysis (catalogue, reports):
 * one forward pass whose rings hold the whole clip, then one backward head per feature, run in
 * parallel (heads only read the forward pass). Uses the streaming kernels, which are several
 * times faster than {@link OfflineDeconvolution}'s direct loops; the input is followed by
 * look-ahead frames of silence so that every frame of the clip is reconstructed (frames within the
 * receptive field of the clip's end can therefore differ slightly from the zero-padded reference).
 */
public final class BatchDeconvolution {
    private BatchDeconvolution() {
    }

    /** spectrogram [rows][frames]; returns [feature][rows][frames]. */
    public static float[][][] deconvolve(Model model, float[][] spectrogram, int layer, int[] features, int threads)
            throws InterruptedException {
        int rows = spectrogram.length;
        int frames = spectrogram[0].length;
        EngineLayout layout = EngineLayout.of(model, layer, rows);
        int total = frames + layout.lookahead[layer] + 1;
        int cap = Integer.highestOneBit(total + 64) << 1;
        int[] rings = new int[layer + 1];
        for (int i = 0; i <= layer; i++) {
            rings[i] = Math.max(cap >> i, layout.ringCapacity[i]);
            rings[i] = Integer.highestOneBit(rings[i] - 1) << 1;
        }
        StreamingNetwork net = new StreamingNetwork(model, layer, rows, rings, true);
        float[] col = new float[rows];
        for (int t = 0; t < total; t++) {
            for (int f = 0; f < rows; f++) {
                col[f] = t < frames ? spectrogram[f][t] : 0f;
            }
            net.push(col);
        }
        float[][][] out = new float[features.length][rows][frames];
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads));
        try {
            Future<?>[] jobs = new Future<?>[features.length];
            for (int n = 0; n < features.length; n++) {
                int idx = n;
                jobs[n] = pool.submit(() -> {
                    StreamingDeconvolution head = new StreamingDeconvolution(net, cap, true);
                    head.select(layer, features[idx]);
                    head.pull();
                    for (int t = 0; t < frames; t++) {
                        float[] c = head.column(t);
                        for (int f = 0; f < rows; f++) {
                            out[idx][f][t] = c[f];
                        }
                    }
                });
            }
            for (Future<?> j : jobs) {
                try {
                    j.get();
                } catch (java.util.concurrent.ExecutionException e) {
                    throw new IllegalStateException(e.getCause());
                }
            }
        } finally {
            pool.shutdownNow();
        }
        return out;
    }
}
