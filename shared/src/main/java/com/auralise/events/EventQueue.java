package com.auralise.events;

/**
 * The events a {@code FeatureFilter} found, oldest first, in a ring sized before the audio starts.
 * The filter adds to it inside process(); the caller takes events out on the same thread right
 * after (the plugin's run(), the renderer's block loop): no lock, no allocation. Events arrive in
 * time order. When the caller does not take them out, new ones are dropped and counted, never the
 * ones already waiting.
 */
public final class EventQueue {
    private final long[] inputSample;
    private final long[] outputSample;
    private final long[] detectedAt;
    private final int[] velocity;
    private final float[] height;
    private final float[] levelDb;
    private final int mask;
    private long write;
    private long read;
    private long dropped;

    public EventQueue(int capacity) {
        if (capacity < 1 || Integer.bitCount(capacity) != 1) {
            throw new IllegalArgumentException("capacity must be a power of two, got " + capacity);
        }
        inputSample = new long[capacity];
        outputSample = new long[capacity];
        detectedAt = new long[capacity];
        velocity = new int[capacity];
        height = new float[capacity];
        levelDb = new float[capacity];
        mask = capacity - 1;
    }

    public int capacity() {
        return mask + 1;
    }

    /** Producer side (FeatureFilter, inside process()): false, and counted, when full. */
    public boolean add(long in, long out, long found, int vel, float h, float level) {
        if (write - read > mask) {
            dropped++;
            return false;
        }
        int i = (int) write & mask;
        inputSample[i] = in;
        outputSample[i] = out;
        detectedAt[i] = found;
        velocity[i] = vel;
        height[i] = h;
        levelDb[i] = level;
        write++;
        return true;
    }

    /** Events waiting. */
    public int size() {
        return (int) (write - read);
    }

    /** Events lost because the queue was full since the last reset. */
    public long dropped() {
        return dropped;
    }

    /** Copies the oldest waiting event into e without removing it; false when there is none. */
    public boolean peek(Event e) {
        if (read == write) {
            return false;
        }
        int i = (int) read & mask;
        e.inputSample = inputSample[i];
        e.outputSample = outputSample[i];
        e.detectedAt = detectedAt[i];
        e.velocity = velocity[i];
        e.height = height[i];
        e.levelDb = levelDb[i];
        return true;
    }

    /** Removes and copies the oldest waiting event; false when there is none. */
    public boolean poll(Event e) {
        if (!peek(e)) {
            return false;
        }
        read++;
        return true;
    }

    /**
     * For a host block: removes and copies the oldest event whose outputSample is before blockEnd
     * (the output stream position after this block), false if the oldest is due in a later block or
     * none waits. A studio-mode event usually comes out before it is due and waits here; a live-mode
     * one is late (outputSample already past) and is due at once.
     */
    public boolean pollDue(Event e, long blockEnd) {
        if (read == write || outputSample[(int) read & mask] >= blockEnd) {
            return false;
        }
        return poll(e);
    }

    /** Forgets every waiting event and the dropped count. */
    public void clear() {
        read = write;
        dropped = 0;
    }
}
