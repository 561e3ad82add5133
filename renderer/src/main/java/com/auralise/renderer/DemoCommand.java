package com.auralise.renderer;

import com.auralise.audio.WavWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import javax.sound.midi.Instrument;
import javax.sound.midi.MidiSystem;
import javax.sound.midi.Receiver;
import javax.sound.midi.ShortMessage;
import javax.sound.midi.Soundbank;
import javax.sound.midi.Synthesizer;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "demo", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Makes a short demo clip with a Debian General MIDI SoundFont (drums, bass, chords, melody),",
                "then renders it into the catalogue's stems with the default model (or --model)."},
        footer = {"", "Example:  auralise demo demo-output/", "",
                "Exit codes: 0 ok, 1 failed, 2 usage error, 3 model error."})
public final class DemoCommand implements Callable<Integer> {
    private static final String[] SOUNDFONTS = {
        "/usr/share/sounds/sf2/FluidR3_GM.sf2", "/usr/share/sounds/sf2/TimGM6mb.sf2", "/usr/share/sounds/sf2/default-GM.sf2"};

    @Parameters(arity = "0..1", paramLabel = "DIR", defaultValue = "demo-output", description = "Output folder (default: ${DEFAULT-VALUE}).")
    Path dir;

    @Option(names = "--seconds", defaultValue = "12", description = "Clip length (default ${DEFAULT-VALUE} s).")
    double seconds;

    @Option(names = "--soundfont", paramLabel = "SF2", description = "SoundFont; default: the first of " + "FluidR3_GM, TimGM6mb, default-GM in /usr/share/sounds/sf2, else Java's built-in sounds.")
    Path soundfont;

    @Option(names = "--force", description = "Replace earlier demo outputs.")
    boolean force;

    @picocli.CommandLine.Mixin
    ModelOption model;

    @Override
    public Integer call() throws Exception {
        if (seconds <= 0 || seconds > 600) {
            throw new UsageException("--seconds must be in (0, 600]");
        }
        var m = model.load(); // fail early (exit 3) before spending time on the clip
        Files.createDirectories(dir);
        Path clip = dir.resolve("demo-clip.wav");
        if (Files.exists(clip) && !force) {
            Auralise.err().println("using the existing " + clip + " (--force makes a new one)");
        } else {
            Path sf = soundfont != null ? soundfont : firstSoundfont();
            Auralise.err().println("rendering a " + seconds + " s clip with " + (sf == null ? "Java's built-in sounds" : sf) + " -> " + clip);
            float[][] audio = render(sf, 44100, seconds);
            AtomicFile tmp = new AtomicFile(clip);
            try (WavWriter w = new WavWriter(tmp.temp(), 44100, 2, 0)) {
                w.write(audio, 0, audio[0].length);
                w.finish();
            }
            tmp.commit(true);
        }
        List<String> args = new ArrayList<>(List.of(clip.toString(), "-o", dir.resolve("stems").toString()));
        if (model.model != null) {
            args.add("--model");
            args.add(model.model.toString());
        }
        if (force) {
            args.add("--force");
        }
        Auralise.err().println("stems of " + m.spec().id + " -> " + dir.resolve("stems"));
        int code = new picocli.CommandLine(new StemsCommand()).setExecutionExceptionHandler((e, c, p) -> {
            throw e;
        }).execute(args.toArray(new String[0]));
        if (code == ExitCodes.OK) {
            Auralise.out().println("demo written to " + dir.toAbsolutePath() + ": demo-clip.wav and stems/");
        }
        return code;
    }

    private static Path firstSoundfont() {
        for (String s : SOUNDFONTS) {
            if (Files.isReadable(Path.of(s))) {
                return Path.of(s);
            }
        }
        return null;
    }

    /**
     * Renders a generated four-bar loop offline with Gervill: AudioSynthesizer.openStream pulls
     * exactly the frames we ask for, faster than real time, with no sound device. That API is not
     * exported by java.desktop, hence reflection and the jar's Add-Exports manifest entry.
     */
    static float[][] render(Path sf2, int rate, double seconds) throws Exception {
        Synthesizer syn = (Synthesizer) Class.forName("com.sun.media.sound.SoftSynthesizer").getConstructor().newInstance();
        AudioFormat fmt = new AudioFormat(AudioFormat.Encoding.PCM_FLOAT, rate, 32, 2, 8, rate, false);
        Map<String, Object> info = new HashMap<>();
        info.put("load default soundbank", sf2 == null);
        AudioInputStream stream;
        try {
            stream = (AudioInputStream) Class.forName("com.sun.media.sound.AudioSynthesizer")
                    .getMethod("openStream", AudioFormat.class, Map.class).invoke(syn, fmt, info);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("run Java with --add-exports java.desktop/com.sun.media.sound=ALL-UNNAMED (bin/auralise and the jar do)", e);
        }
        try {
            if (sf2 != null) {
                Soundbank sb = MidiSystem.getSoundbank(sf2.toFile());
                syn.unloadAllInstruments(syn.getDefaultSoundbank());
                for (Instrument in : sb.getInstruments()) {
                    syn.loadInstrument(in);
                }
            }
            Receiver rx = syn.getReceiver();
            int frames = (int) Math.round(seconds * rate);
            program(rx, 1, 33);  // fingered bass
            program(rx, 2, 4);   // electric piano chords
            program(rx, 3, 80);  // square lead melody
            double beat = 60.0 / 110; // 110 bpm
            int[][] chords = {{57, 60, 64}, {53, 57, 60}, {48, 52, 55}, {55, 59, 62}}; // Am F C G
            int[] roots = {45, 41, 36, 43};
            int[] melody = {76, 74, 72, 74, 76, 76, 76, -1, 74, 74, 74, -1, 76, 79, 79, -1};
            for (int bar = 0; bar * 4 * beat < seconds; bar++) {
                double t0 = bar * 4 * beat;
                int c = bar % 4;
                for (int b = 0; b < 4; b++) {
                    double t = t0 + b * beat;
                    note(rx, 9, b % 2 == 0 ? 36 : 38, 110, t, 0.2, rate, frames);          // kick / snare
                    note(rx, 9, 42, 70, t, 0.1, rate, frames);                                // closed hat
                    note(rx, 9, 42, 50, t + beat / 2, 0.1, rate, frames);
                    note(rx, 1, roots[c], 100, t, beat * 0.9, rate, frames);                  // bass
                    int mel = melody[(bar * 4 + b) % melody.length];
                    if (mel > 0 && bar >= 2) {
                        note(rx, 3, mel, 80, t, beat * 0.8, rate, frames);
                    }
                }
                for (int p : chords[c]) {
                    note(rx, 2, p, 60, t0, 4 * beat * 0.95, rate, frames);
                }
            }
            byte[] buf = new byte[frames * 8];
            int off = 0;
            while (off < buf.length) {
                int k = stream.read(buf, off, buf.length - off);
                if (k < 0) {
                    throw new IOException("synthesiser stream ended early");
                }
                off += k;
            }
            float[][] out = new float[2][frames];
            ByteBuffer bb = ByteBuffer.wrap(buf).order(ByteOrder.LITTLE_ENDIAN);
            float peak = 1e-9f;
            for (int i = 0; i < frames; i++) {
                out[0][i] = bb.getFloat();
                out[1][i] = bb.getFloat();
                peak = Math.max(peak, Math.max(Math.abs(out[0][i]), Math.abs(out[1][i])));
            }
            float g = 0.7f / peak; // normalise to -3 dBFS
            for (float[] ch : out) {
                for (int i = 0; i < frames; i++) {
                    ch[i] *= g;
                }
            }
            return out;
        } finally {
            syn.close();
        }
    }

    private static void program(Receiver rx, int ch, int program) throws Exception {
        rx.send(new ShortMessage(ShortMessage.PROGRAM_CHANGE, ch, program, 0), 0);
    }

    private static void note(Receiver rx, int ch, int pitch, int vel, double t, double dur, int rate, int frames) throws Exception {
        if (t * rate >= frames) {
            return;
        }
        rx.send(new ShortMessage(ShortMessage.NOTE_ON, ch, pitch, vel), Math.round(t * 1e6));
        rx.send(new ShortMessage(ShortMessage.NOTE_OFF, ch, pitch, 0), Math.round((t + dur) * 1e6));
    }
}
