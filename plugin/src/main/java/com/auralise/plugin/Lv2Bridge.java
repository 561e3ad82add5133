package com.auralise.plugin;

import com.auralise.events.EventSettings;
import com.auralise.filter.Control;
import com.auralise.filter.FeatureFilter;
import com.auralise.filter.FilterSettings;
import com.auralise.model.Model;
import com.auralise.model.ModelSpec;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.List;
import java.util.Locale;

/**
 * The Java half of the LV2 bridge: static methods called through JNI by {@code native/auralise_lv2.c}.
 *
 * <p>Each plugin instance owns a block of native memory (a direct buffer, native byte order) laid out
 * as {@link #PARAMS} control slots (slot = port index, {@link Control}) followed by {@code channels}
 * input and {@code channels} output regions of {@code chunk} frames, then the MIDI messages of the
 * last chunk ({@link MidiOut}). The C side copies the host's
 * ports into it, calls {@link #process}, and copies the outputs back; that keeps the JNI call to two
 * ints and lets the host move or alias its port buffers freely.
 *
 * <p>Threading: {@link #create}, {@link #restore} and {@link #destroy} run on the host's
 * instantiation thread; {@link #process} and {@link #activate} on its audio thread. LV2 forbids them
 * running concurrently for one instance. {@link #process} never allocates, locks or throws.
 */
public final class Lv2Bridge {
    /** Floats before the audio regions: a slot per control port (inputs written by C, outputs by Java), the flag, spare. */
    public static final int PARAMS = 16;
    /** The exact latency in samples, read by C into the latency port. */
    private static final int LATENCY = Control.LATENCY.index();
    /**
     * Non-zero when an input slot was written since the last process(): by C when a port changed (C
     * alone knows the ports' history), by Java on restore, a new model or warm-up. Java clears it.
     */
    static final int CHANGED = Control.ALL.size();

    /** Model source for benchmarks: a plain gain with no filter, to measure the bridge alone. */
    public static final String BRIDGE_ONLY = "bridge-only";
    /**
     * Model source for tests, {@code fault-test:N}: bridge-only, but process() throws from call N on,
     * to prove a Java failure never reaches the host (the shim must output silence and log it).
     */
    public static final String FAULT_TEST = "fault-test:";

    private static final int MAX_INSTANCES = 256;
    private static final Instance[] TABLE = new Instance[MAX_INSTANCES];
    private static volatile String lastError = "";
    private static volatile String lastReport = "";
    /** Loaded models by source: a model is immutable, so instances share it (a second instance starts faster). */
    private static final java.util.Map<String, Model> MODELS = new java.util.HashMap<>();
    private static boolean warmedUp;
    /** Instances being created or restored: the background warm-up steps aside for them. */
    private static final java.util.concurrent.atomic.AtomicInteger BUSY = new java.util.concurrent.atomic.AtomicInteger();

    private Lv2Bridge() {
    }

    /** Slot values for the input ports' defaults (the TTL's lv2:default values); 0 elsewhere. */
    static float[] defaults(int layers) {
        float[] d = new float[PARAMS];
        for (Control c : Control.ALL) {
            if (!c.output()) {
                d[c.index()] = (float) c.defaultFor(layers);
            }
        }
        return d;
    }

    /** Sets the input slots of shm to d (output slots are Java's own). */
    private static void putInputs(FloatBuffer shm, float[] d) {
        for (Control c : Control.ALL) {
            if (!c.output()) {
                shm.put(c.index(), d[c.index()]);
            }
        }
    }

    /** Floats of an instance's shared memory (the C shim allocates the same, auralise_ports.h). */
    static int floats(int channels, int chunk) {
        return PARAMS + 2 * channels * chunk + MidiOut.FLOATS;
    }

    static final class Instance {
        final int channels;
        final double sampleRate;
        final int chunk;
        final FloatBuffer shm;
        final float[][] in;
        final float[][] out;
        final FilterSettings settings = new FilterSettings();
        String source;
        /** The sha256 of the model file (null for embedded and generated models), saved with the session. */
        String sourceSha256;
        Model model;
        FeatureFilter filter; // null in bridge-only mode
        int[] catLayer = new int[0];
        int[] catFeature = new int[0];
        /** Event settings, MIDI note and channel per catalogue entry, then one for a manual selection. */
        EventSettings[] catEvents = {EventSettings.forFilter(null)};
        int[] catNote = {EventSettings.noteFor(null)};
        int[] catChannel = {EventSettings.channelFor(null)};
        int note;
        int midiChannel;
        final MidiOut midi;
        final int midiBase;
        boolean fresh = true;
        long faultAfter = -1;
        long calls;

        Instance(ByteBuffer mem, int channels, double sampleRate, int chunk) {
            this.channels = channels;
            this.sampleRate = sampleRate;
            this.chunk = chunk;
            // NewDirectByteBuffer is big-endian by default; the C side writes native floats.
            this.shm = mem.order(ByteOrder.nativeOrder()).asFloatBuffer();
            this.in = new float[channels][chunk];
            this.out = new float[channels][chunk];
            this.midi = new MidiOut(sampleRate);
            this.midiBase = PARAMS + 2 * channels * chunk;
        }

        void load(String src) throws Exception {
            use(src, modelFor(src));
        }

        /** Switches to a loaded model (null: bridge-only); prepares a new filter for it. */
        void use(String src, Model m) {
            FeatureFilter f = null;
            int[][] cat = catalogue(m);
            if (m != null) {
                f = new FeatureFilter(m);
                f.setEventsEnabled(true); // the MIDI output; audio is bit-identical either way
                f.prepare(sampleRate, chunk, channels);
            }
            List<ModelSpec.CatalogueEntry> entries = m == null ? List.of() : m.spec().catalogue;
            int k = entries.size();
            EventSettings[] ev = new EventSettings[k + 1];
            int[] notes = new int[k + 1];
            int[] chans = new int[k + 1];
            for (int i = 0; i <= k; i++) {
                String name = i < k ? entries.get(i).name : null;
                ev[i] = EventSettings.forFilter(name);
                notes[i] = EventSettings.noteFor(name);
                chans[i] = EventSettings.channelFor(name);
            }
            source = src;
            sourceSha256 = fileSha256(src);
            model = m;
            filter = f;
            faultAfter = src.startsWith(FAULT_TEST) ? Long.parseLong(src.substring(FAULT_TEST.length())) : -1;
            catLayer = cat[0];
            catFeature = cat[1];
            catEvents = ev;
            catNote = notes;
            catChannel = chans;
            fresh = true;
            shm.put(CHANGED, 1); // every control again, to the new filter
            shm.put(LATENCY, f == null ? 0 : f.latencySamples());
        }
    }

    /** The layers and features of a model's catalogue entries, for the filter port (none for null). */
    static int[][] catalogue(Model m) {
        List<ModelSpec.CatalogueEntry> cat = m == null ? List.of() : m.spec().catalogue;
        int[][] r = new int[2][cat.size()];
        for (int i = 0; i < cat.size(); i++) {
            r[0][i] = cat.get(i).layer;
            r[1][i] = cat.get(i).feature;
        }
        return r;
    }

    /**
     * Port values (by slot) to settings; the filter port, when it names a catalogue entry, overrides
     * layer and feature. Audio thread: no allocation.
     */
    static void map(FloatBuffer ports, int[] catLayer, int[] catFeature, FilterSettings s) {
        Control.setAll(s, ports);
        int f = Math.round(ports.get(Control.FILTER.index()));
        if (f >= 1 && f <= catLayer.length) {
            s.layer = catLayer[f - 1];
            s.feature = catFeature[f - 1];
        }
    }

    /**
     * After map(): the selected feature's event settings, and the MIDI note and channel (their ports,
     * or the catalogue name's defaults when 0). Audio thread: no allocation.
     */
    static void mapEvents(Instance x, FeatureFilter f) {
        int e = x.catLayer.length; // manual: not a catalogue entry
        for (int i = 0; i < x.catLayer.length; i++) {
            if (x.catLayer[i] == x.settings.layer && x.catFeature[i] == x.settings.feature) {
                e = i;
                break;
            }
        }
        f.applyEvents(x.catEvents[e]);
        int n = Math.round(x.shm.get(Control.NOTE.index()));
        int c = Math.round(x.shm.get(Control.CHANNEL.index()));
        x.note = n >= 1 && n <= 127 ? n : x.catNote[e];
        x.midiChannel = c >= 1 && c <= 16 ? c : x.catChannel[e];
    }

    /**
     * Creates an instance; returns its handle, or -1 (then {@link #lastError} says why). The model is
     * {@code AURALISE_MODEL} if set, else the variant's ({@code "default"} or {@code "live"});
     * restore() may replace it.
     */
    public static synchronized int create(String bundlePath, String variantModel, int channels, double sampleRate,
                                          ByteBuffer mem, int chunk) {
        BUSY.incrementAndGet();
        try {
            if (mem.capacity() < 4 * floats(channels, chunk)) {
                throw new IllegalArgumentException("shared buffer too small: " + mem.capacity());
            }
            int h = 0;
            while (h < MAX_INSTANCES && TABLE[h] != null) {
                h++;
            }
            if (h == MAX_INSTANCES) {
                throw new IllegalStateException("too many instances");
            }
            long t0 = System.nanoTime();
            Instance x = new Instance(mem, channels, sampleRate, chunk);
            String src = ModelSource.fromEnvironment(variantModel);
            Model m = modelFor(src);
            long t1 = System.nanoTime();
            x.use(src, m);
            long t2 = System.nanoTime();
            putInputs(x.shm, defaults(x.model == null ? 1 : x.model.layers()));
            if (!warmedUp) {
                warmUp(x);
                warmedUp = true;
            }
            long t3 = System.nanoTime();
            TABLE[h] = x;
            lastReport = String.format(Locale.ROOT, "instance %d: model %s %.1f ms, prepare %.1f ms, JIT warm-up %.1f ms, latency %d",
                    h, src, (t1 - t0) / 1e6, (t2 - t1) / 1e6, (t3 - t2) / 1e6, (int) x.shm.get(LATENCY));
            return h;
        } catch (Throwable t) {
            lastError = describe(t);
            return -1;
        } finally {
            BUSY.decrementAndGet();
        }
    }

    /** A millisecond setting from the environment (warm-up budgets). */
    static long envMillis(String name, long dflt) {
        try {
            String v = System.getenv(name);
            return v == null ? dflt : Math.max(0, Long.parseLong(v.trim()));
        } catch (NumberFormatException e) {
            return dflt;
        }
    }

    /**
     * Runs the audio path until the JIT has compiled it, so the first real blocks on the audio thread
     * are not interpreted (1.4 ms instead of microseconds otherwise). Once per class loader. First on
     * the new instance itself, inside the first instantiate (AURALISE_WARMUP_MS, default 80; the
     * instance is reset afterwards); then on a daemon thread after instantiate has returned
     * (AURALISE_WARMUP_BG_MS, default 500), on private mono and stereo instances of the same model:
     * code profiled for one channel count only would be deoptimised (on the audio thread) by the other.
     */
    private static void warmUp(Instance real) {
        new Warmer(new Instance[] {real}, real, false).runFor(envMillis("AURALISE_WARMUP_MS", 80));
        float[] d = defaults(real.model == null ? 1 : real.model.layers());
        for (int i = 0; i < PARAMS + 2 * real.channels * real.chunk; i++) {
            real.shm.put(i, i < PARAMS ? d[i] : 0f);
        }
        real.shm.put(LATENCY, real.filter == null ? 0 : real.filter.latencySamples());
        real.shm.put(CHANGED, 1);
        real.fresh = true;
        real.calls = 0;

        long bg = envMillis("AURALISE_WARMUP_BG_MS", 500);
        if (bg > 0) {
            String source = real.source;
            Model model = real.model;
            double rate = real.sampleRate;
            int chunk = real.chunk;
            Thread t = new Thread(() -> {
                try {
                    Instance[] tmp = new Instance[2];
                    for (int ch = 1; ch <= 2; ch++) {
                        tmp[ch - 1] = new Instance(ByteBuffer.allocateDirect(4 * floats(ch, chunk)), ch, rate, chunk);
                        tmp[ch - 1].use(source, model);
                    }
                    new Warmer(tmp, tmp[0], true).runFor(bg);
                } catch (Throwable e) {
                    // Only a warm-up: the plugin works without it.
                }
            }, "auralise-jit-warmup");
            t.setDaemon(true);
            t.setPriority(Thread.MIN_PRIORITY);
            t.start();
        }
    }

    private static final class Warmer {
        static final int CALLS = 20000;
        final Instance[] on;
        final int block;
        final int layers;
        final boolean background;
        long seed = 1;

        Warmer(Instance[] on, Instance like, boolean background) {
            this.on = on;
            this.background = background;
            for (Instance x : on) {
                putInputs(x.shm, defaults(like.model == null ? 1 : like.model.layers()));
            }
            block = Math.min(256, like.chunk);
            layers = like.model == null ? 1 : like.model.layers();
        }

        void runFor(long millis) {
            long deadline = System.nanoTime() + millis * 1_000_000L;
            for (int k = 0; k < CALLS && System.nanoTime() < deadline; k++) {
                while (background && BUSY.get() > 0 && System.nanoTime() < deadline) {
                    try {
                        Thread.sleep(1); // a host is instantiating: leave it the CPU
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                Instance x = on[k % on.length];
                for (int c = 0; c < x.channels; c++) {
                    for (int i = 0; i < block; i++) {
                        seed = seed * 6364136223846793005L + 1442695040888963407L;
                        x.shm.put(PARAMS + c * x.chunk + i, (float) ((seed >> 40) * 0x1p-24 * 0.5));
                    }
                }
                if (k % 64 == 0) {
                    x.shm.put(Control.LAYER.index(), 1 + (k / 64) % layers); // every layer's kernels get compiled
                    x.shm.put(CHANGED, 1);
                }
                process(x, (k & 2) == 0 ? block : 1 + (k % block));
            }
        }
    }

    /** The model a source names; null for the bridge-only and fault-test modes. */
    private static Model modelFor(String src) throws Exception {
        return src.equals(BRIDGE_ONLY) || src.startsWith(FAULT_TEST) ? null : cachedModel(src);
    }

    private static synchronized Model cachedModel(String src) throws Exception {
        String key = fileKey(src);
        Model m = MODELS.get(key);
        if (m == null) {
            m = ModelSource.load(src);
            MODELS.put(key, m);
        }
        return m;
    }

    /**
     * Cache key of a source: a model file by path, size and time, so a file that was moved away or
     * replaced is read again (and then missed or hashed anew) rather than served from memory.
     */
    private static String fileKey(String src) {
        try {
            java.nio.file.Path p = java.nio.file.Path.of(src);
            if (java.nio.file.Files.isRegularFile(p)) {
                return src + "@" + java.nio.file.Files.size(p) + ":" + java.nio.file.Files.getLastModifiedTime(p).toMillis();
            }
        } catch (Exception e) {
            // not a path
        }
        return src;
    }

    /** Called from LV2 activate(): the next block starts a new stream with the current controls. */
    public static void activate(int h) {
        Instance x = TABLE[h];
        if (x != null) {
            x.fresh = true;
        }
    }

    /**
     * Filters nframes (0..chunk) frames in the shared buffer. Returns 0, or non-zero when the C side
     * must output silence instead. Audio thread: no allocation, no lock, no throw.
     */
    public static int process(int h, int nframes) {
        return h >= 0 && h < MAX_INSTANCES ? process(TABLE[h], nframes) : 1;
    }

    private static int process(Instance x, int nframes) {
        try {
            if (x == null || nframes < 0 || nframes > x.chunk) {
                return 1;
            }
            FloatBuffer shm = x.shm;
            boolean changed = shm.get(CHANGED) != 0;
            if (changed) {
                shm.put(CHANGED, 0);
            }
            int ch = x.channels;
            for (int c = 0; c < ch; c++) {
                shm.get(PARAMS + c * x.chunk, x.in[c], 0, nframes);
            }
            FeatureFilter f = x.filter;
            if (x.faultAfter >= 0 && ++x.calls > x.faultAfter) {
                throw new IllegalStateException("injected fault (" + FAULT_TEST + x.faultAfter + ")");
            }
            if (f == null) {
                // Bridge-only benchmark path: the same gain as the pure-C reference plugin.
                float g = shm.get(Control.ENABLED.index()) < 0.5f ? 1f : (float) Math.pow(10.0, shm.get(Control.GAIN.index()) / 20.0);
                for (int c = 0; c < ch; c++) {
                    float[] a = x.in[c];
                    float[] b = x.out[c];
                    for (int i = 0; i < nframes; i++) {
                        b[i] = a[i] * g;
                    }
                }
                shm.put(x.midiBase, 0); // no events
            } else {
                if (changed) {
                    map(shm, x.catLayer, x.catFeature, x.settings);
                    f.apply(x.settings);
                    mapEvents(x, f);
                }
                if (x.fresh) {
                    // Stream start: no glide from the previous settings, no stale audio, no pending note.
                    f.reset();
                    x.midi.reset();
                    x.fresh = false;
                }
                long start = f.samplesProcessed();
                f.process(x.in, x.out, nframes);
                x.midi.block(f.events(), start, nframes, x.note, x.midiChannel, shm, x.midiBase);
            }
            for (int c = 0; c < ch; c++) {
                shm.put(PARAMS + (ch + c) * x.chunk, x.out[c], 0, nframes);
            }
            return 0;
        } catch (Throwable t) {
            return 2; // reported by the C side once; no allocation here
        }
    }

    /** The model source to save in the host's session. */
    public static String stateModel(int h) {
        Instance x = TABLE[h];
        return x == null ? ModelSource.DEFAULT : x.source;
    }

    /** The full setting, saved beside the port values so a session is self-describing. */
    public static String stateSettings(int h) {
        Instance x = TABLE[h];
        if (x == null) {
            return "";
        }
        StringBuilder b = new StringBuilder();
        for (Control c : Control.ALL) {
            if (!c.output()) {
                b.append(c.symbol()).append('=').append(String.format(Locale.ROOT, "%s", x.shm.get(c.index()))).append(';');
            }
        }
        // The named filter by its feature too: a re-catalogued model may number its filters otherwise.
        int f = Math.round(x.shm.get(Control.FILTER.index()));
        if (f >= 1 && f <= x.catLayer.length) {
            b.append(FILTER_LAYER).append('=').append(x.catLayer[f - 1]).append(';');
            b.append(FILTER_FEATURE).append('=').append(x.catFeature[f - 1]).append(';');
        }
        // The model by id and file hash too: restore finds a moved model file again by them.
        if (x.model != null && x.sourceSha256 != null && x.model.spec().id.matches("[^;=]+")) {
            b.append(MODEL_ID).append('=').append(x.model.spec().id).append(';');
            b.append(MODEL_SHA256).append('=').append(x.sourceSha256).append(';');
        }
        return b.toString();
    }

    /** Keys of the saved settings string that are not controls. */
    static final String MODEL_ID = "model-id";
    static final String MODEL_SHA256 = "model-sha256";
    static final String FILTER_LAYER = "filter-layer";
    static final String FILTER_FEATURE = "filter-feature";
    /** Where restore looks for a moved model (the user's model folder); tests point it elsewhere. */
    static java.util.Map<String, String> env = System.getenv();

    /** Hashes of model files by fileKey (a file is hashed once per process, again when it changes). */
    private static final java.util.Map<String, String> SHAS = new java.util.HashMap<>();

    /** The sha256 of the model file a source names, or null when it is not a readable file. */
    private static synchronized String fileSha256(String src) {
        if (src == null) {
            return null;
        }
        String key = fileKey(src);
        if (key.equals(src)) {
            return null; // not a file source (default, live, tiny:...)
        }
        if (!SHAS.containsKey(key)) {
            String sha = null;
            try {
                sha = com.auralise.model.ModelWriter.sha256(java.nio.file.Path.of(src));
            } catch (java.io.IOException e) {
                // unreadable now: the load that follows says why
            }
            SHAS.put(key, sha);
        }
        return SHAS.get(key);
    }

    /** A model file in the user's model folder with this id and sha256, or null. */
    private static String findModelFile(String id, String sha256) {
        if (id == null || sha256 == null) {
            return null;
        }
        var e = com.auralise.preset.InstalledModels.discover(env).find(new com.auralise.preset.Preset.ModelRef(id, sha256));
        return e != null && java.nio.file.Files.isRegularFile(java.nio.file.Path.of(e.origin())) ? e.origin() : null;
    }

    /**
     * Restores a saved model and setting (not concurrent with process, per LV2). Returns 0; 1 when the
     * setting was restored but the model was not the saved file ({@link #lastError} says what
     * happened: found again by id and sha256 in the user's model folder, or the current model kept);
     * -1 with {@link #lastError} set when nothing could be restored. The instance never loses its
     * current model to a file that is missing or broken.
     */
    public static synchronized int restore(int h, String model, String settings) {
        Instance x = TABLE[h];
        if (x == null) {
            return -1;
        }
        BUSY.incrementAndGet();
        try {
            // Everything parsed before anything changes: a broken setting leaves the instance as it was.
            java.util.Map<String, String> saved = new java.util.HashMap<>();
            java.util.Map<Control, Float> values = new java.util.LinkedHashMap<>();
            for (String kv : settings == null ? new String[0] : settings.split(";")) {
                int eq = kv.indexOf('=');
                if (eq > 0) {
                    saved.put(kv.substring(0, eq), kv.substring(eq + 1));
                    Control c = Control.bySymbol(kv.substring(0, eq));
                    if (c != null && !c.output()) {
                        values.put(c, Float.parseFloat(kv.substring(eq + 1)));
                    }
                }
            }
            int[] filterRef = saved.containsKey(FILTER_LAYER) && saved.containsKey(FILTER_FEATURE)
                    ? new int[] {Integer.parseInt(saved.get(FILTER_LAYER)), Integer.parseInt(saved.get(FILTER_FEATURE))} : null;
            String warning = null;
            if (model != null && !model.isEmpty() && !model.equals(x.source)) {
                String sha = saved.get(MODEL_SHA256);
                try {
                    x.load(model);
                    if (sha != null && x.sourceSha256 != null && !sha.equalsIgnoreCase(x.sourceSha256)) {
                        String other = findModelFile(saved.get(MODEL_ID), sha);
                        warning = "the model file " + model + " changed since the session was saved"
                                + (other == null ? "; using it as it is now" : "; the saved one was found at " + other);
                        if (other != null) {
                            x.load(other);
                        }
                    }
                } catch (Exception e) {
                    String other = findModelFile(saved.get(MODEL_ID), sha);
                    if (other != null) {
                        x.load(other);
                        warning = "model " + model + " is not there (" + describe(e) + "); found by its sha256 at " + other;
                    } else {
                        warning = "model " + model + " could not be loaded (" + describe(e) + "); keeping model "
                                + x.source + ", with the saved feature settings";
                    }
                }
            }
            if (settings != null) {
                if (filterRef != null) {
                    renumberFilter(x, filterRef[0], filterRef[1], values);
                }
                x.shm.put(CHANGED, 1);
                values.forEach((c, v) -> x.shm.put(c.index(), v));
            }
            if (warning != null) {
                lastError = warning;
                return 1;
            }
            return 0;
        } catch (Throwable t) {
            lastError = describe(t);
            return -1;
        } finally {
            BUSY.decrementAndGet();
        }
    }

    /**
     * A saved named filter, by its feature: the index of the model's entry for that feature now, or,
     * if no entry names it, that layer and feature selected by hand (the session sounds the same).
     */
    private static void renumberFilter(Instance x, int layer, int feature, java.util.Map<Control, Float> values) {
        for (int i = 0; i < x.catLayer.length; i++) {
            if (x.catLayer[i] == layer && x.catFeature[i] == feature) {
                values.put(Control.FILTER, (float) (i + 1));
                return;
            }
        }
        values.put(Control.FILTER, 0f);
        values.put(Control.LAYER, (float) layer);
        values.put(Control.FEATURE, (float) feature);
    }

    public static synchronized void destroy(int h) {
        if (h >= 0 && h < MAX_INSTANCES) {
            TABLE[h] = null;
        }
    }

    /** The instance behind a handle, for the UI (LV2 instance-access hands C the plugin's handle). */
    static synchronized Instance instance(int h) {
        return h >= 0 && h < MAX_INSTANCES ? TABLE[h] : null;
    }

    /**
     * The instance's current filter, for the UI thread. Synchronized like create/restore (which replace
     * it), so the audio path keeps its plain field and pays nothing for the view.
     */
    static synchronized FeatureFilter filterOf(Instance x) {
        return x.filter;
    }

    /** How the last create went (timings), logged by C at trace level. */
    public static String lastReport() {
        return lastReport;
    }

    /** Why the last create/restore failed (logged by C through the host's log feature). */
    public static String lastError() {
        return lastError;
    }

    private static String describe(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null && c instanceof java.lang.reflect.InvocationTargetException) {
            c = c.getCause();
        }
        return c.getClass().getName() + ": " + c.getMessage();
    }
}
