package com.auralise.batch;

import com.auralise.audio.WavWriter;
import com.auralise.model.Model;
import com.auralise.model.ModelWriter;
import com.auralise.model.TestModels;
import com.auralise.renderer.Auralise;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The job end to end on both runners, on a folder of three ~1 s tracks and one corrupt file:
 * outputs are the render command's bytes, the bad file is one error row, a rerun renders only
 * what is missing, and a local Flink cluster writes what the DirectRunner writes.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BatchJobTest {
    static final String[] GOOD = {"a.wav", "sub/b.wav", "c.wav"};
    static final String[] FILTER = {"--layer", "2", "--feature", "1", "--mix", "0.8"};

    @TempDir
    static Path dir;
    Path in;
    Path model;
    /** What `auralise render` writes for each good input, by relative name. */
    final Map<String, byte[]> reference = new TreeMap<>();

    record Run(int code, String out, String err) {
    }

    @BeforeAll
    void files() throws Exception {
        in = dir.resolve("in");
        model = dir.resolve("model.zip");
        Model m = TestModels.tiny(11, 3, 4, "same");
        ModelWriter.write(m, model);
        int[] rates = {44100, 22050, 48000};
        int[] channels = {2, 1, 2};
        for (int i = 0; i < GOOD.length; i++) {
            wav(in.resolve(GOOD[i]), rates[i], channels[i], rates[i] + rates[i] / 10 * i, i);
        }
        // Corrupt: a WAV header that promises 1 s of 16-bit stereo, then stops.
        Path bad = in.resolve("corrupt.wav");
        wav(bad, 44100, 2, 44100, 9);
        byte[] b = Files.readAllBytes(bad);
        Files.write(bad, java.util.Arrays.copyOf(b, 44 + 1000));
        for (String g : GOOD) {
            Path ref = dir.resolve("ref").resolve(g);
            Files.createDirectories(ref.getParent());
            Run r = render(in.resolve(g), ref);
            assertEquals(0, r.code(), r.err());
            reference.put(g, Files.readAllBytes(ref));
        }
    }

    @Test
    @Order(1)
    void directRunnerWritesTheRenderCommandsBytesAndAnErrorRowForTheCorruptFile() throws Exception {
        Path out = dir.resolve("direct");
        Run r = batch(out, "--runner", "direct");
        assertEquals(1, r.code(), r.err()); // one track failed: exit 1, as `render`
        Map<String, ResultRow> rows = rows(out);
        assertEquals(4, rows.size(), rows.toString());
        for (String g : GOOD) {
            assertEquals(ResultRow.OK, rows.get(g).status(), rows.get(g).toString());
            assertTrue(rows.get(g).audioSeconds() > 0.9 && rows.get(g).audioSeconds() < 1.3, rows.get(g).toString());
            assertTrue(rows.get(g).xRealTime() > 0);
            assertArrayEquals(reference.get(g), Files.readAllBytes(out.resolve(g)), g + " differs from auralise render's output");
            assertTrue(Files.isRegularFile(Sidecar.pathFor(out.resolve(g))));
        }
        ResultRow bad = rows.get("corrupt.wav");
        assertEquals(ResultRow.ERROR, bad.status());
        assertTrue(bad.reason().contains("corrupt.wav"), bad.reason());
        assertFalse(Files.exists(out.resolve("corrupt.wav")));
        assertNoTemporaries(out);
        assertTrue(r.err().contains("4 tracks: 3 rendered, 0 up to date, 1 failed"), r.err());
    }

    @Test
    @Order(2)
    void rerunAfterAKillRendersOnlyTheMissingTrack() throws Exception {
        Path out = dir.resolve("direct");
        Path lost = out.resolve("sub/b.wav");
        // Output gone, sidecar kept: what a job killed between writing the sidecar and the rename leaves.
        Files.delete(lost);
        FileTime aTime = Files.getLastModifiedTime(out.resolve("a.wav"));
        Run r = batch(out, "--runner", "direct");
        assertEquals(1, r.code(), r.err());
        Map<String, ResultRow> rows = rows(out);
        assertEquals(ResultRow.OK, rows.get("sub/b.wav").status());
        assertEquals(ResultRow.SKIPPED, rows.get("a.wav").status());
        assertEquals(ResultRow.SKIPPED, rows.get("c.wav").status());
        assertEquals(ResultRow.ERROR, rows.get("corrupt.wav").status());
        assertEquals(aTime, Files.getLastModifiedTime(out.resolve("a.wav")), "an up-to-date output was rewritten");
        assertArrayEquals(reference.get("sub/b.wav"), Files.readAllBytes(lost));
        assertTrue(r.err().contains("1 rendered, 2 up to date, 1 failed"), r.err());

        // Other settings make every output stale: all are rendered again (and still match `render` for those settings).
        Files.writeString(in.resolve("c.wav.touch"), "not audio: ignored by the folder scan");
        Run again = batch(out, "--runner", "direct", "--invert");
        assertTrue(again.err().contains("3 rendered, 0 up to date, 1 failed"), again.err());
        assertFalse(java.util.Arrays.equals(reference.get("a.wav"), Files.readAllBytes(out.resolve("a.wav"))));
    }

    @Test
    @Order(3)
    void anOutputThatBatchDidNotWriteIsKeptUnlessForce() throws Exception {
        Path out = dir.resolve("foreign");
        Files.createDirectories(out);
        Files.writeString(out.resolve("a.wav"), "someone else's file");
        Run r = batch(out, "--runner", "direct");
        ResultRow a = rows(out).get("a.wav");
        assertEquals(ResultRow.ERROR, a.status());
        assertTrue(a.reason().contains("output exists (use --force"), a.reason());
        assertEquals("someone else's file", Files.readString(out.resolve("a.wav")));
        Run forced = batch(out, "--runner", "direct", "--force");
        assertEquals(ResultRow.OK, rows(out).get("a.wav").status(), forced.err());
        assertArrayEquals(reference.get("a.wav"), Files.readAllBytes(out.resolve("a.wav")));
    }

    @Test
    @Order(4)
    void flinkMiniClusterWritesWhatTheDirectRunnerWrites() throws Exception {
        Path out = dir.resolve("flink");
        Run r = batch(out, "--runner", "flink", "--flink-master", "[local]");
        assertEquals(1, r.code(), r.err());
        Map<String, ResultRow> rows = rows(out);
        assertEquals(4, rows.size(), rows.toString());
        for (String g : GOOD) {
            assertEquals(ResultRow.OK, rows.get(g).status(), rows.get(g).toString());
            assertArrayEquals(reference.get(g), Files.readAllBytes(out.resolve(g)), g + ": Flink's output differs");
        }
        assertEquals(ResultRow.ERROR, rows.get("corrupt.wav").status());
        assertNoTemporaries(out);
        // And the rerun on Flink is idempotent too.
        Run again = batch(out, "--runner", "flink");
        assertTrue(again.err().contains("0 rendered, 3 up to date, 1 failed"), again.err());
    }

    @Test
    @Order(5)
    void manifestOfPathsAndUris() throws Exception {
        Path manifest = dir.resolve("tracks.jsonl");
        Files.writeString(manifest, String.join("\n",
                "{\"path\": \"in/a.wav\"}",
                "{\"uri\": \"" + in.resolve("c.wav").toUri() + "\", \"id\": \"album/c-track\"}",
                "{\"uri\": \"s3://bucket/x.wav\"}",
                "\"in/missing.wav\""));
        Path out = dir.resolve("manifest");
        Run r = BatchJobTest.run(withFilter("--manifest", manifest.toString(), "-o", out.toString(), "--model", model.toString(), "-j", "2"));
        assertEquals(1, r.code(), r.err());
        Map<String, ResultRow> rows = new TreeMap<>();
        for (String l : Files.readAllLines(out.resolve("batch-results.jsonl"))) {
            ResultRow row = ResultRow.parse(l);
            rows.put(Path.of(row.input()).getFileName().toString(), row);
        }
        assertEquals(4, rows.size(), rows.toString());
        assertArrayEquals(reference.get("a.wav"), Files.readAllBytes(out.resolve("in/a.wav")));
        assertArrayEquals(reference.get("c.wav"), Files.readAllBytes(out.resolve("album/c-track.wav")));
        assertTrue(rows.get("x.wav").reason().contains("unsupported URI scheme 's3:'"), rows.get("x.wav").reason());
        assertTrue(rows.get("missing.wav").reason().contains("no such file"), rows.get("missing.wav").reason());
    }

    @Test
    void csvManifestWithHeaderAndQuotes() throws Exception {
        Path m = dir.resolve("list.csv");
        Files.writeString(m, "id,path\nfirst,in/a.wav\n\"with, comma\",\"in/sub/b.wav\"\n");
        List<Track> t = Tracks.fromManifest(m, dir.resolve("o"), ".flac");
        assertEquals(2, t.size());
        assertEquals(dir.resolve("o/first.flac").toString(), t.get(0).output());
        assertEquals(dir.resolve("o/with, comma.flac").toString(), t.get(1).output());
        Path plain = dir.resolve("plain.csv");
        Files.writeString(plain, "in/a.wav,extra\nin/a.wav\n");
        List<Track> p = Tracks.fromManifest(plain, dir.resolve("o"), ".wav");
        assertEquals(dir.resolve("o/in/a.wav").toString(), p.get(0).output());
        assertNotNull(p.get(1).error(), "two rows writing one output: the second is an error row");
    }

    // --- helpers ---

    private Run batch(Path out, String... extra) {
        List<String> a = new ArrayList<>(List.of(in.toString(), "-o", out.toString(), "--model", model.toString(), "-j", "2"));
        a.addAll(List.of(extra));
        return run(withFilter(a.toArray(new String[0])));
    }

    private static String[] withFilter(String... args) {
        List<String> a = new ArrayList<>(List.of(args));
        a.addAll(List.of(FILTER));
        return a.toArray(new String[0]);
    }

    private Run render(Path input, Path output) {
        List<String> a = new ArrayList<>(List.of("render", input.toString(), "-o", output.toString(), "--model", model.toString()));
        a.addAll(List.of(FILTER));
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        int code = Auralise.run(a.toArray(new String[0]), new PrintStream(o, true), new PrintStream(e, true), false);
        return new Run(code, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
    }

    static Run run(String... args) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        int code = BatchCommand.run(args, new PrintStream(o, true), new PrintStream(e, true));
        Run r = new Run(code, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
        System.err.print(r.err());
        return r;
    }

    /** Result rows by input path relative to the input folder. */
    private Map<String, ResultRow> rows(Path out) throws IOException {
        Map<String, ResultRow> m = new TreeMap<>();
        for (String l : Files.readAllLines(out.resolve("batch-results.jsonl"))) {
            ResultRow r = ResultRow.parse(l);
            m.put(in.relativize(Path.of(r.input())).toString(), r);
        }
        return m;
    }

    private static void assertNoTemporaries(Path out) throws IOException {
        try (Stream<Path> s = Files.walk(out)) {
            List<Path> left = s.filter(p -> p.getFileName().toString().endsWith(".part") || p.getFileName().toString().startsWith(".temp-beam")).toList();
            assertTrue(left.isEmpty(), "left behind: " + left);
        }
    }

    private static void wav(Path file, int rate, int channels, int frames, long seed) throws IOException {
        Files.createDirectories(file.getParent());
        Random rnd = new Random(seed);
        float[][] a = new float[channels][frames];
        for (int i = 0; i < frames; i++) {
            double t = i / (double) rate;
            double click = (i % (rate / 4)) < 40 ? 0.5 * rnd.nextGaussian() : 0;
            double v = 0.25 * Math.sin(2 * Math.PI * (110 + 40 * seed) * t) + 0.1 * Math.sin(2 * Math.PI * 1250 * t) + click;
            for (int c = 0; c < channels; c++) {
                a[c][i] = (float) Math.max(-0.99, Math.min(0.99, v * (1 - 0.1 * c)));
            }
        }
        try (WavWriter w = new WavWriter(file, rate, channels, 16)) {
            w.write(a, 0, frames);
            w.finish();
        }
    }
}
