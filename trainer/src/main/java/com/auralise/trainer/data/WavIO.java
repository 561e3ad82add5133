package com.auralise.trainer.data;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Mono 32-bit IEEE-float WAV (format tag 3) read and write. Hand-written so the stems round-trip
 * bit-exactly: the mix == sum(stems) identity must survive the cache.
 */
public final class WavIO {
    private WavIO() {
    }

    public static void writeFloatMono(Path file, float[] x, int sampleRate) throws IOException {
        int dataBytes = x.length * 4;
        ByteBuffer b = ByteBuffer.allocate(44 + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {'R', 'I', 'F', 'F'}).putInt(36 + dataBytes).put(new byte[] {'W', 'A', 'V', 'E'});
        b.put(new byte[] {'f', 'm', 't', ' '}).putInt(16).putShort((short) 3).putShort((short) 1)
                .putInt(sampleRate).putInt(sampleRate * 4).putShort((short) 4).putShort((short) 32);
        b.put(new byte[] {'d', 'a', 't', 'a'}).putInt(dataBytes);
        for (float v : x) b.putFloat(v);
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmp))) {
            out.write(b.array());
        }
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    /** Reads a mono float WAV written by {@link #writeFloatMono}; returns samples and stores the rate in rateOut[0]. */
    public static float[] readFloatMono(Path file, int[] rateOut) throws IOException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
            byte[] all = in.readAllBytes();
            ByteBuffer b = ByteBuffer.wrap(all).order(ByteOrder.LITTLE_ENDIAN);
            if (all.length < 12 || b.getInt(0) != 0x46464952 || b.getInt(8) != 0x45564157) {
                throw new IOException(file + ": not a RIFF/WAVE file");
            }
            int pos = 12;
            int format = -1, channels = -1, bits = -1, rate = -1;
            while (pos + 8 <= all.length) {
                int id = b.getInt(pos);
                int size = b.getInt(pos + 4);
                int body = pos + 8;
                if (id == 0x20746d66) { // "fmt "
                    format = b.getShort(body) & 0xffff;
                    channels = b.getShort(body + 2);
                    rate = b.getInt(body + 4);
                    bits = b.getShort(body + 14);
                } else if (id == 0x61746164) { // "data"
                    if (format != 3 || channels != 1 || bits != 32) {
                        throw new IOException(file + ": expected mono 32-bit float, got format " + format + ", " + channels + " ch, " + bits + " bit");
                    }
                    int n = Math.min(size, all.length - body) / 4;
                    float[] x = new float[n];
                    for (int i = 0; i < n; i++) x[i] = b.getFloat(body + 4 * i);
                    if (rateOut != null && rateOut.length > 0) rateOut[0] = rate;
                    return x;
                }
                pos = body + size + (size & 1);
            }
            throw new IOException(file + ": no data chunk");
        }
    }
}
