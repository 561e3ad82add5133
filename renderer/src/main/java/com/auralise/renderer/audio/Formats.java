package com.auralise.renderer.audio;

import com.auralise.audio.AudioFormatException;
import com.auralise.audio.AudioInput;
import com.auralise.audio.AudioOutput;
import com.auralise.audio.WavReader;
import com.auralise.audio.WavWriter;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** Opens inputs by content (magic bytes, not the file name) and creates outputs by format name. */
public final class Formats {
    /** What the renderer accepts; FeatureFilter itself goes further, but these are what we test. */
    public static final int MIN_RATE = 8000;
    public static final int MAX_RATE = 192000;
    public static final int MAX_CHANNELS = 8;

    private Formats() {
    }

    /** File name endings that a folder scan picks up. */
    public static boolean looksLikeAudio(Path p) {
        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return n.endsWith(".wav") || n.endsWith(".wave") || n.endsWith(".flac") || n.endsWith(".ogg") || n.endsWith(".oga");
    }

    public static AudioInput open(Path file) throws IOException {
        if (Files.isDirectory(file)) {
            throw new AudioFormatException("is a folder");
        }
        byte[] magic;
        try (InputStream in = Files.newInputStream(file)) {
            magic = in.readNBytes(12);
        }
        if (magic.length == 0) {
            throw new AudioFormatException("empty file (0 bytes): not audio");
        }
        String head = new String(magic, 0, Math.min(4, magic.length), java.nio.charset.StandardCharsets.ISO_8859_1);
        switch (head) {
            case "RIFF":
                return checked(new WavReader(file));
            case "fLaC":
                return new FlacReader(file);
            case "OggS":
                return new OggReader(file);
            case "RF64":
                throw new AudioFormatException("unsupported format: RF64 (WAV over 4 GB); convert to FLAC first");
            default:
                if (head.startsWith("ID3") || (magic.length > 1 && (magic[0] & 0xFF) == 0xFF && (magic[1] & 0xE0) == 0xE0)) {
                    throw new AudioFormatException("unsupported format: looks like MP3; supported are WAV, FLAC and Ogg Vorbis");
                }
                throw new AudioFormatException("unsupported format: not WAV, FLAC or Ogg Vorbis");
        }
    }

    /** The core's WAV reader takes any layout; the renderer's range is checked here, as FLAC and Ogg do. */
    private static AudioInput checked(AudioInput in) throws IOException {
        try {
            checkLayout(in.sampleRate(), in.channels());
            return in;
        } catch (AudioFormatException e) {
            in.close();
            throw e;
        }
    }

    public static void checkLayout(int rate, int channels) throws AudioFormatException {
        if (channels < 1 || channels > MAX_CHANNELS) {
            throw new AudioFormatException("unsupported channel count " + channels + " (1-" + MAX_CHANNELS + " supported)");
        }
        if (rate < MIN_RATE || rate > MAX_RATE) {
            throw new AudioFormatException("unsupported sample rate " + rate + " Hz (" + MIN_RATE + "-" + MAX_RATE + " Hz supported)");
        }
    }

    /** Output encodings: "wav" (bits 0 = 32-bit float, or 16/24/32 PCM) and "flac" (16 or 24). */
    public static AudioOutput create(Path file, String format, int bits, int rate, int channels) throws IOException {
        switch (format) {
            case "wav":
                return new WavWriter(file, rate, channels, bits);
            case "flac":
                return new FlacWriter(file, rate, channels, bits);
            default:
                throw new IllegalArgumentException("unknown output format " + format);
        }
    }
}
