package com.auralise.renderer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.sound.midi.MidiEvent;
import javax.sound.midi.MidiSystem;
import javax.sound.midi.Sequence;
import javax.sound.midi.ShortMessage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** `auralise events`: onset lists and MIDI files, atomic outputs, clear errors. */
class EventsCommandTest {
    @TempDir
    Path dir;

    Path input(String name) throws Exception {
        // Fixtures.signal: bursts every quarter second over two tones.
        return Fixtures.wav(dir.resolve(name), Fixtures.signal(22050 * 3, 2, 22050, 3), 22050, 0);
    }

    @Test
    void writesOnsetTimesAndAMidiFileThatAgree() throws Exception {
        Path in = input("in.wav");
        Fixtures.Run r = Fixtures.run("events", in.toString(), "-o", dir.resolve("out/kick.txt").toString(), "--format", "both",
                "--model", Fixtures.modelZip(dir).toString(), "--filter", "kick");
        assertEquals(0, r.code(), r.err());
        List<String> lines = Files.readAllLines(dir.resolve("out/kick.txt"));
        assertFalse(lines.isEmpty(), "no events in a signal with 12 bursts");
        for (String l : lines) {
            assertTrue(l.matches("\\d+\\.\\d{6}"), "aubioonset-style line: " + l);
        }
        Sequence seq = MidiSystem.getSequence(dir.resolve("out/kick.mid").toFile());
        List<ShortMessage> on = new ArrayList<>();
        List<Long> ticks = new ArrayList<>();
        for (int i = 0; i < seq.getTracks()[0].size(); i++) {
            MidiEvent e = seq.getTracks()[0].get(i);
            if (e.getMessage() instanceof ShortMessage sm && sm.getCommand() == ShortMessage.NOTE_ON) {
                on.add(sm);
                ticks.add(e.getTick());
            }
        }
        assertEquals(lines.size(), on.size());
        for (int i = 0; i < on.size(); i++) {
            assertEquals(36, on.get(i).getData1(), "kick -> note 36");
            assertEquals(9, on.get(i).getChannel(), "drums on channel 10");
            assertTrue(on.get(i).getData2() >= 1 && on.get(i).getData2() <= 127);
            double t = Double.parseDouble(lines.get(i));
            assertEquals(t, ticks.get(i) / 1920.0, 0.001, "MIDI time = listed time (120 bpm, 960 ppq)");
        }
        assertEquals(0, Fixtures.temporaries(dir));
    }

    @Test
    void optionsAndStdout() throws Exception {
        Path in = input("in.wav");
        Fixtures.Run r = Fixtures.run("events", in.toString(), "-o", "-", "--model", Fixtures.modelZip(dir).toString(),
                "--filter", "onset detector", "--min-interval-ms", "100");
        assertEquals(0, r.code(), r.err());
        String[] t = r.out().trim().split("\\R");
        assertTrue(t.length >= 1);
        for (int i = 1; i < t.length; i++) {
            assertTrue(Double.parseDouble(t[i]) - Double.parseDouble(t[i - 1]) >= 0.0999, "interval kept");
        }
        r = Fixtures.run("events", in.toString(), "-o", dir.resolve("o.mid").toString(), "--model",
                Fixtures.modelZip(dir).toString(), "--layer", "1", "--feature", "2", "--note", "60", "--channel", "2");
        assertEquals(0, r.code(), r.err());
        assertTrue(Files.exists(dir.resolve("o.mid")));
        assertFalse(Files.exists(dir.resolve("o.txt")), "format from the extension");
    }

    @Test
    void errorsAreClearAndLeaveNoFiles() throws Exception {
        Path in = input("in.wav");
        String model = Fixtures.modelZip(dir).toString();
        assertEquals(0, Fixtures.run("events", "--help").code());
        assertEquals(2, Fixtures.run("events", in.toString(), "-o", dir.resolve("x").toString(), "--format", "mp3", "--model", model).code());
        assertEquals(2, Fixtures.run("events", in.toString(), "-o", dir.resolve("x").toString(), "--note", "200", "--model", model).code());
        assertEquals(3, Fixtures.run("events", in.toString(), "-o", dir.resolve("x").toString(), "--filter", "nope", "--model", model).code());
        Path bad = dir.resolve("bad.wav");
        Files.writeString(bad, "not audio");
        Fixtures.Run r = Fixtures.run("events", bad.toString(), "-o", dir.resolve("bad-out").toString(), "--model", model, "--filter", "kick");
        assertEquals(1, r.code());
        assertTrue(r.err().contains("unsupported format"), r.err());
        assertFalse(Files.exists(dir.resolve("bad-out.txt")) || Files.exists(dir.resolve("bad-out/bad.txt")));
        Path out = dir.resolve("e.txt");
        assertEquals(0, Fixtures.run("events", in.toString(), "-o", out.toString(), "--model", model, "--filter", "kick").code());
        r = Fixtures.run("events", in.toString(), "-o", out.toString(), "--model", model, "--filter", "kick");
        assertEquals(1, r.code());
        assertTrue(r.err().contains("output exists"), r.err());
        assertEquals(0, Fixtures.run("events", in.toString(), "-o", out.toString(), "--model", model, "--filter", "kick", "--force").code());
        assertEquals(0, Fixtures.temporaries(dir));
    }
}
