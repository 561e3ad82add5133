package com.auralise.events;

import com.auralise.audio.AudioInput;
import com.auralise.filter.FeatureFilter;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A whole stream's events through a prepared {@link FeatureFilter}, for offline tools (the
 * renderer's `auralise events`, the trainer's scores): the stream is followed by zeros until the
 * filter has had time to decide about its last sample, and only events inside the stream are kept.
 * Allocates freely; never on an audio thread.
 */
public final class OfflineEvents {
    public static final int BLOCK = 512;

    /** The events of one stream and its length in frames. */
    public record Result(List<Event> events, long frames, int sampleRate) {
        /** Event times in seconds on the input's time line. */
        public double[] seconds() {
            double[] t = new double[events.size()];
            for (int i = 0; i < t.length; i++) {
                t[i] = events.get(i).inputSample / (double) sampleRate;
            }
            return t;
        }
    }

    private OfflineEvents() {
    }

    /** Runs in through f (prepared with events enabled, at in's rate and channel count) from a reset state. */
    public static Result collect(FeatureFilter f, AudioInput in) throws IOException {
        if (f.events() == null) {
            throw new IllegalStateException("events are not enabled on this filter (setEventsEnabled before prepare)");
        }
        f.reset();
        int ch = in.channels();
        float[][] a = new float[ch][BLOCK];
        float[][] b = new float[ch][BLOCK];
        List<Event> out = new ArrayList<>();
        long frames = 0;
        int n;
        while ((n = in.read(a, BLOCK)) > 0) {
            f.process(a, b, n);
            frames += n;
            drain(f, out, Long.MAX_VALUE);
        }
        flush(f, a, b, frames, out);
        return new Result(out, frames, in.sampleRate());
    }

    /** The same for samples in memory, x[channel][frame]. */
    public static Result collect(FeatureFilter f, float[][] x, int sampleRate) {
        if (f.events() == null) {
            throw new IllegalStateException("events are not enabled on this filter (setEventsEnabled before prepare)");
        }
        f.reset();
        int ch = x.length;
        int frames = x[0].length;
        float[][] a = new float[ch][BLOCK];
        float[][] b = new float[ch][BLOCK];
        List<Event> out = new ArrayList<>();
        for (int pos = 0; pos < frames; pos += BLOCK) {
            int n = Math.min(BLOCK, frames - pos);
            for (int c = 0; c < ch; c++) {
                System.arraycopy(x[c], pos, a[c], 0, n);
            }
            f.process(a, b, n);
            drain(f, out, Long.MAX_VALUE);
        }
        flush(f, a, b, frames, out);
        return new Result(out, frames, sampleRate);
    }

    /**
     * Zeros after the end until an event at the last input sample would have been found (the
     * filter's latency, or its event delay in low-latency mode, plus two blocks).
     */
    private static void flush(FeatureFilter f, float[][] a, float[][] b, long frames, List<Event> out) {
        for (float[] c : a) {
            java.util.Arrays.fill(c, 0f);
        }
        long until = frames + Math.max(f.latencySamples(), f.eventDelaySamples()) + 2L * BLOCK;
        while (f.samplesProcessed() < until) {
            f.process(a, b, BLOCK);
            drain(f, out, frames);
        }
    }

    private static void drain(FeatureFilter f, List<Event> out, long limit) {
        EventQueue q = f.events();
        Event e = new Event();
        while (q.poll(e)) {
            if (e.inputSample < limit) {
                out.add(e);
                e = new Event();
            }
        }
    }
}
