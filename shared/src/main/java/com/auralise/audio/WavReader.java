package com.auralise.audio;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Streaming RIFF/WAVE reader: PCM 8/16/24/32-bit, IEEE float 32/64-bit, plain or
 * WAVE_FORMAT_EXTENSIBLE. Written by hand (not javax.sound) so that every failure has a precise
 * message and a truncated file is refused up front instead of yielding a short render. The one WAV
 * reader of the project: the renderer streams through it, {@link WavFile} reads whole files with it.
 * It accepts any rate and channel count the header can hold; what a tool supports is the tool's
 * check (the renderer's is {@code Formats.checkLayout}).
 */
public final class WavReader implements AudioInput {
    private static final int PCM = 1;
    private static final int FLOAT = 3;
    private static final int EXTENSIBLE = 0xFFFE;

    private final InputStream in;
    private final int rate;
    private final int channels;
    private final int bits;
    private final boolean isFloat;
    private final int frameBytes;
    private final long frames;
    private long framesLeft;
    private byte[] bytes = new byte[0];

    public WavReader(Path file) throws IOException {
        long fileSize = Files.size(file);
        in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        boolean ok = false;
        try {
            byte[] h = readFully(12, "RIFF header");
            if (!tag(h, 0, "RIFF") || !tag(h, 8, "WAVE")) {
                throw new AudioFormatException("not a RIFF/WAVE file");
            }
            long pos = 12;
            int fmtTag = -1;
            int ch = 0;
            int sr = 0;
            int bps = 0;
            int align = 0;
            long dataSize;
            while (true) {
                byte[] c = readFully(8, "chunk header (no data chunk found)");
                long size = u32(c, 4);
                pos += 8;
                if (tag(c, 0, "fmt ")) {
                    if (size < 16 || size > 1024) {
                        throw new AudioFormatException("corrupt fmt chunk (size " + size + ")");
                    }
                    byte[] f = readFully((int) size, "fmt chunk");
                    fmtTag = u16(f, 0);
                    ch = u16(f, 2);
                    sr = (int) Math.min(Integer.MAX_VALUE, u32(f, 4));
                    align = u16(f, 12);
                    bps = u16(f, 14);
                    if (fmtTag == EXTENSIBLE) {
                        if (size < 40) {
                            throw new AudioFormatException("corrupt WAVE_FORMAT_EXTENSIBLE fmt chunk");
                        }
                        fmtTag = u16(f, 24); // the sub-format GUID starts with the plain format tag
                    }
                    skip(size & 1);
                    pos += size + (size & 1);
                } else if (tag(c, 0, "data")) {
                    if (fmtTag < 0) {
                        throw new AudioFormatException("data chunk before fmt chunk");
                    }
                    dataSize = size;
                    // 0 or 0xFFFFFFFF: written by a streaming tool that never patched the size.
                    if (size == 0xFFFFFFFFL || (size == 0 && fileSize - pos > 0)) {
                        dataSize = fileSize - pos;
                    }
                    if (dataSize > fileSize - pos) {
                        throw new AudioFormatException("truncated: data chunk declares " + dataSize
                                + " bytes but only " + (fileSize - pos) + " follow");
                    }
                    break;
                } else {
                    skip(size + (size & 1));
                    pos += size + (size & 1);
                }
            }
            if (fmtTag != PCM && fmtTag != FLOAT) {
                throw new AudioFormatException("unsupported WAV encoding (format tag 0x" + Integer.toHexString(fmtTag)
                        + "); only PCM and IEEE float are supported");
            }
            boolean fl = fmtTag == FLOAT;
            if (fl ? (bps != 32 && bps != 64) : (bps != 8 && bps != 16 && bps != 24 && bps != 32)) {
                throw new AudioFormatException("unsupported WAV sample size: " + bps + "-bit " + (fl ? "float" : "PCM"));
            }
            if (ch < 1 || sr < 1) {
                throw new AudioFormatException("corrupt fmt chunk: " + ch + " channels at " + sr + " Hz");
            }
            if (align != ch * (bps / 8)) {
                throw new AudioFormatException("corrupt fmt chunk: block align " + align + " for " + ch + " x " + bps + " bits");
            }
            rate = sr;
            channels = ch;
            bits = bps;
            isFloat = fl;
            frameBytes = align;
            frames = dataSize / frameBytes;
            framesLeft = frames;
            ok = true;
        } finally {
            if (!ok) {
                in.close();
            }
        }
    }

    @Override
    public String description() {
        return "WAV " + bits + "-bit " + (isFloat ? "float" : "PCM");
    }

    @Override
    public int sampleRate() {
        return rate;
    }

    @Override
    public int channels() {
        return channels;
    }

    @Override
    public int bitsPerSample() {
        return isFloat ? 0 : bits;
    }

    /** True for IEEE float data. */
    public boolean isFloat() {
        return isFloat;
    }

    @Override
    public long frames() {
        return frames;
    }

    @Override
    public int read(float[][] buf, int max) throws IOException {
        int n = (int) Math.min(max, framesLeft);
        if (n <= 0) {
            return 0;
        }
        int len = n * frameBytes;
        if (bytes.length < len) {
            bytes = new byte[len];
        }
        int got = in.readNBytes(bytes, 0, len);
        if (got < len) {
            throw new AudioFormatException("truncated: file ended " + (framesLeft - got / frameBytes) + " frames early");
        }
        framesLeft -= n;
        int p = 0;
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < channels; c++) {
                float v;
                switch (bits) {
                    case 8:
                        v = ((bytes[p] & 0xFF) - 128) / 128f;
                        p += 1;
                        break;
                    case 16:
                        v = (short) ((bytes[p] & 0xFF) | (bytes[p + 1] << 8)) / 32768f;
                        p += 2;
                        break;
                    case 24:
                        v = ((bytes[p] & 0xFF) | ((bytes[p + 1] & 0xFF) << 8) | (bytes[p + 2] << 16)) / 8388608f;
                        p += 3;
                        break;
                    case 32: {
                        int x = (bytes[p] & 0xFF) | ((bytes[p + 1] & 0xFF) << 8) | ((bytes[p + 2] & 0xFF) << 16) | (bytes[p + 3] << 24);
                        v = isFloat ? Float.intBitsToFloat(x) : (float) (x / 2147483648.0);
                        p += 4;
                        break;
                    }
                    default: { // 64-bit float
                        long x = 0;
                        for (int b = 7; b >= 0; b--) {
                            x = (x << 8) | (bytes[p + b] & 0xFF);
                        }
                        v = (float) Double.longBitsToDouble(x);
                        p += 8;
                    }
                }
                buf[c][i] = v;
            }
        }
        return n;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    private byte[] readFully(int n, String what) throws IOException {
        byte[] b = in.readNBytes(n);
        if (b.length < n) {
            throw new AudioFormatException("truncated or corrupt WAV: end of file in " + what);
        }
        return b;
    }

    private void skip(long n) throws IOException {
        try {
            in.skipNBytes(n);
        } catch (EOFException e) {
            throw new AudioFormatException("truncated or corrupt WAV: chunk runs past the end of the file");
        }
    }

    private static boolean tag(byte[] b, int off, String t) {
        for (int i = 0; i < 4; i++) {
            if (b[off + i] != t.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static int u16(byte[] b, int off) {
        return (b[off] & 0xFF) | ((b[off + 1] & 0xFF) << 8);
    }

    private static long u32(byte[] b, int off) {
        return (b[off] & 0xFFL) | ((b[off + 1] & 0xFFL) << 8) | ((b[off + 2] & 0xFFL) << 16) | ((b[off + 3] & 0xFFL) << 24);
    }
}
