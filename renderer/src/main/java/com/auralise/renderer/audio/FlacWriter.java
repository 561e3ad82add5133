package com.auralise.renderer.audio;

import net.sourceforge.javaflacencoder.EncodingConfiguration;
import net.sourceforge.javaflacencoder.FLACEncoder;
import net.sourceforge.javaflacencoder.FLACFileOutputStream;
import net.sourceforge.javaflacencoder.StreamConfiguration;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Streaming FLAC writer on javaFlacEncoder: 16- or 24-bit integer (FLAC has no float; 0 means 24),
 * clipped and rounded like {@link WavWriter}. Single-threaded: the batch parallelises over files.
 */
public final class FlacWriter implements AudioOutput {
    private static final int BLOCK = 4096;

    private final FLACEncoder encoder = new FLACEncoder();
    private final FLACFileOutputStream out;
    private final int channels;
    private final double scale;
    private int[] interleaved = new int[0];
    private long clipped;

    public FlacWriter(Path file, int rate, int channels, int bits) throws IOException {
        int b = bits == 0 ? 24 : bits;
        if (b != 16 && b != 24) {
            throw new IllegalArgumentException("FLAC output is 16- or 24-bit");
        }
        this.channels = channels;
        this.scale = 1L << (b - 1);
        StreamConfiguration sc = new StreamConfiguration(channels, BLOCK, BLOCK, rate, b);
        if (!sc.isValid()) {
            throw new IOException("FLAC encoder cannot write " + channels + " channels at " + rate + " Hz, " + b + "-bit");
        }
        encoder.setStreamConfiguration(sc);
        encoder.setEncodingConfiguration(new EncodingConfiguration());
        out = new FLACFileOutputStream(file.toFile());
        encoder.setOutputStream(out);
        encoder.openFLACStream();
    }

    @Override
    public void write(float[][] src, int offset, int n) throws IOException {
        if (n == 0) {
            return;
        }
        if (interleaved.length < n * channels) {
            interleaved = new int[n * channels];
        }
        int p = 0;
        for (int i = offset; i < offset + n; i++) {
            for (int c = 0; c < channels; c++) {
                double x = Math.rint(src[c][i] * scale);
                if (x >= scale) {
                    x = scale - 1;
                    clipped++;
                } else if (x < -scale) {
                    x = -scale;
                    clipped++;
                }
                interleaved[p++] = (int) x;
            }
        }
        encoder.addSamples(interleaved, n);
        int full = encoder.fullBlockSamplesAvailableToEncode();
        if (full > 0) {
            encoder.encodeSamples(full, false);
        }
    }

    @Override
    public void finish() throws IOException {
        // The final call writes the last partial block and rewrites STREAMINFO (length, MD5).
        encoder.encodeSamples(encoder.samplesAvailableToEncode(), true);
        out.close();
    }

    @Override
    public long clipped() {
        return clipped;
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
