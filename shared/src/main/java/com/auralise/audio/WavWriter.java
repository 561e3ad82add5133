package com.auralise.audio;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Streaming WAV writer: 32-bit IEEE float (bits = 0, the default: full precision, never clips) or
 * 16/24/32-bit PCM (clipped, rounded, no dither). PCM with more than two channels uses
 * WAVE_FORMAT_EXTENSIBLE as the format requires; float stays plain format 3 with a fact chunk. Sizes are patched into the header by finish().
 */
public final class WavWriter implements AudioOutput {
    private static final long MAX_DATA = 0xFFFFFFFFL - 80;

    private final FileChannel ch;
    private final int channels;
    private final int bits;
    private final boolean isFloat;
    private final int frameBytes;
    private final int headerBytes;
    private final int rate;
    private ByteBuffer buf = ByteBuffer.allocate(0);
    private long dataBytes;
    private long clipped;

    public WavWriter(Path file, int rate, int channels, int bits) throws IOException {
        if (bits != 0 && bits != 16 && bits != 24 && bits != 32) {
            throw new IllegalArgumentException("WAV bits must be 16, 24, 32 or float");
        }
        this.rate = rate;
        this.channels = channels;
        this.isFloat = bits == 0;
        this.bits = isFloat ? 32 : bits;
        this.frameBytes = channels * this.bits / 8;
        this.headerBytes = headerSize(channels, isFloat);
        ch = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING);
        ch.write(header(), 0); // placeholder sizes, patched in finish()
        ch.position(headerBytes);
    }

    /** RIFF + fmt (16 bytes PCM, 18 float, 40 extensible) + fact (non-PCM only) + data header. */
    private static int headerSize(int channels, boolean isFloat) {
        int fmt = channels > 2 && !isFloat ? 40 : isFloat ? 18 : 16;
        return 12 + 8 + fmt + (isFloat ? 12 : 0) + 8;
    }

    private ByteBuffer header() {
        ByteBuffer h = ByteBuffer.allocate(headerBytes).order(ByteOrder.LITTLE_ENDIAN);
        boolean ext = channels > 2 && !isFloat; // as sox does: readers warn about extensible float
        long riff = headerBytes - 8 + dataBytes + (dataBytes & 1);
        h.put("RIFF".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt((int) riff);
        h.put("WAVEfmt ".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        h.putInt(ext ? 40 : isFloat ? 18 : 16);
        int tag = isFloat ? 3 : 1;
        h.putShort((short) (ext ? 0xFFFE : tag)).putShort((short) channels).putInt(rate)
                .putInt(rate * frameBytes).putShort((short) frameBytes).putShort((short) bits);
        if (ext) {
            h.putShort((short) 22).putShort((short) bits).putInt(0); // valid bits, channel mask: unassigned
            // KSDATAFORMAT_SUBTYPE_PCM / _IEEE_FLOAT: {0000000x-0000-0010-8000-00aa00389b71}
            h.putInt(tag).putShort((short) 0).putShort((short) 0x10);
            h.put(new byte[] {(byte) 0x80, 0, 0, (byte) 0xAA, 0, 0x38, (byte) 0x9B, 0x71});
        } else if (isFloat) {
            h.putShort((short) 0); // cbSize
        }
        if (isFloat) {
            h.put("fact".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt(4).putInt((int) (dataBytes / frameBytes));
        }
        h.put("data".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt((int) dataBytes);
        h.flip();
        return h;
    }

    @Override
    public void write(float[][] src, int offset, int n) throws IOException {
        int len = n * frameBytes;
        if (dataBytes + len > MAX_DATA) {
            throw new IOException("output exceeds the 4 GB limit of WAV; write FLAC or 16-bit PCM instead");
        }
        if (buf.capacity() < len) {
            buf = ByteBuffer.allocate(len).order(ByteOrder.LITTLE_ENDIAN);
        }
        buf.clear();
        for (int i = offset; i < offset + n; i++) {
            for (int c = 0; c < channels; c++) {
                float v = src[c][i];
                if (isFloat) {
                    buf.putFloat(v);
                    continue;
                }
                double scale = bits == 16 ? 32768.0 : bits == 24 ? 8388608.0 : 2147483648.0;
                double x = Math.rint(v * scale);
                if (x >= scale) {
                    x = scale - 1;
                    clipped++;
                } else if (x < -scale) {
                    x = -scale;
                    clipped++;
                }
                long q = (long) x;
                if (bits == 16) {
                    buf.putShort((short) q);
                } else if (bits == 24) {
                    buf.put((byte) q).put((byte) (q >> 8)).put((byte) (q >> 16));
                } else {
                    buf.putInt((int) q);
                }
            }
        }
        buf.flip();
        while (buf.hasRemaining()) {
            ch.write(buf);
        }
        dataBytes += len;
    }

    @Override
    public void finish() throws IOException {
        if ((dataBytes & 1) == 1) {
            ch.write(ByteBuffer.allocate(1)); // RIFF pad byte
        }
        ch.write(header(), 0);
        ch.force(false);
        ch.close();
    }

    @Override
    public long clipped() {
        return clipped;
    }

    @Override
    public void close() throws IOException {
        ch.close();
    }
}
