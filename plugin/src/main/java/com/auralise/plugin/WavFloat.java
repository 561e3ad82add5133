package com.auralise.plugin;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/** Minimal 32-bit float WAV reading and writing for the bridge's test tools (skips unknown chunks). */
public final class WavFloat {
    public final int sampleRate;
    public final float[][] data; // [channel][frame]

    public WavFloat(int sampleRate, float[][] data) {
        this.sampleRate = sampleRate;
        this.data = data;
    }

    public static WavFloat read(Path p) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(p)).order(ByteOrder.LITTLE_ENDIAN);
        if (b.getInt(0) != 0x46464952 || b.getInt(8) != 0x45564157) {
            throw new IOException(p + ": not a RIFF/WAVE file");
        }
        int pos = 12;
        int channels = 0;
        int rate = 0;
        int format = 0;
        int bits = 0;
        while (pos + 8 <= b.limit()) {
            int id = b.getInt(pos);
            int len = b.getInt(pos + 4);
            int body = pos + 8;
            if (id == 0x20746d66) { // "fmt "
                format = b.getShort(body) & 0xffff;
                channels = b.getShort(body + 2);
                rate = b.getInt(body + 4);
                bits = b.getShort(body + 14);
                if (format == 0xfffe) { // WAVE_FORMAT_EXTENSIBLE: the real tag opens the sub-format GUID
                    format = b.getShort(body + 24) & 0xffff;
                }
            } else if (id == 0x61746164) { // "data"
                if (format != 3 || bits != 32) {
                    throw new IOException(p + ": expected 32-bit float, got format " + format + "/" + bits + " bits");
                }
                int frames = Math.min(len, b.limit() - body) / (4 * channels);
                float[][] d = new float[channels][frames];
                for (int i = 0; i < frames; i++) {
                    for (int c = 0; c < channels; c++) {
                        d[c][i] = b.getFloat(body + 4 * (i * channels + c));
                    }
                }
                return new WavFloat(rate, d);
            }
            pos = body + len + (len & 1);
        }
        throw new IOException(p + ": no data chunk");
    }

    public void write(Path p) throws IOException {
        int ch = data.length;
        int frames = data[0].length;
        ByteBuffer b = ByteBuffer.allocate(44 + 4 * ch * frames).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0x46464952).putInt(36 + 4 * ch * frames).putInt(0x45564157);
        b.putInt(0x20746d66).putInt(16).putShort((short) 3).putShort((short) ch).putInt(sampleRate)
                .putInt(sampleRate * 4 * ch).putShort((short) (4 * ch)).putShort((short) 32);
        b.putInt(0x61746164).putInt(4 * ch * frames);
        for (int i = 0; i < frames; i++) {
            for (float[] c : data) {
                b.putFloat(c[i]);
            }
        }
        Files.write(p, b.array());
    }
}
