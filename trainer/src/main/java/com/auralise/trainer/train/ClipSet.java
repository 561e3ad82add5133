package com.auralise.trainer.train;

import com.auralise.trainer.data.Clip;
import com.auralise.trainer.data.ClipGenerator;
import com.auralise.trainer.data.MidiClips;
import com.auralise.trainer.data.Split;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;

/**
 * The clips a run uses: clip i of a split is ClipGenerator's clip for clipSeed(seed, split, i),
 * rendered once into a cache folder (cacheRoot/v{generator}-s{seed}-{seconds}s/{split}/clip-00000)
 * and loaded from there afterwards, so a rerun with the same seed sees the same audio. MIDI-excerpt
 * training clips ({@link MidiClips}) have their own folder (cacheRoot/midi-v{version}-s{seed}-{ms}ms).
 */
public final class ClipSet {
    private ClipSet() {
    }

    /** Default cache: $AURALISE_CACHE, else ~/.cache/auralise/clips (outside the repository). */
    public static Path defaultCache() {
        String env = System.getenv("AURALISE_CACHE");
        if (env != null && !env.isBlank()) {
            return Path.of(env);
        }
        return Path.of(System.getProperty("user.home"), ".cache", "auralise", "clips");
    }

    public static Path folder(Path cacheRoot, long seed, double seconds, Split split) {
        return cacheRoot.resolve("v" + ClipGenerator.VERSION + "-s" + seed + "-" + Math.round(seconds * 1000) + "ms")
                .resolve(split.id());
    }

    /** Loads clips 0..count-1 of the split, rendering missing ones with the given number of threads. */
    public static List<Clip> load(Path cacheRoot, long seed, Split split, int count, double seconds, int sampleRate,
                                  int threads) throws IOException, InterruptedException {
        split.checkInstalled();
        return loadOrRender(folder(cacheRoot, seed, seconds, split), count, sampleRate, threads,
                idx -> ClipGenerator.generate(ClipGenerator.clipSeed(seed, split, idx), split, seconds, sampleRate));
    }

    /** Cache folder of MIDI-excerpt clips: cacheRoot/midi-v{version}-s{seed}-{ms}ms (training sources only). */
    public static Path midiFolder(Path cacheRoot, long seed, double seconds) {
        return cacheRoot.resolve("midi-v" + MidiClips.VERSION + "-s" + seed + "-" + Math.round(seconds * 1000) + "ms");
    }

    /**
     * Loads MIDI-excerpt training clips 0..count-1 ({@link MidiClips#generate}), rendering missing
     * ones with the given number of threads into {@link #midiFolder}. Rendered with the TRAINING
     * SoundFont and kits only; the held-out split is untouched.
     */
    public static List<Clip> loadMidi(Path cacheRoot, long seed, int count, double seconds, int sampleRate, int threads)
            throws IOException, InterruptedException {
        MidiClips.checkInstalled();
        return loadOrRender(midiFolder(cacheRoot, seed, seconds), count, sampleRate, threads,
                idx -> MidiClips.generate(seed, idx, seconds, sampleRate));
    }

    private static List<Clip> loadOrRender(Path dir, int count, int sampleRate, int threads, IntFunction<Clip> render)
            throws IOException, InterruptedException {
        Files.createDirectories(dir);
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads));
        try {
            List<Future<Clip>> jobs = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                int idx = i;
                jobs.add(pool.submit(() -> {
                    Path c = dir.resolve(String.format("clip-%05d", idx));
                    if (Clip.isComplete(c)) {
                        Clip clip = Clip.load(c);
                        if (clip.sampleRate() == sampleRate) {
                            return clip;
                        }
                    }
                    Clip clip = render.apply(idx);
                    clip.save(c);
                    return clip;
                }));
            }
            List<Clip> out = new ArrayList<>();
            for (Future<Clip> f : jobs) {
                try {
                    out.add(f.get());
                } catch (java.util.concurrent.ExecutionException e) {
                    Throwable t = e.getCause();
                    if (t instanceof IOException io) {
                        throw io;
                    }
                    if (t instanceof UncheckedIOException u) {
                        throw u.getCause();
                    }
                    throw new IllegalStateException(t);
                }
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }
}
