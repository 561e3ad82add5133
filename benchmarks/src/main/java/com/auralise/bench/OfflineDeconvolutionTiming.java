package com.auralise.bench;

import com.auralise.deconvolution.BatchDeconvolution;
import com.auralise.model.Model;
import com.auralise.model.ModelSpec;
import com.auralise.stft.Spectrogram;

import java.util.Random;

/**
 * Offline deconvolution of all 64 features of one layer for a 30 s clip, in seconds (a whole-job
 * timing, not a micro-benchmark). Usage: OfflineDeconvolutionTiming [layer] [threads]
 */
public final class OfflineDeconvolutionTiming {
    public static void main(String[] args) throws Exception {
        int layer = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : Runtime.getRuntime().availableProcessors();
        Model m = BenchModels.reference(64, "same");
        ModelSpec.Frontend fe = m.spec().frontend;
        int rate = m.spec().sampleRate;
        Random r = new Random(5);
        float[] clip = new float[rate * 30];
        for (int i = 0; i < clip.length; i++) {
            clip[i] = (float) (0.3 * Math.sin(2 * Math.PI * 110 * i / rate) + (i % 11025 < 800 ? r.nextGaussian() * 0.5 : 0));
        }
        int[] features = new int[64];
        for (int k = 0; k < 64; k++) {
            features[k] = k;
        }
        for (int run = 0; run < 3; run++) { // first run includes JIT warm-up
            long t0 = System.nanoTime();
            float[][] spec = Spectrogram.compute(clip, fe, rate);
            float[][][] out = BatchDeconvolution.deconvolve(m, spec, layer, features, threads);
            double s = (System.nanoTime() - t0) / 1e9;
            System.out.printf("run %d: layer %d, 64 features, 30 s clip (%d frames), %d threads: %.2f s (check %.3g)%n",
                    run + 1, layer, spec[0].length, threads, s, out[63][10][100]);
        }
    }
}
