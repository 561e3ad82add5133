package com.auralise.audio;

import java.io.Closeable;
import java.io.IOException;

/** An encoder writing block by block; {@link #finish} completes the file (headers, sizes). */
public interface AudioOutput extends Closeable {
    void write(float[][] buf, int offset, int n) throws IOException;

    /** Completes the file; without it the file is incomplete (and the caller deletes it). */
    void finish() throws IOException;

    /** Samples that were outside [-1, 1) and had to be clipped (integer formats only). */
    long clipped();
}
