package com.auralise.trainer.data;

/**
 * Ground truth for one note: when it starts in the audio (seconds from the clip's first sample,
 * synthesiser latency already removed), which stem it is in, its MIDI pitch (GM drum key for drums),
 * velocity 1-127 and how long it is held (seconds; drums use a nominal short length).
 */
public record Onset(double time, Part part, int pitch, int velocity, double duration) implements Comparable<Onset> {
    @Override
    public int compareTo(Onset o) {
        int c = Double.compare(time, o.time);
        if (c != 0) return c;
        c = part.compareTo(o.part);
        return c != 0 ? c : Integer.compare(pitch, o.pitch);
    }
}
