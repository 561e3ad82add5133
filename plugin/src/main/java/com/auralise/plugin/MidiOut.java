package com.auralise.plugin;

import com.auralise.events.Event;
import com.auralise.events.EventQueue;

import java.nio.FloatBuffer;

/**
 * The plugin's MIDI output for one instance: each of the filter's events due in a block becomes a
 * note-on at its sample offset and a note-off {@link #NOTE_MS} later (earlier if the next note comes
 * first), written to the shim's event region as {count, then (frame, status, data1, data2) per
 * message}; the shim turns them into midi:MidiEvent atoms. Audio thread: no allocation.
 */
final class MidiOut {
    /** Messages per chunk; more are dropped (a chunk is at most 1024 frames, events are ≥ 60 ms apart). */
    static final int MAX = 32;
    /** Floats of the event region after the audio regions. */
    static final int FLOATS = 1 + 4 * MAX;
    /** Note length, as `auralise events` writes it. */
    static final double NOTE_MS = 50;

    private final Event ev = new Event();
    private final long length;
    private long offAt = -1;
    private int offStatus;
    private int offNote;
    private int count;
    private long dropped;

    MidiOut(double sampleRate) {
        length = Math.max(1, Math.round(NOTE_MS * 1e-3 * sampleRate));
    }

    /** Stream start: a pending note-off is forgotten (hosts send all-notes-off on a transport stop). */
    void reset() {
        offAt = -1;
    }

    /** Messages lost to a full region so far. */
    long dropped() {
        return dropped;
    }

    /**
     * Writes the messages of the block [start, start + n) on the output time line (start =
     * samplesProcessed() before process()) at shm[base...]; q may be null (no filter: none).
     */
    void block(EventQueue q, long start, int n, int note, int channel, FloatBuffer shm, int base) {
        count = 0;
        long end = start + n;
        while (q != null && q.pollDue(ev, end)) {
            long t = Math.max(start, ev.outputSample); // a live-mode event is late: at once
            if (offAt >= 0) {
                put(shm, base, Math.min(offAt, t) - start, offStatus, offNote, 0);
            }
            int ch = (channel - 1) & 15;
            put(shm, base, t - start, 0x90 | ch, note & 127, Math.max(1, Math.min(127, ev.velocity)));
            offAt = t + length;
            offStatus = 0x80 | ch;
            offNote = note & 127;
        }
        if (offAt >= 0 && offAt < end) {
            put(shm, base, Math.max(offAt, start) - start, offStatus, offNote, 0);
        }
        shm.put(base, count);
    }

    private void put(FloatBuffer shm, int base, long frame, int status, int data1, int data2) {
        if (status >> 4 == 8) {
            offAt = -1;
        }
        if (count == MAX) {
            dropped++;
            return;
        }
        int i = base + 1 + 4 * count++;
        shm.put(i, frame);
        shm.put(i + 1, status);
        shm.put(i + 2, data1);
        shm.put(i + 3, data2);
    }
}
