package com.auralise.trainer.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The claim that lets effects run per stem: tilt and reverb are linear, so per stem == on the mix. */
class EffectsTest {
    static final int SR = 22050;

    static float[] noise(long seed, int n, double gain) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) x[i] = (float) (gain * (r.nextDouble() * 2 - 1) * (i % 5000 < 500 ? 1 : 0.1));
        return x;
    }

    @Test
    void tiltAndReverbPerStemEqualTheEffectOnTheMix() {
        int n = SR * 2;
        float[] a = noise(1, n, 0.5), b = noise(2, n, 0.3);
        float[] mix = new float[n];
        for (int i = 0; i < n; i++) mix[i] = a[i] + b[i];
        for (float[] x : new float[][] {a, b, mix}) {
            Effects.tilt(x, 3.5, 900, SR);
            Effects.reverb(x, 0.8, 0.4, 0.3, 12, SR);
        }
        double maxDiff = 0, peak = 0, changed = 0;
        float[] dry = noise(1, n, 0.5);
        for (int i = 0; i < n; i++) {
            maxDiff = Math.max(maxDiff, Math.abs(a[i] + b[i] - mix[i]));
            peak = Math.max(peak, Math.abs(mix[i]));
            changed = Math.max(changed, Math.abs(a[i] - dry[i]));
        }
        assertTrue(changed > 0.01, "the effects must do something: " + changed);
        assertTrue(maxDiff < 1e-5 * peak, "per-stem effects differ from effects on the mix by " + maxDiff);
    }

    @Test
    void busCompressorReducesLoudPartsOnly() {
        int n = SR;
        float[] x = new float[n];
        for (int i = 0; i < n; i++) x[i] = (float) ((i < n / 2 ? 0.05 : 0.8) * Math.sin(2 * Math.PI * 220 * i / SR));
        float[] g = Effects.compressorGain(x, 4, -6, 5, 100, SR);
        for (float v : g) assertTrue(v > 0 && v <= 1f);
        assertEquals(1f, g[n / 4], 1e-6, "quiet half untouched");
        assertTrue(g[n - 100] < 0.8, "loud half (threshold 6 dB under its peak, 4:1) turned down: " + g[n - 100]);
        float[] off = Effects.compressorGain(x, 1, -6, 5, 100, SR);
        for (float v : off) assertEquals(1f, v);
    }
}
