package com.auralise.trainer.data;

/** One note of a part as the composer planned it: start and length in seconds, MIDI pitch (GM key for drums), velocity. */
public record NoteEvent(Part part, double time, double duration, int pitch, int velocity) {
    public Onset onset() {
        return new Onset(time, part, pitch, velocity, duration);
    }
}
