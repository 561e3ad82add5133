package com.auralise.renderer;

import com.auralise.audio.AudioInput;
import com.auralise.audio.AudioOutput;
import com.auralise.filter.FeatureFilter;
import com.auralise.filter.FilterSettings;
import com.auralise.model.Model;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Streams one input through a {@link FeatureFilter} into one output in fixed blocks, with the
 * filter's latency removed: the first latencySamples() outputs are dropped and as many zeros are
 * fed after the end, so the output has the input's length and is sample-aligned with it.
 * Memory is O(block + filter state), independent of the file's length.
 */
public final class RenderEngine {
    public static final int BLOCK = 512;

    /** What one render did. */
    public record Result(long frames, int latency, long clipped) {
    }

    private RenderEngine() {
    }

    /** A filter prepared for this stream; settings are applied before prepare() so nothing glides in. */
    public static FeatureFilter prepare(Model model, FilterSettings s, int rate, int channels) {
        FeatureFilter f = new FeatureFilter(model);
        // An offline render never changes its feature: the network stops at the selected layer and
        // computes only the selected channel there. The aligned output is the same as the plugin's at
        // full depth (tested), just sooner.
        f.apply(s);
        f.setFixedSelection(true);
        f.prepare(rate, BLOCK, channels);
        return f;
    }

    public static Result render(Model model, FilterSettings s, AudioInput in, AudioOutput out, AtomicLong progress)
            throws IOException {
        int ch = in.channels();
        FeatureFilter f = prepare(model, s, in.sampleRate(), ch);
        int latency = f.latencySamples();
        float[][] a = new float[ch][BLOCK];
        float[][] b = new float[ch][BLOCK];
        long skip = latency;
        long consumed = 0;
        long written = 0;
        int n;
        while ((n = in.read(a, BLOCK)) > 0) {
            f.process(a, b, n);
            consumed += n;
            written += emit(out, b, n, skip - (consumed - n), Long.MAX_VALUE);
            if (progress != null) {
                progress.addAndGet(n);
            }
        }
        for (float[] x : a) {
            java.util.Arrays.fill(x, 0f);
        }
        // Flush the filter with silence until every input sample has come out.
        long fed = consumed;
        while (written < consumed) {
            f.process(a, b, BLOCK);
            fed += BLOCK;
            written += emit(out, b, BLOCK, skip - (fed - BLOCK), consumed - written);
        }
        out.finish();
        return new Result(consumed, latency, out.clipped());
    }

    /** Writes the part of a block past the latency (dropFromBlock may be <= 0), at most limit frames. */
    private static long emit(AudioOutput out, float[][] b, int n, long dropFromBlock, long limit) throws IOException {
        int start = (int) Math.max(0, Math.min(n, dropFromBlock));
        int len = (int) Math.min(n - start, limit);
        if (len > 0) {
            out.write(b, start, len);
        }
        return Math.max(0, len);
    }
}
