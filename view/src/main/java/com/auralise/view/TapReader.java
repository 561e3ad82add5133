package com.auralise.view;

import com.auralise.filter.ViewTap;
import com.auralise.model.ConvWeights;
import com.auralise.model.Model;
import com.auralise.model.ModelSpec;
import com.auralise.network.StreamingNetwork;

import java.util.ArrayList;
import java.util.List;

/**
 * The view's side of a {@link ViewTap}: copies new analysis frames into scrolling histories
 * (input, mask, output = input with the mask applied, activation of the selected feature) on the
 * reader's thread. It only reads the tap, never waits for it; frames the producer lapped are shown
 * as silence and counted in {@link #lost()}.
 *
 * <p>Histories are rings of {@link #history()} columns indexed by frame modulo history. Slots
 * changed since the last {@link #clearDirty()} are flagged so that a GPU upload can send only
 * those columns.
 */
public final class TapReader {
    private final ViewTap tap;
    private final Model model;
    private final int rows;
    private final int actRows;
    private final int history;
    final float[][] input;
    final float[][] mask;
    final float[][] output;
    final float[][] activation;
    final boolean[] dirty;
    private int dirtyCount;
    private final float[] scratch;
    private long inputNext;
    private long maskNext;
    private long actLast = -1;
    private int actLayer = -1;
    private int actFeature = -1;
    private int actPeriod = 1;
    private int actDelay;
    private int actLayerRows;
    private long lost;
    private float inputPeak = 1f;
    private float actPeak = 1e-3f;

    /** model may be null: timing then comes from a weightless copy of the spec's architecture. */
    public TapReader(ViewTap tap, Model model, ModelSpec spec, int history) {
        this.tap = tap;
        this.model = model != null ? model : shapeOnly(spec);
        this.rows = tap.rows();
        this.actRows = tap.activationRows();
        this.history = history;
        input = new float[history][rows];
        mask = new float[history][rows];
        output = new float[history][rows];
        activation = new float[history][actRows];
        dirty = new boolean[history];
        scratch = new float[Math.max(rows, actRows)];
        actLayerRows = actRows;
    }

    public TapReader(ViewTap tap, Model model, int history) {
        this(tap, model, model.spec(), history);
    }

    /**
     * The architecture without weights (zeros): enough for the network's column counters, which
     * never look at the numbers.
     */
    static Model shapeOnly(ModelSpec spec) {
        List<ConvWeights> convs = new ArrayList<>();
        for (ModelSpec.Block b : spec.blocks) {
            int kF = b.kernel[0];
            int kT = b.kernel[1];
            convs.add(new ConvWeights(b.outChannels, b.inChannels, kF, kT,
                    new float[b.outChannels * b.inChannels * kF * kT], new float[b.outChannels]));
        }
        return new Model(spec, convs);
    }

    /** Reads everything the producer published since the last poll; returns the new input frames. */
    public int poll() {
        long published = tap.inputFrames();
        long start = Math.max(inputNext, published - history);
        for (long f = start; f < published; f++) {
            int s = slot(f);
            if (!tap.readInput(f, input[s])) {
                java.util.Arrays.fill(input[s], 0f);
                lost++;
            }
            // A frame's mask and activation arrive later: blank them until then.
            java.util.Arrays.fill(mask[s], 0f);
            java.util.Arrays.fill(output[s], 0f);
            java.util.Arrays.fill(activation[s], 0f);
            markDirty(s);
            float m = 0f;
            for (float v : input[s]) {
                m = Math.max(m, v);
            }
            inputPeak = Math.max(m, inputPeak * 0.998f);
        }
        int fresh = (int) (published - start);
        inputNext = published;

        long maskPublished = Math.min(tap.maskFrames(), inputNext);
        for (long f = Math.max(maskNext, inputNext - history); f < maskPublished; f++) {
            int s = slot(f);
            if (!tap.readMask(f, mask[s])) {
                java.util.Arrays.fill(mask[s], 0f);
                lost++;
            }
            float[] in = input[s];
            float[] m = mask[s];
            float[] out = output[s];
            for (int r = 0; r < rows; r++) {
                // Input is ln(1 + g*a); the masked magnitude a*m gives ln(1 + (e^in - 1) * m).
                float g = Math.max(0f, Math.min(1f, m[r]));
                out[r] = (float) Math.log1p(Math.expm1(in[r]) * g);
            }
            markDirty(s);
        }
        maskNext = Math.max(maskNext, maskPublished);

        readActivations();
        return fresh;
    }

    private void readActivations() {
        int layer = tap.layer();
        int feature = tap.feature();
        if (layer != actLayer) {
            timing(layer);
            actLayer = layer;
            actLast = -1;
        }
        if (feature != actFeature) {
            actFeature = feature;
            actLast = -1;
        }
        long latest = tap.activationFrames() - 1;
        if (latest < 0) {
            return;
        }
        // Completions are periodic (every actPeriod frames): walk back to the last one painted.
        long first = latest;
        int limit = Math.max(1, tap.capacity() / actPeriod - 1);
        while (first - actPeriod > actLast && limit-- > 0) {
            first -= actPeriod;
        }
        for (long f = first; f <= latest; f += actPeriod) {
            if (f <= actLast || !tap.readActivation(f, scratch)) {
                continue;
            }
            float m = 0f;
            for (int r = 0; r < actLayerRows; r++) {
                m = Math.max(m, scratch[r]);
            }
            actPeak = Math.max(m, actPeak * 0.995f);
            // The column that completed at frame f covers input frames [end - period + 1, end].
            long end = f - actDelay;
            for (long t = end - actPeriod + 1; t <= end; t++) {
                if (t >= 0 && t < inputNext && t >= inputNext - history) {
                    int s = slot(t);
                    System.arraycopy(scratch, 0, activation[s], 0, actRows);
                    markDirty(s);
                }
            }
            actLast = f;
        }
    }

    /**
     * The pooled column p of layer L covers input frames [p*P, (p+1)*P - 1] (P = product of the
     * time pools); the streaming network completes it some frames later (the convolutions' look-
     * ahead). The network's own counters (no arithmetic) give that delay exactly.
     */
    private void timing(int layer) {
        int depth = Math.max(1, Math.min(layer, model.layers()));
        StreamingNetwork net = new StreamingNetwork(model, depth, rows, null, false);
        int period = 1;
        for (int i = 1; i <= depth; i++) {
            period *= net.pT(i);
        }
        int delay = 0;
        for (int t = 0; t < 16 * period + 64; t++) {
            long before = net.pooledCount(depth);
            net.push(null);
            if (net.pooledCount(depth) > before) {
                delay = (int) (t - ((before + 1) * period - 1));
            }
        }
        actPeriod = period;
        actDelay = delay;
        actLayerRows = net.rows(depth);
    }

    private void markDirty(int s) {
        if (!dirty[s]) {
            dirty[s] = true;
            dirtyCount++;
        }
    }

    public int slot(long frame) {
        return (int) Math.floorMod(frame, (long) history);
    }

    int dirtyCount() {
        return dirtyCount;
    }

    void clearDirty() {
        java.util.Arrays.fill(dirty, false);
        dirtyCount = 0;
    }

    /** Copies the newest n input frames into dst[rows][n] (oldest first; zeros before the stream). */
    public void recentInput(float[][] dst, int n) {
        for (int i = 0; i < n; i++) {
            long f = inputNext - n + i;
            for (int r = 0; r < rows; r++) {
                dst[r][i] = f >= 0 && f >= inputNext - history ? input[slot(f)][r] : 0f;
            }
        }
    }

    /** Frames read so far (the next input frame expected). */
    public long frames() {
        return inputNext;
    }

    public int rows() {
        return rows;
    }

    public int activationRows() {
        return actRows;
    }

    /** Frequency rows of the selected layer's activation (the rest of each column is zero). */
    public int activationLayerRows() {
        return actLayerRows;
    }

    public int activationPeriod() {
        return actPeriod;
    }

    public int activationDelay() {
        return actDelay;
    }

    public int history() {
        return history;
    }

    public long lost() {
        return lost;
    }

    public float inputPeak() {
        return inputPeak;
    }

    public float activationPeak() {
        return actPeak;
    }

    public ViewTap tap() {
        return tap;
    }
}
