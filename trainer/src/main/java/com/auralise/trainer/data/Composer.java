package com.auralise.trainer.data;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Turns a seed into a {@link SongPlan}: style, tempo, swing, key and mode, a chord progression,
 * drum/bass/chord/melody notes, GM programs, sound sources of the split, levels and mix effects.
 * Pure function of (seed, split, seconds, sampleRate): no audio, no I/O.
 */
public final class Composer {
    private static final String[] MODES = {"major", "minor", "dorian", "mixolydian", "harmonic-minor"};
    private static final int[][] SCALES = {
        {0, 2, 4, 5, 7, 9, 11}, {0, 2, 3, 5, 7, 8, 10}, {0, 2, 3, 5, 7, 9, 10}, {0, 2, 4, 5, 7, 9, 10}, {0, 2, 3, 5, 7, 8, 11}};
    /** Progressions as 0-based scale degrees, one chord per bar. */
    private static final int[][] PROGRESSIONS = {
        {0, 4, 5, 3}, {0, 5, 3, 4}, {5, 3, 0, 4}, {0, 3, 4, 0}, {1, 4, 0, 0}, {0, 0, 3, 4}, {0, 6, 5, 4},
        {0, 5, 2, 6}, {0, 3, 0, 4}, {0, 2, 3, 4}};
    static final int[] BASS_PROGRAMS = {32, 33, 34, 35, 36, 37, 38, 39};
    // Programs whose sound reaches -20 dB of its peak within 20 ms of note-on in both SoundFonts
    // (measured), so onset truth is audible; slow strings (49), warm pad (89) and flute (73) are out.
    static final int[] MELODY_PROGRAMS = {0, 1, 4, 11, 13, 22, 24, 25, 26, 40, 56, 64, 65, 66, 68, 71, 80, 81};
    static final int[] CHORD_PROGRAMS = {0, 2, 4, 5, 16, 17, 19, 24, 27, 48, 50, 52, 61, 88, 90, 91};
    /** Strings, choirs and pads swell in over 50+ ms: they only hold chords, never stab or arpeggiate. */
    static final java.util.Set<Integer> SLOW_ATTACK = java.util.Set.of(48, 50, 52, 88, 90, 91);
    static final int[] GM_KITS_ELECTRONIC = {24, 25, 0, 16};
    static final int[] GM_KITS_ACOUSTIC = {0, 8, 16, 32, 40};

    private Composer() {
    }

    public static SongPlan compose(long seed, Split split, double seconds, int sampleRate) {
        SplittableRandom rnd = new SplittableRandom(seed);
        Style[] styles = Style.values();
        Style style = styles[rnd.nextInt(styles.length)];
        double bpm = style.minBpm + rnd.nextDouble() * (style.maxBpm - style.minBpm);
        if (style == Style.BREAKBEAT) bpm = rnd.nextBoolean() ? 85 + rnd.nextDouble() * 25 : 160 + rnd.nextDouble() * 20;
        boolean swung = rnd.nextDouble() < style.swingProbability;
        double swing = swung ? style.minSwing + rnd.nextDouble() * (style.maxSwing - style.minSwing) : 0.5;
        int keyRoot = rnd.nextInt(12);
        int modeIndex = rnd.nextInt(MODES.length);
        int[] scale = SCALES[modeIndex];

        String soundFont = split.soundFonts().get(rnd.nextInt(split.soundFonts().size()));
        String drumKit = rnd.nextBoolean() ? split.drumKits().get(rnd.nextInt(split.drumKits().size())) : null;
        int[] kits = style.electronic ? GM_KITS_ELECTRONIC : GM_KITS_ACOUSTIC;
        int gmKit = kits[rnd.nextInt(kits.length)];
        if (gmKit == 40 && style != Style.BALLAD && style != Style.SHUFFLE) gmKit = 32; // brushes only where they fit

        int[] programs = new int[Part.values().length];
        java.util.Arrays.fill(programs, -1);
        programs[Part.BASS.ordinal()] = BASS_PROGRAMS[rnd.nextInt(BASS_PROGRAMS.length)];
        programs[Part.MELODY.ordinal()] = MELODY_PROGRAMS[rnd.nextInt(MELODY_PROGRAMS.length)];
        programs[Part.CHORDS.ordinal()] = CHORD_PROGRAMS[rnd.nextInt(CHORD_PROGRAMS.length)];

        // Parts drop out now and then so "is this instrument present" has negatives; never fewer than three.
        double[] keep = {0.9, 0.9, 0.9, 0.9, 0.8, 0.85};
        boolean[] present = new boolean[keep.length];
        int count;
        do {
            count = 0;
            for (int p = 0; p < keep.length; p++) {
                present[p] = rnd.nextDouble() < keep[p];
                if (present[p]) count++;
            }
        } while (count < 3);

        Timing t = new Timing(bpm, swing, swing == 0.5 ? 16 : style.swingUnit,
                style.electronic ? 0 : 0.004, rnd.nextDouble() * 4 * 60 / bpm);
        int bars = (int) Math.ceil((seconds + t.offset) / t.bar()) + 1;
        int[] prog = PROGRESSIONS[rnd.nextInt(PROGRESSIONS.length)];

        List<NoteEvent> notes = new ArrayList<>();
        if (present[0] || present[1] || present[2]) drums(rnd, style, t, bars, present, notes);
        if (present[Part.BASS.ordinal()]) bass(rnd, style, t, bars, prog, keyRoot, scale, notes);
        if (present[Part.CHORDS.ordinal()]) chords(rnd, style, t, bars, prog, keyRoot, scale, programs[Part.CHORDS.ordinal()], notes);
        if (present[Part.MELODY.ordinal()]) melody(rnd, style, t, bars, prog, keyRoot, scale, notes);

        // Keep notes that start inside the clip (shifted by the random phase), quantised to whole samples
        // so onset truth and rendering agree exactly.
        List<NoteEvent> kept = new ArrayList<>();
        for (NoteEvent n : notes) {
            double time = Math.rint((n.time() - t.offset) * sampleRate) / sampleRate;
            if (time >= 0 && time < seconds) {
                kept.add(new NoteEvent(n.part(), time, n.duration(), n.pitch(), n.velocity()));
            }
        }
        kept.sort((a, b) -> a.onset().compareTo(b.onset()));
        for (Part p : Part.values()) {
            boolean any = false;
            for (NoteEvent n : kept) any |= n.part() == p;
            present[p.ordinal()] = any;
        }

        MixSettings mix = mixSettings(rnd, style);
        return new SongPlan(seed, split, style, bpm, swing, t.unit, keyRoot, MODES[modeIndex], soundFont, drumKit, gmKit,
                programs, present, mix, Collections.unmodifiableList(kept), seconds, sampleRate);
    }

    /** Grid to seconds, with swing and humanising. */
    private record Timing(double bpm, double swing, int unit, double jitter, double offset) {
        double beat() {
            return 60.0 / bpm;
        }

        double bar() {
            return 4 * beat();
        }

        /** Start of 16th step s (0..15) of bar b; swing delays the off-beat of the swung unit. */
        double time(int b, int s, SplittableRandom rnd) {
            int beat = s / 4, sub = s % 4;
            double pos; // fraction of a beat
            if (unit == 8) {
                double[] at = {0, swing / 2, swing, swing + (1 - swing) / 2};
                pos = at[sub];
            } else {
                double[] at = {0, swing * 0.5, 0.5, 0.5 + swing * 0.5};
                pos = at[sub];
            }
            double j = jitter > 0 ? Math.max(-2.5, Math.min(2.5, gaussian(rnd))) * jitter : 0;
            return b * bar() + (beat + pos) * beat() + j;
        }
    }

    private static double gaussian(SplittableRandom rnd) {
        // Box-Muller: SplittableRandom has no nextGaussian in Java 17.
        double u = Math.max(1e-12, rnd.nextDouble()), v = rnd.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }

    private static int vel(SplittableRandom rnd, char c) {
        switch (c) {
            case 'X': case 'C': return 100 + rnd.nextInt(21);
            case 'g': return 30 + rnd.nextInt(26);
            default: return 70 + rnd.nextInt(31);
        }
    }

    private static String pick(SplittableRandom rnd, List<String> l) {
        return l.get(rnd.nextInt(l.size()));
    }

    private static void drums(SplittableRandom rnd, Style style, Timing t, int bars, boolean[] present, List<NoteEvent> out) {
        String kick = pick(rnd, style.kick), snare = pick(rnd, style.snare), hats = pick(rnd, style.hats);
        String kickB = rnd.nextDouble() < 0.3 ? pick(rnd, style.kick) : kick; // second-half variation
        int kickKey = rnd.nextBoolean() ? 36 : 35;
        int snareKey = style == Style.BALLAD && rnd.nextDouble() < 0.4 ? 37 : (rnd.nextDouble() < 0.7 ? 38 : 40);
        if (style == Style.FOUR_ON_THE_FLOOR && rnd.nextDouble() < 0.4) snareKey = 39; // clap
        boolean crashes = rnd.nextDouble() < 0.6, fills = rnd.nextDouble() < 0.5;
        double velScale = style == Style.BALLAD ? 0.8 : 1.0;
        for (int b = 0; b < bars; b++) {
            String k = (b % 2 == 1) ? kickB : kick;
            boolean fillBar = fills && b % 4 == 3;
            for (int s = 0; s < 16; s++) {
                char kc = k.charAt(s), sc = snare.charAt(s), hc = hats.charAt(s);
                if (fillBar && s >= 12) sc = (s == 12 || rnd.nextDouble() < 0.7) ? 'x' : '.';
                if (present[0] && kc != '.') add(out, Part.KICK, t.time(b, s, rnd), 0.2, kickKey, scale(vel(rnd, kc), velScale));
                if (present[1] && sc != '.') {
                    int v = fillBar && s > 12 ? Math.min(127, 60 + 15 * (s - 12) + rnd.nextInt(10)) : vel(rnd, sc);
                    add(out, Part.SNARE, t.time(b, s, rnd), 0.2, snareKey, scale(v, velScale));
                }
                if (present[2]) {
                    boolean crash = crashes && b % 4 == 0 && s == 0;
                    if (crash) {
                        add(out, Part.HATS, t.time(b, s, rnd), 1.0, rnd.nextBoolean() ? 49 : 57, scale(105 + rnd.nextInt(20), velScale));
                    } else if (hc != '.') {
                        int key = hc == 'o' ? 46 : hc == 'p' ? 44 : hc == 'r' ? 51 : 42;
                        int v = vel(rnd, hc);
                        if (s % 4 != 0 && hc != 'C') v = Math.max(30, v - 15); // off-beat hats a bit softer
                        add(out, Part.HATS, t.time(b, s, rnd), hc == 'o' ? 0.4 : 0.15, key, scale(v, velScale));
                    }
                }
            }
        }
    }

    private static int scale(int v, double s) {
        return Math.max(1, Math.min(127, (int) Math.round(v * s)));
    }

    private static void add(List<NoteEvent> out, Part p, double time, double dur, int pitch, int vel) {
        out.add(new NoteEvent(p, time, dur, pitch, vel));
    }

    /** MIDI note of scale degree d (any integer, wraps octaves) above the tonic at octave base. */
    private static int degree(int base, int keyRoot, int[] scale, int d) {
        int oct = Math.floorDiv(d, 7), idx = Math.floorMod(d, 7);
        return base + keyRoot + scale[idx] + 12 * oct;
    }

    /** Sixteenth steps of bar b's pattern that start notes, and each note's length in steps up to the next start. */
    private static List<int[]> starts(String pattern) {
        List<int[]> l = new ArrayList<>();
        for (int s = 0; s < 16; s++) {
            if (pattern.charAt(s) == '.') continue;
            int next = s + 1;
            while (next < 16 && pattern.charAt(next) == '.') next++;
            l.add(new int[] {s, next - s});
        }
        return l;
    }

    private static void bass(SplittableRandom rnd, Style style, Timing t, int bars, int[] prog, int keyRoot, int[] scale, List<NoteEvent> out) {
        String pattern = pick(rnd, style.bass);
        double gate = 0.5 + rnd.nextDouble() * 0.45;
        int base = keyRoot >= 5 ? 24 : 36; // root lands in E1..E2
        for (int b = 0; b < bars; b++) {
            int d = prog[b % prog.length], nextD = prog[(b + 1) % prog.length];
            for (int[] st : starts(pattern)) {
                char c = pattern.charAt(st[0]);
                int pitch;
                if (c == 'f') pitch = degree(base, keyRoot, scale, d + 4);
                else if (c == 'o') pitch = degree(base, keyRoot, scale, d) + 12;
                else if (c == 'w') pitch = degree(base, keyRoot, scale, (st[0] < 8 ? d + 2 : nextD + 1));
                else pitch = degree(base, keyRoot, scale, d);
                double dur = st[1] * t.beat() / 4 * gate;
                add(out, Part.BASS, t.time(b, st[0], rnd), dur, pitch, 75 + rnd.nextInt(40));
            }
        }
    }

    private static void chords(SplittableRandom rnd, Style style, Timing t, int bars, int[] prog, int keyRoot, int[] scale, int program, List<NoteEvent> out) {
        boolean sustained = style.chordStabs.isEmpty() || rnd.nextDouble() < 0.35 || SLOW_ATTACK.contains(program);
        boolean halfBars = sustained && rnd.nextDouble() < 0.4;
        boolean arpeggio = !sustained && rnd.nextDouble() < 0.25;
        boolean sevenths = rnd.nextDouble() < 0.4;
        String stab = style.chordStabs.isEmpty() ? "x..............." : pick(rnd, style.chordStabs);
        int vel = 60 + rnd.nextInt(35);
        for (int b = 0; b < bars; b++) {
            int d = prog[b % prog.length];
            int[] voicing = new int[sevenths ? 4 : 3];
            for (int i = 0; i < voicing.length; i++) {
                int p = degree(48, keyRoot, scale, d + 2 * i);
                while (p > 72) p -= 12;
                voicing[i] = p;
            }
            if (arpeggio) {
                for (int s = 0; s < 16; s += 2) {
                    add(out, Part.CHORDS, t.time(b, s, rnd), t.beat() / 2 * 0.9, voicing[(s / 2) % voicing.length] + 12, vel);
                }
            } else if (sustained) {
                int[] at = halfBars ? new int[] {0, 8} : new int[] {0};
                double len = (halfBars ? 2 : 4) * t.beat() * (0.7 + rnd.nextDouble() * 0.15);
                for (int s : at) {
                    double time = t.time(b, s, rnd);
                    for (int p : voicing) add(out, Part.CHORDS, time, len, p, Math.max(1, vel + rnd.nextInt(9) - 4));
                }
            } else {
                for (int[] st : starts(stab)) {
                    double time = t.time(b, st[0], rnd);
                    double len = Math.min(st[1], 2) * t.beat() / 4 * 0.8;
                    for (int p : voicing) add(out, Part.CHORDS, time, len, p, Math.max(1, vel + rnd.nextInt(9) - 4));
                }
            }
        }
    }

    private static void melody(SplittableRandom rnd, Style style, Timing t, int bars, int[] prog, int keyRoot, int[] scale, List<NoteEvent> out) {
        double density = style == Style.BALLAD ? 0.25 + rnd.nextDouble() * 0.2 : 0.25 + rnd.nextDouble() * 0.35;
        int grid = style == Style.BALLAD || rnd.nextDouble() < 0.5 ? 2 : 1; // 8ths or 16ths
        // A two-bar motif of rhythm and scale-degree moves, repeated with variation.
        boolean[] hit = new boolean[32];
        for (int s = 0; s < 32; s += grid) {
            double p = density * (s % 4 == 0 ? 1.6 : 0.8);
            hit[s] = rnd.nextDouble() < p;
        }
        hit[0] = true;
        int[] moves = new int[32];
        for (int s = 0; s < 32; s++) {
            int r = rnd.nextInt(10);
            moves[s] = r < 3 ? 1 : r < 6 ? -1 : r < 7 ? 2 : r < 8 ? -2 : r < 9 ? 0 : (rnd.nextBoolean() ? 4 : -4);
        }
        // Detached notes: a legato line on a sustained instrument has no audible onset to learn from.
        double gate = 0.55 + rnd.nextDouble() * 0.3;
        int deg = 7 + 2 * rnd.nextInt(3); // start on a chord tone an octave above the tonic at C4
        for (int b = 0; b < bars; b++) {
            int chord = prog[b % prog.length];
            for (int s = 0; s < 16; s++) {
                int ms = (b % 2) * 16 + s;
                if (!hit[ms]) continue;
                boolean vary = b >= 2 && rnd.nextDouble() < 0.3;
                deg += vary ? (rnd.nextBoolean() ? 1 : -1) : moves[ms];
                if (s % 8 == 0) {
                    // Strong beats land on a chord tone.
                    int rel = Math.floorMod(deg - chord, 7);
                    if (rel % 2 == 1) deg += rnd.nextBoolean() ? 1 : -1;
                }
                deg = Math.max(4, Math.min(17, deg));
                int next = ms + 1;
                while (next < 32 && !hit[next]) next++;
                int len = Math.min(next - ms, 16 - s + 4);
                double dur = len * t.beat() / 4 * gate;
                int v = 70 + rnd.nextInt(30) + (s % 4 == 0 ? 10 : 0);
                add(out, Part.MELODY, t.time(b, s, rnd), dur, degree(48, keyRoot, scale, deg), Math.min(127, v));
            }
        }
    }

    private static MixSettings mixSettings(SplittableRandom rnd, Style style) {
        return mixSettings(rnd, -6, 2, style == Style.BALLAD ? 0.35 : 0.2);
    }

    /**
     * Levels uniform in [minDb, maxDb) per part, then tilt, reverb (wet = largest send), bus
     * compressor and final peak drawn as for every generated clip.
     */
    static MixSettings mixSettings(SplittableRandom rnd, double minDb, double maxDb, double wet) {
        int n = Part.values().length;
        double[] level = new double[n];
        for (int p = 0; p < n; p++) level[p] = minDb + rnd.nextDouble() * (maxDb - minDb);
        double tilt = rnd.nextDouble() < 0.7 ? -4 + rnd.nextDouble() * 8 : 0;
        double tiltHz = 400 + rnd.nextDouble() * 1600;
        boolean reverb = rnd.nextDouble() < 0.7;
        double room = reverb ? 0.7 + rnd.nextDouble() * 0.14 : 0;
        double damp = 0.2 + rnd.nextDouble() * 0.5;
        double[] send = new double[n];
        for (int p = 0; p < n; p++) {
            Part part = Part.values()[p];
            send[p] = reverb ? wet * rnd.nextDouble() * (part == Part.KICK || part == Part.BASS ? 0.3 : 1.0) : 0;
        }
        double predelay = 5 + rnd.nextDouble() * 25;
        boolean comp = rnd.nextDouble() < 0.6;
        double ratio = comp ? 1.5 + rnd.nextDouble() * 3 : 1;
        double thresh = -3 - rnd.nextDouble() * 12;
        double attack = 2 + rnd.nextDouble() * 20, release = 60 + rnd.nextDouble() * 240;
        double peak = Math.pow(10, (-1 - rnd.nextDouble() * 8) / 20);
        return new MixSettings(level, tilt, tiltHz, room, damp, send, predelay, ratio, thresh, attack, release, peak);
    }
}
