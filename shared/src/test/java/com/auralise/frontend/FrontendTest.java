package com.auralise.frontend;

import com.auralise.model.ModelSpec;
import com.auralise.stft.Fft;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FrontendTest {

    static ModelSpec.Frontend spec(String type) {
        ModelSpec.Frontend fe = ModelSpec.Frontend.reference();
        fe.type = type;
        return fe;
    }

    @ParameterizedTest
    @ValueSource(strings = {"linear", "mel", "logfreq"})
    void constantMaskMapsToConstantMask(String type) {
        Frontend f = Frontend.create(spec(type), 22050);
        float[] band = new float[f.bins()];
        java.util.Arrays.fill(band, 0.7f);
        float[] stft = new float[f.stftBins()];
        f.maskToStft(band, stft);
        for (int k = 0; k < stft.length; k++) {
            assertEquals(0.7f, stft[k], 1e-5f, "bin " + k + ": a hole or a ripple");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"mel", "logfreq"})
    void everyBandSeesTheSignalAtItsFrequency(String type) {
        Frontend f = Frontend.create(spec(type), 22050);
        int nFft = 1024;
        float[] out = new float[f.bins()];
        int lastPeak = -1;
        // A sinusoid swept upwards must light up bands in non-decreasing order, and none stays dark.
        boolean[] seen = new boolean[f.bins()];
        for (int k = 2; k < 511; k++) {
            double[] spec = new double[nFft];
            spec[2 * k] = nFft / 2.0 * (Frontend.analysisWindow(nFft)[0] + 1); // any positive magnitude at bin k
            f.analyse(spec, out);
            int peak = 0;
            for (int b = 0; b < out.length; b++) {
                if (out[b] > out[peak]) {
                    peak = b;
                }
                if (out[b] > 0) {
                    seen[b] = true;
                }
            }
            assertTrue(peak >= lastPeak, "band order broke at bin " + k);
            lastPeak = peak;
        }
        for (int b = 0; b < seen.length; b++) {
            assertTrue(seen[b], "band " + b + " never sees any bin (an empty filter)");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"mel", "logfreq"})
    void oneBandMaskLandsAtThatBandsFrequency(String type) {
        Frontend f = Frontend.create(spec(type), 22050);
        float[] band = new float[f.bins()];
        int b = f.bins() / 2;
        band[b] = 1f;
        float[] stft = new float[f.stftBins()];
        f.maskToStft(band, stft);
        // Where does band b respond most in analysis? The mask must peak at that bin.
        float[] out = new float[f.bins()];
        int bestBin = 0;
        float best = -1;
        for (int k = 1; k < 511; k++) {
            double[] spec = new double[1024];
            spec[2 * k] = 100;
            f.analyse(spec, out);
            if (out[b] > best) {
                best = out[b];
                bestBin = k;
            }
        }
        int maskPeak = 0;
        for (int k = 0; k < stft.length; k++) {
            if (stft[k] > stft[maskPeak]) {
                maskPeak = k;
            }
        }
        assertEquals(bestBin, maskPeak, 1.0);
        // Neighbouring bands share that bin, so the normalised transpose gives less than 1 there.
        assertTrue(stft[maskPeak] > 0.5f, "peak " + stft[maskPeak]);
    }

    @org.junit.jupiter.api.Test
    void linearFullScaleSineReadsAsMagnitudeOne() {
        ModelSpec.Frontend fe = spec("linear");
        fe.logGain = 1.0;
        Frontend f = Frontend.create(fe, 22050);
        int nFft = 1024;
        int k = 100;
        double[] w = Frontend.analysisWindow(nFft);
        double[] buf = new double[nFft];
        for (int i = 0; i < nFft; i++) {
            buf[i] = Math.cos(2 * Math.PI * k * i / nFft) * w[i];
        }
        new Fft(nFft).forward(buf);
        float[] out = new float[f.bins()];
        f.analyse(buf, out);
        assertEquals(Math.log(2), out[k], 1e-3); // ln(1 + 1 * magnitude 1)
    }

    @ParameterizedTest
    @ValueSource(strings = {"mel", "logfreq"})
    void flatSpectrumReadsTheSameInEveryBand(String type) {
        ModelSpec.Frontend fe = spec(type);
        Frontend f = Frontend.create(fe, 22050);
        double[] spec = new double[1024];
        for (int k = 0; k < 1024; k++) {
            spec[k] = k % 2 == 0 ? 3.0 : 0.0; // magnitude 3 in every bin (real parts), DC and Nyquist too
        }
        float[] out = new float[f.bins()];
        f.analyse(spec, out);
        for (int b = 1; b < out.length; b++) {
            assertEquals(out[0], out[b], 1e-4, "band " + b + ": bands are weighted means, independent of width");
        }
    }
}
