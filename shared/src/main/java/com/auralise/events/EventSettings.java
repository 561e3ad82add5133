package com.auralise.events;

/**
 * How a feature's band energy becomes events. Plain mutable data like {@code FilterSettings}:
 * {@code FeatureFilter#applyEvents} copies it field by field (no allocation), values out of range
 * are clamped there, never thrown.
 *
 * <p>The defaults (the onset detector's, chosen for L4#57 of the model before role training) and
 * {@link #forFilter}'s kick settings (for the role-trained kick selector L3#7) were tuned on
 * 16 training-split clips only (trainer's {@code TuneEvents}); the evaluation split was never looked
 * at while choosing them.
 */
public final class EventSettings {
    public static final double DEFAULT_THRESHOLD = 0.047;
    public static final double DEFAULT_MIN_INTERVAL_MS = 60;
    public static final double DEFAULT_FLOOR_SECONDS = 0.5;
    public static final double DEFAULT_OFFSET_MS = -3.5;
    public static final double DEFAULT_GATE_DB = -120;
    public static final double DEFAULT_VELOCITY_FLOOR_DB = -54;
    public static final double DEFAULT_VELOCITY_CEIL_DB = -6;

    /** Peak height over the adaptive floor needed for an event, in mask-weighted mean log-rise per bin (0..10). */
    public double threshold = DEFAULT_THRESHOLD;
    /** Events closer than this to the previous one are dropped (1..1000 ms). */
    public double minIntervalMs = DEFAULT_MIN_INTERVAL_MS;
    /** Length of the adaptive floor: median of the detection function over this much past (0.05..2 s). */
    public double floorSeconds = DEFAULT_FLOOR_SECONDS;
    /** Added to every event time, for the detection function's own delay (-50..50 ms). */
    public double offsetMs = DEFAULT_OFFSET_MS;
    /** Frames whose passed level is below this make no event (-120..0 dBFS). */
    public double gateDb = DEFAULT_GATE_DB;
    /** Passed level (dBFS) that maps to velocity 1 ... */
    public double velocityFloorDb = DEFAULT_VELOCITY_FLOOR_DB;
    /** ... and the level that maps to velocity 127 (above velocityFloorDb). */
    public double velocityCeilDb = DEFAULT_VELOCITY_CEIL_DB;

    /**
     * Settings for a catalogue name: the kick selector needs a higher threshold, a longer interval
     * and a level gate (its band also carries the bass); other names take the defaults.
     */
    public static EventSettings forFilter(String name) {
        EventSettings s = new EventSettings();
        if (name != null && name.trim().toLowerCase(java.util.Locale.ROOT).startsWith("kick")) {
            s.threshold = 0.2;
            s.minIntervalMs = 130;
            s.gateDb = -36;
            s.floorSeconds = 0.25;
            s.offsetMs = 1.0;
        }
        return s;
    }

    /** The MIDI note for a catalogue name's events (GM drums: kick 36, snare 38, hats 42; else 60). */
    public static int noteFor(String name) {
        String n = name == null ? "" : name.trim().toLowerCase(java.util.Locale.ROOT);
        return n.startsWith("kick") ? 36 : n.startsWith("snare") ? 38 : n.startsWith("hat") ? 42 : 60;
    }

    /** The MIDI channel (1-16) for a catalogue name's events: 10, the GM drum channel, for drums; else 1. */
    public static int channelFor(String name) {
        return noteFor(name) == 60 ? 1 : 10;
    }

    public EventSettings copy() {
        EventSettings c = new EventSettings();
        c.copyFrom(this);
        return c;
    }

    public void copyFrom(EventSettings s) {
        threshold = s.threshold;
        minIntervalMs = s.minIntervalMs;
        floorSeconds = s.floorSeconds;
        offsetMs = s.offsetMs;
        gateDb = s.gateDb;
        velocityFloorDb = s.velocityFloorDb;
        velocityCeilDb = s.velocityCeilDb;
    }

    /** Clamps every field into its documented range (NaN becomes the default); allocates nothing. */
    public void clamp() {
        threshold = clamp(threshold, 0, 10, DEFAULT_THRESHOLD);
        minIntervalMs = clamp(minIntervalMs, 1, 1000, DEFAULT_MIN_INTERVAL_MS);
        floorSeconds = clamp(floorSeconds, 0.05, EventDetector.MAX_FLOOR_SECONDS, DEFAULT_FLOOR_SECONDS);
        offsetMs = clamp(offsetMs, -50, 50, DEFAULT_OFFSET_MS);
        gateDb = clamp(gateDb, -120, 0, DEFAULT_GATE_DB);
        velocityFloorDb = clamp(velocityFloorDb, -120, 0, DEFAULT_VELOCITY_FLOOR_DB);
        velocityCeilDb = clamp(velocityCeilDb, velocityFloorDb + 1, 24, Math.max(DEFAULT_VELOCITY_CEIL_DB, velocityFloorDb + 1));
    }

    private static double clamp(double v, double lo, double hi, double fallback) {
        if (v != v) {
            return fallback;
        }
        return v < lo ? lo : (v > hi ? hi : v);
    }

    @Override
    public String toString() {
        return String.format(java.util.Locale.ROOT,
                "threshold %.3g, min interval %.3g ms, floor %.3g s, offset %.3g ms, gate %.3g dB, velocity %.3g..%.3g dB",
                threshold, minIntervalMs, floorSeconds, offsetMs, gateDb, velocityFloorDb, velocityCeilDb);
    }
}
