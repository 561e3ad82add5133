package com.auralise.deconvolution;

import com.auralise.network.Kernels;
import com.auralise.network.StreamingNetwork;

/**
 * The deconvolution of one (layer, feature), column by column, reading the pooled outputs and
 * switches that {@link StreamingNetwork} keeps. Each level's transposed convolution produces its
 * column c as soon as the unpooled columns it needs (c + padPast - kT + 1 .. c + padPast) exist;
 * ReLU is applied only to complete columns, so the result equals {@link OfflineDeconvolution}.
 * Output columns (over the network input's rows) go into a ring that the caller reads by frame.
 *
 * <p>Changing layer or feature ({@link #select}) restarts the backward pipeline from the forward
 * rings at the next output column: every column after the change is the new feature's exact
 * deconvolution, every column before it stays as it was. Built once (allocates); {@link #pull}
 * and {@link #select} allocate nothing.
 */
public final class StreamingDeconvolution {
    private final StreamingNetwork net;
    private final boolean compute;
    private final int maxDepth;
    private int layer;
    private int feature;
    /**
     * Per level i = 1..maxDepth: ring of unpooled and rectified columns h'_i, a row per channel
     * (C_i x rows_{i-1}), with flags of the rows that are not all zero (the adjoint skips the others).
     */
    private final float[][][][] hRing;
    private final boolean[][][] hLive;
    private final int[] hMask;
    /** Per level: the pT ring columns one unpooling writes, gathered without allocating. */
    private final float[][][][] hDst;
    private final boolean[][][] liveDst;
    /** h'_i columns computed so far, and g_{i-1} columns produced so far (index i). */
    private final long[] hCount;
    private final long[] gCount;
    private final float[][] gCol;
    private final float[][] out;
    private final Kernels.Scratch scratch;
    private final int outMask;

    public StreamingDeconvolution(StreamingNetwork net, int outCapacity, boolean compute) {
        this.net = net;
        this.compute = compute;
        this.maxDepth = net.depth();
        hRing = new float[maxDepth + 1][][][];
        hLive = new boolean[maxDepth + 1][][];
        hDst = new float[maxDepth + 1][][][];
        liveDst = new boolean[maxDepth + 1][][];
        hMask = new int[maxDepth + 1];
        hCount = new long[maxDepth + 1];
        gCount = new long[maxDepth + 1];
        gCol = new float[maxDepth + 1][];
        for (int i = 1; i <= maxDepth; i++) {
            int cap = Integer.highestOneBit(kT(i) + pT(i) + 2) << 1;
            hMask[i] = cap - 1;
            hRing[i] = compute ? new float[cap][net.channels(i)][net.rows(i - 1)] : null;
            hLive[i] = compute ? new boolean[cap][net.channels(i)] : null;
            hDst[i] = new float[pT(i)][][];
            liveDst[i] = new boolean[pT(i)][];
            gCol[i - 1] = compute ? new float[net.channels(i - 1) * net.rows(i - 1)] : null;
        }
        if (Integer.bitCount(outCapacity) != 1) {
            throw new IllegalArgumentException("output capacity must be a power of two");
        }
        out = compute ? new float[outCapacity][net.rows(0)] : null;
        scratch = compute ? new Kernels.Scratch(net.rows(0), 0) : null;
        outMask = outCapacity - 1;
        layer = maxDepth;
    }

    /** Selects the feature to reconstruct; takes effect from the next output column. */
    public void select(int layer, int feature) {
        if (layer < 1 || layer > maxDepth || feature < 0 || feature >= net.channels(layer)) {
            return; // callers validate; the audio thread must not throw
        }
        this.layer = layer;
        this.feature = feature;
        // Recompute every level from the first h' column the next output column needs.
        for (int i = 1; i <= layer; i++) {
            long need = gCount[i - 1] + padT(i) - (kT(i) - 1);
            long u = Math.max(0, Math.floorDiv(need, (long) pT(i)));
            hCount[i] = u * pT(i);
            if (i < layer) {
                gCount[i] = u;
            }
        }
    }

    public void reset() {
        java.util.Arrays.fill(hCount, 0);
        java.util.Arrays.fill(gCount, 0);
        select(layer, feature);
    }

    public int layer() {
        return layer;
    }

    public int feature() {
        return feature;
    }

    /** Output columns produced so far (frame index of the next one). */
    public long produced() {
        return gCount[0];
    }

    /**
     * The oldest pooled column / switch set of level i (1..depth) this head may still read, or
     * Long.MAX_VALUE if it reads nothing there.
     */
    public long nextReadOf(int i) {
        if (i > layer) {
            return Long.MAX_VALUE;
        }
        return i == layer ? hCount[i] / pT(i) : gCount[i];
    }

    /** The output column of frame c; valid while c is within the ring behind produced(). */
    public float[] column(long c) {
        return out[(int) c & outMask];
    }

    /**
     * Produces every output column that the forward pass has made possible. Lower levels go first,
     * so each level's ring of unpooled columns never holds more than one kernel's width plus one pool.
     */
    public void pull() {
        int top = layer;
        while (true) {
            int level = 0;
            for (int i = 1; i <= top; i++) {
                if (gCount[i - 1] + padT(i) <= hCount[i] - 1) {
                    level = i;
                    break;
                }
            }
            if (level > 0) {
                backward(level, top);
            } else if (hCount[top] / pT(top) < pooledCount(top)) {
                unpoolTop(top);
            } else {
                return;
            }
        }
    }

    /** Top level: unpool the selected channel of the next pooled column. */
    private void unpoolTop(int top) {
        long u = hCount[top] / pT(top);
        if (compute) {
            int r = (int) u & ringMask(top);
            unpool(top, pooled(top, r), switches(top, r), feature, feature + 1, false);
        }
        hCount[top] += pT(top);
    }

    /** Unpools g into level i's next pT ring columns (channels [cFrom, cTo); ReLU if asked). */
    private void unpool(int i, float[] g, byte[] switches, int cFrom, int cTo, boolean relu) {
        for (int dt = 0; dt < pT(i); dt++) {
            int slot = (int) (hCount[i] + dt) & hMask[i];
            hDst[i][dt] = hRing[i][slot];
            liveDst[i][dt] = hLive[i][slot];
        }
        Kernels.unpool(g, switches, net.rows(i - 1), pF(i), cFrom, cTo, relu, hDst[i], liveDst[i]);
    }

    /** Block i's transposed convolution of the next column; below the input level also unpool + ReLU. */
    private void backward(int i, int top) {
        long c = gCount[i - 1];
        if (compute) {
            float[] g = gCol[i - 1];
            java.util.Arrays.fill(g, 0f);
            // Above the selected layer's channel everything is zero: skip it.
            int oFrom = i == top ? feature : 0;
            int oTo = i == top ? feature + 1 : net.channels(i);
            for (int dt = 0; dt < kT(i); dt++) {
                long src = c - dt + padT(i);
                if (src >= 0) {
                    int slot = (int) src & hMask[i];
                    Kernels.convAdjoint(conv(i), net.rows(i - 1), hRing[i][slot], hLive[i][slot], dt, oFrom, oTo, g, scratch);
                }
            }
            if (i > 1) {
                unpool(i - 1, g, switches(i - 1, (int) c & ringMask(i - 1)), 0, net.channels(i - 1), true);
            } else {
                System.arraycopy(g, 0, out[(int) c & outMask], 0, g.length);
            }
        }
        if (i > 1) {
            hCount[i - 1] += pT(i - 1);
        }
        gCount[i - 1]++;
    }

    private int kT(int i) {
        return net.kT(i);
    }

    private int padT(int i) {
        return net.padT(i);
    }

    private int pT(int i) {
        return net.pT(i);
    }

    private int pF(int i) {
        return net.pF(i);
    }

    private int ringMask(int i) {
        return net.ringMask(i);
    }

    private long pooledCount(int i) {
        return net.pooledCount(i);
    }

    private float[] pooled(int i, int slot) {
        return net.pooled(i, slot);
    }

    private byte[] switches(int i, int slot) {
        return net.switches(i, slot);
    }

    private com.auralise.model.ConvWeights conv(int i) {
        return net.conv(i);
    }
}
