package com.auralise.trainer.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.stream.Stream;
import javax.sound.midi.InvalidMidiDataException;
import javax.sound.midi.MetaMessage;
import javax.sound.midi.MidiEvent;
import javax.sound.midi.MidiMessage;
import javax.sound.midi.MidiSystem;
import javax.sound.midi.Sequence;
import javax.sound.midi.ShortMessage;
import javax.sound.midi.Track;

/**
 * Training clips from real compositions: excerpts of the General MIDI files that Debian ships
 * (openttd-openmsx, planetblupi-music-midi), each MIDI voice (channel + program) mapped to a
 * {@link Part} and rendered as that Part's stem with the TRAINING sources exactly as
 * {@link ClipGenerator} renders composed clips (FluidR3 for melodic parts; a train Hydrogen kit or
 * the SoundFont's GM kit for drums; loudness normalisation, per-part level, tilt, reverb, bus
 * compressor, peak), so mix == sum(stems) and onsets are per Part as in every clip.
 *
 * <p>Clip i of a data set seed is a pure function of (seed, i, seconds, sampleRate) and the MIDI
 * files installed: a seeded draw of file, tempo factor (0.9-1.1), transposition (-3..+3 semitones,
 * melodic parts only), excerpt start, sound sources and mix. An excerpt in which no mapped note
 * starts, or whose stems all render silent, is skipped and the next draw of the same stream is
 * taken, so skipping is deterministic too.
 *
 * <p>Only notes are rendered: controllers (sustain pedal, volume, expression), pitch bend and
 * SysEx of the files are ignored, as the generator's parts have none either. Drum notes go to
 * stems by {@link Part#ofDrumKey} (plus {@link #GM_SHAKERS} to hats on the GM kit); other drum
 * notes are dropped. A note already
 * sounding at the excerpt's start is dropped (it would sound without an onset in the clip).
 */
public final class MidiClips {
    /** Bumped whenever output for a given seed changes; part of the cache folder name. */
    public static final int VERSION = 1;
    /** Folders searched for *.mid / *.midi (colon-separated, overridable for other installs). */
    public static final List<Path> DIRS = Stream.of(System.getProperty("auralise.midi.dirs",
                    "/usr/share/games/openttd/baseset/openmsx:/usr/share/planetblupi/music").split(":"))
            .filter(s -> !s.isBlank()).map(Path::of).toList();
    public static final String PACKAGES = "openttd-openmsx planetblupi-music-midi";

    static final double MIN_TEMPO = 0.9, MAX_TEMPO = 1.1;
    static final int MAX_TRANSPOSE = 3;
    static final double MIN_LEVEL_DB = -12, MAX_LEVEL_DB = 0;
    static final int MAX_ATTEMPTS = 200;
    /** GM kits for the SoundFont drum path (standard, room, power, electronic, TR-808, jazz, brush). */
    static final int[] GM_KITS = {0, 8, 16, 24, 25, 32, 40};
    /**
     * GM percussion keys that go to the hats stem when the drums come from the SoundFont's GM kit:
     * tambourine 54, cabasa 69, maracas 70, triangles 80/81, shaker 82. Hydrogen kits have no
     * sample for them, so with a kit they are dropped like toms, cowbell, congas and the rest.
     */
    static final java.util.Set<Integer> GM_SHAKERS = java.util.Set.of(54, 69, 70, 80, 81, 82);
    /** "MIDI": keeps MIDI clip seeds unrelated to the generator's clip seeds of the same data set seed. */
    private static final long SALT = 0x4D494449L;
    /** Drum note lengths as played, kept within what a kit sample or GM drum note needs to ring. */
    private static final double MIN_DRUM_DURATION = 0.1, MAX_DRUM_DURATION = 1.0;

    private static final Map<Path, Song> SONGS = new java.util.concurrent.ConcurrentHashMap<>();

    private MidiClips() {
    }

    /** A note of a song: start and length in seconds from the file's start, MIDI pitch, velocity. */
    public record SongNote(double time, double duration, int pitch, int velocity) {
    }

    /**
     * One voice of a song: the notes a channel plays with one program, and the Part they become
     * (null: dropped). On the drum channel (9) part is null and each note goes to
     * {@link Part#ofDrumKey}.
     */
    public record Voice(int channel, int program, Part part, List<SongNote> notes) {
        public boolean drums() {
            return channel == 9;
        }

        /** The stem a note of this voice is rendered into, or null when it is dropped. */
        public Part partOf(int pitch) {
            return drums() ? Part.ofDrumKey(pitch) : part;
        }
    }

    /** A parsed file: voices, where its notes start and end, and its tempo map (seconds -> bpm). */
    public record Song(String name, List<Voice> voices, double firstOnset, double lastOnset, TreeMap<Double, Double> bpm) {
        public double bpmAt(double seconds) {
            Map.Entry<Double, Double> e = bpm.floorEntry(seconds);
            return e == null ? 120 : e.getValue();
        }
    }

    /** MIDI seed of clip index of a data set. */
    public static long clipSeed(long datasetSeed, int index) {
        return ClipGenerator.clipSeed(datasetSeed ^ SALT, Split.TRAIN, index);
    }

    /** The MIDI files found in {@link #DIRS}, sorted by file name (the draw indexes this list). */
    public static List<Path> files() {
        List<Path> out = new ArrayList<>();
        for (Path d : DIRS) {
            if (!Files.isDirectory(d)) continue;
            try (Stream<Path> s = Files.list(d)) {
                s.filter(Files::isRegularFile).filter(p -> {
                    String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
                    return n.endsWith(".mid") || n.endsWith(".midi");
                }).forEach(out::add);
            } catch (IOException e) {
                throw new IllegalStateException("cannot list " + d + ": " + e.getMessage(), e);
            }
        }
        out.sort((a, b) -> {
            int c = a.getFileName().toString().compareTo(b.getFileName().toString());
            return c != 0 ? c : a.toString().compareTo(b.toString());
        });
        return out;
    }

    /** Throws with the Debian package names when no MIDI file (or a training source) is installed. */
    public static void checkInstalled() {
        Split.TRAIN.checkInstalled();
        if (files().isEmpty()) {
            throw new IllegalStateException("no MIDI files in " + DIRS + " (apt-get install " + PACKAGES + ")");
        }
    }

    /** Parses a file once per JVM. */
    public static Song song(Path file) {
        return SONGS.computeIfAbsent(file.toAbsolutePath(), p -> {
            try {
                return parse(p.getFileName().toString(), MidiSystem.getSequence(p.toFile()));
            } catch (InvalidMidiDataException | IOException e) {
                throw new IllegalStateException("cannot read MIDI file " + p + ": " + e.getMessage(), e);
            }
        });
    }

    /**
     * Notes of a sequence in seconds (tempo map of all tracks; PPQ or SMPTE timing), grouped into
     * voices by (channel, program in force at the note-on), each melodic voice mapped by
     * {@link #melodicPart}. Events of all tracks are merged in tick order (track order within a
     * tick), since program changes act on a channel whatever track carries them.
     */
    public static Song parse(String name, Sequence seq) {
        Track[] tracks = seq.getTracks();
        List<long[]> order = new ArrayList<>(); // {tick, track, index}
        TreeMap<Long, Integer> tempo = new TreeMap<>();
        tempo.put(0L, 500_000);
        for (int t = 0; t < tracks.length; t++) {
            for (int i = 0; i < tracks[t].size(); i++) {
                MidiEvent e = tracks[t].get(i);
                MidiMessage m = e.getMessage();
                if (m instanceof MetaMessage mm && mm.getType() == 0x51 && mm.getData().length >= 3) {
                    byte[] d = mm.getData();
                    int us = ((d[0] & 0xff) << 16) | ((d[1] & 0xff) << 8) | (d[2] & 0xff);
                    if (us > 0) tempo.put(e.getTick(), us);
                } else if (m instanceof ShortMessage) {
                    order.add(new long[] {e.getTick(), t, i});
                }
            }
        }
        order.sort((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : a[1] != b[1] ? Long.compare(a[1], b[1]) : Long.compare(a[2], b[2]));
        TickClock clock = new TickClock(seq, tempo);

        int[] program = new int[16];
        Map<Integer, ArrayDeque<long[]>> sounding = new HashMap<>(); // channel*128+pitch -> {tick, velocity, program}
        Map<Long, List<SongNote>> byVoice = new LinkedHashMap<>(); // channel*128+program -> notes
        long lastTick = 0;
        for (long[] o : order) {
            ShortMessage m = (ShortMessage) tracks[(int) o[1]].get((int) o[2]).getMessage();
            long tick = o[0];
            lastTick = Math.max(lastTick, tick);
            int ch = m.getChannel(), cmd = m.getCommand();
            if (cmd == ShortMessage.PROGRAM_CHANGE) {
                program[ch] = m.getData1();
            } else if (cmd == ShortMessage.NOTE_ON && m.getData2() > 0) {
                sounding.computeIfAbsent(ch * 128 + m.getData1(), k -> new ArrayDeque<>()).add(new long[] {tick, m.getData2(), program[ch]});
            } else if (cmd == ShortMessage.NOTE_OFF || cmd == ShortMessage.NOTE_ON) {
                ArrayDeque<long[]> q = sounding.get(ch * 128 + m.getData1());
                if (q != null && !q.isEmpty()) addNote(byVoice, clock, ch, m.getData1(), q.poll(), tick);
            }
        }
        for (Map.Entry<Integer, ArrayDeque<long[]>> e : new TreeMap<>(sounding).entrySet()) {
            for (long[] on : e.getValue()) addNote(byVoice, clock, e.getKey() / 128, e.getKey() % 128, on, lastTick);
        }
        List<Voice> voices = new ArrayList<>();
        double first = Double.POSITIVE_INFINITY, last = 0;
        for (Map.Entry<Long, List<SongNote>> e : new TreeMap<>(byVoice).entrySet()) {
            int ch = (int) (e.getKey() / 128), prog = (int) (e.getKey() % 128);
            List<SongNote> notes = e.getValue();
            notes.sort((a, b) -> a.time != b.time ? Double.compare(a.time, b.time) : Integer.compare(a.pitch, b.pitch));
            Part part = ch == 9 ? null : melodicPart(prog, notes);
            voices.add(new Voice(ch, prog, part, Collections.unmodifiableList(notes)));
            for (SongNote n : notes) {
                if (ch == 9 ? Part.ofDrumKey(n.pitch) == null : part == null) continue;
                first = Math.min(first, n.time);
                last = Math.max(last, n.time);
            }
        }
        TreeMap<Double, Double> bpm = new TreeMap<>();
        for (Map.Entry<Long, Integer> e : tempo.entrySet()) bpm.put(clock.seconds(e.getKey()), 60e6 / e.getValue());
        return new Song(name, Collections.unmodifiableList(voices), first == Double.POSITIVE_INFINITY ? 0 : first, last, bpm);
    }

    private static void addNote(Map<Long, List<SongNote>> byVoice, TickClock clock, int ch, int pitch, long[] on, long offTick) {
        double t0 = clock.seconds(on[0]), t1 = clock.seconds(offTick);
        byVoice.computeIfAbsent(ch * 128L + on[2], k -> new ArrayList<>()).add(new SongNote(t0, Math.max(0.01, t1 - t0), pitch, (int) on[1]));
    }

    /** Ticks to seconds through the tempo map (PPQ) or at a fixed rate (SMPTE). */
    private static final class TickClock {
        final long[] ticks;
        final double[] secs, secPerTick;
        final double smpte;

        TickClock(Sequence seq, TreeMap<Long, Integer> tempo) {
            int res = Math.max(1, seq.getResolution());
            smpte = seq.getDivisionType() == Sequence.PPQ ? 0 : seq.getDivisionType() * res;
            int n = tempo.size();
            ticks = new long[n];
            secs = new double[n];
            secPerTick = new double[n];
            int i = 0;
            double s = 0;
            long prev = 0;
            double prevRate = 0;
            for (Map.Entry<Long, Integer> e : tempo.entrySet()) {
                s += (e.getKey() - prev) * prevRate;
                ticks[i] = e.getKey();
                secs[i] = s;
                secPerTick[i] = e.getValue() / 1e6 / res;
                prev = e.getKey();
                prevRate = secPerTick[i];
                i++;
            }
        }

        double seconds(long tick) {
            if (smpte > 0) return tick / smpte;
            int i = java.util.Arrays.binarySearch(ticks, tick);
            if (i < 0) i = -i - 2;
            i = Math.max(0, i);
            return secs[i] + (tick - ticks[i]) * secPerTick[i];
        }
    }

    /**
     * The Part a melodic voice becomes: GM bass programs (32-39), or a voice most of whose notes are
     * below MIDI 48, is bass; a voice most of whose notes start while another of its notes sounds
     * (or within 30 ms of one) is chords; any other voice is a melody line. Percussive programs and
     * sound effects (GM 113 and 115-127: agogo, woodblock, taiko, toms, reverse cymbal, effects)
     * are dropped.
     */
    public static Part melodicPart(int program, List<SongNote> notes) {
        if (notes.isEmpty() || program == 113 || program >= 115) return null;
        if (program >= 32 && program <= 39) return Part.BASS;
        int low = 0;
        for (SongNote n : notes) if (n.pitch < 48) low++;
        if (2 * low > notes.size()) return Part.BASS;
        return 2 * polyphonicNotes(notes) >= notes.size() ? Part.CHORDS : Part.MELODY;
    }

    /**
     * Notes (sorted by time) at whose start another note of the voice starts within 30 ms or is still
     * held 50 ms later (so a legato overlap of a single line does not count).
     */
    static int polyphonicNotes(List<SongNote> notes) {
        int count = 0;
        for (int i = 0; i < notes.size(); i++) {
            SongNote a = notes.get(i);
            boolean poly = false;
            for (int j = i - 1; j >= 0 && !poly; j--) {
                SongNote b = notes.get(j);
                if (a.time - b.time <= 0.03 || b.time + b.duration > a.time + 0.05) poly = true;
                if (a.time - b.time > 30) break; // nothing starts long before and still sounds in practice
            }
            for (int j = i + 1; j < notes.size() && !poly; j++) {
                SongNote b = notes.get(j);
                if (b.time - a.time > 0.03) break;
                poly = true;
            }
            if (poly) count++;
        }
        return count;
    }

    /** What an excerpt was drawn as, for meta.json. */
    record Excerpt(Song song, double start, double tempo, int transpose, int attempt, String soundFont, String drumKit,
                   int gmKit, MixSettings mix, List<NoteEvent> notes, List<Integer> voiceOfNote) {
    }

    /** Renders MIDI clip index of a data set (see {@link #clipSeed}). */
    public static Clip generate(long datasetSeed, int index, double seconds, int sampleRate) {
        return render(clipSeed(datasetSeed, index), seconds, sampleRate);
    }

    /** Renders the clip of this clip seed; skips silent excerpts deterministically. */
    public static Clip render(long seed, double seconds, int sampleRate) {
        return render(seed, files(), seconds, sampleRate);
    }

    /** The clip of this clip seed drawn from these files (sorted as {@link #files} sorts them). */
    static Clip render(long seed, List<Path> files, double seconds, int sampleRate) {
        if (files.isEmpty()) throw new IllegalStateException("no MIDI files in " + DIRS + " (apt-get install " + PACKAGES + ")");
        SplittableRandom rnd = new SplittableRandom(seed);
        int frames = (int) Math.round(seconds * sampleRate);
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            Excerpt ex = draw(rnd, files, attempt, seconds, sampleRate);
            if (ex == null) continue;
            Clip c = render(seed, ex, seconds, sampleRate, frames);
            if (c != null) return c;
        }
        throw new IllegalStateException("no audible excerpt in " + MAX_ATTEMPTS + " draws for seed " + seed);
    }

    /** One draw: file, tempo, transposition, start, sources and mix; null when no kept note starts in it. */
    static Excerpt draw(SplittableRandom rnd, List<Path> files, int attempt, double seconds, int sampleRate) {
        Song song = song(files.get(rnd.nextInt(files.size())));
        double tempo = MIN_TEMPO + rnd.nextDouble() * (MAX_TEMPO - MIN_TEMPO);
        int transpose = rnd.nextInt(2 * MAX_TRANSPOSE + 1) - MAX_TRANSPOSE;
        double span = seconds * tempo; // song seconds the clip covers
        double lo = Math.max(0, song.firstOnset() - 0.25 * span), hi = Math.max(lo, song.lastOnset() - 0.5 * span);
        double start = lo + rnd.nextDouble() * (hi - lo);
        List<String> fonts = Split.TRAIN.soundFonts(), kits = Split.TRAIN.drumKits();
        String soundFont = fonts.get(rnd.nextInt(fonts.size()));
        String drumKit = rnd.nextBoolean() ? kits.get(rnd.nextInt(kits.size())) : null;
        int gmKit = GM_KITS[rnd.nextInt(GM_KITS.length)];
        MixSettings mix = Composer.mixSettings(rnd, MIN_LEVEL_DB, MAX_LEVEL_DB, rnd.nextBoolean() ? 0.35 : 0.2);

        List<NoteEvent> notes = new ArrayList<>();
        List<Integer> voiceOf = new ArrayList<>();
        List<Voice> voices = song.voices();
        for (int v = 0; v < voices.size(); v++) {
            Voice voice = voices.get(v);
            for (SongNote n : voice.notes()) {
                if (n.time < start) continue;
                if (n.time >= start + span) break;
                Part part = voice.partOf(n.pitch);
                // Shakers and the like keep time as hats do; only the SoundFont's GM kit has them.
                if (part == null && voice.drums() && drumKit == null && GM_SHAKERS.contains(n.pitch)) part = Part.HATS;
                if (part == null) continue;
                int pitch = voice.drums() ? n.pitch : n.pitch + transpose;
                if (pitch < 0 || pitch > 127) continue;
                // Quantised to whole samples so onset truth and rendering agree exactly.
                double time = Math.rint((n.time - start) / tempo * sampleRate) / sampleRate;
                if (time < 0 || time >= seconds) continue;
                double dur = voice.drums() ? Math.max(MIN_DRUM_DURATION, Math.min(MAX_DRUM_DURATION, n.duration / tempo)) : n.duration / tempo;
                notes.add(new NoteEvent(part, time, dur, pitch, n.velocity));
                voiceOf.add(v);
            }
        }
        if (notes.isEmpty()) return null;
        return new Excerpt(song, start, tempo, transpose, attempt, soundFont, drumKit, gmKit, mix, notes, voiceOf);
    }

    /** Renders an excerpt as ClipGenerator renders a plan; null when every stem is silent. */
    static Clip render(long seed, Excerpt ex, double seconds, int sr, int frames) {
        Path sf = Split.SF2_DIR.resolve(ex.soundFont());
        DrumKit kit = ex.drumKit() == null ? null : DrumKit.load(Split.KIT_DIR.resolve(ex.drumKit()), sr);
        int gmKit = SoundFontRenderer.hasProgram(sf, ex.gmKit(), true) ? ex.gmKit() : 0;
        List<Voice> voices = ex.song().voices();
        EnumMap<Part, float[]> stems = new EnumMap<>(Part.class);
        boolean[] audible = new boolean[Part.values().length];
        boolean any = false;
        for (Part p : Part.values()) {
            float[] x = new float[frames];
            if (p.isDrum()) {
                List<NoteEvent> notes = new ArrayList<>();
                for (NoteEvent n : ex.notes()) if (n.part() == p) notes.add(n);
                if (!notes.isEmpty()) {
                    x = kit != null ? kit.render(notes, frames) : SoundFontRenderer.render(sf, notes, true, gmKit, sr, frames);
                }
            } else {
                // One Gervill render per voice (each with its own program), summed into the Part's stem.
                for (int v = 0; v < voices.size(); v++) {
                    List<NoteEvent> notes = new ArrayList<>();
                    for (int i = 0; i < ex.notes().size(); i++) {
                        if (ex.voiceOfNote().get(i) == v && ex.notes().get(i).part() == p) notes.add(ex.notes().get(i));
                    }
                    if (notes.isEmpty()) continue;
                    float[] y = SoundFontRenderer.render(sf, notes, false, voices.get(v).program(), sr, frames);
                    for (int i = 0; i < frames; i++) x[i] += y[i];
                }
            }
            audible[p.ordinal()] = ClipGenerator.activeRms(x, sr) > 0;
            any |= audible[p.ordinal()];
            stems.put(p, x);
        }
        if (!any) return null;
        for (Part p : Part.values()) ClipGenerator.levelAndEffects(stems.get(p), p, ex.mix(), sr);
        float[] mix = ClipGenerator.busAndPeak(stems, ex.mix(), sr, frames);
        // A part whose notes rendered to nothing has no onsets either: truth follows the audio.
        List<Onset> onsets = new ArrayList<>();
        for (NoteEvent n : ex.notes()) if (audible[n.part().ordinal()]) onsets.add(n.onset());
        return new Clip(sr, mix, stems, onsets, meta(seed, ex, seconds, sr, frames, gmKit, kit, audible, onsets.size()));
    }

    private static Map<String, Object> meta(long seed, Excerpt ex, double seconds, int sr, int frames, int gmKit, DrumKit kit,
                                            boolean[] audible, int onsets) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", String.format("%016x", seed));
        m.put("source", "midi");
        m.put("midiVersion", VERSION);
        m.put("seed", seed);
        m.put("split", Split.TRAIN.id());
        m.put("sampleRate", sr);
        m.put("seconds", seconds);
        m.put("frames", frames);
        m.put("style", "midi");
        m.put("bpm", ex.song().bpmAt(ex.start()) * ex.tempo());
        m.put("midiFile", ex.song().name());
        m.put("excerptStart", ex.start());
        m.put("tempoFactor", ex.tempo());
        m.put("transpose", ex.transpose());
        m.put("skippedExcerpts", ex.attempt());
        m.put("soundFont", ex.soundFont());
        m.put("drumKit", kit == null ? null : ex.drumKit());
        m.put("gmDrumProgram", kit == null ? gmKit : null);
        // Every voice of the excerpt: its channel (1-16 as musicians count), GM program, Part and notes kept.
        List<Map<String, Object>> voices = new ArrayList<>();
        List<Voice> vs = ex.song().voices();
        for (int v = 0; v < vs.size(); v++) {
            Voice voice = vs.get(v);
            Map<String, Integer> perPart = new TreeMap<>();
            for (int i = 0; i < ex.notes().size(); i++) {
                if (ex.voiceOfNote().get(i) == v) perPart.merge(ex.notes().get(i).part().id(), 1, Integer::sum);
            }
            int inExcerpt = 0;
            for (SongNote n : voice.notes()) if (n.time >= ex.start() && n.time < ex.start() + seconds * ex.tempo()) inExcerpt++;
            if (inExcerpt == 0) continue;
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("channel", voice.channel() + 1);
            e.put("program", voice.program());
            e.put("part", voice.drums() ? "drums" : voice.part() == null ? null : voice.part().id());
            e.put("notes", inExcerpt);
            e.put("kept", perPart);
            voices.add(e);
        }
        m.put("voices", voices);
        Map<String, Object> present = new LinkedHashMap<>();
        for (Part part : Part.values()) {
            boolean has = false;
            for (NoteEvent n : ex.notes()) has |= n.part() == part;
            present.put(part.id(), has && audible[part.ordinal()]);
        }
        m.put("present", present);
        m.put("effects", ClipGenerator.effectsMeta(ex.mix()));
        m.put("onsets", onsets);
        m.put("note", "notes only: controllers, pitch bend and SysEx of the file are not rendered; notes sounding at the excerpt start are dropped");
        return m;
    }
}
