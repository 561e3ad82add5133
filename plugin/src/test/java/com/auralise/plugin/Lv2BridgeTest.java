package com.auralise.plugin;

import com.auralise.filter.Control;
import com.auralise.filter.FeatureFilter;
import com.auralise.filter.FilterSettings;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.auralise.model.ModelWriter;
import org.junit.jupiter.api.io.TempDir;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The Java half of the bridge, driven the way the C shim drives it: a direct buffer in native order,
 * controls in its first slots, audio in chunk-sized regions. The C half and real hosts are tested by
 * test-hosts.sh.
 */
class Lv2BridgeTest {
    static final String MODEL = "tiny:11:3:4:same";
    static final int CHUNK = 1024;

    @BeforeAll
    static void noOverride() {
        // create() prefers AURALISE_MODEL over the variant's model; these tests name their own.
        assumeTrue(System.getenv(ModelSource.ENV) == null, "AURALISE_MODEL is set");
    }

    static final class Shim {
        final ByteBuffer mem;
        final FloatBuffer f;
        final int channels;
        final int handle;

        Shim(int channels, double rate) {
            this(channels, rate, MODEL);
        }

        Shim(int channels, double rate, String model) {
            this.channels = channels;
            mem = ByteBuffer.allocateDirect(4 * Lv2Bridge.floats(channels, CHUNK)).order(ByteOrder.nativeOrder());
            f = mem.asFloatBuffer();
            // The C side hands Java a big-endian view (NewDirectByteBuffer); the bridge must fix the order itself.
            handle = Lv2Bridge.create("/nonexistent", model, channels, rate, mem.duplicate().order(ByteOrder.BIG_ENDIAN), CHUNK);
            assertTrue(handle >= 0, Lv2Bridge.lastError());
        }

        /** A port the host moved, as C writes it: the slot, and the change flag. */
        void control(int slot, float v) {
            f.put(slot, v);
            f.put(Lv2Bridge.CHANGED, 1);
        }

        /** One run(): like the C shim, in chunks of at most CHUNK frames. */
        void run(float[][] in, float[][] out, int off, int n) {
            for (int done = 0; done < n; done += CHUNK) {
                int k = Math.min(CHUNK, n - done);
                for (int c = 0; c < channels; c++) {
                    f.put(Lv2Bridge.PARAMS + c * CHUNK, in[c], off + done, k);
                }
                assertEquals(0, Lv2Bridge.process(handle, k));
                for (int c = 0; c < channels; c++) {
                    f.get(Lv2Bridge.PARAMS + (channels + c) * CHUNK, out[c], off + done, k);
                }
            }
        }
    }

    static float[][] noise(int channels, int n, long seed) {
        Random r = new Random(seed);
        float[][] x = new float[channels][n];
        for (int c = 0; c < channels; c++) {
            for (int i = 0; i < n; i++) {
                x[c][i] = (float) (0.3 * Math.sin(i * (0.01 + 0.02 * c)) + 0.1 * r.nextGaussian());
            }
        }
        return x;
    }

    @Test
    void outputEqualsFeatureFilterForAnyBlockSizes() throws Exception {
        int ch = 2;
        int n = 30000;
        Shim s = new Shim(ch, 44100);
        s.control(Control.LAYER.index(), 3);
        s.control(Control.FEATURE.index(), 2);
        s.control(Control.MIX.index(), 0.7f);
        s.control(Control.GAIN.index(), -3f);
        s.control(Control.THRESHOLD.index(), 0.1f);
        float[][] in = noise(ch, n, 1);
        float[][] out = new float[ch][n];
        Random r = new Random(2);
        for (int pos = 0; pos < n; ) {
            int k = Math.min(n - pos, r.nextInt(3) == 0 ? 1 : 1 + r.nextInt(3000)); // 1, small, larger than CHUNK
            s.run(in, out, pos, k);
            pos += k;
        }
        FeatureFilter ref = new FeatureFilter(ModelSource.load(MODEL));
        ref.prepare(44100, CHUNK, ch);
        FilterSettings fs = new FilterSettings();
        fs.layer = 3;
        fs.feature = 2;
        fs.mix = 0.7f;
        fs.gainDb = -3f;
        fs.threshold = 0.1f;
        ref.apply(fs);
        ref.reset();
        float[][] expect = new float[ch][n];
        ref.process(in, expect, n);
        for (int c = 0; c < ch; c++) {
            assertArrayEquals(expect[c], out[c], 1e-6f, "channel " + c);
        }
        assertEquals(ref.latencySamples(), (int) s.f.get(Control.LATENCY.index()));
        double energy = 0;
        for (float v : out[0]) {
            energy += v * v;
        }
        assertTrue(energy > 1, "output should carry signal, energy " + energy);
        Lv2Bridge.destroy(s.handle);
    }

    @Test
    void processAllocatesNothing() {
        Shim s = new Shim(2, 48000);
        float[][] in = noise(2, 256, 3);
        var mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        // The first passes may allocate while the JIT settles (a deoptimisation materialises objects
        // that compiled code had scalar-replaced); the steady state must not.
        long allocated = -1;
        for (int round = 0; round < 4; round++) {
            long before = mx.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < 20000; i++) {
                if (i % 1000 == 0) {
                    s.control(Control.LAYER.index(), 1 + (i / 1000) % 3); // control changes are on the audio path too
                    s.control(Control.MIX.index(), (i % 7) / 7f);
                }
                int k = 1 + i % 256;
                for (int c = 0; c < 2; c++) {
                    s.f.put(Lv2Bridge.PARAMS + c * CHUNK, in[c], 0, k);
                }
                Lv2Bridge.process(s.handle, k);
            }
            allocated = mx.getCurrentThreadAllocatedBytes() - before;
        }
        assertEquals(0, allocated, "bytes allocated by 20000 process() calls in the steady state");
        Lv2Bridge.destroy(s.handle);
    }

    @Test
    void badCallsReturnAnErrorInsteadOfThrowing() {
        assertNotEquals(0, Lv2Bridge.process(-1, 16));
        assertNotEquals(0, Lv2Bridge.process(1_000_000, 16));
        Shim s = new Shim(1, 48000);
        assertNotEquals(0, Lv2Bridge.process(s.handle, CHUNK + 1));
        assertNotEquals(0, Lv2Bridge.process(s.handle, -5));
        assertEquals(0, Lv2Bridge.process(s.handle, 0));
        Lv2Bridge.destroy(s.handle);
        assertNotEquals(0, Lv2Bridge.process(s.handle, 16), "a destroyed handle must not process");
        // A model that cannot load: create fails cleanly with a reason.
        ByteBuffer mem = ByteBuffer.allocateDirect(4 * Lv2Bridge.floats(1, CHUNK));
        assertEquals(-1, Lv2Bridge.create("/x", "/no/such/model.auralise", 1, 48000, mem, CHUNK));
        assertTrue(Lv2Bridge.lastError().contains("model.auralise"), Lv2Bridge.lastError());
        // A sample rate the core refuses.
        assertEquals(-1, Lv2Bridge.create("/x", MODEL, 1, 1000, mem, CHUNK));
    }

    @Test
    void stateRoundTripRestoresModelAndSetting() {
        Shim a = new Shim(1, 48000);
        a.control(Control.LAYER.index(), 1);
        a.control(Control.FEATURE.index(), 3);
        a.control(Control.INVERT.index(), 1);
        a.control(Control.SHARPNESS.index(), 3);
        float[][] in = noise(1, 8192, 4);
        float[][] outA = new float[1][8192];
        a.run(in, outA, 0, 8192);
        String model = Lv2Bridge.stateModel(a.handle);
        String settings = Lv2Bridge.stateSettings(a.handle);
        assertEquals(MODEL, model);

        Shim b = new Shim(1, 48000); // default controls until restored
        assertEquals(0, Lv2Bridge.restore(b.handle, model, settings));
        float[][] outB = new float[1][8192];
        b.run(in, outB, 0, 8192);
        assertArrayEquals(outA[0], outB[0], 0f);

        // Restoring another model swaps the filter (and the latency); a bad one keeps the current model.
        assertEquals(0, Lv2Bridge.restore(b.handle, "tiny:11:1:4:same", null));
        assertEquals("tiny:11:1:4:same", Lv2Bridge.stateModel(b.handle));
        assertTrue(b.f.get(Control.LATENCY.index()) < a.f.get(Control.LATENCY.index()));
        assertEquals(1, Lv2Bridge.restore(b.handle, "/no/such/model", null), "a warning: model kept");
        assertEquals("tiny:11:1:4:same", Lv2Bridge.stateModel(b.handle));
        Lv2Bridge.destroy(a.handle);
        Lv2Bridge.destroy(b.handle);
    }

    /**
     * A session whose model file moved: found again by id and sha256 in the user's model folder, with
     * the saved setting; gone altogether: the current model kept, the setting still restored; a
     * broken setting: nothing changes.
     */
    @Test
    void stateSurvivesAMovedModelFile(@TempDir Path tmp) throws Exception {
        Path file = tmp.resolve("session/kick.auralise");
        Files.createDirectories(file.getParent());
        ModelWriter.write(ModelSource.tiny(21, 3, 4, "same"), file);
        Path models = tmp.resolve("data/auralise/models");
        Lv2Bridge.env = Map.of("XDG_DATA_HOME", tmp.resolve("data").toString());
        try {
            Shim a = new Shim(1, 48000, file.toString());
            a.control(Control.LAYER.index(), 2);
            a.control(Control.FEATURE.index(), 3);
            a.control(Control.MIX.index(), 0.8f);
            float[][] in = noise(1, 8192, 5);
            float[][] outA = new float[1][8192];
            a.run(in, outA, 0, 8192);
            String settings = Lv2Bridge.stateSettings(a.handle);
            assertTrue(settings.contains("model-sha256=" + ModelWriter.sha256(file)), settings);

            Files.createDirectories(models);
            Path moved = Files.move(file, models.resolve("renamed.auralise"));
            Shim b = new Shim(1, 48000);
            assertEquals(1, Lv2Bridge.restore(b.handle, file.toString(), settings));
            assertTrue(Lv2Bridge.lastError().contains("found by its sha256 at " + moved), Lv2Bridge.lastError());
            assertEquals(moved.toString(), Lv2Bridge.stateModel(b.handle));
            float[][] outB = new float[1][8192];
            b.run(in, outB, 0, 8192);
            assertArrayEquals(outA[0], outB[0], 0f, "the moved model, with the saved setting");

            Files.delete(moved);
            Shim c = new Shim(1, 48000);
            assertEquals(1, Lv2Bridge.restore(c.handle, file.toString(), settings));
            assertTrue(Lv2Bridge.lastError().contains("keeping model " + MODEL), Lv2Bridge.lastError());
            assertEquals(MODEL, Lv2Bridge.stateModel(c.handle));
            assertEquals(2f, c.f.get(Control.LAYER.index()), "the saved setting applies to the kept model");
            assertEquals(0.8f, c.f.get(Control.MIX.index()));

            assertEquals(-1, Lv2Bridge.restore(c.handle, "tiny:11:1:4:same", "layer=1;mix=loud;"));
            assertEquals(MODEL, Lv2Bridge.stateModel(c.handle), "a broken setting changes nothing");
            assertEquals(2f, c.f.get(Control.LAYER.index()));
            for (Shim x : new Shim[] {a, b, c}) {
                Lv2Bridge.destroy(x.handle);
            }
        } finally {
            Lv2Bridge.env = System.getenv();
        }
    }

    /** Hostile model files through the state: refused, the previous model and setting kept, a warning. */
    @Test
    void corruptModelThroughStateKeepsThePreviousModel(@TempDir Path tmp) throws Exception {
        Path good = tmp.resolve("good.auralise");
        ModelWriter.write(ModelSource.tiny(22, 2, 4, "same"), good);
        byte[] bytes = Files.readAllBytes(good);
        Path truncated = Files.write(tmp.resolve("truncated.auralise"), java.util.Arrays.copyOf(bytes, bytes.length / 2));
        Path garbage = Files.write(tmp.resolve("garbage.auralise"), "not a model".getBytes());
        Path empty = Files.write(tmp.resolve("empty.auralise"), new byte[0]);
        Shim s = new Shim(1, 48000);
        s.control(Control.LAYER.index(), 3);
        float before = s.f.get(Control.LATENCY.index());
        for (Path bad : new Path[] {truncated, garbage, empty, tmp}) {
            assertEquals(1, Lv2Bridge.restore(s.handle, bad.toString(), null), bad.toString());
            assertTrue(Lv2Bridge.lastError().contains("keeping model " + MODEL), Lv2Bridge.lastError());
            assertEquals(MODEL, Lv2Bridge.stateModel(s.handle));
            assertEquals(before, s.f.get(Control.LATENCY.index()));
            assertEquals(3f, s.f.get(Control.LAYER.index()));
        }
        Lv2Bridge.destroy(s.handle);
    }

    /**
     * A named filter is restored by its feature, not its number: a model whose catalogue was redone may
     * number its filters otherwise; a feature no longer named is selected by layer and feature.
     */
    @Test
    void namedFilterIsRestoredByItsFeature() {
        Shim a = new Shim(1, 48000);
        a.control(Control.FILTER.index(), 2); // "tiny feature L2": layer 2, feature 1
        a.run(noise(1, 512, 6), new float[1][512], 0, 512);
        String settings = Lv2Bridge.stateSettings(a.handle);
        assertTrue(settings.contains("filter-layer=2;filter-feature=1;"), settings);

        Shim b = new Shim(1, 48000);
        String renumbered = settings.replace("filter=2.0;", "filter=1.0;"); // as if saved with another numbering
        assertEquals(0, Lv2Bridge.restore(b.handle, null, renumbered));
        assertEquals(2f, b.f.get(Control.FILTER.index()), "the entry of layer 2 feature 1");

        String unnamed = settings.replace("filter-layer=2;filter-feature=1;", "filter-layer=3;filter-feature=2;");
        assertEquals(0, Lv2Bridge.restore(b.handle, null, unnamed));
        assertEquals(0f, b.f.get(Control.FILTER.index()), "no entry names layer 3 feature 2: manual selection");
        assertEquals(3f, b.f.get(Control.LAYER.index()));
        assertEquals(2f, b.f.get(Control.FEATURE.index()));
        Lv2Bridge.destroy(a.handle);
        Lv2Bridge.destroy(b.handle);
    }
}
