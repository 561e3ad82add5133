package com.auralise.stft;

import com.auralise.istft.OverlapAdd;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

class StftRoundTripTest {

    @ParameterizedTest(name = "nFft {0}, hop {1}, window {2}")
    @CsvSource({"1024,256,sqrt-hann", "512,128,sqrt-hann", "256,64,hann", "2048,512,sqrt-hann", "64,16,sqrt-hann",
            "1024,512,sqrt-hann", "1024,200,sqrt-hann"})
    void identityReconstructsInputDelayedByLatency(int nFft, int hop, String window) {
        double[] w = Window.named(window, nFft);
        StftAnalyzer stft = new StftAnalyzer(nFft, hop, w);
        OverlapAdd ola = new OverlapAdd(nFft, hop, w, w);
        Random r = new Random(nFft + hop);
        int total = 60_000;
        float[] x = new float[total];
        for (int i = 0; i < total; i++) {
            x[i] = (float) (r.nextGaussian() * 0.3 + Math.sin(i * 0.01));
        }
        float[] y = new float[total];
        double[] frame = new double[nFft];
        int pos = 0;
        while (pos < total) {
            // Block sizes from 1 to 8192, changing every call.
            int block = Math.min(total - pos, r.nextInt(4) == 0 ? 1 + r.nextInt(8192) : 1 + r.nextInt(300));
            int end = pos + block;
            while (pos < end) {
                int n = Math.min(end - pos, stft.samplesToNextFrame());
                stft.push(x, pos, n);
                if (stft.frameReady()) {
                    stft.frame(frame);
                    ola.addFrame(frame);
                }
                ola.pop(y, pos, n);
                pos += n;
            }
        }
        int latency = ola.latency();
        assertEquals(nFft - 1, latency);
        double maxErr = 0;
        for (int i = 0; i < latency; i++) {
            maxErr = Math.max(maxErr, Math.abs(y[i]));
        }
        for (int i = latency; i < total; i++) {
            maxErr = Math.max(maxErr, Math.abs(y[i] - x[i - latency]));
        }
        assertEquals(0.0, maxErr, 1e-5, "max abs error");
    }

    @org.junit.jupiter.api.Test
    void rejectsHopThatLeavesGaps() {
        double[] w = Window.hann(256);
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> new OverlapAdd(256, 256, w, w));
    }
}
