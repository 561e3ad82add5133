package com.auralise.stft;

/**
 * Streaming analysis of one channel: samples go in, and every {@code hop} samples the newest
 * {@code nFft} samples are windowed and transformed. Frame j covers input samples
 * [(j+1)hop - nFft, (j+1)hop), the stream being preceded by silence; the offline
 * {@link Spectrogram} uses the same grid, so streaming and offline frames are identical.
 *
 * <p>Real-time: all buffers are allocated in the constructor.
 */
public final class StftAnalyzer {
    private final int nFft;
    private final int hop;
    private final double[] window;
    private final Fft fft;
    private final double[] ring;
    private int write;
    private int untilFrame;

    public StftAnalyzer(int nFft, int hop, double[] window) {
        if (hop < 1 || hop > nFft) {
            throw new IllegalArgumentException("hop must be in 1.." + nFft + ", got " + hop);
        }
        if (window.length != nFft) {
            throw new IllegalArgumentException("window length " + window.length + " != nFft " + nFft);
        }
        this.nFft = nFft;
        this.hop = hop;
        this.window = window.clone();
        this.fft = new Fft(nFft);
        this.ring = new double[nFft];
        reset();
    }

    public void reset() {
        java.util.Arrays.fill(ring, 0.0);
        write = 0;
        untilFrame = hop;
    }

    /** How many samples can be pushed before the next frame is due. */
    public int samplesToNextFrame() {
        return untilFrame;
    }

    /** Appends n <= samplesToNextFrame() samples. */
    public void push(float[] x, int off, int n) {
        // Two straight runs instead of a wrap test per sample (n <= hop <= nFft).
        int first = Math.min(n, nFft - write);
        for (int i = 0; i < first; i++) {
            ring[write + i] = x[off + i];
        }
        for (int i = first; i < n; i++) {
            ring[i - first] = x[off + i];
        }
        write = first < n ? n - first : (write + n == nFft ? 0 : write + n);
        untilFrame -= n;
    }

    public boolean frameReady() {
        return untilFrame == 0;
    }

    /** Writes the transformed frame (JTransforms packed layout) into out[0..nFft) and starts the next hop. */
    public void frame(double[] out) {
        int tail = nFft - write;
        for (int i = 0; i < tail; i++) {
            out[i] = ring[write + i] * window[i];
        }
        for (int i = 0; i < write; i++) {
            out[tail + i] = ring[i] * window[tail + i];
        }
        fft.forward(out);
        untilFrame = hop;
    }

    public int nFft() {
        return nFft;
    }

    public int hop() {
        return hop;
    }
}
