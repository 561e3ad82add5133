package com.auralise.plugin;

import com.auralise.events.EventQueue;
import org.junit.jupiter.api.Test;

import java.nio.FloatBuffer;

import static org.junit.jupiter.api.Assertions.assertEquals;

class MidiOutTest {
    static final int BASE = 3;

    /** The messages of one block as "frame:status:data1:data2" words. */
    static String block(MidiOut m, EventQueue q, long start, int n, int note, int channel) {
        FloatBuffer shm = FloatBuffer.allocate(BASE + MidiOut.FLOATS);
        m.block(q, start, n, note, channel, shm, BASE);
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < (int) shm.get(BASE); i++) {
            int k = BASE + 1 + 4 * i;
            b.append(i == 0 ? "" : " ").append((int) shm.get(k)).append(':').append(Integer.toHexString((int) shm.get(k + 1)))
                    .append(':').append((int) shm.get(k + 2)).append(':').append((int) shm.get(k + 3));
        }
        return b.toString();
    }

    @Test
    void notesAtTheirOffsetsWithOffsAfterFiftyMilliseconds() {
        MidiOut m = new MidiOut(1000); // 1 kHz: a 50 ms note is 50 samples
        EventQueue q = new EventQueue(8);
        q.add(0, 110, 0, 100, 1, 0);  // due in block 100..164
        q.add(0, 140, 0, 0, 1, 0);    // velocity 0 would be a note-off: sent as 1
        q.add(0, 300, 0, 127, 1, 0);  // a later block
        assertEquals("", block(m, q, 0, 100, 36, 10), "nothing due yet");
        // The second note cuts the first one short; its own off falls in the next block.
        assertEquals("10:99:36:100 40:89:36:0 40:99:36:1", block(m, q, 100, 64, 36, 10));
        assertEquals("26:89:36:0", block(m, q, 164, 64, 36, 10));
        assertEquals("", block(m, q, 228, 64, 36, 10));
    }

    @Test
    void lateLiveEventsComeAtOnceAndTheOffKeepsItsNote() {
        MidiOut m = new MidiOut(1000);
        EventQueue q = new EventQueue(8);
        q.add(0, 5, 0, 64, 1, 0); // already past: a low-latency event
        assertEquals("0:90:60:64", block(m, q, 20, 32, 60, 1));
        // The note port moved meanwhile: the off still names the note that is on.
        assertEquals("18:80:60:0", block(m, q, 52, 32, 61, 2));
    }

    @Test
    void aFullRegionDropsAndCounts() {
        MidiOut m = new MidiOut(1000);
        EventQueue q = new EventQueue(64);
        for (int i = 0; i < 40; i++) {
            q.add(0, i, 0, 90, 1, 0);
        }
        String s = block(m, q, 0, 1024, 42, 10);
        assertEquals(MidiOut.MAX, s.split(" ").length);
        assertEquals(2 * 40 - MidiOut.MAX, m.dropped());
    }
}
