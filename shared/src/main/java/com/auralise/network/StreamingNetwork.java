package com.auralise.network;

import com.auralise.model.ConvWeights;
import com.auralise.model.Model;
import com.auralise.model.ModelSpec;

/**
 * The forward pass, one input column (STFT frame) at a time, through blocks 1..depth. Each block's
 * conv output column c is computed as soon as its last input tap has arrived (c + kT - 1 - padPast),
 * and a pooled column as soon as its pT conv columns exist, so pooling keeps the grid fixed from the
 * stream start, exactly as the offline pass over a clip that starts with the stream.
 *
 * <p>Pooled columns and max-pool switches are kept in rings long enough for the deconvolution to
 * read them later ({@link #ringCapacity}). Built once (allocates); {@link #push} allocates nothing.
 * With {@code compute == false} only the column counters run: that is how latency and ring sizes
 * are derived exactly from the architecture.
 */
public final class StreamingNetwork {
    final int depth;
    final boolean causal;
    final boolean compute;
    final ConvWeights[] conv;
    /** Per level i = 0..depth: rows and channels of p_i (level 0 is the input). */
    final int[] rows;
    final int[] channels;
    /** Per block i = 1..depth (index i): kernel time width, past padding, pool sizes. */
    final int[] kT;
    final int[] padT;
    final int[] pT;
    final int[] pF;
    /** Counts of columns produced so far: p_i (i = 0..depth) and conv outputs a_i (i = 1..depth). */
    final long[] pCount;
    final long[] aCount;
    final float[][][] pRing;
    final byte[][][] swRing;
    final int[] ringMask;
    private final float[][][] aCols;
    private final float[][][] taps;
    private final float[][][] poolCols;
    private final Kernels.Scratch scratch;
    /** Output channels computed in the deepest block (all unless {@link #computeOnly} narrowed them). */
    private int topFrom;
    private int topTo;

    public StreamingNetwork(Model model, int depth, int inputRows, int[] ringCapacity, boolean compute) {
        ModelSpec spec = model.spec();
        this.depth = depth;
        this.causal = spec.causal();
        this.compute = compute;
        conv = new ConvWeights[depth + 1];
        rows = new int[depth + 1];
        channels = new int[depth + 1];
        kT = new int[depth + 1];
        padT = new int[depth + 1];
        pT = new int[depth + 1];
        pF = new int[depth + 1];
        rows[0] = inputRows;
        channels[0] = 1;
        for (int i = 1; i <= depth; i++) {
            conv[i] = model.conv(i - 1);
            int[] pool = spec.blocks.get(i - 1).pool;
            pF[i] = pool[0];
            pT[i] = pool[1];
            kT[i] = conv[i].kT;
            padT[i] = OfflineNetwork.padPast(kT[i], causal);
            channels[i] = conv[i].out;
            rows[i] = rows[i - 1] / pF[i];
            if (rows[i] < 1) {
                throw new IllegalArgumentException("block " + i + " pools " + rows[i - 1]
                        + " frequency rows to none: the front-end has too few bins for this model");
            }
        }
        scratch = compute ? Kernels.Scratch.forModel(model, inputRows) : null;
        pCount = new long[depth + 1];
        aCount = new long[depth + 1];
        ringMask = new int[depth + 1];
        pRing = new float[depth + 1][][];
        swRing = new byte[depth + 1][][];
        aCols = new float[depth + 1][][];
        taps = new float[depth + 1][][];
        poolCols = new float[depth + 1][][];
        for (int i = 0; i <= depth; i++) {
            int cap = compute ? ringCapacity[i] : 1;
            if (Integer.bitCount(cap) != 1) {
                throw new IllegalArgumentException("ring capacity must be a power of two");
            }
            ringMask[i] = cap - 1;
            pRing[i] = compute ? new float[cap][channels[i] * rows[i]] : null;
            if (i > 0) {
                swRing[i] = compute ? new byte[cap][channels[i] * rows[i]] : null;
                aCols[i] = compute ? new float[pT[i]][channels[i] * rows[i - 1]] : null;
                taps[i] = new float[kT[i]][];
                poolCols[i] = new float[pT[i]][];
            }
        }
        topTo = channels[depth];
    }

    /**
     * Computes only channel c of the deepest block (the others stay zero). A deconvolution of that
     * channel reads nothing else there, so an offline render of one feature skips most of the
     * deepest and dearest block. Call before pushing; c &lt; 0 restores all channels.
     */
    public void computeOnly(int c) {
        if (c >= channels[depth]) {
            throw new IllegalArgumentException("block " + depth + " has " + channels[depth] + " channels, not " + (c + 1));
        }
        topFrom = c < 0 ? 0 : c;
        topTo = c < 0 ? channels[depth] : c + 1;
    }

    public void reset() {
        java.util.Arrays.fill(pCount, 0);
        java.util.Arrays.fill(aCount, 0);
    }

    /** Adds one input column (rows[0] values) and runs every block as far as it can. */
    public void push(float[] column) {
        if (compute) {
            System.arraycopy(column, 0, pRing[0][(int) pCount[0] & ringMask[0]], 0, rows[0]);
        }
        pCount[0]++;
        for (int i = 1; i <= depth; i++) {
            while (aCount[i] + kT[i] - 1 - padT[i] <= pCount[i - 1] - 1) {
                long c = aCount[i];
                int slot = (int) (c % pT[i]);
                if (compute) {
                    for (int dt = 0; dt < kT[i]; dt++) {
                        long src = c + dt - padT[i];
                        taps[i][dt] = src < 0 ? null : pRing[i - 1][(int) src & ringMask[i - 1]];
                    }
                    float[] out = aCols[i][slot];
                    int from = i == depth ? topFrom : 0;
                    int to = i == depth ? topTo : channels[i];
                    Kernels.convForward(conv[i], rows[i - 1], taps[i], out, from, to, scratch);
                    Kernels.relu(out, from * rows[i - 1], to * rows[i - 1]);
                }
                aCount[i]++;
                if (slot == pT[i] - 1) {
                    if (compute) {
                        int r = (int) pCount[i] & ringMask[i];
                        for (int dt = 0; dt < pT[i]; dt++) {
                            poolCols[i][dt] = aCols[i][dt];
                        }
                        int from = i == depth ? topFrom : 0;
                        int to = i == depth ? topTo : channels[i];
                        Kernels.maxPool(poolCols[i], from, to, rows[i - 1], pF[i], pRing[i][r], swRing[i][r]);
                    }
                    pCount[i]++;
                }
            }
        }
    }

    /** Input columns pushed so far. */
    public long frames() {
        return pCount[0];
    }

    public int depth() {
        return depth;
    }

    public int rows(int level) {
        return rows[level];
    }

    public int channels(int level) {
        return channels[level];
    }

    // Read access for the deconvolution, which walks the same tables backwards.

    public int kT(int block) {
        return kT[block];
    }

    public int padT(int block) {
        return padT[block];
    }

    public int pT(int block) {
        return pT[block];
    }

    public int pF(int block) {
        return pF[block];
    }

    public ConvWeights conv(int block) {
        return conv[block];
    }

    public int ringMask(int level) {
        return ringMask[level];
    }

    public long pooledCount(int level) {
        return pCount[level];
    }

    public float[] pooled(int level, int slot) {
        return pRing[level][slot];
    }

    public byte[] switches(int level, int slot) {
        return swRing[level][slot];
    }
}
