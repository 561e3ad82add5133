package com.auralise.events;

/**
 * One detected event, as copied out of an {@link EventQueue} into a holder the caller owns (so
 * reading events allocates nothing).
 */
public final class Event {
    /** Where the onset is in the input stream: host samples since the filter's last reset. */
    public long inputSample;
    /**
     * Where it belongs in the filter's output stream: inputSample + latencySamples(), so an event
     * lines up with the audio the filter outputs (the host's latency compensation aligns both).
     */
    public long outputSample;
    /** Input samples the filter had consumed when it found the event (what it had to wait for). */
    public long detectedAt;
    /** MIDI velocity 1..127 from the passed level at the peak. */
    public int velocity;
    /** Peak height over the adaptive floor (detection-function units; compare with the threshold). */
    public float height;
    /** Passed level at the peak, dBFS. */
    public float levelDb;

    public void copyFrom(Event e) {
        inputSample = e.inputSample;
        outputSample = e.outputSample;
        detectedAt = e.detectedAt;
        velocity = e.velocity;
        height = e.height;
        levelDb = e.levelDb;
    }

    @Override
    public String toString() {
        return "event at input sample " + inputSample + " (output " + outputSample + ", found at " + detectedAt
                + "), velocity " + velocity + ", height " + height + ", " + levelDb + " dB";
    }
}
