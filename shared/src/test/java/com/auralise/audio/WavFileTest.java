package com.auralise.audio;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The core's one WAV reader/writer, as the plugin's and trainer's whole-file tools use it. */
class WavFileTest {
    @TempDir
    Path dir;

    private static float[][] noise(int channels, int frames, long seed) {
        Random r = new Random(seed);
        float[][] x = new float[channels][frames];
        for (float[] c : x) {
            for (int i = 0; i < frames; i++) {
                c[i] = (float) (r.nextDouble() * 1.98 - 0.99); // inside [-1, 1): PCM would clip beyond
            }
        }
        return x;
    }

    /** Float is bit-exact (the trainer's mix == sum(stems) depends on it), at any rate the header holds. */
    @Test
    void floatRoundTripIsBitExact() throws Exception {
        float[][] x = noise(3, 10007, 1);
        x[0][5] = Float.MIN_VALUE;
        x[1][6] = -0f;
        x[2][7] = 3.5f; // beyond [-1, 1]: float never clips
        Path p = dir.resolve("x.wav");
        new WavFile(384000, x).write(p);
        WavFile y = WavFile.read(p);
        assertEquals(384000, y.sampleRate);
        assertEquals(0, y.bits);
        assertEquals(3, y.channels());
        for (int c = 0; c < 3; c++) {
            for (int i = 0; i < x[c].length; i++) {
                assertEquals(Float.floatToRawIntBits(x[c][i]), Float.floatToRawIntBits(y.data[c][i]), "ch " + c + " frame " + i);
            }
        }
        assertFalse(Files.exists(dir.resolve("x.wav.tmp")), "the temporary is renamed away");
    }

    /** 16/24/32-bit PCM from the streaming writer reads back within half a quantisation step. */
    @ParameterizedTest
    @ValueSource(ints = {16, 24, 32})
    void pcmReadsWithinHalfAStep(int bits) throws Exception {
        float[][] x = noise(2, 3001, bits);
        Path p = dir.resolve("pcm.wav");
        try (WavWriter w = new WavWriter(p, 48000, 2, bits)) {
            w.write(x, 0, 1000);
            w.write(x, 1000, 2001);
            w.finish();
        }
        WavFile y = WavFile.read(p);
        assertEquals(bits, y.bits);
        assertEquals(3001, y.frames());
        double step = Math.pow(2, -(bits - 1));
        for (int c = 0; c < 2; c++) {
            for (int i = 0; i < 3001; i++) {
                assertTrue(Math.abs(x[c][i] - y.data[c][i]) <= step * 0.5 + 1e-7, bits + "-bit ch " + c + " frame " + i);
            }
        }
    }

    /** A file written by the JDK (not by us) gives the same samples. */
    @Test
    void readsJavaSoundPcm() throws Exception {
        short[] s = {0, 1, -1, 32767, -32768, 1234, -4321, 77};
        ByteBuffer b = ByteBuffer.allocate(s.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (short v : s) {
            b.putShort(v);
        }
        AudioFormat fmt = new AudioFormat(22050, 16, 2, true, false);
        Path p = dir.resolve("jdk.wav");
        AudioSystem.write(new AudioInputStream(new ByteArrayInputStream(b.array()), fmt, s.length / 2), AudioFileFormat.Type.WAVE, p.toFile());
        WavFile y = WavFile.read(p);
        assertEquals(22050, y.sampleRate);
        for (int i = 0; i < s.length; i++) {
            assertEquals(s[i] / 32768f, y.data[i % 2][i / 2], 0f);
        }
    }

    @Test
    void corruptFilesSayWhatIsWrongAndWhere() throws Exception {
        Path text = Files.writeString(dir.resolve("notes.wav"), "this is not a wave file");
        IOException e = assertThrows(AudioFormatException.class, () -> WavFile.read(text));
        assertTrue(e.getMessage().startsWith(text.toString()) && e.getMessage().contains("not a RIFF/WAVE"), e.getMessage());

        Path good = dir.resolve("good.wav");
        WavFile.writeFloat(good, 44100, new float[1000]);
        byte[] all = Files.readAllBytes(good);
        Path cut = Files.write(dir.resolve("cut.wav"), Arrays.copyOf(all, all.length - 100));
        assertTrue(assertThrows(AudioFormatException.class, () -> WavFile.read(cut)).getMessage().contains("truncated"));

        Path headerOnly = Files.write(dir.resolve("header.wav"), Arrays.copyOf(all, 12));
        assertTrue(assertThrows(AudioFormatException.class, () -> WavFile.read(headerOnly)).getMessage().contains("no data chunk"));

        byte[] noChannels = all.clone();
        noChannels[22] = 0; // fmt's channel count
        Path zero = Files.write(dir.resolve("zero.wav"), noChannels);
        assertTrue(assertThrows(AudioFormatException.class, () -> WavFile.read(zero)).getMessage().contains("corrupt fmt"));
    }
}
