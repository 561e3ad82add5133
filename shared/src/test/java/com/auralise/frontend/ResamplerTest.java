package com.auralise.frontend;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ResamplerTest {
    private static final int OUT = 22050;

    /** Everything the resampler gives for x, pushed in blocks from the given random source (null: one block). */
    private static float[] run(Resampler r, float[] x, Random blocks) {
        float[] out = new float[(int) ((long) x.length * OUT / 8000 + 16)];
        int produced = 0;
        int pos = 0;
        while (pos < x.length) {
            int n = Math.min(x.length - pos, blocks == null ? 8192 : 1 + blocks.nextInt(blocks.nextBoolean() ? 8 : 8192));
            produced += r.process(x, pos, n, out, produced);
            pos += n;
        }
        return java.util.Arrays.copyOf(out, produced);
    }

    private static float[] sine(int rate, double hz, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) Math.sin(2 * Math.PI * hz * i / rate);
        }
        return x;
    }

    @ParameterizedTest
    @ValueSource(ints = {8000, 11025, 32000, 44100, 44101, 48000, 96000, 192000})
    void inBandSineLandsAtItsExactPositions(int rate) {
        Resampler r = new Resampler(rate, OUT, 16);
        double hz = 1000;
        float[] y = run(r, sine(rate, hz, rate), null);
        // Output k is input position k * rate / OUT, i.e. time k / OUT; skip the start-up edge.
        int hw = (int) Math.ceil(r.halfWidth() * OUT / (double) rate) + 2;
        double worst = 0;
        for (int k = hw; k < y.length; k++) {
            worst = Math.max(worst, Math.abs(y[k] - Math.sin(2 * Math.PI * hz * k / OUT)));
        }
        assertTrue(worst < 2e-3, "max error " + worst + " at " + rate + " Hz");
        // The count is exact: output k needs input floor(k * rate / OUT) + halfWidth.
        long expected = 0;
        while ((expected * rate) / OUT + r.halfWidth() <= rate - 1) {
            expected++;
        }
        assertEquals(expected, y.length);
    }

    @Test
    void commonRatesUseExactPhasesOddOnesInterpolate() {
        assertTrue(new Resampler(44100, OUT, 16).exactPhases());
        assertTrue(new Resampler(48000, OUT, 16).exactPhases());
        assertTrue(new Resampler(384000, OUT, 16).exactPhases());
        assertFalse(new Resampler(44101, OUT, 16).exactPhases());
        // 2:1 is a half-band kernel: every other tap is zero and skipped.
        assertTrue(new Resampler(44100, OUT, 16).sparse());
        assertFalse(new Resampler(48000, OUT, 16).sparse());
    }

    @ParameterizedTest
    @ValueSource(ints = {44100, 44101, 48000})
    void aliasesAreRejectedWhenGoingDown(int rate) {
        // 18 kHz is above the model's Nyquist (11.025 kHz): it must not fold back into the band.
        float[] y = run(new Resampler(rate, OUT, 16), sine(rate, 18000, rate), null);
        double e = 0;
        for (int k = 200; k < y.length - 200; k++) {
            e += y[k] * y[k];
        }
        double rms = Math.sqrt(e / (y.length - 400));
        assertTrue(rms < 1e-3, "alias rms " + rms);
    }

    @ParameterizedTest
    @ValueSource(ints = {8000, 44100, 44101, 48000, 192000})
    void blockSizesDoNotChangeTheOutput(int rate) {
        Random noise = new Random(7);
        float[] x = new float[3 * rate];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) noise.nextGaussian();
        }
        float[] whole = run(new Resampler(rate, OUT, 16), x, null);
        float[] pieces = run(new Resampler(rate, OUT, 16), x, new Random(rate));
        assertArrayEquals(whole, pieces);
        Resampler again = new Resampler(rate, OUT, 16);
        run(again, x, null);
        again.reset();
        assertArrayEquals(whole, run(again, x, new Random(3)), "after reset");
    }
}
