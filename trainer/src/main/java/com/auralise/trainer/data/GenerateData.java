package com.auralise.trainer.data;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Command line: writes (or completes) a cache folder of generated clips.
 *
 * <pre>
 * trainer/generate-data.sh --out .cache/data/train --count 200 --seed 1 --split train --seconds 8
 * </pre>
 *
 * Clip i of (seed, split) always gets the same audio, so an existing, complete clip folder with the
 * expected seed, length, rate and generator version is reused and only missing clips are rendered.
 */
public final class GenerateData {
    private static final String HELP = """
            Usage: GenerateData --out DIR [--count N] [--seed S] [--split train|eval] [--seconds SEC]
                                [--rate HZ] [--threads T] [--force] [--midi-clips M]
            Generates multitrack clips (stems kick, snare, hats, bass, melody, chords + mix as mono float WAV,
            onsets.csv, meta.json) into DIR/clip-NNNNN/, reusing complete clips already there.
              --out DIR       cache folder (created)                              required
              --count N       number of clips                                     default 16
              --seed S        data set seed                                        default 1
              --split NAME    train (FluidR3 + 3 Hydrogen kits) or eval (TimGM6mb + BJA_Pacific)  default train
              --seconds SEC   clip length                                          default 8
              --rate HZ       sample rate                                          default 22050
              --threads T     clips rendered in parallel                           default 1
              --force         re-render clips even when cached
              --midi-clips M  also render M training clips from excerpts of the Debian MIDI files
                              (openttd-openmsx, planetblupi-music-midi) into DIR/midi/   default 0
            The JVM needs --add-exports java.desktop/com.sun.media.sound=ALL-UNNAMED (generate-data.sh passes it).
            """;

    private GenerateData() {
    }

    public static void main(String[] args) throws Exception {
        Path out = null;
        int count = 16, rate = 22050, threads = 1, midiClips = 0;
        long seed = 1;
        double seconds = 8;
        Split split = Split.TRAIN;
        boolean force = false;
        try {
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                switch (a) {
                    case "--help", "-h" -> {
                        System.out.print(HELP);
                        return;
                    }
                    case "--out" -> out = Path.of(args[++i]);
                    case "--count" -> count = Integer.parseInt(args[++i]);
                    case "--seed" -> seed = Long.parseLong(args[++i]);
                    case "--split" -> split = Split.fromId(args[++i]);
                    case "--seconds" -> seconds = Double.parseDouble(args[++i]);
                    case "--rate" -> rate = Integer.parseInt(args[++i]);
                    case "--threads" -> threads = Integer.parseInt(args[++i]);
                    case "--force" -> force = true;
                    case "--midi-clips" -> midiClips = Integer.parseInt(args[++i]);
                    default -> throw new IllegalArgumentException("unknown option " + a);
                }
            }
            if (out == null) throw new IllegalArgumentException("--out is required");
            if (count < 0 || midiClips < 0 || seconds <= 0 || rate < 8000 || threads < 1) throw new IllegalArgumentException("bad --count/--seconds/--rate/--threads");
        } catch (RuntimeException e) {
            System.err.println("error: " + e.getMessage());
            System.err.print(HELP);
            System.exit(2);
            return;
        }
        split.checkInstalled();
        Stats s = generate(out, count, seed, split, seconds, rate, threads, force, true);
        System.out.printf(Locale.ROOT, "%d clips in %s: %d rendered, %d reused; %.1f s of audio rendered in %.1f s = %.2f s of audio per second%n",
                count, out, s.rendered, s.reused, s.audioSeconds, s.wallSeconds, s.audioSeconds / Math.max(1e-9, s.wallSeconds));
        if (midiClips > 0) {
            MidiClips.checkInstalled();
            Path midi = out.resolve("midi");
            Stats m = generateMidi(midi, midiClips, seed, seconds, rate, threads, force, true);
            System.out.printf(Locale.ROOT, "%d MIDI clips in %s: %d rendered, %d reused; %.1f s of audio rendered in %.1f s = %.2f s of audio per second%n",
                    midiClips, midi, m.rendered, m.reused, m.audioSeconds, m.wallSeconds, m.audioSeconds / Math.max(1e-9, m.wallSeconds));
        }
    }

    /** What a run did: clips rendered and reused, seconds of audio rendered and wall-clock seconds spent. */
    public record Stats(int rendered, int reused, double audioSeconds, double wallSeconds) {
    }

    public static Path clipDir(Path out, int index) {
        return out.resolve(String.format(Locale.ROOT, "clip-%05d", index));
    }

    /** Renders missing clips 0..count-1 into out; returns what it did. */
    public static Stats generate(Path out, int count, long seed, Split split, double seconds, int rate, int threads,
                                 boolean force, boolean progress) throws Exception {
        return run(out, count, seconds, threads, progress,
                index -> !force && cached(out, index, ClipGenerator.clipSeed(seed, split, index), split, seconds, rate, false),
                index -> ClipGenerator.generate(ClipGenerator.clipSeed(seed, split, index), split, seconds, rate));
    }

    /** Renders missing MIDI-excerpt clips 0..count-1 ({@link MidiClips#generate}) into out. */
    public static Stats generateMidi(Path out, int count, long seed, double seconds, int rate, int threads,
                                     boolean force, boolean progress) throws Exception {
        return run(out, count, seconds, threads, progress,
                index -> !force && cached(out, index, MidiClips.clipSeed(seed, index), Split.TRAIN, seconds, rate, true),
                index -> MidiClips.generate(seed, index, seconds, rate));
    }

    private static Stats run(Path out, int count, double seconds, int threads, boolean progress,
                             java.util.function.IntPredicate isCached, java.util.function.IntFunction<Clip> render) throws Exception {
        Files.createDirectories(out);
        long t0 = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<Boolean>> jobs = new ArrayList<>();
        Object lock = new Object();
        int[] done = {0};
        try {
            for (int i = 0; i < count; i++) {
                final int index = i;
                jobs.add(pool.submit(() -> {
                    Path dir = clipDir(out, index);
                    if (isCached.test(index)) {
                        synchronized (lock) {
                            done[0]++;
                        }
                        return false;
                    }
                    long c0 = System.nanoTime();
                    Clip clip = render.apply(index);
                    clip.save(dir);
                    double dt = (System.nanoTime() - c0) / 1e9;
                    synchronized (lock) {
                        done[0]++;
                        if (progress) {
                            System.out.printf(Locale.ROOT, "[%d/%d] %s %-17s %5.1f bpm %-14s %-20s %4.1fx real time%n", done[0], count,
                                    dir.getFileName(), clip.style(), clip.bpm(), clip.soundFont(),
                                    clip.drumKit() == null ? "gm-kit" : clip.drumKit(), seconds / dt);
                        }
                    }
                    return true;
                }));
            }
            int rendered = 0;
            for (Future<Boolean> f : jobs) if (f.get()) rendered++;
            writeIndex(out, count);
            double wall = (System.nanoTime() - t0) / 1e9;
            return new Stats(rendered, count - rendered, rendered * seconds, wall);
        } finally {
            pool.shutdownNow();
        }
    }

    private static boolean cached(Path out, int index, long clipSeed, Split split, double seconds, int rate, boolean midi) {
        Path dir = clipDir(out, index);
        if (!Clip.isComplete(dir)) return false;
        try {
            Map<String, Object> m = Clip.readMeta(dir);
            return ((Number) m.get("seed")).longValue() == clipSeed
                    && split.id().equals(m.get("split"))
                    && ((Number) m.get("sampleRate")).intValue() == rate
                    && ((Number) m.get("seconds")).doubleValue() == seconds
                    && (midi ? ((Number) m.get("midiVersion")).intValue() == MidiClips.VERSION
                            : ((Number) m.get("generatorVersion")).intValue() == ClipGenerator.VERSION);
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** index.csv: one line per clip, for a quick look at what the cache holds. */
    private static void writeIndex(Path out, int count) throws IOException {
        try (BufferedWriter w = Files.newBufferedWriter(out.resolve("index.csv"), StandardCharsets.UTF_8)) {
            w.write("clip,split,style,bpm,soundFont,drumKit,kick,snare,hats,bass,melody,chords,onsets\n");
            for (int i = 0; i < count; i++) {
                Path dir = clipDir(out, i);
                Map<String, Object> m = Clip.readMeta(dir);
                @SuppressWarnings("unchecked")
                Map<String, Object> present = (Map<String, Object>) m.get("present");
                StringBuilder b = new StringBuilder();
                b.append(dir.getFileName()).append(',').append(m.get("split")).append(',').append(m.get("style")).append(',')
                        .append(String.format(Locale.ROOT, "%.1f", ((Number) m.get("bpm")).doubleValue())).append(',')
                        .append(m.get("soundFont")).append(',').append(m.get("drumKit") == null ? "" : m.get("drumKit"));
                for (Part p : Part.values()) b.append(',').append(Boolean.TRUE.equals(present.get(p.id())) ? 1 : 0);
                b.append(',').append(m.get("onsets")).append('\n');
                w.write(b.toString());
            }
        }
    }
}
