package com.auralise.renderer;

import com.auralise.audio.AudioFormatException;
import com.auralise.audio.AudioInput;
import com.auralise.renderer.audio.Formats;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Readers and writers against each other, against the JDK and against files written by sox. */
class FormatsTest {
    @TempDir
    Path dir;

    /** Every rate 8-192 kHz and 1-8 channels through the CLI: layout and length kept, dry path exact. */
    @ParameterizedTest
    @CsvSource({"8000,1", "11025,2", "16000,3", "22050,4", "32000,5", "44100,6", "48000,8", "88200,2", "96000,7", "176400,1", "192000,8"})
    void ratesAndChannels(int rate, int channels) throws Exception {
        int frames = rate / 5 + 17;
        float[][] x = Fixtures.signal(frames, channels, rate, rate + channels);
        Path in = Fixtures.wav(dir.resolve("in.wav"), x, rate, 24);
        Fixtures.Decoded src = Fixtures.read(in);
        Path out = dir.resolve("out.wav");
        Fixtures.Run r = Fixtures.run("render", in.toString(), "-o", out.toString(), "--model", Fixtures.modelZip(dir).toString(),
                "--layer", "2", "--feature", "1", "--mix", "0");
        assertEquals(0, r.code(), r.err());
        Fixtures.Decoded y = Fixtures.read(out);
        assertEquals(rate, y.rate());
        assertEquals(channels, y.channels());
        assertEquals(frames, y.frames());
        for (int c = 0; c < channels; c++) {
            assertArrayEquals(src.data()[c], y.data()[c], 0f);
        }
        // And the wet path runs at this layout too (finite, same length).
        Path wet = dir.resolve("wet.wav");
        assertEquals(0, Fixtures.run("render", in.toString(), "-o", wet.toString(), "--model", Fixtures.modelZip(dir).toString(),
                "--layer", "2", "--feature", "1").code());
        Fixtures.Decoded w = Fixtures.read(wet);
        assertEquals(frames, w.frames());
        for (float[] ch : w.data()) {
            for (float v : ch) {
                assertTrue(Float.isFinite(v));
            }
        }
    }

    /** Our WAV writer's integer and float encodings read back within one quantisation step. */
    @ParameterizedTest
    @ValueSource(ints = {0, 16, 24, 32})
    void wavRoundTrip(int bits) throws Exception {
        float[][] x = Fixtures.signal(5000, 3, 44100, bits);
        Fixtures.Decoded y = Fixtures.read(Fixtures.wav(dir.resolve("x.wav"), x, 44100, bits));
        double step = bits == 0 ? 0 : Math.pow(2, -(bits - 1));
        for (int c = 0; c < 3; c++) {
            assertTrue(Fixtures.maxAbsDiff(x[c], y.data()[c]) <= step * 0.5 + 1e-7, "bits " + bits);
        }
    }

    /** A WAV written by the JDK (not by us) reads as the same samples. */
    @Test
    void readsWavWrittenByJavaSound() throws Exception {
        int n = 1000;
        byte[] pcm = new byte[n * 2 * 2];
        short[] expect = new short[n * 2];
        for (int i = 0; i < n * 2; i++) {
            expect[i] = (short) (Math.sin(i * 0.01) * 20000);
            pcm[2 * i] = (byte) expect[i];
            pcm[2 * i + 1] = (byte) (expect[i] >> 8);
        }
        AudioFormat fmt = new AudioFormat(44100, 16, 2, true, false);
        Path f = dir.resolve("jdk.wav");
        AudioSystem.write(new AudioInputStream(new ByteArrayInputStream(pcm), fmt, n), AudioFileFormat.Type.WAVE, f.toFile());
        Fixtures.Decoded y = Fixtures.read(f);
        assertEquals(n, y.frames());
        for (int i = 0; i < n; i++) {
            assertEquals(expect[2 * i] / 32768f, y.data()[0][i], 0f);
            assertEquals(expect[2 * i + 1] / 32768f, y.data()[1][i], 0f);
        }
    }

    /** 8-bit unsigned PCM from the JDK, and 64-bit float with odd-sized extra chunks written by hand. */
    @Test
    void readsEightBitAndDoubleWav() throws Exception {
        byte[] pcm = new byte[300];
        for (int i = 0; i < pcm.length; i++) {
            pcm[i] = (byte) (128 + (int) (100 * Math.sin(i * 0.1)));
        }
        Path f8 = dir.resolve("u8.wav");
        AudioSystem.write(new AudioInputStream(new ByteArrayInputStream(pcm), new AudioFormat(AudioFormat.Encoding.PCM_UNSIGNED, 8000, 8, 1, 1, 8000, false), 300),
                AudioFileFormat.Type.WAVE, f8.toFile());
        Fixtures.Decoded y = Fixtures.read(f8);
        assertEquals(300, y.frames());
        assertEquals(8000, y.rate());
        for (int i = 0; i < 300; i++) {
            assertEquals(((pcm[i] & 0xFF) - 128) / 128f, y.data()[0][i], 0f);
        }
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(12 + 8 + 3 + 1 + 8 + 16 + 8 + 2 * 2 * 8).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes()).putInt(b.capacity() - 8).put("WAVE".getBytes());
        b.put("junk".getBytes()).putInt(3).put(new byte[] {1, 2, 3}).put((byte) 0); // odd size + pad byte
        b.put("fmt ".getBytes()).putInt(16).putShort((short) 3).putShort((short) 2).putInt(22050).putInt(22050 * 16).putShort((short) 16).putShort((short) 64);
        b.put("data".getBytes()).putInt(32).putDouble(0.5).putDouble(-0.25).putDouble(1e-3).putDouble(-1);
        Path f64 = Files.write(dir.resolve("f64.wav"), b.array());
        Fixtures.Decoded d = Fixtures.read(f64);
        assertEquals(2, d.frames());
        assertArrayEquals(new float[] {0.5f, 1e-3f}, d.data()[0], 0f);
        assertArrayEquals(new float[] {-0.25f, -1f}, d.data()[1], 0f);
    }

    /** sox's FLAC decodes to exactly the same samples as sox's WAV of the same signal. */
    @Test
    void readsFlacFromSox() throws Exception {
        Fixtures.Decoded wav = Fixtures.read(resource("tone.wav"));
        Fixtures.Decoded flac = Fixtures.read(resource("tone.flac"));
        assertEquals(22050, flac.frames());
        assertEquals(2, flac.channels());
        for (int c = 0; c < 2; c++) {
            assertArrayEquals(wav.data()[c], flac.data()[c], 0f);
        }
        Fixtures.Decoded f24 = Fixtures.read(resource("tone24.flac"));
        assertEquals(48000 * 3 / 10, f24.frames());
        assertEquals(48000, f24.rate());
        double peak = 0;
        for (float v : f24.data()[0]) {
            peak = Math.max(peak, Math.abs(v));
        }
        assertEquals(Math.pow(10, -3 / 20.0), peak, 0.01); // sox: sine at -3 dB
    }

    /** Ogg Vorbis from sox decodes to the right layout and approximately the source (lossy). */
    @Test
    void readsOggVorbisFromSox() throws Exception {
        Fixtures.Decoded wav = Fixtures.read(resource("tone.wav"));
        Fixtures.Decoded ogg = Fixtures.read(resource("tone.ogg"));
        assertEquals(44100, ogg.rate());
        assertEquals(2, ogg.channels());
        assertEquals(22050, ogg.frames());
        for (int c = 0; c < 2; c++) {
            double dot = 0;
            double na = 0;
            double nb = 0;
            for (int i = 0; i < ogg.frames(); i++) {
                dot += wav.data()[c][i] * ogg.data()[c][i];
                na += wav.data()[c][i] * wav.data()[c][i];
                nb += ogg.data()[c][i] * ogg.data()[c][i];
            }
            assertTrue(dot / Math.sqrt(na * nb) > 0.99, "correlation " + dot / Math.sqrt(na * nb));
        }
    }

    /** FLAC output (javaFlacEncoder) reads back (jflac) within 24-bit quantisation, any channel count. */
    @ParameterizedTest
    @CsvSource({"1,44100,24", "2,48000,16", "8,96000,24"})
    void flacRoundTrip(int channels, int rate, int bits) throws Exception {
        float[][] x = Fixtures.signal(10000, channels, rate, 1);
        Path in = Fixtures.wav(dir.resolve("in.wav"), x, rate, 0);
        Path out = dir.resolve("out.flac");
        Fixtures.Run r = Fixtures.run("render", in.toString(), "-o", out.toString(), "--model", Fixtures.modelZip(dir).toString(),
                "--layer", "1", "--feature", "0", "--mix", "0", "--bits", "" + bits);
        assertEquals(0, r.code(), r.err());
        byte[] head = Files.readAllBytes(out);
        assertEquals("fLaC", new String(head, 0, 4, java.nio.charset.StandardCharsets.ISO_8859_1));
        Fixtures.Decoded y = Fixtures.read(out);
        assertEquals(10000, y.frames());
        assertEquals(channels, y.channels());
        assertEquals(rate, y.rate());
        for (int c = 0; c < channels; c++) {
            assertTrue(Fixtures.maxAbsDiff(x[c], y.data()[c]) <= Math.pow(2, -(bits - 1)) * 0.5 + 1e-7);
        }
    }

    /** Our WAV outputs read in other readers: the JDK's, and sox's when installed (it warns on odd headers). */
    @ParameterizedTest
    @CsvSource({"float,1", "float,8", "16,2", "24,6", "32,8"})
    void outputsReadElsewhere(String bits, int channels) throws Exception {
        float[][] x = Fixtures.signal(4321, channels, 48000, 4);
        Path in = Fixtures.wav(dir.resolve("in.wav"), x, 48000, 0);
        Path out = dir.resolve("out.wav");
        assertEquals(0, Fixtures.run("render", in.toString(), "-o", out.toString(), "--model", Fixtures.modelZip(dir).toString(),
                "-l", "1", "-k", "0", "--bits", bits).code());
        AudioFileFormat jdk = AudioSystem.getAudioFileFormat(out.toFile());
        assertEquals(4321, jdk.getFrameLength());
        assertEquals(channels, jdk.getFormat().getChannels());
        Path sox = Path.of("/usr/bin/soxi");
        if (Files.isExecutable(sox)) {
            Process p = new ProcessBuilder(sox.toString(), "-s", out.toString()).redirectErrorStream(true).start();
            String o = new String(p.getInputStream().readAllBytes()).trim();
            assertEquals(0, p.waitFor());
            assertEquals("4321", o, "soxi says: " + o);
        }
    }

    @Test
    void detectsFormatsByContentAndExplainsFailures() throws Exception {
        Path text = Files.writeString(dir.resolve("notes.wav"), "this is not audio");
        AudioFormatException e = assertThrows(AudioFormatException.class, () -> Formats.open(text));
        assertTrue(e.getMessage().contains("unsupported format"), e.getMessage());
        Path mp3 = Files.write(dir.resolve("song.wav"), new byte[] {'I', 'D', '3', 3, 0, 0, 0, 0, 0, 0});
        assertTrue(assertThrows(AudioFormatException.class, () -> Formats.open(mp3)).getMessage().contains("MP3"));
        Path empty = Files.write(dir.resolve("empty.wav"), new byte[0]);
        assertTrue(assertThrows(AudioFormatException.class, () -> Formats.open(empty)).getMessage().contains("empty"));
        // A FLAC with a .wav name is still read as FLAC.
        Path misnamed = Files.copy(resource("tone.flac"), dir.resolve("really-flac.wav"));
        try (AudioInput in = Formats.open(misnamed)) {
            assertTrue(in.description().startsWith("FLAC"));
        }
    }

    @Test
    void refusesOutOfRangeLayouts() throws Exception {
        Path hi = Fixtures.wav(dir.resolve("hi.wav"), new float[1][10], 384000, 16);
        assertTrue(assertThrows(AudioFormatException.class, () -> Formats.open(hi)).getMessage().contains("sample rate"));
        Path wide = Fixtures.wav(dir.resolve("wide.wav"), new float[9][10], 44100, 16);
        assertTrue(assertThrows(AudioFormatException.class, () -> Formats.open(wide)).getMessage().contains("channel"));
    }

    static Path resource(String name) throws Exception {
        try (InputStream in = FormatsTest.class.getResourceAsStream("/fixtures/" + name)) {
            Path p = Files.createTempFile("fixture", name);
            Files.write(p, in.readAllBytes());
            p.toFile().deleteOnExit();
            return p;
        }
    }
}
