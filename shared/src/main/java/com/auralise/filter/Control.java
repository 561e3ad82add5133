package com.auralise.filter;

import com.auralise.model.Model;

import java.util.ArrayList;
import java.util.List;

/**
 * The filter's controls, one line each: the only table of their names, ranges, defaults and port
 * indices. FeatureFilter clamps with it, presets read and write it, the command checks its options
 * against it, and the plugin takes its port order, TTL and C port header from it (the port index
 * is also the bridge's shared-memory slot). A new control is a line here (with its cases in get
 * and set if a FilterSettings field holds it), that field and its DSP.
 *
 * <p>Layer, feature and filter ranges are the generic ones; a model narrows them ({@link #maxFor}).
 * Values cross as doubles; toggles and integers convert the way a host's float port value does.
 */
public enum Control {
    //          symbol       label           unit        default min   max      flags                       preset key   option
    ENABLED(   "enabled",   "Enabled",      null,       1,      0,    1,       F.BYPASS | F.TOGGLE | F.SET, null,       null),
    LATENCY(   "latency",   "Latency",      "frame",    0,      0,    1000000, F.OUTPUT | F.LATENCY | F.INTEGER, null,  null),
    FILTER(    "filter",    "Named filter", null,       0,      0,    0,       F.INTEGER | F.ENUMERATION,  null,        null),
    LAYER(     "layer",     "Layer",        null,       2,      1,    8,       F.INTEGER | F.SET,          null,        "--layer"),
    FEATURE(   "feature",   "Feature",      null,       0,      0,    255,     F.INTEGER | F.SET,          null,        "--feature"),
    MIX(       "mix",       "Mix",          "ratio",    1,      0,    1,       F.SET,                      "mix",       "--mix"),
    INVERT(    "invert",    "Invert",       "boolean",  0,      0,    1,       F.TOGGLE | F.SET,           "invert",    "--invert"),
    // 0.99, not 1: a threshold of 1 would cut everything.
    THRESHOLD( "threshold", "Threshold",    "ratio",    0,      0,    0.99,    F.SET,                      "threshold", "--threshold"),
    SHARPNESS( "sharpness", "Sharpness",    "exponent", 1,      0.1,  20,      F.LOGARITHMIC | F.SET,      "sharpness", "--sharpness"),
    GAIN(      "gain",      "Output gain",  "dB",       0,      -60,  24,      F.SET,                      "gainDb",    "--gain-db"),
    // The plugin's MIDI output, a note per event; 0 = from the filter's name (EventSettings.noteFor, channelFor).
    NOTE(      "note",      "MIDI note",    null,       0,      0,    127,     F.INTEGER,                  null,        null),
    CHANNEL(   "channel",   "MIDI channel", null,       0,      0,    16,      F.INTEGER,                  null,        null);

    /** Flag bits. */
    static final class F {
        static final int TOGGLE = 1;
        static final int INTEGER = 2;
        static final int OUTPUT = 4;
        static final int LOGARITHMIC = 8;
        static final int ENUMERATION = 16;
        /** The host's on/off switch (LV2 lv2:enabled); off = bypass. */
        static final int BYPASS = 32;
        /** Reports the latency in samples (written by the plugin, read by the host). */
        static final int LATENCY = 64;
        /** A FilterSettings field holds it ({@link #get}, {@link #set}). */
        static final int SET = 128;
    }

    /** All of them, in port order (values() would allocate a copy on every call). */
    public static final List<Control> ALL = List.of(values());
    /** Input controls that a FilterSettings field holds, in port order (the audio path iterates this). */
    private static final Control[] SETTINGS = select(false, false);
    /** Continuous settings FeatureFilter clamps to [min, max]. */
    private static final Control[] CLAMPED = select(true, false);
    /** The controls a preset holds, in the file's order. */
    public static final List<Control> PRESET = List.of(select(false, true));

    private final String symbol;
    private final String label;
    private final String unit;
    private final double def;
    private final double min;
    private final double max;
    private final int flags;
    private final String presetKey;
    private final String option;

    Control(String symbol, String label, String unit, double def, double min, double max, int flags, String presetKey,
            String option) {
        this.symbol = symbol;
        this.label = label;
        this.unit = unit;
        this.def = def;
        this.min = min;
        this.max = max;
        this.flags = flags;
        this.presetKey = presetKey;
        this.option = option;
    }

    private static Control[] select(boolean clamped, boolean preset) {
        List<Control> l = new ArrayList<>();
        for (Control c : values()) {
            if (c.inSettings() && (!clamped || !(c.toggle() || c.integer())) && (!preset || c.presetKey != null)) {
                l.add(c);
            }
        }
        return l.toArray(new Control[0]);
    }

    /** The port symbol (LV2 lv2:symbol, state and OfflineRender keys). */
    public String symbol() {
        return symbol;
    }

    public String label() {
        return label;
    }

    /** The unit presets write ("ratio", "dB", ...); null when the value has none. */
    public String unit() {
        return unit;
    }

    public double defaultValue() {
        return def;
    }

    /** The default for a model with this many layers (layer 2 unless it has fewer). */
    public double defaultFor(int layers) {
        return this == LAYER ? Math.min(def, layers) : def;
    }

    public double min() {
        return min;
    }

    public double max() {
        return max;
    }

    /** The maximum model m allows: its layers, its widest layer's last feature, its catalogue's size; null m: generic. */
    public double maxFor(Model m) {
        if (m == null) {
            return max;
        }
        switch (this) {
            case LAYER:
                return m.layers();
            case FEATURE:
                int f = 0;
                for (int l = 1; l <= m.layers(); l++) {
                    f = Math.max(f, m.channels(l) - 1);
                }
                return f;
            case FILTER:
                return m.spec().catalogue.size();
            default:
                return max;
        }
    }

    /** The port index, which is also the slot in the bridge's shared memory. */
    public int index() {
        return ordinal();
    }

    public boolean toggle() {
        return (flags & F.TOGGLE) != 0;
    }

    public boolean integer() {
        return (flags & F.INTEGER) != 0;
    }

    /** Written by the plugin (latency), not by the host. */
    public boolean output() {
        return (flags & F.OUTPUT) != 0;
    }

    public boolean logarithmic() {
        return (flags & F.LOGARITHMIC) != 0;
    }

    /** Values are scale points (the model's catalogue). */
    public boolean enumeration() {
        return (flags & F.ENUMERATION) != 0;
    }

    public boolean bypass() {
        return (flags & F.BYPASS) != 0;
    }

    public boolean reportsLatency() {
        return (flags & F.LATENCY) != 0;
    }

    /** The key under "parameters" in a preset file; null when presets do not hold it. */
    public String presetKey() {
        return presetKey;
    }

    /** The command's option for it; null when there is none. */
    public String option() {
        return option;
    }

    /** Whether a FilterSettings field holds it (not latency, not the catalogue index). */
    public boolean inSettings() {
        return (flags & F.SET) != 0;
    }

    /** Its value in s (toggles as 0 or 1). Plain code: the audio thread runs it. */
    public double get(FilterSettings s) {
        switch (this) {
            case ENABLED: return s.bypass ? 0 : 1;
            case LAYER: return s.layer;
            case FEATURE: return s.feature;
            case MIX: return s.mix;
            case INVERT: return s.invert ? 1 : 0;
            case THRESHOLD: return s.threshold;
            case SHARPNESS: return s.sharpness;
            case GAIN: return s.gainDb;
            default: return def; // not a setting (inSettings() is false)
        }
    }

    /** Sets it in s; toggles and integers as from a host's float port value. */
    public void set(FilterSettings s, double v) {
        switch (this) {
            case ENABLED: s.bypass = v < 0.5; break;
            case LAYER: s.layer = round(v); break;
            case FEATURE: s.feature = round(v); break;
            case MIX: s.mix = v; break;
            case INVERT: s.invert = v > 0.5; break;
            case THRESHOLD: s.threshold = v; break;
            case SHARPNESS: s.sharpness = v; break;
            case GAIN: s.gainDb = v; break;
            default: break; // not a setting
        }
    }

    /** The control with this port symbol, or null. */
    public static Control bySymbol(String symbol) {
        for (Control c : ALL) {
            if (c.symbol.equals(symbol)) {
                return c;
            }
        }
        return null;
    }

    /** Math.round(float) for a float's value (it saturates at the int range), exact for any int. */
    private static int round(double v) {
        return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, Math.round(v)));
    }

    /** Sets every settings control of s to its default. */
    static void defaults(FilterSettings s) {
        for (Control c : SETTINGS) {
            c.set(s, c.def);
        }
    }

    /** Copies every settings control from one to another (no allocation). */
    static void copy(FilterSettings from, FilterSettings to) {
        for (Control c : SETTINGS) {
            c.set(to, c.get(from));
        }
    }

    /** "layer 2, feature 0, mix 1.0, ... gain 0.0 dB": the settings controls but the bypass switch. */
    static String describe(FilterSettings s) {
        StringBuilder b = new StringBuilder();
        for (Control c : SETTINGS) {
            if (!c.bypass()) {
                b.append(b.length() == 0 ? "" : ", ").append(c.symbol()).append(' ');
                if (c.toggle()) {
                    b.append(c.get(s) != 0);
                } else if (c.integer()) {
                    b.append((long) c.get(s));
                } else {
                    b.append(c.get(s));
                }
                b.append("dB".equals(c.unit()) ? " dB" : "");
            }
        }
        return b.toString();
    }

    /** Sets every settings control from values by port index (a host's ports; no allocation). */
    public static void setAll(FilterSettings s, java.nio.FloatBuffer ports) {
        for (Control c : SETTINGS) {
            c.set(s, ports.get(c.ordinal()));
        }
    }

    /** Clamps the continuous settings of s into their ranges; a non-finite value becomes the default. */
    static void clampAll(FilterSettings s) {
        for (Control c : CLAMPED) {
            double v = c.get(s);
            v = Double.isFinite(v) ? v : c.def;
            c.set(s, v < c.min ? c.min : (v > c.max ? c.max : v));
        }
    }
}
