package com.auralise.renderer.audio;

import com.auralise.audio.AudioOutput;
import com.auralise.audio.WavWriter;

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
    private final Path file;
    private final int rate;
    private final int bitsOut;
    private final int channels;
    private long samples;
    private final double scale;
    private int[] interleaved = new int[0];
    private long clipped;

    public FlacWriter(Path file, int rate, int channels, int bits) throws IOException {
        int b = bits == 0 ? 24 : bits;
        if (b != 16 && b != 24) {
            throw new IllegalArgumentException("FLAC output is 16- or 24-bit");
        }
        this.file = file;
        this.rate = rate;
        this.bitsOut = b;
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
        samples += n;
        int full = encoder.fullBlockSamplesAvailableToEncode();
        if (full > 0) {
            encoder.encodeSamples(full, false);
        }
    }

    @Override
    public void finish() throws IOException {
        if (samples == 0) {
            // The encoder cannot finish an empty stream: write the valid empty FLAC by hand.
            out.close();
            java.nio.file.Files.write(file, emptyStream(rate, channels, bitsOut));
            return;
        }
        // The final call writes the last partial block and rewrites STREAMINFO (length, MD5).
        encoder.encodeSamples(encoder.samplesAvailableToEncode(), true);
        out.close();
    }

    /** "fLaC" and a last-block STREAMINFO with zero samples (and an all-zero MD5: unknown). */
    static byte[] emptyStream(int rate, int channels, int bits) {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(4 + 4 + 34);
        b.put(new byte[] {'f', 'L', 'a', 'C'});
        b.putInt(0x80000000 | 34); // last metadata block, type 0 (STREAMINFO), length 34
        b.putShort((short) BLOCK).putShort((short) BLOCK);
        b.put(new byte[6]); // min/max frame size unknown
        // 20 bits rate, 3 bits channels-1, 5 bits bits-1, 36 bits total samples (0).
        long packed = ((long) rate << 44) | ((long) (channels - 1) << 41) | ((long) (bits - 1) << 36);
        b.putLong(packed);
        b.put(new byte[16]);
        return b.array();
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
