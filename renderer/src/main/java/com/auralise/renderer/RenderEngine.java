package com.auralise.renderer;

import com.auralise.audio.AudioInput;
import com.auralise.audio.AudioOutput;
import com.auralise.filter.AlignedRun;
import com.auralise.filter.FeatureFilter;
import com.auralise.filter.FilterSettings;
import com.auralise.model.Model;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Streams one input through a {@link FeatureFilter} into one output ({@link AlignedRun}: latency
 * removed, the output sample-aligned with the input and as long). Memory is O(block + filter
 * state), independent of the file's length.
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
        FeatureFilter f = prepare(model, s, in.sampleRate(), in.channels());
        long frames = AlignedRun.run(f, in.channels(), BLOCK, (buf, max) -> {
            int n = in.read(buf, max);
            if (progress != null && n > 0) {
                progress.addAndGet(n);
            }
            return n;
        }, out::write, null);
        out.finish();
        return new Result(frames, f.latencySamples(), out.clipped());
    }
}
