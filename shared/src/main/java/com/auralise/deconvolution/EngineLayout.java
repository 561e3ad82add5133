package com.auralise.deconvolution;

import com.auralise.model.Model;
import com.auralise.network.StreamingNetwork;

/**
 * Look-ahead and buffer sizes of the streaming engine, derived exactly from the architecture by
 * running the engine's own column schedule with counters only (no arithmetic). The look-ahead of
 * layer L is the largest number of frames that arrive after frame t before the deconvolution of
 * frame t is complete; it is periodic in 2^L frames, so a run over many periods finds the maximum.
 */
public final class EngineLayout {
    /** Index L = 1..depth: look-ahead in frames of the deconvolution of layer L. */
    public final int[] lookahead;
    /** Index level = 0..depth: ring capacity (power of two) for pooled columns and switches. */
    public final int[] ringCapacity;
    public final int depth;

    private EngineLayout(int depth, int[] lookahead, int[] ringCapacity) {
        this.depth = depth;
        this.lookahead = lookahead;
        this.ringCapacity = ringCapacity;
    }

    public static EngineLayout of(Model model, int depth, int inputRows) {
        StreamingNetwork net = new StreamingNetwork(model, depth, inputRows, null, false);
        StreamingDeconvolution[] heads = new StreamingDeconvolution[depth + 1];
        for (int l = 1; l <= depth; l++) {
            heads[l] = new StreamingDeconvolution(net, 1, false);
            heads[l].select(l, 0);
        }
        int[] lookahead = new int[depth + 1];
        long[] oldestNeeded = new long[depth + 1];
        int[] span = new int[depth + 1];
        int period = 1;
        for (int i = 1; i <= depth; i++) {
            period *= net.pT(i);
        }
        int frames = 64 * period + 512;
        for (int t = 0; t < frames; t++) {
            net.push(null);
            for (int l = 1; l <= depth; l++) {
                long before = heads[l].produced();
                heads[l].pull();
                long after = heads[l].produced();
                if (after > before) {
                    lookahead[l] = (int) Math.max(lookahead[l], t - before);
                }
            }
            // The oldest column still read at each level: by the forward convolution (kT taps back)
            // or by a deconvolution head (its next pooled column / switches).
            for (int i = 0; i <= depth; i++) {
                long oldest = net.pooledCount(i) - (i < depth ? net.kT(i + 1) : 1);
                for (int l = Math.max(i, 1); l <= depth; l++) {
                    if (i >= 1) {
                        oldest = Math.min(oldest, heads[l].nextReadOf(i));
                    }
                }
                oldestNeeded[i] = oldest;
                span[i] = (int) Math.max(span[i], net.pooledCount(i) - oldest);
            }
        }
        int[] capacity = new int[depth + 1];
        for (int i = 0; i <= depth; i++) {
            // Margin: a feature or layer change restarts a head a few columns further back.
            int need = span[i] + (i < depth ? net.kT(i + 1) : 3) + 4;
            capacity[i] = Integer.highestOneBit(need) << 1;
        }
        return new EngineLayout(depth, lookahead, capacity);
    }

    /** Capacity of the output ring a reader needs when it reads frame t - delay with delay >= lookahead. */
    public static int outputCapacity(int delayFrames) {
        return Integer.highestOneBit(delayFrames + 4) << 1;
    }
}
