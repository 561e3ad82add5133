package com.auralise.filter;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AlignedRunTest {
    /**
     * The loop the exploration report and the trainer ran before AlignedRun (fixed blocks up to
     * length + latency, the last one short, output shifted back by the latency): AlignedRun gives the
     * same samples, bit for bit, so their renders did not change.
     */
    static float[][] previousLoop(FeatureFilter f, float[][] x, int block) {
        int ch = x.length;
        int len = x[0].length;
        int lat = f.latencySamples();
        float[][] out = new float[ch][len];
        float[][] a = new float[ch][block];
        float[][] b = new float[ch][block];
        long total = len + (long) lat;
        for (long p = 0; p < total; p += block) {
            int n = (int) Math.min(block, total - p);
            for (int c = 0; c < ch; c++) {
                for (int i = 0; i < n; i++) {
                    a[c][i] = p + i < len ? x[c][(int) (p + i)] : 0f;
                }
            }
            f.process(a, b, n);
            for (int c = 0; c < ch; c++) {
                for (int i = 0; i < n; i++) {
                    long o = p + i - lat;
                    if (o >= 0 && o < len) {
                        out[c][(int) o] = b[c][i];
                    }
                }
            }
        }
        return out;
    }

    @ParameterizedTest(name = "{0} frames, {1} channels, {2} Hz, {3} padding")
    @CsvSource({"44100,1,44100,same", "30001,2,48000,same", "700,1,22050,same", "20000,2,44100,causal"})
    void sameSamplesAsThePreviousLoops(int frames, int channels, int rate, String padding) {
        float[][] x = FeatureFilterTest.music(channels, frames, frames);
        FilterSettings s = FeatureFilterTest.settings(2, 1);
        float[][] expect = previousLoop(FeatureFilterTest.prepared(FeatureFilterTest.model(padding), rate, channels, s), x, 512);
        int[] blocks = {0};
        float[][] got = AlignedRun.run(FeatureFilterTest.prepared(FeatureFilterTest.model(padding), rate, channels, s), x, 512,
                () -> blocks[0]++);
        for (int c = 0; c < channels; c++) {
            assertArrayEquals(expect[c], got[c], "channel " + c);
        }
        assertTrue(blocks[0] >= frames / 512, "afterBlock ran per block");
        double energy = 0;
        for (float v : got[0]) {
            energy += v * v;
        }
        assertTrue(energy > 0, "the output carries signal");
    }
}
