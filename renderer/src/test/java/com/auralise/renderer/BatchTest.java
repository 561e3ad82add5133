package com.auralise.renderer;

import com.auralise.model.ModelSpec;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What a user meets in a batch: bad inputs, existing outputs, folders, stems, exit codes, being killed. */
class BatchTest {
    @TempDir
    Path dir;

    private String model() throws Exception {
        return Fixtures.modelZip(dir).toString();
    }

    private Path good(String name, int frames) throws Exception {
        return Fixtures.wav(dir.resolve(name), Fixtures.signal(frames, 2, 44100, name.hashCode()), 44100, 16);
    }

    /** One bad file of every kind never stops the batch: the good ones are written, exit 1, one line per failure. */
    @Test
    void badInputsFailAloneWithClearMessages() throws Exception {
        Path a = good("in/a.wav", 20000);
        Path b = good("in/b.wav", 3000);
        Files.writeString(dir.resolve("in/text.wav"), "just text, not audio");
        Files.write(dir.resolve("in/mp3.flac"), new byte[] {'I', 'D', '3', 4, 0, 0, 0, 0, 0, 0, 0, 0});
        // Truncated: the header promises 20000 frames, the file stops after 1000.
        Path t = good("in/truncated.wav", 20000);
        try (RandomAccessFile f = new RandomAccessFile(t.toFile(), "rw")) {
            f.setLength(44 + 4000);
        }
        // Corrupt FLAC: real stream with its frames overwritten.
        Path flac = dir.resolve("in/corrupt.flac");
        Files.copy(FormatsTest.resource("tone.flac"), flac);
        try (RandomAccessFile f = new RandomAccessFile(flac.toFile(), "rw")) {
            for (long p = 200; p < f.length(); p += 97) {
                f.seek(p);
                f.write(0x5A);
            }
        }
        Files.write(dir.resolve("in/empty.wav"), new byte[0]);
        Path out = dir.resolve("out");
        Fixtures.Run r = Fixtures.run("render", dir.resolve("in").toString(), dir.resolve("missing.wav").toString(),
                "-o", out.toString(), "--model", model(), "--layer", "1", "--feature", "0", "--jobs", "3");
        assertEquals(1, r.code(), r.err());
        String err = r.err();
        assertTrue(err.contains("missing.wav: no such file"), err);
        assertTrue(err.contains("text.wav: unsupported format"), err);
        assertTrue(err.contains("mp3.flac: unsupported format: looks like MP3"), err);
        assertTrue(err.contains("truncated.wav: truncated"), err);
        assertTrue(err.contains("corrupt.flac: corrupt"), err);
        assertTrue(err.contains("empty.wav: empty file"), err);
        assertTrue(err.contains("2 of 8 outputs written, 6 failed"), err);
        assertEquals(20000, Fixtures.read(out.resolve("a.wav")).frames());
        assertEquals(3000, Fixtures.read(out.resolve("b.wav")).frames());
        try (Stream<Path> s = Files.list(out)) {
            assertEquals(List.of("a.wav", "b.wav"), s.map(p -> p.getFileName().toString()).sorted().toList(), "no partial outputs");
        }
        assertEquals(0, Fixtures.temporaries(dir));
    }

    @Test
    void refusesToOverwriteUnlessForced() throws Exception {
        Path in = good("in.wav", 5000);
        Path out = dir.resolve("out.wav");
        Files.writeString(out, "precious");
        Fixtures.Run r = Fixtures.run("render", in.toString(), "-o", out.toString(), "--model", model(), "-l", "1", "-k", "0");
        assertEquals(1, r.code());
        assertTrue(r.err().contains("output exists (use --force to overwrite)"), r.err());
        assertEquals("precious", Files.readString(out));
        r = Fixtures.run("render", in.toString(), "-o", out.toString(), "--model", model(), "-l", "1", "-k", "0", "--force");
        assertEquals(0, r.code(), r.err());
        assertEquals(5000, Fixtures.read(out).frames());
        // --force never overwrites the input itself.
        r = Fixtures.run("render", in.toString(), "-o", in.toString(), "--model", model(), "-l", "1", "-k", "0", "--force");
        assertEquals(1, r.code());
        assertTrue(r.err().contains("would overwrite the input"), r.err());
        assertEquals(5000, Fixtures.read(in).frames());
        assertEquals(0, Fixtures.temporaries(dir));
    }

    @Test
    void unwritableOutputFailsWithoutLeftovers() throws Exception {
        Path in = good("in.wav", 5000);
        Path blocker = Files.writeString(dir.resolve("blocker"), "a file where a folder should be");
        Fixtures.Run r = Fixtures.run("render", in.toString(), "-o", blocker.resolve("sub").toString(), "--model", model(), "-l", "1", "-k", "0");
        assertEquals(1, r.code());
        assertTrue(r.err().contains("in.wav"), r.err());
        assertEquals(0, Fixtures.temporaries(dir));
        // A read-only folder (only meaningful when not root: root writes anyway).
        Path ro = Files.createDirectories(dir.resolve("ro"));
        assertTrue(ro.toFile().setWritable(false, false));
        try {
            if (!Files.isWritable(ro)) {
                r = Fixtures.run("render", in.toString(), "-o", ro.resolve("x.wav").toString(), "--model", model(), "-l", "1", "-k", "0");
                assertEquals(1, r.code());
                assertTrue(r.err().contains("ermission denied"), r.err());
                assertFalse(Files.exists(ro.resolve("x.wav")));
            }
        } finally {
            ro.toFile().setWritable(true, false);
        }
    }

    /** Zero-length audio is valid audio: an empty output with the input's layout. */
    /** On a terminal a progress bar is drawn on stderr and ends at 100 %; without one, a clean run prints nothing. */
    @Test
    void progressOnlyOnATerminal() throws Exception {
        Path in = good("in.wav", 44100 * 5);
        java.io.ByteArrayOutputStream e = new java.io.ByteArrayOutputStream();
        java.io.ByteArrayOutputStream o = new java.io.ByteArrayOutputStream();
        int code = Auralise.run(new String[] {"render", in.toString(), "-o", dir.resolve("a.wav").toString(), "--model", model(), "-l", "1", "-k", "0"},
                new java.io.PrintStream(o, true), new java.io.PrintStream(e, true), true);
        assertEquals(0, code);
        String err = e.toString();
        assertTrue(err.contains("[##############################] 100%  1/1 files"), err);
        assertTrue(err.contains("1 of 1 outputs written, 0 failed"), err);
        Fixtures.Run quiet = Fixtures.run("render", in.toString(), "-o", dir.resolve("b.wav").toString(), "--model", model(), "-l", "1", "-k", "0");
        assertEquals(0, quiet.code());
        assertEquals("", quiet.err());
        assertEquals("", quiet.out());
    }

    @Test
    void zeroLengthInputGivesZeroLengthOutput() throws Exception {
        Path in = Fixtures.wav(dir.resolve("silence.wav"), new float[6][0], 96000, 24);
        Path out = dir.resolve("o.flac");
        Fixtures.Run r = Fixtures.run("render", in.toString(), "-o", out.toString(), "--model", model(), "-l", "2", "-k", "0");
        assertEquals(0, r.code(), r.err());
        Fixtures.Decoded y = Fixtures.read(out);
        assertEquals(0, y.frames());
        assertEquals(6, y.channels());
        assertEquals(96000, y.rate());
    }

    @Test
    void foldersAndGlobsMirrorTheTree() throws Exception {
        good("music/x/one.wav", 3000);
        good("music/x/y/two.wav", 3000);
        Files.copy(FormatsTest.resource("tone.ogg"), dir.resolve("music/three.ogg"));
        Files.writeString(dir.resolve("music/readme.txt"), "not picked up by a folder scan");
        Path out = dir.resolve("out");
        Fixtures.Run r = Fixtures.run("render", dir.resolve("music").toString(), "-o", out.toString(), "--model", model(),
                "-l", "1", "-k", "1", "--format", "flac");
        assertEquals(0, r.code(), r.err());
        assertTrue(Files.exists(out.resolve("x/one.flac")));
        assertTrue(Files.exists(out.resolve("x/y/two.flac")));
        assertEquals(22050, Fixtures.read(out.resolve("three.flac")).frames());
        Path out2 = dir.resolve("out2");
        r = Fixtures.run("render", dir.resolve("music").toString() + "/x/**.wav", "-o", out2.toString(), "--model", model(), "-l", "1", "-k", "1");
        assertEquals(0, r.code(), r.err());
        assertTrue(Files.exists(out2.resolve("y/two.wav")), r.err());
        r = Fixtures.run("render", dir.resolve("music").toString() + "/*.mp3", "-o", out2.toString(), "--model", model(), "-l", "1", "-k", "1");
        assertEquals(1, r.code());
        assertTrue(r.err().contains("no files match"), r.err());
    }

    @Test
    void stemsWritesOneFilePerNamedFilter() throws Exception {
        Path in = good("song.wav", 12000);
        Path out = dir.resolve("stems");
        Fixtures.Run r = Fixtures.run("stems", in.toString(), "-o", out.toString(), "--model", model());
        assertEquals(0, r.code(), r.err());
        try (Stream<Path> s = Files.list(out)) {
            assertEquals(List.of("bass-selector.wav", "kick-selector.wav", "onset-detector.wav"),
                    s.map(p -> p.getFileName().toString()).sorted().toList());
        }
        Fixtures.Decoded kick = Fixtures.read(out.resolve("kick-selector.wav"));
        assertEquals(12000, kick.frames());
        // The stem is the catalogue's best "kick selector" (layer 2, feature 1), rendered exactly as render would.
        Path single = dir.resolve("kick.wav");
        assertEquals(0, Fixtures.run("render", in.toString(), "-o", single.toString(), "--model", model(), "--filter", "kick").code());
        Path explicit = dir.resolve("l2k1.wav");
        assertEquals(0, Fixtures.run("render", in.toString(), "-o", explicit.toString(), "--model", model(), "-l", "2", "-k", "1").code());
        assertArrayEquals(Fixtures.read(explicit).data()[0], kick.data()[0], 0f);
        assertArrayEquals(Fixtures.read(single).data()[1], kick.data()[1], 0f);
        // Two inputs: one folder each.
        good("other.wav", 4000);
        Path out2 = dir.resolve("stems2");
        r = Fixtures.run("stems", in.toString(), dir.resolve("other.wav").toString(), "-o", out2.toString(), "--model", model());
        assertEquals(0, r.code(), r.err());
        assertTrue(Files.exists(out2.resolve("other/bass-selector.wav")));
        assertTrue(Files.exists(out2.resolve("song/onset-detector.wav")));
    }

    @Test
    void exitCodes() throws Exception {
        Path in = good("in.wav", 2000);
        String o = dir.resolve("o.wav").toString();
        assertEquals(2, Fixtures.run("render", in.toString(), "-o", o, "--bogus").code());
        assertEquals(2, Fixtures.run("render", in.toString()).code(), "no -o");
        assertEquals(2, Fixtures.run().code(), "no command");
        assertEquals(2, Fixtures.run("render", in.toString(), "-o", o, "--model", model(), "-l", "1", "-k", "0", "--mix", "2").code());
        assertEquals(2, Fixtures.run("render", in.toString(), "-o", o, "--model", model(), "-l", "1", "-k", "0", "--format", "mp3").code());
        assertEquals(2, Fixtures.run("render", in.toString(), "-o", o, "--model", model(), "-l", "1", "-k", "0", "--jobs", "0").code());
        assertEquals(2, Fixtures.run("render", in.toString(), "-o", o, "--model", model(), "-l", "1").code(), "layer without feature");
        assertEquals(2, Fixtures.run("render", in.toString(), in.toString(), "-o", o, "--model", model(), "-l", "1", "-k", "0").code(), "two inputs, one output file");
        assertEquals(2, Fixtures.run("render", in.toString(), "-o", o, "--model", model(), "--filter", "kick", "-l", "1", "-k", "0").code(), "two selections");
        Fixtures.Run r = Fixtures.run("render", in.toString(), "-o", o, "--model", dir.resolve("nope.zip").toString(), "-l", "1", "-k", "0");
        assertEquals(3, r.code());
        assertTrue(r.err().contains("model file not found"), r.err());
        Path junk = Files.writeString(dir.resolve("junk.zip"), "not a zip");
        assertEquals(3, Fixtures.run("info", junk.toString()).code());
        r = Fixtures.run("render", in.toString(), "-o", o, "--model", model(), "-l", "9", "-k", "0");
        assertEquals(3, r.code());
        assertTrue(r.err().contains("layers 1-3"), r.err());
        r = Fixtures.run("render", in.toString(), "-o", o, "--model", model(), "--filter", "snare");
        assertEquals(3, r.code());
        assertTrue(r.err().contains("'kick selector'"), r.err());
        assertFalse(Files.exists(Path.of(o)));
        assertEquals(0, Fixtures.run("--version").code());
        for (String cmd : new String[] {"render", "stems", "features", "info", "bench"}) {
            Fixtures.Run h = Fixtures.run(cmd, "--help");
            assertEquals(0, h.code(), cmd);
            assertTrue(h.out().contains("Usage: auralise " + cmd), h.out());
        }
    }

    @Test
    void featuresAndInfoDescribeTheModel() throws Exception {
        Fixtures.Run r = Fixtures.run("features", "--model", model());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("onset detector"), r.out());
        // Best per name: the 0.8 kick selector at layer 2 feature 1, not the 0.5 one.
        assertTrue(r.out().matches("(?s).*kick selector\\s+2\\s+1\\s+0\\.80.*"), r.out());
        assertFalse(r.out().contains("0.50"), r.out());
        r = Fixtures.run("features", "--scores", "--model", model());
        assertTrue(r.out().contains("sisdr_db=3.50"), r.out());
        r = Fixtures.run("info", model());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("22050 Hz, linear front-end, nFft 256, hop 64"), r.out());
        // Receptive field in frames 4, 10, 22 for layers 1-3 (3x3 convs, 2x2 pools).
        assertTrue(r.out().matches("(?s).*\\n1 +1->4 +3x3 +2x2 +4 .*\\n2 +4->4 +3x3 +2x2 +10 .*\\n3 +4->4 +3x3 +2x2 +22 .*"), r.out());
    }

    /** The listing shows what earned each name, from the trainer's score keys. */
    @Test
    void evidenceNamesTheScoresBehindAName() {
        ModelSpec.CatalogueEntry kick = Fixtures.entry("kick selector", 2, 1, 0.8);
        kick.scores.put("dSiSdr:kick", 9.82);
        kick.scores.put("envCorr:kick", 0.782);
        kick.scores.put("dSiSdr:bass", -5.5);
        assertEquals("kick SI-SDR +9.8 dB over the mix, envelope r 0.78", Models.evidence(kick));
        ModelSpec.CatalogueEntry onset = Fixtures.entry("onset detector", 4, 57, 0.9);
        onset.scores.put("onsetF", 0.896);
        onset.scores.put("mixOnsetF", 0.891);
        onset.scores.put("verified", 0.0);
        assertEquals("onset F 0.90, the mix's own 0.89, not verified on audio", Models.evidence(onset));
    }

    /** Killed mid-render (SIGTERM, as Ctrl-C or a scheduler does): the shutdown hook removes the temporary file. */
    @Test
    void killedRenderLeavesNoPartialFile() throws Exception {
        Path in = Fixtures.wav(dir.resolve("long.wav"), Fixtures.signal(44100 * 120, 2, 44100, 1), 44100, 16);
        Path outDir = Files.createDirectories(dir.resolve("out"));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), Auralise.class.getName(),
                "render", in.toString(), "-o", outDir.resolve("long.wav").toString(), "--model", model(), "-l", "3", "-k", "0")
                .redirectErrorStream(true).redirectOutput(dir.resolve("log.txt").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (Fixtures.temporaries(outDir) == 0 && p.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertTrue(p.isAlive(), "render finished before it could be killed: " + Files.readString(dir.resolve("log.txt")));
        assertEquals(1, Fixtures.temporaries(outDir), "the temporary file exists while rendering");
        p.destroy(); // SIGTERM
        assertTrue(p.waitFor(20, TimeUnit.SECONDS));
        assertEquals(0, Fixtures.temporaries(outDir), "temporary removed");
        assertFalse(Files.exists(outDir.resolve("long.wav")), "no partial output");
    }
}
