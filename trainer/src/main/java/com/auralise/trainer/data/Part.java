package com.auralise.trainer.data;

/** The stems every clip has, in the fixed order in which they are summed into the mix. */
public enum Part {
    KICK, SNARE, HATS, BASS, MELODY, CHORDS;

    /** Lower-case name used for file names and in onsets.csv. */
    public String id() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public boolean isDrum() {
        return this == KICK || this == SNARE || this == HATS;
    }

    public static Part fromId(String id) {
        return valueOf(id.trim().toUpperCase(java.util.Locale.ROOT));
    }

    /** The drum stem a General MIDI percussion key belongs to, or null for keys we never play (toms...). */
    public static Part ofDrumKey(int key) {
        switch (key) {
            case 35: case 36:
                return KICK;
            case 37: case 38: case 39: case 40:
                return SNARE;
            case 42: case 44: case 46: case 49: case 51: case 52: case 53: case 55: case 57: case 59:
                return HATS;
            default:
                return null;
        }
    }
}
