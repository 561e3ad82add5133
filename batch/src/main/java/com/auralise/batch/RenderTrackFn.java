package com.auralise.batch;

import com.auralise.filter.FilterSettings;
import com.auralise.model.Model;
import com.auralise.preset.InstalledModels;
import com.auralise.renderer.Batch;
import com.auralise.renderer.FilterOptions;
import com.auralise.renderer.Models;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Renders one track with the render command's own per-file method ({@link Batch#renderFile}), so
 * the bytes are those of `auralise render`; adds the sidecar and the result row. Never throws for a
 * bad track: a runner would retry the bundle and fail the job, and one bad file must not do that.
 */
final class RenderTrackFn extends DoFn<Track, String> {
    static final String NAMESPACE = "auralise";

    /** Models by sha256, loaded once per worker JVM and shared by its threads (Model is immutable). */
    private static final Map<String, Model> MODELS = new ConcurrentHashMap<>();
    /** This JVM's progress per job (a local runner runs the whole job here; a cluster worker counts its share). */
    private static final Map<String, Progress> PROGRESS = new ConcurrentHashMap<>();

    private final JobSpec spec;
    private final Counter ok = Metrics.counter(NAMESPACE, "tracksOk");
    private final Counter failed = Metrics.counter(NAMESPACE, "tracksFailed");
    private final Counter skipped = Metrics.counter(NAMESPACE, "tracksSkipped");
    private final Counter audioMillis = Metrics.counter(NAMESPACE, "audioMillis");
    private final Counter renderMillis = Metrics.counter(NAMESPACE, "renderMillis");
    private transient Model model;
    private transient String modelError;
    private transient FilterSettings settings;

    RenderTrackFn(JobSpec spec) {
        this.spec = spec;
    }

    @Setup
    public void setup() {
        settings = spec.settings();
        try {
            model = MODELS.computeIfAbsent(spec.modelSha256(), sha -> {
                Path m = spec.modelArg() == null ? null : Paths.get(spec.modelArg());
                Model loaded = spec.presetArg() != null ? FilterOptions.loadPreset(Paths.get(spec.presetArg()), m).model() : Models.load(m);
                String got = InstalledModels.sha256(loaded);
                if (!got.equals(sha)) {
                    throw new IllegalStateException("the model on this worker (sha256 " + got.substring(0, 12)
                            + ") is not the job's (" + sha.substring(0, 12) + ")");
                }
                return loaded;
            });
        } catch (RuntimeException e) {
            // Every track of this worker then gets this as its error row.
            modelError = "cannot load the model on this worker: " + e.getMessage();
        }
    }

    @ProcessElement
    public void process(@Element Track t, OutputReceiver<String> out) {
        ResultRow row = render(t);
        switch (row.status()) {
            case ResultRow.OK -> {
                ok.inc();
                audioMillis.inc(Math.round(row.audioSeconds() * 1000));
                renderMillis.inc(Math.round(row.seconds() * 1000));
            }
            case ResultRow.SKIPPED -> skipped.inc();
            default -> failed.inc();
        }
        PROGRESS.computeIfAbsent(spec.jobId(), k -> new Progress(spec.tracks(), spec.startMillis(), System.err)).report(row);
        out.output(row.toJson());
    }

    ResultRow render(Track t) {
        long t0 = System.nanoTime();
        if (t.error() != null) {
            return new ResultRow(ResultRow.ERROR, t.input(), null, t.input() + ": " + t.error(), 0, 0, -1);
        }
        Path in = Paths.get(t.input());
        Path output = Paths.get(t.output());
        try {
            if (modelError != null) {
                throw new IOException(modelError);
            }
            boolean exists = Files.exists(output);
            Sidecar old = exists ? Sidecar.read(output) : null;
            if (old != null && old.matches(in, output, spec.renderKey())) {
                return new ResultRow(ResultRow.SKIPPED, t.input(), t.output(), null, old.frames() / (double) Math.max(1, old.sampleRate()),
                        (System.nanoTime() - t0) / 1e9, old.latency());
            }
            // An output with a stale sidecar was made by this command for other input or settings: it
            // is replaced. One without a sidecar is someone else's file: kept, unless --force.
            boolean replace = exists && (old != null || Files.exists(Sidecar.pathFor(output)) || spec.force());
            long inSize = Files.size(in);
            long inMtime = Files.getLastModifiedTime(in).toMillis();
            String inSha = Sidecar.sha256(in);
            boolean[] sidecarWritten = {false};
            Batch.Rendered r;
            try {
                r = Batch.renderFile(model, settings, spec.outputFormat(), in, output, replace, null, (temp, res) -> {
                // Before the rename: the sidecar names the temp file's size and mtime, which the rename keeps.
                new Sidecar(in.toAbsolutePath().toString(), inSize, inMtime, inSha, spec.renderKey(), Files.size(temp),
                        Files.getLastModifiedTime(temp).toMillis(), res.result().frames(), res.sampleRate(), res.channels(),
                        res.result().latency(), spec.version()).write(output);
                sidecarWritten[0] = true;
                });
            } catch (IOException | RuntimeException e) {
                if (sidecarWritten[0]) {
                    // The rename failed after the sidecar was written: it describes no output.
                    Files.deleteIfExists(Sidecar.pathFor(output));
                }
                throw e;
            }
            double audio = r.result().frames() / (double) r.sampleRate();
            String warn = r.result().clipped() > 0 ? r.result().clipped() + " samples clipped (use float WAV, or lower --gain-db)" : null;
            return new ResultRow(ResultRow.OK, t.input(), t.output(), warn, audio, (System.nanoTime() - t0) / 1e9, r.result().latency());
        } catch (IOException | RuntimeException | OutOfMemoryError e) {
            return new ResultRow(ResultRow.ERROR, t.input(), t.output(), Batch.failure(in, output, e), 0, (System.nanoTime() - t0) / 1e9, -1);
        }
    }

    /** Per-JVM progress lines: "[done/total] status file (x real time) · failed so far · overall x real time". */
    static final class Progress {
        private final int total;
        private final PrintStream err;
        private final long startMillis;
        private final AtomicInteger done = new AtomicInteger();
        private final AtomicInteger failed = new AtomicInteger();
        private final AtomicLong audioMillis = new AtomicLong();

        /** startMillis: when the driver started the job (x real time overall is audio seconds / seconds since then). */
        Progress(int total, long startMillis, PrintStream err) {
            this.total = total;
            this.startMillis = startMillis;
            this.err = err;
        }

        void report(ResultRow r) {
            int d = done.incrementAndGet();
            int f = r.status().equals(ResultRow.ERROR) ? failed.incrementAndGet() : failed.get();
            long a = r.status().equals(ResultRow.OK) ? audioMillis.addAndGet(Math.round(r.audioSeconds() * 1000)) : audioMillis.get();
            double wall = (System.currentTimeMillis() - startMillis) / 1e3;
            String what = switch (r.status()) {
                case ResultRow.OK -> String.format(Locale.ROOT, "ok      %s (%.1f s audio, %.0fx)", r.input(), r.audioSeconds(), r.xRealTime());
                case ResultRow.SKIPPED -> "skipped " + r.input() + " (output up to date)";
                default -> "error   " + r.reason();
            };
            synchronized (err) {
                err.printf(Locale.ROOT, "[%d/%d] %s  | %d failed, %.0fx real time overall%n", d, total, what, f, wall > 0 ? a / 1000.0 / wall : 0);
            }
        }
    }
}
