package com.auralise.filter;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The offline run of a {@link FeatureFilter}: a whole signal through it in blocks, with its latency
 * removed. The first latencySamples() outputs are dropped and silence is fed after the end until
 * every input sample has come out, so output i lines up with input i and has the input's length.
 * The renderer, the exploration report and the trainer's scores all run the filter this way.
 */
public final class AlignedRun {
    /** Reads up to max frames into buf (one array per channel); returns how many, 0 or less at the end. */
    public interface Source {
        int read(float[][] buf, int max) throws IOException;
    }

    /** Takes n aligned output frames of buf, from off. */
    public interface Sink {
        void write(float[][] buf, int off, int n) throws IOException;
    }

    private AlignedRun() {
    }

    /**
     * Streams in through f (prepared for channels and at least block frames) into out; afterBlock (may
     * be null) runs after every process() call, e.g. to read the view tap. Returns the input frames.
     */
    public static long run(FeatureFilter f, int channels, int block, Source in, Sink out, Runnable afterBlock)
            throws IOException {
        long skip = f.latencySamples();
        float[][] a = new float[channels][block];
        float[][] b = new float[channels][block];
        long consumed = 0;
        long written = 0;
        int n;
        while ((n = in.read(a, block)) > 0) {
            f.process(a, b, n);
            consumed += n;
            written += emit(out, b, n, skip - (consumed - n), Long.MAX_VALUE);
            if (afterBlock != null) {
                afterBlock.run();
            }
        }
        for (float[] x : a) {
            java.util.Arrays.fill(x, 0f);
        }
        long fed = consumed;
        while (written < consumed) {
            f.process(a, b, block);
            fed += block;
            written += emit(out, b, block, skip - (fed - block), consumed - written);
            if (afterBlock != null) {
                afterBlock.run();
            }
        }
        return consumed;
    }

    /** The in-memory run: x[channel][frame] through f; the aligned output has x's shape. */
    public static float[][] run(FeatureFilter f, float[][] x, int block, Runnable afterBlock) {
        int n = x.length == 0 ? 0 : x[0].length;
        float[][] y = new float[x.length][n];
        int[] pos = {0, 0}; // read, written
        try {
            run(f, x.length, block, (buf, max) -> {
                int k = Math.min(max, n - pos[0]);
                for (int c = 0; c < x.length; c++) {
                    System.arraycopy(x[c], pos[0], buf[c], 0, k);
                }
                pos[0] += k;
                return k;
            }, (buf, off, k) -> {
                for (int c = 0; c < x.length; c++) {
                    System.arraycopy(buf[c], off, y[c], pos[1], k);
                }
                pos[1] += k;
            }, afterBlock);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // in memory: cannot happen
        }
        return y;
    }

    /** Writes the part of a block past the latency (dropFromBlock may be <= 0), at most limit frames. */
    private static long emit(Sink out, float[][] b, int n, long dropFromBlock, long limit) throws IOException {
        int start = (int) Math.max(0, Math.min(n, dropFromBlock));
        int len = (int) Math.min(n - start, limit);
        if (len > 0) {
            out.write(b, start, len);
        }
        return Math.max(0, len);
    }
}
