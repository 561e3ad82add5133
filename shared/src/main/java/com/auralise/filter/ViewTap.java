package com.auralise.filter;

/**
 * What the filter is doing, for a view on another thread: per analysis frame the network input
 * column, the selected feature's normalised mask over the same rows (before shaping), and the
 * selected feature's latest pooled activation column.
 *
 * <p>Single producer (the audio thread, inside {@link FeatureFilter#process}), any number of
 * readers. The producer writes a ring slot, then publishes the frame count with a volatile store:
 * no lock, no allocation, and it never waits for a reader. A reader copies a slot and checks the
 * count again; if the producer lapped it meanwhile, the copy is reported as lost (false).
 */
public final class ViewTap {
    private final int rows;
    private final int activationRows;
    private final int capacity;
    private final float[][] input;
    private final float[][] mask;
    private final float[][] activation;
    private final int[] activationLayer;
    private volatile long inputFrames;
    private volatile long maskFrames;
    private volatile long activationFrames;
    private volatile int layer;
    private volatile int feature;

    ViewTap(int rows, int activationRows, int capacity) {
        if (Integer.bitCount(capacity) != 1) {
            throw new IllegalArgumentException("capacity must be a power of two");
        }
        this.rows = rows;
        this.activationRows = activationRows;
        this.capacity = capacity;
        input = new float[capacity][rows];
        mask = new float[capacity][rows];
        activation = new float[capacity][activationRows];
        activationLayer = new int[capacity];
    }

    // Producer side (audio thread).

    void writeInput(long frame, float[] col) {
        System.arraycopy(col, 0, input[(int) frame & (capacity - 1)], 0, rows);
        inputFrames = frame + 1;
    }

    void writeMask(long frame, float[] col) {
        System.arraycopy(col, 0, mask[(int) frame & (capacity - 1)], 0, rows);
        maskFrames = frame + 1;
    }

    /** The pooled column that became complete at this input frame (rows of that layer, then zeros). */
    void writeActivation(long frame, float[] pooled, int offset, int n, int layer) {
        int slot = (int) frame & (capacity - 1);
        float[] dst = activation[slot];
        System.arraycopy(pooled, offset, dst, 0, n);
        java.util.Arrays.fill(dst, n, activationRows, 0f);
        activationLayer[slot] = layer;
        activationFrames = frame + 1;
    }

    void select(int layer, int feature) {
        this.layer = layer;
        this.feature = feature;
    }

    // Reader side (any thread).

    public int rows() {
        return rows;
    }

    public int activationRows() {
        return activationRows;
    }

    public int capacity() {
        return capacity;
    }

    public int layer() {
        return layer;
    }

    public int feature() {
        return feature;
    }

    /** Frames whose input column has been written (the next frame's index). */
    public long inputFrames() {
        return inputFrames;
    }

    public long maskFrames() {
        return maskFrames;
    }

    public long activationFrames() {
        return activationFrames;
    }

    public boolean readInput(long frame, float[] dst) {
        return read(input, frame, dst, rows, inputFrames) && frame > inputFrames - capacity;
    }

    public boolean readMask(long frame, float[] dst) {
        return read(mask, frame, dst, rows, maskFrames) && frame > maskFrames - capacity;
    }

    /**
     * Copies the activation column written at that frame. Not every frame has one (a layer-L column
     * completes every 2^L frames); those slots keep older data, so readers step by 2^L from a frame
     * they know had one, or simply hold the last column they read.
     */
    public boolean readActivation(long frame, float[] dst) {
        return read(activation, frame, dst, activationRows, activationFrames) && frame > activationFrames - capacity;
    }

    private boolean read(float[][] ring, long frame, float[] dst, int n, long published) {
        if (frame < 0 || frame >= published || frame <= published - capacity) {
            return false;
        }
        System.arraycopy(ring[(int) frame & (capacity - 1)], 0, dst, 0, n);
        return true;
    }
}
