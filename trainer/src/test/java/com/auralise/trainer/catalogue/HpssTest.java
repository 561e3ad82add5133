package com.auralise.trainer.catalogue;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HpssTest {
    @Test
    void separatesClickTrainFromTone() {
        int sr = 22050;
        int n = sr * 2;
        float[] tone = new float[n];
        float[] clicks = new float[n];
        for (int i = 0; i < n; i++) {
            tone[i] = (float) (0.3 * Math.sin(2 * Math.PI * 440 * i / sr));
        }
        for (int s = 2000; s < n; s += sr / 4) {
            clicks[s] = 1f;
            clicks[s + 1] = -0.5f;
        }
        float[] mix = new float[n];
        for (int i = 0; i < n; i++) {
            mix[i] = tone[i] + clicks[i];
        }
        float[][] hp = Hpss.separate(mix);
        // Components sum back to the input (soft masks sum to 1, windows sum to a constant).
        float[] sum = new float[n];
        for (int i = 0; i < n; i++) {
            sum[i] = hp[0][i] + hp[1][i];
        }
        assertTrue(Metrics.siSdr(sum, mix) > 60, "H + P = x");
        double hTone = Metrics.siSdr(hp[0], tone);
        double pClicks = Metrics.siSdr(hp[1], clicks);
        double mixTone = Metrics.siSdr(mix, tone);
        double mixClicks = Metrics.siSdr(mix, clicks);
        assertTrue(hTone > 25 && hTone > mixTone + 5, "harmonic keeps the tone: " + hTone + " vs mix " + mixTone);
        System.out.printf("HPSS: H vs tone %.1f dB (mix %.1f), P vs clicks %.1f dB (mix %.1f)%n", hTone, mixTone, pClicks, mixClicks);
        assertTrue(pClicks > 5 && pClicks > mixClicks + 5, "percussive keeps the clicks: " + pClicks + " vs mix " + mixClicks);
        assertEquals(0, Metrics.siSdr(mix, mix) - 100, 1e-9);
    }

    @Test
    void bandPassTunedCutoffsSelectTheBand() {
        int sr = 22050;
        int n = sr;
        float[] low = new float[n];
        float[] high = new float[n];
        float[] mix = new float[n];
        for (int i = 0; i < n; i++) {
            low[i] = (float) Math.sin(2 * Math.PI * 60 * i / sr);
            high[i] = (float) Math.sin(2 * Math.PI * 3000 * i / sr);
            mix[i] = low[i] + high[i];
        }
        float[] lp = Baselines.bandPass(mix, 0, 300, sr);
        float[] hp = Baselines.bandPass(mix, 1200, 0, sr);
        int a = 2000, b = n - 2000; // away from the edges' transients
        assertTrue(Metrics.siSdr(lp, low, a, b) > 40);
        assertTrue(Metrics.siSdr(hp, high, a, b) > 40);
    }
}
