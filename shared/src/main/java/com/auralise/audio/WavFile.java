package com.auralise.audio;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * A whole WAV file in memory, for the tools that need all of it at once (the plugin's offline
 * comparison, the trainer's clip cache). Reads through {@link WavReader} and writes 32-bit float
 * through {@link WavWriter}, so there is one parser and one encoder; long files should stream
 * through those two directly instead.
 */
public final class WavFile {
    private static final int BLOCK = 8192;

    public final int sampleRate;
    /** [channel][frame], floats in [-1, 1] for PCM sources. */
    public final float[][] data;
    /** Bits per sample of the source; 0 when it was IEEE float (any width). */
    public final int bits;

    public WavFile(int sampleRate, float[][] data) {
        this(sampleRate, data, 0);
    }

    private WavFile(int sampleRate, float[][] data, int bits) {
        this.sampleRate = sampleRate;
        this.data = data;
        this.bits = bits;
    }

    public int channels() {
        return data.length;
    }

    public int frames() {
        return data[0].length;
    }

    public static WavFile read(Path file) throws IOException {
        try (WavReader in = new WavReader(file)) {
            long total = in.frames();
            if (total > Integer.MAX_VALUE) {
                throw new AudioFormatException(file + ": " + total + " frames is too long to hold in memory");
            }
            int ch = in.channels();
            float[][] d = new float[ch][(int) total];
            float[][] block = new float[ch][BLOCK];
            int pos = 0;
            for (int n; (n = in.read(block, BLOCK)) > 0; pos += n) {
                for (int c = 0; c < ch; c++) {
                    System.arraycopy(block[c], 0, d[c], pos, n);
                }
            }
            return new WavFile(in.sampleRate(), d, in.isFloat() ? 0 : in.bitsPerSample());
        } catch (AudioFormatException e) {
            // WavReader's messages are about the content; name the file for the tools' logs.
            throw e.getMessage().startsWith(file.toString()) ? e : new AudioFormatException(file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Writes 32-bit IEEE float (bit-exact round trip) to a temporary file beside the target, then
     * renames it into place, so an interrupted run never leaves a half-written file under the name.
     */
    public void write(Path file) throws IOException {
        writeFloat(file, sampleRate, data);
    }

    public static void writeFloat(Path file, int sampleRate, float[]... channels) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            try (WavWriter w = new WavWriter(tmp, sampleRate, channels.length, 0)) {
                w.write(channels, 0, channels[0].length);
                w.finish();
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
