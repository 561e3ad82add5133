package com.auralise.audio;

import java.io.Closeable;
import java.io.IOException;

/** A decoded audio stream read block by block, so no file is ever held whole in memory. */
public interface AudioInput extends Closeable {
    /** Container/codec, e.g. "WAV 24-bit PCM", "FLAC 16-bit", "Ogg Vorbis". */
    String description();

    int sampleRate();

    int channels();

    /** Bits per sample of the source (0 for lossy codecs); used to pick an integer output depth. */
    int bitsPerSample();

    /** Total frames if the header says so, else -1. */
    long frames();

    /**
     * Reads up to max frames into buf[channel][0..n) as floats in [-1, 1]. Returns the number of
     * frames read, 0 only at the end of the stream.
     */
    int read(float[][] buf, int max) throws IOException;
}
