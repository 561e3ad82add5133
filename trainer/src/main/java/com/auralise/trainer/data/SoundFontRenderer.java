package com.auralise.trainer.data;

import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.sound.midi.Instrument;
import javax.sound.midi.InvalidMidiDataException;
import javax.sound.midi.MidiMessage;
import javax.sound.midi.MidiSystem;
import javax.sound.midi.MidiUnavailableException;
import javax.sound.midi.Patch;
import javax.sound.midi.Receiver;
import javax.sound.midi.ShortMessage;
import javax.sound.midi.Soundbank;
import javax.sound.midi.Synthesizer;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;

/**
 * Offline rendering of one part with the JDK's Gervill synthesiser: a fresh synthesiser per part
 * (so stems share nothing), all MIDI events queued with timestamps up front, then exactly the
 * requested number of frames pulled from AudioSynthesizer.openStream — never waiting for an
 * end of track, which an offline stream does not have.
 *
 * <p>Gervill's offline API lives in java.desktop's non-exported com.sun.media.sound package. We call
 * it reflectively so the build stays plain {@code --release 17}; the JVM must run with
 * {@code --add-exports java.desktop/com.sun.media.sound=ALL-UNNAMED} (surefire and generate-data.sh do).
 *
 * <p>Gervill starts a note two control buffers after its timestamp (measured: 300 samples at
 * 22.05 kHz with the default 147 Hz control rate), but sample-accurately within that; we drop
 * exactly that many leading frames so onset truth equals the note's timestamp. Its built-in reverb
 * and chorus are off: effects are ours and per mix.
 */
public final class SoundFontRenderer {
    private static final float CONTROL_RATE = 147f;
    private static final Map<Path, Soundbank> BANKS = new ConcurrentHashMap<>();

    private static final Constructor<?> SYNTH;
    private static final Method OPEN_STREAM;
    private static final Constructor<?> MODEL_PATCH;

    static {
        try {
            Class<?> synth = Class.forName("com.sun.media.sound.SoftSynthesizer");
            SYNTH = synth.getConstructor();
            OPEN_STREAM = Class.forName("com.sun.media.sound.AudioSynthesizer").getMethod("openStream", AudioFormat.class, Map.class);
            MODEL_PATCH = Class.forName("com.sun.media.sound.ModelPatch").getConstructor(int.class, int.class, boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError("this JDK has no Gervill synthesiser: " + e);
        }
    }

    private SoundFontRenderer() {
    }

    private static Synthesizer newSynthesizer() {
        try {
            return (Synthesizer) SYNTH.newInstance();
        } catch (IllegalAccessException e) {
            throw exportsMissing(e);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static IllegalStateException exportsMissing(Exception e) {
        return new IllegalStateException("run the JVM with --add-exports java.desktop/com.sun.media.sound=ALL-UNNAMED "
                + "(Gervill's offline rendering API is not exported): " + e.getMessage(), e);
    }

    private static AudioInputStream openStream(Synthesizer syn, AudioFormat fmt, Map<String, Object> info) throws MidiUnavailableException {
        try {
            return (AudioInputStream) OPEN_STREAM.invoke(syn, fmt, info);
        } catch (IllegalAccessException e) {
            throw exportsMissing(e);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof MidiUnavailableException m) throw m;
            throw new IllegalStateException(e.getCause());
        }
    }

    /** Gervill's patch type that can say "percussion" (SF2 bank 128). */
    private static Patch patch(int program, boolean percussion) {
        if (!percussion) return new Patch(0, program);
        try {
            return (Patch) MODEL_PATCH.newInstance(0, program, true);
        } catch (IllegalAccessException e) {
            throw exportsMissing(e);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Parses a SoundFont once per JVM: FluidR3 takes seconds to read. */
    public static Soundbank soundbank(Path sf2) {
        return BANKS.computeIfAbsent(sf2.toAbsolutePath(), p -> {
            try {
                return MidiSystem.getSoundbank(p.toFile());
            } catch (InvalidMidiDataException | IOException e) {
                throw new IllegalStateException("cannot read SoundFont " + p + ": " + e.getMessage(), e);
            }
        });
    }

    /** Frames Gervill delays every event by: two control buffers, computed the way it sizes them. */
    public static int latencyFrames(int sampleRate) {
        return 2 * (int) ((float) sampleRate / CONTROL_RATE);
    }

    /** The instrument for a melodic GM program, or a percussion kit program; falls back to program 0. */
    static Instrument instrument(Soundbank sb, int program, boolean percussion) {
        Instrument in = sb.getInstrument(patch(program, percussion));
        if (in == null) in = sb.getInstrument(patch(0, percussion));
        if (in == null) throw new IllegalStateException("SoundFont " + sb.getName() + " has no " + (percussion ? "drum kit " : "program ") + program);
        return in;
    }

    /** Whether the SoundFont has this exact program (percussion kits are bank 128 in SF2). */
    public static boolean hasProgram(Path sf2, int program, boolean percussion) {
        Soundbank sb = soundbank(sf2);
        return sb.getInstrument(patch(program, percussion)) != null;
    }

    /**
     * Renders the notes on one channel (9 = GM percussion, with program selecting the kit) into
     * exactly frames mono float samples at sampleRate.
     */
    public static float[] render(Path sf2, List<NoteEvent> notes, boolean percussion, int program, int sampleRate, int frames) {
        Soundbank sb = soundbank(sf2);
        int channel = percussion ? 9 : 0;
        Synthesizer syn = newSynthesizer();
        try {
            AudioFormat fmt = new AudioFormat(AudioFormat.Encoding.PCM_FLOAT, sampleRate, 32, 1, 4, sampleRate, false);
            Map<String, Object> info = new HashMap<>();
            info.put("reverb", false);
            info.put("chorus", false);
            info.put("load default soundbank", false);
            info.put("control rate", CONTROL_RATE);
            info.put("interpolation", "cubic");
            info.put("max polyphony", 96);
            AudioInputStream stream = openStream(syn, fmt, info);
            Instrument instrument = instrument(sb, program, percussion);
            if (!syn.loadInstrument(instrument)) throw new IllegalStateException("Gervill refused " + instrument);
            Receiver rx = syn.getReceiver();
            int prog = ((Patch) instrument.getPatch()).getProgram();
            rx.send(new ShortMessage(ShortMessage.PROGRAM_CHANGE, channel, prog, 0), 0);
            rx.send(new ShortMessage(ShortMessage.CONTROL_CHANGE, channel, 7, 110), 0);

            // Offs before ons at equal times so a repeated pitch retriggers; Gervill orders equal
            // timestamps by arrival.
            List<long[]> events = new ArrayList<>(); // {frame, isOn, pitch, velocity}
            for (NoteEvent n : notes) {
                long on = Math.round(n.time() * sampleRate);
                long off = on + Math.max(1, Math.round(n.duration() * sampleRate));
                events.add(new long[] {on, 1, n.pitch(), n.velocity()});
                events.add(new long[] {off, 0, n.pitch(), 0});
            }
            events.sort((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]));
            for (long[] e : events) {
                // Gervill rounds microseconds back to frames, so this lands on frame e[0] exactly
                // (measured: first non-zero output within 0-3 frames of it, the sample's own attack).
                long us = Math.round(e[0] * 1_000_000.0 / sampleRate);
                MidiMessage m = new ShortMessage(e[1] == 1 ? ShortMessage.NOTE_ON : ShortMessage.NOTE_OFF, channel, (int) e[2], (int) e[3]);
                rx.send(m, us);
            }

            int skip = latencyFrames(sampleRate);
            byte[] buf = new byte[(skip + frames) * 4];
            int off = 0;
            while (off < buf.length) {
                int k = stream.read(buf, off, buf.length - off);
                if (k < 0) throw new IllegalStateException("Gervill stream ended early");
                off += k;
            }
            float[] out = new float[frames];
            ByteBuffer bb = ByteBuffer.wrap(buf).order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < frames; i++) out[i] = bb.getFloat(4 * (skip + i));
            return out;
        } catch (MidiUnavailableException | InvalidMidiDataException | IOException e) {
            throw new IllegalStateException("Gervill rendering failed: " + e.getMessage(), e);
        } finally {
            syn.close();
        }
    }
}
