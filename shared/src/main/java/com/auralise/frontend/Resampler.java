package com.auralise.frontend;

/**
 * Streaming sample-rate conversion of the analysis signal to the model's rate: a windowed-sinc
 * (Blackman) interpolator, zero-phase, with a pre-computed table of 1024 phases and linear
 * interpolation between them. Output sample k sits exactly at input position k * inRate / outRate
 * (kept as an exact rational, so it never drifts) and is produced once input sample
 * floor(k * inRate / outRate) + halfWidth has arrived. It only feeds the network: the audio the
 * user hears is never resampled. Hand-written because no Maven Central resampler streams without
 * allocating; all tables and buffers are allocated in the constructor.
 */
public final class Resampler {
    private static final int PHASES = 1024;
    private final long inRate;
    private final long outRate;
    private final int halfWidth;
    private final float[] table;
    private final float[] ring;
    private final int ringMask;
    private long inCount;
    private long outCount;

    public Resampler(int inRate, int outRate, int zeroCrossings) {
        this.inRate = inRate;
        this.outRate = outRate;
        // Anti-aliasing when going down: the kernel stretches by the ratio.
        double cut = Math.min(1.0, outRate / (double) inRate);
        this.halfWidth = (int) Math.ceil(zeroCrossings / cut);
        int taps = 2 * halfWidth;
        this.table = new float[(PHASES + 1) * taps];
        for (int p = 0; p <= PHASES; p++) {
            double frac = p / (double) PHASES;
            for (int j = 0; j < taps; j++) {
                // Tap j is input sample ip - halfWidth + 1 + j; distance from the output position.
                double d = (j - halfWidth + 1) - frac;
                double x = d * cut;
                double sinc = Math.abs(x) < 1e-12 ? 1.0 : Math.sin(Math.PI * x) / (Math.PI * x);
                double u = d / halfWidth;
                double win = Math.abs(u) >= 1 ? 0.0 : 0.42 + 0.5 * Math.cos(Math.PI * u) + 0.08 * Math.cos(2 * Math.PI * u);
                table[p * taps + j] = (float) (cut * sinc * win);
            }
        }
        int cap = Integer.highestOneBit(4 * taps + 8192) << 1;
        this.ring = new float[cap];
        this.ringMask = cap - 1;
    }

    /** Input samples that must arrive after position floor(k * in / out) before output k exists. */
    public int halfWidth() {
        return halfWidth;
    }

    public void reset() {
        java.util.Arrays.fill(ring, 0f);
        inCount = 0;
        outCount = 0;
    }

    /**
     * Pushes n input samples (n <= 8192) and writes the outputs that became available into out,
     * returning how many (at most n * out / in + 2).
     */
    public int process(float[] in, int off, int n, float[] out, int outOff) {
        for (int i = 0; i < n; i++) {
            ring[(int) (inCount + i) & ringMask] = in[off + i];
        }
        inCount += n;
        int taps = 2 * halfWidth;
        int produced = 0;
        while (true) {
            long num = outCount * inRate;
            long ip = num / outRate;
            if (ip + halfWidth > inCount - 1) {
                return produced;
            }
            double pos = (num % outRate) / (double) outRate * PHASES;
            int p = (int) pos;
            float a = (float) (pos - p);
            int t0 = p * taps;
            int t1 = t0 + taps;
            long first = ip - halfWidth + 1;
            float acc = 0f;
            for (int j = 0; j < taps; j++) {
                long idx = first + j;
                if (idx >= 0) {
                    float w = table[t0 + j] + a * (table[t1 + j] - table[t0 + j]);
                    acc += w * ring[(int) idx & ringMask];
                }
            }
            out[outOff + produced++] = acc;
            outCount++;
        }
    }
}
