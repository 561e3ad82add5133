package com.auralise.renderer.audio;

import javazoom.spi.vorbis.sampled.convert.VorbisFormatConversionProvider;
import javazoom.spi.vorbis.sampled.file.VorbisAudioFileReader;

import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.UnsupportedAudioFileException;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Ogg Vorbis through JOrbis/VorbisSPI, used directly (not via AudioSystem's service lookup, which
 * breaks in shaded jars). The decoder delivers 16-bit PCM: plenty for a lossy source.
 */
public final class OggReader implements AudioInput {
    private final InputStream file;
    private final AudioInputStream pcm;
    private final int rate;
    private final int channels;
    private byte[] bytes = new byte[0];

    public OggReader(Path path) throws IOException {
        file = new BufferedInputStream(Files.newInputStream(path), 1 << 16);
        boolean ok = false;
        try {
            AudioInputStream vorbis;
            try {
                vorbis = new VorbisAudioFileReader().getAudioInputStream(file);
            } catch (UnsupportedAudioFileException | RuntimeException e) {
                throw new AudioFormatException("unsupported or corrupt Ogg stream (only Ogg Vorbis is supported): " + e.getMessage(), e);
            }
            AudioFormat vf = vorbis.getFormat();
            rate = Math.round(vf.getSampleRate());
            channels = vf.getChannels();
            Formats.checkLayout(rate, channels);
            AudioFormat target = new AudioFormat(AudioFormat.Encoding.PCM_SIGNED, rate, 16, channels, channels * 2, rate, false);
            pcm = new VorbisFormatConversionProvider().getAudioInputStream(target, vorbis);
            ok = true;
        } finally {
            if (!ok) {
                file.close();
            }
        }
    }

    @Override
    public String description() {
        return "Ogg Vorbis";
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
        return 0;
    }

    @Override
    public long frames() {
        return -1;
    }

    @Override
    public int read(float[][] buf, int max) throws IOException {
        int frameBytes = channels * 2;
        int len = max * frameBytes;
        if (bytes.length < len) {
            bytes = new byte[len];
        }
        int got = 0;
        try {
            while (got < len) {
                int r = pcm.read(bytes, got, len - got);
                if (r < 0) {
                    break;
                }
                got += r;
            }
        } catch (RuntimeException e) {
            throw new AudioFormatException("corrupt Ogg Vorbis data: " + e, e);
        }
        int n = got / frameBytes;
        int p = 0;
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < channels; c++) {
                buf[c][i] = (short) ((bytes[p] & 0xFF) | (bytes[p + 1] << 8)) / 32768f;
                p += 2;
            }
        }
        return n;
    }

    @Override
    public void close() throws IOException {
        try {
            pcm.close();
        } finally {
            file.close();
        }
    }
}
