package com.auralise.istft;

import com.auralise.stft.Fft;

/**
 * Streaming synthesis of one channel by weighted overlap-add. Each frame is inverse transformed,
 * multiplied by the synthesis window and divided by the summed product of analysis and synthesis
 * windows at that position, which makes reconstruction exact for any window pair whose shifted
 * product never sums to zero (identity spectra give back the input).
 *
 * <p>Latency: output sample s is final once the last frame covering it has been added, which is
 * {@code nFft - 1} samples after s arrived for the first sample of a hop. So the stream is
 * delayed by exactly {@link #latency()} = nFft - 1 samples; the queue is primed with hop - 1 zeros
 * so that exactly one sample can be popped per sample pushed into the analyser.
 */
public final class OverlapAdd {
    private final int nFft;
    private final int hop;
    private final Fft fft;
    private final double[] synthesis;
    private final double[] acc;
    private final float[] queue;
    private final int mask;
    private int qRead;
    private int qSize;

    public OverlapAdd(int nFft, int hop, double[] analysisWindow, double[] synthesisWindow) {
        this.nFft = nFft;
        this.hop = hop;
        this.fft = new Fft(nFft);
        double[] norm = new double[hop];
        for (int i = 0; i < nFft; i++) {
            norm[i % hop] += analysisWindow[i] * synthesisWindow[i];
        }
        this.synthesis = new double[nFft];
        for (int i = 0; i < nFft; i++) {
            double s = norm[i % hop];
            if (s < 1e-9) {
                throw new IllegalArgumentException("hop " + hop + " is too large for the window of " + nFft
                        + ": overlapped windows do not cover every sample");
            }
            synthesis[i] = synthesisWindow[i] / s;
        }
        this.acc = new double[nFft];
        int cap = Integer.highestOneBit(nFft + 2 * hop) << 1;
        this.queue = new float[cap];
        this.mask = cap - 1;
        reset();
    }

    public static int latency(int nFft) {
        return nFft - 1;
    }

    public int latency() {
        return latency(nFft);
    }

    public void reset() {
        java.util.Arrays.fill(acc, 0.0);
        java.util.Arrays.fill(queue, 0f);
        qRead = 0;
        qSize = hop - 1;
    }

    /** Adds one frame; {@code spectrum} (packed layout) is used as scratch and destroyed. */
    public void addFrame(double[] spectrum) {
        fft.inverse(spectrum);
        for (int i = 0; i < nFft; i++) {
            acc[i] += spectrum[i] * synthesis[i];
        }
        int w = (qRead + qSize) & mask;
        for (int i = 0; i < hop; i++) {
            queue[(w + i) & mask] = (float) acc[i];
        }
        qSize += hop;
        System.arraycopy(acc, hop, acc, 0, nFft - hop);
        java.util.Arrays.fill(acc, nFft - hop, nFft, 0.0);
    }

    /** Pops n finished samples; never more than were pushed into the matching analyser. */
    public void pop(float[] out, int off, int n) {
        int first = Math.min(n, queue.length - qRead);
        System.arraycopy(queue, qRead, out, off, first);
        System.arraycopy(queue, 0, out, off + first, n - first);
        qRead = (qRead + n) & mask;
        qSize -= n;
    }
}
