package com.auralise.trainer.data;

import java.util.List;

/**
 * Groove templates. Drum patterns are 16 sixteenth-note steps per 4/4 bar: 'X' accent, 'x' normal,
 * 'g' ghost; hats use 'c' closed, 'C' accented closed, 'o' open, 'p' pedal, 'r' ride. Bass patterns
 * use 'r' root, 'f' fifth, 'o' octave, 'w' walking (a scale step towards the next root). Chord
 * patterns use 'x' for a stab; an empty list means sustained chords.
 */
public enum Style {
    FOUR_ON_THE_FLOOR(115, 135, 0.25, 16, 0.52, 0.58, true,
            List.of("X...X...X...X..."),
            List.of("....x.......x...", "....x.......x..x", "....x.......x.x."),
            List.of("..o...o...o...o.", "ccocccocccocccoc", "c.o.c.o.c.o.c.o.", "cccccccccccccccc"),
            List.of("..r...r...r...r.", "..r.o.r...r.o.r.", "r.r.r.r.r.r.r.r."),
            List.of("..x...x...x...x.", "x..x..x...x..x..")),
    BREAKBEAT(85, 180, 0.15, 16, 0.53, 0.6, true,
            List.of("X.........x.....", "X.x.......x.....", "X.........X..x..", "X.x.......x..x.."),
            List.of("....X..g.g..X..g", "....X.......X...", "....X..g....X.g."),
            List.of("c.c.c.c.c.c.c.c.", "cccccccccccccccc", "c.c.c.o.c.c.c.c.", "r.r.r.r.r.r.r.r."),
            List.of("r.....r...r.....", "r..r..r...r..f..", "r.........r..o.."),
            List.of("x.....x...x.....", "..x.....x.......")),
    BALLAD(60, 80, 0.2, 8, 0.58, 0.64, false,
            List.of("x.......x.......", "x.......x.x.....", "x......x..x....."),
            List.of("....x.......x...", "....x.......x..g"),
            List.of("c.c.c.c.c.c.c.c.", "r.r.r.r.r.r.r.r.", "c...c...c...c...", "p.c.p.c.p.c.p.c."),
            List.of("r.......f.......", "r...............", "r.......r...f..."),
            List.of()),
    ROCK(95, 150, 0.05, 8, 0.55, 0.6, false,
            List.of("X.......X.......", "X.......X.x.....", "X.....x.X.......", "X..x..x.X......."),
            List.of("....X.......X...", "....X.......X.x."),
            List.of("C.c.C.c.C.c.C.c.", "r.r.r.r.r.r.r.r.", "o.c.o.c.o.c.o.c.", "cccccccccccccccc"),
            List.of("r.r.r.r.r.r.r.r.", "r...r...r...r...", "r.....r.r...f..."),
            List.of("x.x.x.x.x.x.x.x.", "x.......x.......")),
    SHUFFLE(80, 130, 1.0, 8, 0.62, 0.7, false,
            List.of("x.......x.......", "x.....x.x......."),
            List.of("....x.......x...", "....x..g....x..."),
            List.of("r.r.r.r.r.r.r.r.", "c.c.c.c.c.c.c.c.", "r...r.r.r...r.r."),
            List.of("r...w...f...w...", "r...r...f...o..."),
            List.of("....x.......x...", "x.....x.....x...")),
    HALF_TIME(130, 175, 0.15, 16, 0.53, 0.58, true,
            List.of("X.........x.....", "X..x......x.....", "X.....x...x....."),
            List.of("........X.......", "........X......g"),
            List.of("c.c.c.c.c.c.c.c.", "cccccccccccccccc", "c.c.c.c.c.c.c.o."),
            List.of("r.........r.....", "r.............f."),
            List.of()),
    FUNK(90, 115, 0.4, 16, 0.54, 0.62, false,
            List.of("X..x......x..x..", "X.x....x..x....."),
            List.of("....X..g.g..X..g", "....X.g.....X.g."),
            List.of("cccccccccccccccc", "c.c.c.c.c.c.o.c.", "CcCcCcCcCcCcCcCc"),
            List.of("r..o..r.r..o.f..", "r.....ro..r..o.."),
            List.of("..x..x....x..x..", "x..x..x..x..x...", "....x.......x..."));

    public final int minBpm, maxBpm;
    /** Probability a clip of this style swings, the swung note value (8 or 16) and the swing ratio range. */
    public final double swingProbability;
    public final int swingUnit;
    public final double minSwing, maxSwing;
    /** Electronic styles are quantised and prefer electronic kits; the others are humanised. */
    public final boolean electronic;
    public final List<String> kick, snare, hats, bass, chordStabs;

    Style(int minBpm, int maxBpm, double swingProbability, int swingUnit, double minSwing, double maxSwing,
          boolean electronic, List<String> kick, List<String> snare, List<String> hats, List<String> bass,
          List<String> chordStabs) {
        this.minBpm = minBpm;
        this.maxBpm = maxBpm;
        this.swingProbability = swingProbability;
        this.swingUnit = swingUnit;
        this.minSwing = minSwing;
        this.maxSwing = maxSwing;
        this.electronic = electronic;
        this.kick = kick;
        this.snare = snare;
        this.hats = hats;
        this.bass = bass;
        this.chordStabs = chordStabs;
    }

    public String id() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
