package com.auralise.renderer;

import com.auralise.filter.FeatureFilter;
import com.auralise.filter.FilterSettings;
import com.auralise.model.Model;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The render path: same length, aligned, equal to the plugin-style streaming filter. */
class RenderTest {
    @TempDir
    Path dir;

    /**
     * The file render equals an independent run of the plugin's processor (full depth, odd block
     * size, whole signal plus latency zeros, first latency samples dropped).
     */
    @ParameterizedTest
    @CsvSource({"22050,1,2,0", "44100,2,1,2", "48000,2,3,1"})
    void renderEqualsStreamingFilterShiftedByLatency(int rate, int channels, int layer, int feature) throws Exception {
        int frames = rate * 3 / 2;
        float[][] x = Fixtures.signal(frames, channels, rate, 3);
        Path in = Fixtures.wav(dir.resolve("in.wav"), x, rate, 0);
        Path out = dir.resolve("out.wav");
        Fixtures.Run r = Fixtures.run("render", in.toString(), "-o", out.toString(), "--model", Fixtures.modelZip(dir).toString(),
                "--layer", "" + layer, "--feature", "" + feature);
        assertEquals(0, r.code(), r.err());
        Fixtures.Decoded y = Fixtures.read(out);
        assertEquals(frames, y.frames());
        assertEquals(rate, y.rate());
        assertEquals(channels, y.channels());

        Model m = Fixtures.model();
        FeatureFilter f = new FeatureFilter(m); // full depth, as the plugin runs it
        FilterSettings s = new FilterSettings();
        s.layer = layer;
        s.feature = feature;
        f.apply(s);
        f.prepare(rate, 333, channels);
        int lat = f.latencySamples();
        float[][] padded = new float[channels][frames + lat];
        for (int c = 0; c < channels; c++) {
            System.arraycopy(x[c], 0, padded[c], 0, frames);
        }
        float[][] ref = new float[channels][frames + lat];
        float[][] a = new float[channels][333];
        float[][] b = new float[channels][333];
        for (int p = 0; p < frames + lat; p += 333) {
            int n = Math.min(333, frames + lat - p);
            for (int c = 0; c < channels; c++) {
                System.arraycopy(padded[c], p, a[c], 0, n);
            }
            f.process(a, b, n);
            for (int c = 0; c < channels; c++) {
                System.arraycopy(b[c], 0, ref[c], p, n);
            }
        }
        double energy = 0;
        for (int c = 0; c < channels; c++) {
            float[] expect = java.util.Arrays.copyOfRange(ref[c], lat, lat + frames);
            assertTrue(Fixtures.maxAbsDiff(expect, y.data()[c]) <= 1e-6, "channel " + c + " differs by " + Fixtures.maxAbsDiff(expect, y.data()[c]));
            for (float v : y.data()[c]) {
                energy += v * v;
            }
        }
        assertTrue(energy > 1e-3, "the wet output is not silent");
    }

    /** mix 0 is the latency-aligned dry path: after compensation it must give back the input exactly. */
    @ParameterizedTest
    @ValueSource(ints = {0, 1, 511, 512, 513, 4095, 30000})
    void dryRenderIsTheInputSampleForSample(int frames) throws Exception {
        float[][] x = Fixtures.signal(frames, 2, 44100, frames);
        Path in = Fixtures.wav(dir.resolve("in.wav"), x, 44100, 0);
        Path out = dir.resolve("out.wav");
        Fixtures.Run r = Fixtures.run("render", in.toString(), "-o", out.toString(), "--model", Fixtures.modelZip(dir).toString(),
                "--layer", "3", "--feature", "0", "--mix", "0");
        assertEquals(0, r.code(), r.err());
        Fixtures.Decoded y = Fixtures.read(out);
        assertEquals(frames, y.frames());
        for (int c = 0; c < 2; c++) {
            assertArrayEquals(x[c], y.data()[c], 0f);
        }
    }

    /** The renderer stops the network at the selected layer; that must not change the sound. */
    @Test
    void shallowNetworkGivesTheSameAlignedOutputAsFullDepth() {
        Model m = Fixtures.model();
        int rate = 44100;
        int frames = rate;
        float[][] x = Fixtures.signal(frames, 1, rate, 9);
        for (int layer = 1; layer <= 2; layer++) {
            FilterSettings s = new FilterSettings();
            s.layer = layer;
            s.feature = 1;
            float[] shallow = aligned(RenderEngine.prepare(m, s, rate, 1), x[0]);
            FeatureFilter full = new FeatureFilter(m);
            full.apply(s);
            full.prepare(rate, 512, 1);
            float[] deep = aligned(full, x[0]);
            assertTrue(Fixtures.maxAbsDiff(shallow, deep) <= 1e-6, "layer " + layer + ": " + Fixtures.maxAbsDiff(shallow, deep));
        }
    }

    private static float[] aligned(FeatureFilter f, float[] x) {
        int lat = f.latencySamples();
        float[][] in = {java.util.Arrays.copyOf(x, x.length + lat)};
        float[][] out = {new float[x.length + lat]};
        f.process(in, out, x.length + lat);
        return java.util.Arrays.copyOfRange(out[0], lat, lat + x.length);
    }

    /** A 10-minute file streams through in blocks: same length, and the dry path still aligned at its end. */
    @Test
    void veryLongFileKeepsLengthAndAlignment() throws Exception {
        int rate = 8000;
        int frames = rate * 600;
        float[][] x = Fixtures.signal(frames, 1, rate, 5);
        Path in = Fixtures.wav(dir.resolve("long.wav"), x, rate, 16);
        Fixtures.Decoded src = Fixtures.read(in);
        Path out = dir.resolve("long-out.wav");
        Fixtures.Run r = Fixtures.run("render", in.toString(), "-o", out.toString(), "--model", Fixtures.modelZip(dir).toString(),
                "--layer", "2", "--feature", "0", "--mix", "0");
        assertEquals(0, r.code(), r.err());
        Fixtures.Decoded y = Fixtures.read(out);
        assertEquals(frames, y.frames());
        assertArrayEquals(src.data()[0], y.data()[0], 0f);
        assertTrue(Files.size(out) > frames * 4L);
    }
}
