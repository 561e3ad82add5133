package com.auralise.filter;

import com.auralise.deconvolution.OfflineDeconvolution;
import com.auralise.frontend.Frontend;
import com.auralise.mask.MaskShaper;
import com.auralise.model.Model;
import com.auralise.model.ModelSpec;
import com.auralise.model.TestModels;
import com.auralise.network.OfflineNetwork;
import com.auralise.stft.Fft;
import com.auralise.stft.Spectrogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.lang.management.ManagementFactory;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

class FeatureFilterTest {
    static final int RATE = 22050;

    static Model model(String padding) {
        ModelSpec.Frontend fe = new ModelSpec.Frontend();
        fe.type = "mel";
        fe.nFft = 512;
        fe.hop = 128;
        fe.bins = 40;
        fe.fMin = 30;
        fe.fMax = 11025;
        return TestModels.build(3, 4, 6, padding, fe, RATE);
    }

    /** Drums-like test signal: decaying noise bursts and a bass tone. */
    static float[][] music(int channels, int n, long seed) {
        Random r = new Random(seed);
        float[][] x = new float[channels][n];
        double env = 0;
        for (int i = 0; i < n; i++) {
            if (i % 5512 == 0) {
                env = 0.8;
            }
            env *= 0.9995;
            double s = 0.3 * Math.sin(2 * Math.PI * 55 * i / RATE) + env * r.nextGaussian() * 0.3;
            for (int c = 0; c < channels; c++) {
                x[c][i] = (float) (s * (c == 0 ? 1.0 : 0.6) + 0.05 * r.nextGaussian());
            }
        }
        return x;
    }

    static float[][] run(FeatureFilter f, float[][] x, Random blocks) {
        int ch = x.length;
        int n = x[0].length;
        float[][] y = new float[ch][n];
        float[][] in = new float[ch][8192];
        float[][] out = new float[ch][8192];
        int pos = 0;
        while (pos < n) {
            int b = Math.min(n - pos, blocks == null ? 512 : (blocks.nextInt(5) == 0 ? 1 + blocks.nextInt(8192) : 1 + blocks.nextInt(64)));
            for (int c = 0; c < ch; c++) {
                System.arraycopy(x[c], pos, in[c], 0, b);
            }
            f.process(in, out, b);
            for (int c = 0; c < ch; c++) {
                System.arraycopy(out[c], 0, y[c], pos, b);
            }
            pos += b;
        }
        return y;
    }

    static FeatureFilter prepared(Model m, int rate, int channels, FilterSettings s) {
        FeatureFilter f = new FeatureFilter(m);
        f.prepare(rate, 512, channels);
        f.apply(s);
        f.reset();
        return f;
    }

    static FilterSettings settings(int layer, int feature) {
        FilterSettings s = new FilterSettings();
        s.layer = layer;
        s.feature = feature;
        return s;
    }

    @ParameterizedTest(name = "{0} padding, layer {1}, feature {2}")
    @CsvSource({"same,1,1", "same,2,1", "same,4,3", "causal,3,2"})
    void equalsIndependentOfflineRendering(String padding, int layer, int feature) {
        Model m = model(padding);
        ModelSpec.Frontend fe = m.spec().frontend;
        FilterSettings s = settings(layer, feature);
        s.threshold = 0.1;
        s.sharpness = 2;
        FeatureFilter f = new FeatureFilter(m);
        f.setLowLatency(false); // the exact filter, also for the causal model
        f.prepare(RATE, 512, 2);
        f.apply(s);
        f.reset();
        int n = RATE * 4;
        float[][] x = music(2, n, 5);
        float[][] y = run(f, x, new Random(1));
        int latency = f.latencySamples();

        // Offline: mean -> spectrogram -> forward -> deconvolve -> normalise -> map -> shape -> mask STFT -> ISTFT.
        float[] midSig = new float[n];
        for (int i = 0; i < n; i++) {
            midSig[i] = (x[0][i] + x[1][i]) / 2;
        }
        float[][] spec = Spectrogram.compute(midSig, fe, RATE);
        float[][] g = OfflineDeconvolution.deconvolve(m, OfflineNetwork.forward(m, spec, layer), layer, feature);
        int frames = spec[0].length;
        int bins = fe.nFft / 2 + 1;
        Frontend frontend = Frontend.create(fe, RATE);
        MaskShaper shaper = new MaskShaper(Math.exp(-fe.hop / (double) RATE / 2.0), 1e-6);
        float[][] masks = new float[frames][bins];
        float[] col = new float[g.length];
        for (int t = 0; t < frames; t++) {
            for (int b = 0; b < g.length; b++) {
                col[b] = g[b][t];
            }
            shaper.normalise(col, col.length, 0);
            frontend.maskToStft(col, masks[t]);
            for (int k = 0; k < bins; k++) {
                masks[t][k] = MaskShaper.shape(masks[t][k], s.threshold, s.sharpness, 0);
            }
        }
        double[] w = Frontend.analysisWindow(fe.nFft);
        double[] norm = new double[fe.hop];
        for (int i = 0; i < fe.nFft; i++) {
            norm[i % fe.hop] += w[i] * w[i];
        }
        Fft fft = new Fft(fe.nFft);
        double peak = 0;
        double maxErr = 0;
        for (int c = 0; c < 2; c++) {
            double[] ref = new double[n];
            double[] buf = new double[fe.nFft];
            for (int j = 0; j < frames; j++) {
                int start = (j + 1) * fe.hop - fe.nFft;
                for (int i = 0; i < fe.nFft; i++) {
                    int p = start + i;
                    buf[i] = p >= 0 && p < n ? x[c][p] * w[i] : 0;
                }
                fft.forward(buf);
                for (int k = 0; k < bins; k++) {
                    Fft.scale(buf, k, fe.nFft, masks[j][k]);
                }
                fft.inverse(buf);
                for (int i = 0; i < fe.nFft; i++) {
                    int p = start + i;
                    if (p >= 0 && p < n) {
                        ref[p] += buf[i] * w[i] / norm[i % fe.hop];
                    }
                }
            }
            // Compare where the clip end's zero padding cannot reach.
            for (int i = 0; i + latency < n - 2 * latency; i++) {
                peak = Math.max(peak, Math.abs(ref[i]));
                maxErr = Math.max(maxErr, Math.abs(ref[i] - y[c][i + latency]));
            }
        }
        assertTrue(peak > 1e-3, "wet signal is silent: " + peak);
        assertTrue(maxErr <= 1e-4 * peak, "max error " + maxErr + " vs peak " + peak);
    }

    @ParameterizedTest(name = "layer {0}, feature {1}")
    @CsvSource({"1,1", "2,5", "3,2", "3,5"})
    void fixedSelectionRendersTheSameBitForBit(int layer, int feature) {
        Model m = model("same");
        float[][] x = music(2, RATE * 3, 11);
        FeatureFilter full = new FeatureFilter(m);
        full.setMaxLayer(layer);
        full.apply(settings(layer, feature));
        full.prepare(44100, 512, 2);
        FeatureFilter fixed = new FeatureFilter(m);
        fixed.setFixedSelection(true);
        fixed.apply(settings(layer, feature));
        fixed.prepare(44100, 512, 2);
        assertEquals(full.latencySamples(), fixed.latencySamples());
        fixed.apply(settings(layer == 1 ? 2 : 1, 0));
        assertEquals(layer, fixed.settings().layer, "the selection is fixed after prepare");
        assertEquals(feature, fixed.settings().feature);
        float[][] a = run(full, x, null);
        float[][] b = run(fixed, x, new Random(5));
        double peak = 0;
        for (int c = 0; c < 2; c++) {
            assertArrayEquals(a[c], b[c], "channel " + c);
            for (float v : b[c]) {
                peak = Math.max(peak, Math.abs(v));
            }
        }
        assertTrue(peak > 1e-3, "silent output proves nothing: " + peak);
    }

    @Test
    void blockSizeDoesNotChangeTheOutput() {
        Model m = model("same");
        float[][] x = music(2, RATE * 3, 9);
        float[][] a = run(prepared(m, 48000, 2, settings(3, 1)), x, null);
        float[][] b = run(prepared(m, 48000, 2, settings(3, 1)), x, new Random(4));
        for (int c = 0; c < 2; c++) {
            assertArrayEquals(a[c], b[c], "channel " + c);
        }
    }

    @ParameterizedTest(name = "{0} Hz")
    @ValueSource(ints = {8000, 22050, 44100, 48000, 88200, 96000, 192000})
    void anyHostRateIsLatencyAlignedAndFinite(int rate) {
        Model m = model("same");
        FeatureFilter f = prepared(m, rate, 1, settings(2, 0));
        int latency = f.latencySamples();
        int n = latency + rate; // one second after the latency
        float[][] x = new float[1][n];
        int click = rate / 3;
        x[0][click] = 1f;
        for (int i = 0; i < n; i++) {
            x[0][i] += (float) (0.01 * Math.sin(i * 0.05));
        }
        float[][] y = run(f, x, new Random(rate));
        int argmax = 0;
        for (int i = 0; i < n; i++) {
            assertTrue(Float.isFinite(y[0][i]));
            if (Math.abs(y[0][i]) > Math.abs(y[0][argmax])) {
                argmax = i;
            }
        }
        assertTrue(Math.abs(y[0][argmax]) > 1e-3, "click vanished");
        assertEquals(click + latency, argmax, "click must come out exactly latency samples later");

        // Dry path: mix 0 gives the input delayed by exactly the latency.
        FilterSettings dry = settings(2, 0);
        dry.mix = 0;
        float[][] d = run(prepared(m, rate, 1, dry), x, new Random(2));
        for (int i = latency; i < n; i++) {
            assertEquals(x[0][i - latency], d[0][i], 1e-6);
        }
    }

    @Test
    void nonFiniteInputNeverGivesNonFiniteOutput() {
        FeatureFilter f = prepared(model("same"), 44100, 2, settings(2, 1));
        float[][] x = music(2, 44100 * 2, 3);
        x[0][1000] = Float.NaN;
        x[1][2000] = Float.POSITIVE_INFINITY;
        x[0][3000] = Float.NEGATIVE_INFINITY;
        x[1][4000] = Float.MIN_VALUE; // denormal
        x[0][5000] = 1e30f;
        float[][] y = run(f, x, new Random(3));
        for (float[] ch : y) {
            for (float v : ch) {
                assertTrue(Float.isFinite(v));
                assertTrue(v == 0f || Math.abs(v) >= 1e-25f, "denormal in output: " + v);
            }
        }
    }

    /** NaN and +-Inf samples are taken as silence: the output is the one of zeros there. */
    @Test
    void nonFiniteSamplesAreSilence() {
        float[][] x = music(2, 44100 * 2, 4);
        float[][] zeroed = {x[0].clone(), x[1].clone()};
        int[] at = {1000, 2000, 3000, 20000};
        float[] bad = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.POSITIVE_INFINITY};
        for (int k = 0; k < at.length; k++) {
            x[k % 2][at[k]] = bad[k];
            zeroed[k % 2][at[k]] = 0f;
        }
        float[][] y = run(prepared(model("same"), 44100, 2, settings(2, 1)), x, null);
        float[][] z = run(prepared(model("same"), 44100, 2, settings(2, 1)), zeroed, null);
        assertArrayEquals(z[0], y[0]);
        assertArrayEquals(z[1], y[1]);
    }

    @Test
    void stereoImageIsKept() {
        Model m = model("same");
        float[][] x = music(2, RATE * 2, 8);
        x[1] = x[0].clone();
        float[][] y = run(prepared(m, RATE, 2, settings(2, 2)), x, null);
        assertArrayEquals(y[0], y[1], "identical channels stay identical");
        java.util.Arrays.fill(x[1], 0f);
        y = run(prepared(m, RATE, 2, settings(2, 2)), x, null);
        for (float v : y[1]) {
            assertEquals(0f, v, "a silent channel stays silent: one mask, no cross-talk");
        }
    }

    @Test
    void settingsOutOfRangeAreClampedNotThrown() {
        FeatureFilter f = prepared(model("same"), RATE, 1, settings(2, 0));
        FilterSettings s = new FilterSettings();
        s.layer = 99;
        s.feature = -4;
        s.mix = Double.NaN;
        s.gainDb = 1e9;
        s.sharpness = -1;
        f.apply(s);
        FilterSettings got = f.settings();
        assertEquals(4, got.layer);
        assertEquals(0, got.feature);
        assertEquals(1.0, got.mix);
        assertEquals(24.0, got.gainDb);
        assertEquals(0.1, got.sharpness);
    }

    @Test
    void prepareRejectsBadConfigurationClearly() {
        FeatureFilter f = new FeatureFilter(model("same"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> f.prepare(1000, 64, 2));
        assertTrue(e.getMessage().contains("sample rate"));
        e = assertThrows(IllegalArgumentException.class, () -> f.prepare(44100, 64, 0));
        assertTrue(e.getMessage().contains("channels"));
    }

    /** Largest sample-to-sample step, a direct measure of clicks on a smooth input. */
    static double maxStep(float[] y, int from, int to) {
        double m = 0;
        for (int i = Math.max(1, from); i < to; i++) {
            m = Math.max(m, Math.abs(y[i] - y[i - 1]));
        }
        return m;
    }

    @Test
    void parameterAndFeatureChangesDoNotClick() {
        Model m = model("same");
        int rate = 44100;
        FeatureFilter f = prepared(m, rate, 1, settings(2, 0));
        int n = rate * 6 / 256 * 256;
        float[][] x = new float[1][n];
        for (int i = 0; i < n; i++) {
            x[0][i] = (float) (0.5 * Math.sin(2 * Math.PI * 110 * i / rate) + 0.3 * Math.sin(2 * Math.PI * 440 * i / rate));
        }
        float[][] in = new float[1][256];
        float[][] out = new float[1][256];
        float[] y = new float[n];
        FilterSettings s = settings(2, 0);
        int[] changes = {rate * 2, rate * 3, rate * 4, rate * 5};
        for (int pos = 0; pos < n; pos += 256) {
            if (pos == changes[0]) {
                s.feature = 3;
            } else if (pos == changes[1]) {
                s.mix = 0.2;
                s.gainDb = -6;
            } else if (pos == changes[2]) {
                s.invert = true;
            } else if (pos == changes[3]) {
                s.layer = 4;
                s.feature = 5;
            }
            f.apply(s);
            System.arraycopy(x[0], pos, in[0], 0, 256);
            f.process(in, out, 256);
            System.arraycopy(out[0], 0, y, pos, 256);
        }
        // The input's own largest step bounds any smooth gain change of it (gains here are <= 1).
        double inputStep = maxStep(x[0], 0, n);
        double steady = maxStep(y, rate, changes[0]);
        for (int c : changes) {
            double around = maxStep(y, c - 256, c + f.latencySamples() + 8192);
            assertTrue(around <= 1.05 * inputStep, "step " + around + " after change at " + c
                    + " exceeds the input's largest step " + inputStep + " (steady: " + steady + ")");
        }
    }

    @ParameterizedTest(name = "{0} Hz, {1} channels")
    @CsvSource({"22050,2", "48000,2", "44100,1", "192000,2"})
    void processAllocatesNothing(int rate, int channels) {
        com.sun.management.ThreadMXBean bean = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        FeatureFilter f = prepared(model("same"), rate, channels, settings(3, 1));
        float[][] in = new float[channels][1024];
        float[][] out = new float[channels][1024];
        Random r = new Random(1);
        for (int c = 0; c < channels; c++) {
            for (int i = 0; i < 1024; i++) {
                in[c][i] = (float) r.nextGaussian() * 0.2f;
            }
        }
        FilterSettings s = settings(3, 1);
        // Warm-up runs the measured pattern itself: a path's first run (and the JIT's tier changes)
        // makes the JVM resolve classes on this thread, which the counter would see.
        // In a fresh JVM one window of a few hundred bytes to about 1 kB shows up once, at a JIT tier
        // change (measured: 1104 bytes once, then 0): so a first measured window, then the asserted one.
        // Anything that allocates per call fails both.
        exercise(f, s, in, out, 60_000);
        long tid = Thread.currentThread().getId();
        bean.getThreadAllocatedBytes(tid); // the counter initialises lazily on its first call
        int calls = 100_000;
        long first = bean.getThreadAllocatedBytes(tid);
        exercise(f, s, in, out, calls);
        assertTrue(bean.getThreadAllocatedBytes(tid) - first < 4096, "first window allocated per call");
        long before = bean.getThreadAllocatedBytes(tid);
        exercise(f, s, in, out, calls);
        long allocated = bean.getThreadAllocatedBytes(tid) - before;
        assertEquals(0, allocated, "bytes allocated over " + calls + " process() calls");
    }

    static void exercise(FeatureFilter f, FilterSettings s, float[][] in, float[][] out, int calls) {
        for (int i = 0; i < calls; i++) {
            if (i % 5000 == 0) {
                s.feature = (s.feature + 1) % 6;
                s.invert = !s.invert;
                f.apply(s);
            }
            f.process(in, out, 1 + (i * 37) % 128);
        }
    }

    @ParameterizedTest(name = "{0} Hz")
    @ValueSource(ints = {22050, 48000})
    void lowLatencyModeHasOnlyTheStftLatency(int rate) {
        Model m = model("causal");
        FeatureFilter f = new FeatureFilter(m);
        assertTrue(f.lowLatency(), "causal models default to low latency");
        f.prepare(rate, 256, 2);
        f.apply(settings(3, 2));
        FeatureFilter studio = new FeatureFilter(m);
        studio.setLowLatency(false);
        studio.prepare(rate, 256, 2);
        assertTrue(f.latencySamples() < studio.latencySamples() / 4,
                f.latencySamples() + " vs studio " + studio.latencySamples());
        assertEquals(rate == RATE ? 511 : 1023, f.latencySamples()); // nFft - 1 at the host's STFT size
        float[][] x = music(2, rate * 2, 4);
        float[][] a = run(f, x, null);
        f.reset();
        float[][] b = run(f, x, new Random(7));
        assertArrayEquals(a[0], b[0], "block size must not matter in low-latency mode either");
        double energy = 0;
        for (float v : a[0]) {
            assertTrue(Float.isFinite(v));
            energy += v * v;
        }
        assertTrue(energy > 0);
    }
}
