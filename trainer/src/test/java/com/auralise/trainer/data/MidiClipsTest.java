package com.auralise.trainer.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.auralise.trainer.train.ClipSet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import javax.sound.midi.MetaMessage;
import javax.sound.midi.MidiEvent;
import javax.sound.midi.Sequence;
import javax.sound.midi.ShortMessage;
import javax.sound.midi.Track;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** MIDI-excerpt clips: channel -> Part mapping on a synthetic sequence; rendered clips keep the data's promises. */
class MidiClipsTest {
    static final int SR = 22050, PPQ = 480;

    @BeforeAll
    static void sources() {
        MidiClips.checkInstalled();
    }

    private static void note(Track t, int ch, long tick, long len, int pitch) throws Exception {
        t.add(new MidiEvent(new ShortMessage(ShortMessage.NOTE_ON, ch, pitch, 100), tick));
        t.add(new MidiEvent(new ShortMessage(ShortMessage.NOTE_OFF, ch, pitch, 0), tick + len));
    }

    private static void program(Track t, int ch, int program) throws Exception {
        t.add(new MidiEvent(new ShortMessage(ShortMessage.PROGRAM_CHANGE, ch, program, 0), 0));
    }

    /** A type-1 sequence at 100 bpm: drums, a bass program, a low piano, piano chords, a lead, a legato lead, sound effects. */
    static Sequence synthetic() throws Exception {
        Sequence seq = new Sequence(Sequence.PPQ, PPQ);
        Track tempo = seq.createTrack();
        tempo.add(new MidiEvent(new MetaMessage(0x51, new byte[] {0x09, 0x27, (byte) 0xC0}, 3), 0)); // 600000 us: 100 bpm
        Track drums = seq.createTrack();
        int[] keys = {36, 38, 42, 49, 45, 54, 35, 40, 46, 51};
        for (int i = 0; i < keys.length; i++) note(drums, 9, i * PPQ / 2, 60, keys[i]);
        Track bass = seq.createTrack();
        program(bass, 1, 33); // fingered bass, even though it plays high
        for (int i = 0; i < 8; i++) note(bass, 1, i * PPQ, PPQ / 2, 60 + i);
        Track lowPiano = seq.createTrack();
        program(lowPiano, 2, 0);
        for (int i = 0; i < 8; i++) note(lowPiano, 2, i * PPQ, PPQ / 2, i < 6 ? 36 + i : 72);
        Track chords = seq.createTrack();
        program(chords, 3, 0);
        for (int i = 0; i < 4; i++) for (int p : new int[] {60, 64, 67}) note(chords, 3, i * 2L * PPQ, 2L * PPQ, p + i);
        Track lead = seq.createTrack();
        program(lead, 4, 73);
        for (int i = 0; i < 8; i++) note(lead, 4, i * PPQ / 2, PPQ / 3, 72 + i % 5);
        Track legato = seq.createTrack();
        program(legato, 5, 80); // each note overlaps the next by 10 ticks (12.5 ms): still one line
        for (int i = 0; i < 8; i++) note(legato, 5, i * PPQ / 2, PPQ / 2 + 10, 70 + i % 3);
        Track fx = seq.createTrack();
        program(fx, 6, 127); // gunshot: dropped
        note(fx, 6, 0, PPQ, 60);
        return seq;
    }

    @Test
    void channelsMapToParts() throws Exception {
        MidiClips.Song song = MidiClips.parse("synthetic", synthetic());
        assertEquals(7, song.voices().size());
        for (MidiClips.Voice v : song.voices()) {
            Part expected = switch (v.channel()) {
                case 1 -> Part.BASS;   // GM bass program
                case 2 -> Part.BASS;   // mostly below MIDI 48
                case 3 -> Part.CHORDS; // three notes at a time
                case 4, 5 -> Part.MELODY;
                default -> null;       // drums (per note) and sound effects
            };
            assertEquals(expected, v.part(), "channel " + (v.channel() + 1) + " program " + v.program());
        }
        MidiClips.Voice drums = song.voices().stream().filter(MidiClips.Voice::drums).findFirst().orElseThrow();
        assertEquals(Part.KICK, drums.partOf(36));
        assertEquals(Part.KICK, drums.partOf(35));
        assertEquals(Part.SNARE, drums.partOf(38));
        assertEquals(Part.SNARE, drums.partOf(40));
        assertEquals(Part.HATS, drums.partOf(42));
        assertEquals(Part.HATS, drums.partOf(46));
        assertEquals(Part.HATS, drums.partOf(49)); // cymbals count as hats
        assertEquals(Part.HATS, drums.partOf(51));
        assertNull(drums.partOf(45), "toms are dropped");
        // Tempo map: the fourth drum note (tick 720) is at 720 / 480 * 0.6 s.
        assertEquals(0.9, drums.notes().get(3).time(), 1e-9);
        assertEquals(100, song.bpmAt(0), 1e-9);
        assertEquals(0, song.firstOnset(), 1e-9);
    }

    /** A file whose only kept notes are a kick at 0 s and one at 40 s: most 2 s excerpts of it are empty. */
    @Test
    void emptyExcerptsAreSkippedDeterministically(@TempDir Path dir) throws Exception {
        Sequence seq = new Sequence(Sequence.PPQ, PPQ);
        Track t = seq.createTrack(); // default tempo, 120 bpm: 1 tick = 1/960 s
        note(t, 9, 0, 60, 36);
        for (int i = 0; i < 40; i++) note(t, 9, i * 960L, 60, 45); // toms: dropped, so silent excerpts
        note(t, 9, 40 * 960L, 60, 36);
        Path file = dir.resolve("sparse.mid");
        javax.sound.midi.MidiSystem.write(seq, 1, file.toFile());
        int skipped = 0;
        for (int index = 0; index < 3; index++) {
            long seed = MidiClips.clipSeed(5, index);
            Clip a = MidiClips.render(seed, List.of(file), 2, SR);
            Clip b = MidiClips.render(seed, List.of(file), 2, SR);
            assertArrayEquals(a.mix(), b.mix());
            assertEquals(a.meta(), b.meta());
            assertEquals(1, a.onsets().size(), "one kick per audible excerpt");
            assertEquals(Part.KICK, a.onsets().get(0).part());
            skipped += ((Number) a.meta().get("skippedExcerpts")).intValue();
        }
        assertTrue(skipped > 0, "no excerpt was skipped");
    }

    @Test
    void renderedClipKeepsTheDataPromises(@TempDir Path cache) throws Exception {
        double seconds = 2;
        List<Clip> clips = ClipSet.loadMidi(cache, 7, 2, seconds, SR, 2);
        assertEquals(2, clips.size());
        assertTrue(Files.isDirectory(ClipSet.midiFolder(cache, 7, seconds).resolve("clip-00001")));
        for (Clip c : clips) {
            assertEquals(Math.round(seconds * SR), c.frames());
            double maxDiff = 0;
            for (int i = 0; i < c.frames(); i++) {
                float sum = 0;
                for (Part p : Part.values()) sum += c.stem(p)[i];
                maxDiff = Math.max(maxDiff, Math.abs(sum - c.mix()[i]));
            }
            assertEquals(0, maxDiff, "mix == float sum of stems in Part order");
            int audible = 0;
            for (Part p : Part.values()) {
                double e = Signals.meanSquare(c.stem(p), 0, c.frames());
                if (e > 1e-10) audible++;
                assertEquals(c.present(p), e > 1e-10, p + ": onsets iff sound");
            }
            assertTrue(audible >= 1, "at least one non-silent stem");
            assertFalse(c.onsets().isEmpty());
            for (Onset o : c.onsets()) assertTrue(o.time() >= 0 && o.time() < seconds, "onset at " + o.time());
            Map<String, Object> m = c.meta();
            assertEquals("midi", m.get("source"));
            assertEquals("train", m.get("split"));
            assertTrue(Split.TRAIN.soundFonts().contains(String.valueOf(m.get("soundFont"))));
            assertTrue(m.get("drumKit") == null || Split.TRAIN.drumKits().contains(String.valueOf(m.get("drumKit"))));
            assertNotNull(m.get("midiFile"));
            assertNotNull(m.get("excerptStart"));
            assertNotNull(m.get("transpose"));
            assertNotNull(m.get("voices"));
        }
        // Same seed, same clip; rendered afresh (not from the cache) and reloaded from the cache.
        Clip again = MidiClips.generate(7, 0, seconds, SR);
        Clip cached = ClipSet.loadMidi(cache, 7, 1, seconds, SR, 1).get(0);
        for (Clip c : List.of(again, cached)) {
            assertArrayEquals(clips.get(0).mix(), c.mix());
            for (Part p : Part.values()) assertArrayEquals(clips.get(0).stem(p), c.stem(p), p.id());
            assertEquals(clips.get(0).onsets(), c.onsets());
        }
        assertEquals(clips.get(0).meta(), again.meta());
        assertFalse(Arrays.equals(clips.get(0).mix(), clips.get(1).mix()), "other index, other audio");
    }
}
