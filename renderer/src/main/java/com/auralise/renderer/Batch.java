package com.auralise.renderer;

import com.auralise.audio.AudioFormatException;
import com.auralise.audio.AudioInput;
import com.auralise.audio.AudioOutput;
import com.auralise.filter.FilterSettings;
import com.auralise.model.Model;
import com.auralise.renderer.audio.Formats;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs render items on a fixed pool of worker threads. Every item streams block by block, so
 * memory is bounded by jobs x (filter state + I/O buffers) whatever the file lengths. A failing
 * item is reported and counted; it never stops the others.
 */
public final class Batch {
    /** One output to produce: input file, filter settings, target file. error != null: failed before starting. */
    public record Item(Path input, FilterSettings settings, Path output, String error) {
    }

    /** Output encoding: "wav" or "flac", bits 0 = float (WAV) / 24 (FLAC), or 16/24/32. */
    public record OutputFormat(String format, int bits) {
    }

    private final Model model;
    private final OutputFormat format;
    private final boolean force;
    private final int jobs;
    private final PrintStream out;
    private final PrintStream err;
    private final boolean bar;

    public Batch(Model model, OutputFormat format, boolean force, int jobs, PrintStream out, PrintStream err, boolean bar) {
        this.model = model;
        this.format = format;
        this.force = force;
        this.jobs = Math.max(1, jobs);
        this.out = out;
        this.err = err;
        this.bar = bar;
    }

    /** Runs all items; returns the number that failed. */
    public int run(List<Item> items) {
        List<Item> checked = dedupe(items);
        long t0 = System.nanoTime();
        List<Future<?>> futures = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(jobs, Math.max(1, checked.size())), r -> {
            Thread t = new Thread(r, "auralise-render");
            t.setDaemon(true);
            return t;
        });
        int failed;
        try (Progress progress = new Progress(err, bar, checked.size(), bar ? knownFrames(checked) : 0)) {
            for (Item it : checked) {
                futures.add(pool.submit(() -> runOne(it, progress)));
            }
            for (Future<?> f : futures) {
                try {
                    f.get();
                } catch (Exception e) {
                    progress.println("error: " + e);
                }
            }
            failed = progress.failed.get();
        } finally {
            pool.shutdownNow();
            try {
                pool.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        int ok = checked.size() - failed;
        if (failed > 0 || bar) {
            err.printf("%d of %d outputs written, %d failed (%.1f s)%n", ok, checked.size(), failed, secs);
        }
        return failed;
    }

    /** Total frames of all inputs if every header states its length, else 0 (the bar then counts files). */
    private static long knownFrames(List<Item> items) {
        long total = 0;
        for (Item it : items) {
            if (it.error() != null) {
                continue;
            }
            try (AudioInput in = Formats.open(it.input())) {
                if (in.frames() < 0) {
                    return 0;
                }
                total += in.frames();
            } catch (IOException | RuntimeException e) {
                // Reported when the item runs; it adds no frames.
            }
        }
        return total;
    }

    /** Two items writing the same file would race: the later ones fail with a clear message. */
    private static List<Item> dedupe(List<Item> items) {
        Set<Path> seen = new HashSet<>();
        List<Item> out = new ArrayList<>();
        for (Item it : items) {
            if (it.error() == null && !seen.add(it.output().toAbsolutePath().normalize())) {
                out.add(new Item(it.input(), it.settings(), it.output(), "another input of this batch writes the same output " + it.output()));
            } else {
                out.add(it);
            }
        }
        return out;
    }

    private void runOne(Item it, Progress progress) {
        if (it.error() != null) {
            fail(progress, it.input() + ": " + it.error());
            return;
        }
        try {
            RenderEngine.Result r = renderFile(model, it.settings(), format, it.input(), it.output(), force, progress.frames, null).result();
            if (r.clipped() > 0) {
                progress.println("warning: " + it.output() + ": " + r.clipped() + " samples clipped (use float WAV, or lower --gain-db)");
            }
            progress.done.incrementAndGet();
        } catch (IOException | RuntimeException | OutOfMemoryError e) {
            fail(progress, failure(it.input(), it.output(), e));
        }
    }

    /** What {@link #renderFile} did, with the input's rate and channel count. */
    public record Rendered(RenderEngine.Result result, int sampleRate, int channels) {
    }

    /** Called with the complete temporary file just before it is renamed into place (auralise batch writes its sidecar here). */
    public interface BeforeCommit {
        void accept(Path temp, Rendered rendered) throws IOException;
    }

    /**
     * Renders one input file into one output file: the whole of what `auralise render` does per file
     * (checks, decode, {@link RenderEngine#render}, encode into a temporary file, atomic rename).
     * The batch pipeline calls this same method, so its outputs are the render command's bytes.
     * Throws on any failure; no partial output is left behind.
     */
    public static Rendered renderFile(Model model, FilterSettings settings, OutputFormat format, Path input, Path output,
                                                 boolean force, AtomicLong frames, BeforeCommit beforeCommit) throws IOException {
        AtomicFile tmp = null;
        try {
            if (sameFile(input, output)) {
                throw new IOException("output would overwrite the input");
            }
            if (!force && Files.exists(output)) {
                throw new FileAlreadyExistsException(output.toString());
            }
            try (AudioInput in = Formats.open(input)) {
                Path dir = output.toAbsolutePath().getParent();
                Files.createDirectories(dir);
                tmp = new AtomicFile(output);
                RenderEngine.Result r;
                try (AudioOutput o = Formats.create(tmp.temp(), format.format(), format.bits(), in.sampleRate(), in.channels())) {
                    r = RenderEngine.render(model, settings, in, o, frames);
                }
                Rendered done = new Rendered(r, in.sampleRate(), in.channels());
                if (beforeCommit != null) {
                    beforeCommit.accept(tmp.temp(), done);
                }
                tmp.commit(force);
                return done;
            }
        } finally {
            if (tmp != null) {
                tmp.abort();
            }
        }
    }

    /** The one-line reason a file failed, as the render command prints it after "error: ". */
    public static String failure(Path input, Path output, Throwable e) {
        String label = input + (output != null ? " -> " + output : "");
        if (e instanceof FileAlreadyExistsException) {
            return label + ": output exists (use --force to overwrite)";
        } else if (e instanceof NoSuchFileException n) {
            return label + ": no such file or folder: " + n.getFile();
        } else if (e instanceof AccessDeniedException a) {
            return label + ": permission denied: " + a.getFile();
        } else if (e instanceof AudioFormatException) {
            return input + ": " + e.getMessage();
        }
        return label + ": " + (e.getMessage() != null ? e.getMessage() : e.toString());
    }

    private static boolean sameFile(Path a, Path b) {
        try {
            return Files.exists(b) && Files.isSameFile(a, b);
        } catch (IOException e) {
            return false;
        }
    }

    private void fail(Progress progress, String msg) {
        progress.failed.incrementAndGet();
        progress.done.incrementAndGet();
        progress.println("error: " + msg);
    }
}
