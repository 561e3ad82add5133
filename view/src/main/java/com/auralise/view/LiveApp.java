package com.auralise.view;

import com.auralise.filter.FeatureFilter;
import com.auralise.filter.FilterSettings;
import com.auralise.model.DefaultModel;
import com.auralise.model.Model;
import com.auralise.model.ModelReader;
import org.jaudiolibs.jnajack.Jack;
import org.jaudiolibs.jnajack.JackClient;
import org.jaudiolibs.jnajack.JackException;
import org.jaudiolibs.jnajack.JackOptions;
import org.jaudiolibs.jnajack.JackPort;
import org.jaudiolibs.jnajack.JackPortFlags;
import org.jaudiolibs.jnajack.JackPortType;
import org.jaudiolibs.jnajack.JackStatus;

import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code auralise live}: a JACK client that runs a {@link FeatureFilter} on live input, with the
 * feature view. Studio mode uses the "same"-padded model and waits for the look-ahead; live mode
 * uses the causal model in low-latency mode.
 *
 * <p>The JACK process callback only copies port buffers, runs the filter and takes new settings
 * from an atomic mailbox (filled by the view's clicks): no allocation, no lock, nothing that
 * throws out of it.
 */
public final class LiveApp {
    static final int MAX_BLOCK = 4096;

    private final FeatureFilter filter;
    private final AtomicReference<FilterSettings> mailbox = new AtomicReference<>();
    private final JackPort[] inPorts;
    private final JackPort[] outPorts;
    private final float[][] in;
    private final float[][] out;
    private final double toneHz;
    private final int sampleRate;
    private double phase;
    // Statistics, written by the audio thread only.
    private volatile long callbacks;
    private volatile long maxNanos;
    private volatile long sumNanos;
    private volatile long errors;
    private volatile long nonFinite;
    private volatile long xruns;
    private volatile double peakOut;
    private volatile long allocatedBytes;
    private volatile long allocStart = -1;
    private static final com.sun.management.ThreadMXBean ALLOC =
            (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();

    private LiveApp(FeatureFilter filter, JackPort[] inPorts, JackPort[] outPorts, double toneHz, int sampleRate) {
        this.filter = filter;
        this.inPorts = inPorts;
        this.outPorts = outPorts;
        this.in = new float[inPorts.length][MAX_BLOCK];
        this.out = new float[inPorts.length][MAX_BLOCK];
        this.toneHz = toneHz;
        this.sampleRate = sampleRate;
    }

    /** The JACK process callback (audio thread). */
    private boolean process(JackClient client, int nframes) {
        long t0 = System.nanoTime();
        // Bytes this thread allocated since the previous callback: the filter's and JNA's glue.
        long allocNow = ALLOC.getCurrentThreadAllocatedBytes();
        if (allocStart < 0 && callbacks == 200) {
            allocStart = allocNow; // after warm-up
        }
        allocatedBytes = allocNow;
        try {
            FilterSettings s = mailbox.getAndSet(null);
            if (s != null) {
                filter.apply(s);
            }
            int channels = inPorts.length;
            double peak = peakOut;
            for (int pos = 0; pos < nframes; pos += MAX_BLOCK) {
                int n = Math.min(MAX_BLOCK, nframes - pos);
                for (int c = 0; c < channels; c++) {
                    inPorts[c].getFloatBuffer().get(pos, in[c], 0, n);
                }
                if (toneHz > 0) {
                    double step = 2 * Math.PI * toneHz / sampleRate;
                    double p = phase;
                    for (int i = 0; i < n; i++) {
                        float v = (float) (0.25 * Math.sin(p));
                        for (int c = 0; c < channels; c++) {
                            in[c][i] += v;
                        }
                        p += step;
                    }
                    phase = p % (2 * Math.PI);
                }
                filter.process(in, out, n);
                for (int c = 0; c < channels; c++) {
                    float[] o = out[c];
                    for (int i = 0; i < n; i++) {
                        float v = o[i];
                        if (!(v == v) || Float.isInfinite(v)) {
                            nonFinite++;
                        }
                        double a = Math.abs(v);
                        if (a > peak) {
                            peak = a;
                        }
                    }
                    outPorts[c].getFloatBuffer().put(pos, o, 0, n);
                }
            }
            peakOut = peak;
        } catch (Throwable t) {
            // Never let an exception reach JACK: output silence for this block and count it.
            errors++;
            for (JackPort p : outPorts) {
                FloatBuffer b = p.getFloatBuffer();
                for (int i = 0; i < nframes; i++) {
                    b.put(i, 0f);
                }
            }
        }
        long dt = System.nanoTime() - t0;
        sumNanos += dt;
        if (dt > maxNanos) {
            maxNanos = dt;
        }
        callbacks++;
        return true;
    }

    static final class Args {
        String mode = "studio";
        String model;
        boolean synthetic;
        Integer layer;
        Integer feature;
        int channels = 2;
        String name = "auralise";
        String connectIn = "auto";
        String connectOut = "auto";
        double seconds;
        boolean view = true;
        double tone;
    }

    static final String USAGE = """
            usage: auralise live [options]
              --mode studio|live   studio: look-ahead model, exact masks; live: causal model, low latency (default studio)
              --model FILE         model zip (default: the embedded model for the mode)
              --synthetic          use an untrained random model (plumbing tests only)
              --layer L --feature F  initial selection (1-based layer, 0-based feature)
              --channels 1|2       mono or stereo ports (default 2)
              --name NAME          JACK client name (default auralise)
              --in auto|none|P1,P2 connect inputs to physical capture (auto) or these ports
              --out auto|none|P1,P2 connect outputs to physical playback (auto) or these ports
              --tone HZ            add a sine to the input (testing without a source)
              --seconds N          stop after N seconds (default: until the window closes or Ctrl-C)
              --no-view            no window
            """;

    static Args parse(String[] argv) {
        Args a = new Args();
        for (int i = 0; i < argv.length; i++) {
            String k = argv[i];
            switch (k) {
                case "--mode" -> a.mode = argv[++i];
                case "--model" -> a.model = argv[++i];
                case "--synthetic" -> a.synthetic = true;
                case "--layer" -> a.layer = Integer.parseInt(argv[++i]);
                case "--feature" -> a.feature = Integer.parseInt(argv[++i]);
                case "--channels" -> a.channels = Integer.parseInt(argv[++i]);
                case "--name" -> a.name = argv[++i];
                case "--in" -> a.connectIn = argv[++i];
                case "--out" -> a.connectOut = argv[++i];
                case "--tone" -> a.tone = Double.parseDouble(argv[++i]);
                case "--seconds" -> a.seconds = Double.parseDouble(argv[++i]);
                case "--no-view" -> a.view = false;
                case "-h", "--help" -> {
                    System.out.print(USAGE);
                    System.exit(0);
                }
                default -> throw new IllegalArgumentException("unknown option " + k + "\n" + USAGE);
            }
        }
        if (!a.mode.equals("studio") && !a.mode.equals("live")) {
            throw new IllegalArgumentException("--mode must be studio or live");
        }
        if (a.channels < 1 || a.channels > 2) {
            throw new IllegalArgumentException("--channels must be 1 or 2");
        }
        return a;
    }

    static Model loadModel(Args a) throws Exception {
        String padding = a.mode.equals("live") ? "causal" : "same";
        Model m;
        if (a.synthetic) {
            m = SyntheticModel.build(1, padding);
        } else if (a.model != null) {
            m = ModelReader.read(Path.of(a.model));
        } else {
            m = DefaultModel.load(a.mode.equals("live") ? DefaultModel.LIVE : DefaultModel.STUDIO);
        }
        if (!m.spec().padding.equals(padding)) {
            System.err.printf("auralise live: warning: --mode %s with a %s-padded model%s%n", a.mode, m.spec().padding,
                    a.mode.equals("live") ? " (not causal: masks will lag)" : "");
        }
        return m;
    }

    public static void main(String[] argv) {
        try {
            System.exit(run(argv));
        } catch (IllegalArgumentException e) {
            System.err.println("auralise live: " + e.getMessage());
            System.exit(2);
        } catch (Exception e) {
            System.err.println("auralise live: " + e);
            System.exit(1);
        }
    }

    /** Runs the client; returns the exit status (0 = no errors in the audio callback). */
    public static int run(String[] argv) throws Exception {
        Args a = parse(argv);
        Model model = loadModel(a);
        Jack jack = Jack.getInstance();
        EnumSet<JackStatus> status = EnumSet.noneOf(JackStatus.class);
        JackClient client = jack.openClient(a.name, EnumSet.of(JackOptions.JackNoStartServer), status);
        int sr = client.getSampleRate();
        int block = client.getBufferSize();
        FeatureFilter filter = new FeatureFilter(model);
        filter.setLowLatency(a.mode.equals("live"));
        filter.prepare(sr, Math.min(block, MAX_BLOCK), a.channels);
        FilterSettings init = filter.settings();
        if (a.layer != null) {
            init.layer = a.layer;
        }
        if (a.feature != null) {
            init.feature = a.feature;
        }
        filter.apply(init);

        JackPort[] ins = new JackPort[a.channels];
        JackPort[] outs = new JackPort[a.channels];
        for (int c = 0; c < a.channels; c++) {
            ins[c] = client.registerPort("in_" + (c + 1), JackPortType.AUDIO, JackPortFlags.JackPortIsInput);
            outs[c] = client.registerPort("out_" + (c + 1), JackPortType.AUDIO, JackPortFlags.JackPortIsOutput);
        }
        LiveApp app = new LiveApp(filter, ins, outs, a.tone, sr);
        CountDownLatch stop = new CountDownLatch(1);
        client.setProcessCallback(app::process);
        client.setXrunCallback(c -> app.xruns++);
        client.onShutdown(c -> stop.countDown());
        client.activate();
        connect(jack, client, a, ins, outs);
        System.out.printf(Locale.ROOT, "auralise live: %s, model %s (%s), %d Hz, block %d, %d ch, latency %d samples (%.1f ms), layer %d feature %d%n",
                client.getName(), model.spec().id, model.spec().padding, sr, block, a.channels, filter.latencySamples(),
                1000.0 * filter.latencySamples() / sr, filter.settings().layer, filter.settings().feature);

        FeatureView view = null;
        if (a.view) {
            FeatureView.Options o = new FeatureView.Options();
            o.title = "Auralise live - " + model.spec().name;
            o.onClose = stop::countDown;
            view = FeatureView.open(filter.viewTap(), model, model.spec(), app.mailbox::set, o);
        }
        Thread hook = new Thread(stop::countDown);
        Runtime.getRuntime().addShutdownHook(hook);
        if (a.seconds > 0) {
            stop.await((long) (a.seconds * 1000), TimeUnit.MILLISECONDS);
        } else {
            stop.await();
        }
        if (view != null) {
            view.close();
        }
        client.deactivate();
        client.close();
        long n = Math.max(1, app.callbacks);
        double budgetUs = 1e6 * block / sr;
        double allocPerCallback = app.allocStart < 0 ? Double.NaN : (app.allocatedBytes - app.allocStart) / (double) Math.max(1, app.callbacks - 201);
        System.out.printf(Locale.ROOT, "auralise live: %d callbacks, process mean %.1f us, max %.1f us (budget %.0f us), xruns %d, errors %d, non-finite %d, peak out %.3f, audio thread allocates %.0f B/callback after warm-up%s%n",
                app.callbacks, app.sumNanos / 1e3 / n, app.maxNanos / 1e3, budgetUs, app.xruns, app.errors, app.nonFinite, app.peakOut, allocPerCallback,
                view != null ? String.format(Locale.ROOT, ", view %d frames, lost %d", view.renderedFrames(), view.lostFrames()) : "");
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException ignored) {
            // already shutting down
        }
        return app.errors == 0 && app.nonFinite == 0 && app.callbacks > 0 ? 0 : 1;
    }

    private static void connect(Jack jack, JackClient client, Args a, JackPort[] ins, JackPort[] outs) throws JackException {
        List<String> src = ports(jack, a.connectIn, EnumSet.of(JackPortFlags.JackPortIsOutput, JackPortFlags.JackPortIsPhysical));
        for (int c = 0; c < ins.length && !src.isEmpty(); c++) {
            jack.connect(client, src.get(Math.min(c, src.size() - 1)), ins[c].getName());
        }
        List<String> dst = ports(jack, a.connectOut, EnumSet.of(JackPortFlags.JackPortIsInput, JackPortFlags.JackPortIsPhysical));
        for (int c = 0; c < outs.length && c < dst.size(); c++) {
            jack.connect(client, outs[c].getName(), dst.get(c));
        }
    }

    private static List<String> ports(Jack jack, String spec, EnumSet<JackPortFlags> flags) throws JackException {
        List<String> l = new ArrayList<>();
        if (spec.equals("none")) {
            return l;
        }
        if (spec.equals("auto")) {
            String[] p = jack.getPorts(null, JackPortType.AUDIO, flags);
            if (p != null) {
                l.addAll(List.of(p));
            }
            return l;
        }
        l.addAll(List.of(spec.split(",")));
        return l;
    }
}
