package com.auralise.frontend;

/**
 * Streaming sample-rate conversion of the analysis signal to the model's rate: a windowed-sinc
 * (Blackman) interpolator, zero-phase. Output sample k sits exactly at input position
 * k * inRate / outRate (kept as an exact rational, so it never drifts) and is produced once input
 * sample floor(k * inRate / outRate) + halfWidth has arrived. It only feeds the network: the audio
 * the user hears is never resampled.
 *
 * <p>The fractional positions repeat with period outRate / gcd(inRate, outRate); when that period is
 * small (all common rates: 44.1 kHz to 22.05 kHz has one phase, 48 kHz has 147) every phase gets its
 * own exact kernel. Odd rates fall back to 1024 tabulated phases with linear interpolation.
 *
 * <p>Hand-written because no Maven Central resampler streams without allocating, and because this
 * loop was 14 % of a render (JFR): the input ring is mirrored so that every kernel reads contiguous
 * memory, and four partial sums break the floating-point add chain. All tables and buffers are
 * allocated in the constructor.
 */
public final class Resampler {
    private static final int INTERPOLATED_PHASES = 1024;
    /** Exact tables up to 1 MB; beyond that (odd rates) interpolate. */
    private static final long MAX_EXACT_TABLE = 1 << 18;
    private final long inRate;
    private final long outRate;
    private final int halfWidth;
    private final int taps;
    private final boolean exact;
    private final int phases;
    private final float[] table;
    private final float[] kernel;
    /** Exact phases with many zero taps (a 2:1 half-band kernel has every other tap zero): per phase
     * the positions and values of its non-zero taps, or null when the dense loop is as good. */
    private final int[][] sparseAt;
    private final float[][] sparseW;
    /** Ring of capacity cap plus a mirror of its first taps samples, so reads never wrap. */
    private final float[] ring;
    private final int cap;
    private final int ringMask;
    private long inCount;
    private long outCount;

    public Resampler(int inRate, int outRate, int zeroCrossings) {
        this.inRate = inRate;
        this.outRate = outRate;
        // Anti-aliasing when going down: the kernel stretches by the ratio.
        double cut = Math.min(1.0, outRate / (double) inRate);
        this.halfWidth = (int) Math.ceil(zeroCrossings / cut);
        this.taps = 2 * halfWidth;
        long period = outRate / gcd(inRate, outRate);
        this.exact = period * taps <= MAX_EXACT_TABLE;
        // Exact: phase p is the position p / period. Interpolated: one extra row closes the last interval.
        this.phases = exact ? (int) period : INTERPOLATED_PHASES;
        int rows = exact ? phases : phases + 1;
        this.table = new float[rows * taps];
        for (int p = 0; p < rows; p++) {
            double frac = p / (double) phases;
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
        this.kernel = new float[taps];
        int[][] at = null;
        float[][] wv = null;
        if (exact) {
            at = new int[phases][];
            wv = new float[phases][];
            for (int p = 0; p < phases; p++) {
                int nz = 0;
                for (int j = 0; j < taps; j++) {
                    nz += Math.abs(table[p * taps + j]) > 1e-9f ? 1 : 0;
                }
                if (nz * 4 > taps * 3) {
                    at = null;
                    wv = null;
                    break;
                }
                at[p] = new int[nz];
                wv[p] = new float[nz];
                for (int j = 0, q = 0; j < taps; j++) {
                    if (Math.abs(table[p * taps + j]) > 1e-9f) {
                        at[p][q] = j;
                        wv[p][q++] = table[p * taps + j];
                    }
                }
            }
        }
        this.sparseAt = at;
        this.sparseW = wv;
        this.cap = Integer.highestOneBit(4 * taps + 8192) << 1;
        this.ring = new float[cap + taps];
        this.ringMask = cap - 1;
    }

    private static long gcd(long a, long b) {
        return b == 0 ? a : gcd(b, a % b);
    }

    /** Input samples that must arrive after position floor(k * in / out) before output k exists. */
    public int halfWidth() {
        return halfWidth;
    }

    /** True when every output position has its own kernel (no phase interpolation). */
    public boolean exactPhases() {
        return exact;
    }

    /** True when the kernels are stored as their non-zero taps only. */
    boolean sparse() {
        return sparseAt != null;
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
            int w = (int) (inCount + i) & ringMask;
            float v = in[off + i];
            ring[w] = v;
            if (w < taps) {
                ring[cap + w] = v;
            }
        }
        inCount += n;
        int produced = 0;
        while (true) {
            long num = outCount * inRate;
            long ip = num / outRate;
            if (ip + halfWidth > inCount - 1) {
                return produced;
            }
            long rem = num % outRate;
            // Samples before the stream start read zeros: the ring is cleared on reset and its slots
            // below zero (cap - halfWidth ..) are not written before the first cap samples.
            int s = (int) (ip - halfWidth + 1) & ringMask;
            if (sparseAt != null) {
                int p = (int) (rem * phases / outRate);
                out[outOff + produced++] = sparseDot(sparseW[p], sparseAt[p], ring, s);
                outCount++;
                continue;
            }
            float[] k;
            int k0;
            if (exact) {
                k = table;
                k0 = (int) (rem * phases / outRate) * taps;
            } else {
                double pos = rem / (double) outRate * phases;
                int p = (int) pos;
                float a = (float) (pos - p);
                int t0 = p * taps;
                int t1 = t0 + taps;
                for (int j = 0; j < taps; j++) {
                    kernel[j] = table[t0 + j] + a * (table[t1 + j] - table[t0 + j]);
                }
                k = kernel;
                k0 = 0;
            }
            out[outOff + produced++] = dot(k, k0, ring, s, taps);
            outCount++;
        }
    }

    private static float sparseDot(float[] w, int[] at, float[] x, int x0) {
        float a0 = 0f;
        float a1 = 0f;
        float a2 = 0f;
        float a3 = 0f;
        int n = w.length;
        int j = 0;
        for (; j + 3 < n; j += 4) {
            a0 += w[j] * x[x0 + at[j]];
            a1 += w[j + 1] * x[x0 + at[j + 1]];
            a2 += w[j + 2] * x[x0 + at[j + 2]];
            a3 += w[j + 3] * x[x0 + at[j + 3]];
        }
        for (; j < n; j++) {
            a0 += w[j] * x[x0 + at[j]];
        }
        return (a0 + a1) + (a2 + a3);
    }

    /** taps is even (2 * halfWidth); four partial sums let the multiplies overlap. */
    private static float dot(float[] k, int k0, float[] x, int x0, int taps) {
        float a0 = 0f;
        float a1 = 0f;
        float a2 = 0f;
        float a3 = 0f;
        int j = 0;
        for (; j + 3 < taps; j += 4) {
            a0 += k[k0 + j] * x[x0 + j];
            a1 += k[k0 + j + 1] * x[x0 + j + 1];
            a2 += k[k0 + j + 2] * x[x0 + j + 2];
            a3 += k[k0 + j + 3] * x[x0 + j + 3];
        }
        for (; j < taps; j++) {
            a0 += k[k0 + j] * x[x0 + j];
        }
        return (a0 + a1) + (a2 + a3);
    }
}
