package com.auralise.renderer;

import com.auralise.audio.WavWriter;
import com.auralise.filter.FeatureFilter;
import com.auralise.filter.FilterSettings;
import com.auralise.model.Model;
import com.auralise.model.ModelSpec;
import com.auralise.model.RandomModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Measures render speed (x real time per core, layers 1-5, all cores) and peak memory.",
                "The memory run renders a long file from disk in a separate JVM with a small heap."},
        footer = {"", "Exit codes: 0 ok, 2 usage error, 3 model error."})
public final class BenchCommand implements Callable<Integer> {
    @Option(names = {"-m", "--model"}, paramLabel = "FILE", description = "Model file; default: the default model, else a random model of the reference shape.")
    Path modelFile;

    @Option(names = "--random-model", description = "Use a random model with the reference architecture (mel 96 bins, 22.05 kHz, 5 blocks).")
    boolean random;

    @Option(names = "--channels-per-layer", defaultValue = "32", description = "Channels per block of the random model (default ${DEFAULT-VALUE}).")
    int width;

    @Option(names = "--seconds", defaultValue = "10", description = "Seconds of audio per measured run (default ${DEFAULT-VALUE}).")
    double seconds;

    @Option(names = "--warmup", defaultValue = "20", paramLabel = "SECONDS",
            description = "Seconds of audio rendered per layer before measuring, so the JIT has compiled the loop as in a batch after its first file (default ${DEFAULT-VALUE}).")
    double warmup;

    @Option(names = "--repeat", defaultValue = "5", description = "Measured runs per layer; the median is reported with the range (default ${DEFAULT-VALUE}).")
    int repeat;

    @Option(names = "--rate", defaultValue = "44100", description = "Sample rate (default ${DEFAULT-VALUE}).")
    int rate;

    @Option(names = "--channels", defaultValue = "2", description = "Audio channels (default ${DEFAULT-VALUE}).")
    int channels;

    @Option(names = "--threads", description = "Threads for the all-cores run (default: all cores).")
    Integer threads;

    @Option(names = "--memory-minutes", defaultValue = "10", description = "Length of the file for the memory run; 0 skips it (default ${DEFAULT-VALUE}).")
    double memoryMinutes;

    @Option(names = "--memory-heap", defaultValue = "64m", description = "-Xmx of the memory run's JVM: it must finish within it (default ${DEFAULT-VALUE}).")
    String memoryHeap;

    @Override
    public Integer call() throws Exception {
        PrintStream out = Auralise.out();
        Model m = model(out);
        int cores = threads != null ? threads : Runtime.getRuntime().availableProcessors();
        out.printf("bench: model %s (%d layers), %d Hz, %d channels, %.0f s of audio per run, %d cores%n",
                m.spec().id, m.layers(), rate, channels, seconds, Runtime.getRuntime().availableProcessors());
        float[][] audio = signal((int) (rate * Math.min(seconds, 10)), channels, rate);
        out.printf("%-6s %-28s %s%n", "LAYER", "x RT per core (CPU time)", "x RT (wall time; depends on other load)");
        out.printf("%-6s %-28s %s%n", "", "median [min-max] of " + Math.max(1, repeat), "median");
        for (int l = 1; l <= m.layers(); l++) {
            run(m, l, audio, warmup);
            double[] cpu = new double[Math.max(1, repeat)];
            double[] wall = new double[cpu.length];
            for (int r = 0; r < cpu.length; r++) {
                double[] x = runTimed(m, l, audio, seconds);
                cpu[r] = x[0];
                wall[r] = x[1];
            }
            java.util.Arrays.sort(cpu);
            java.util.Arrays.sort(wall);
            out.printf("%-6d %-28s %.1f%n", l, String.format("%.1f [%.1f-%.1f]", cpu[cpu.length / 2], cpu[0], cpu[cpu.length - 1]),
                    wall[wall.length / 2]);
        }
        int layer = Math.min(2, m.layers());
        ExecutorService pool = Executors.newFixedThreadPool(cores);
        try {
            long t0 = System.nanoTime();
            List<Future<double[]>> fs = new ArrayList<>();
            for (int i = 0; i < cores; i++) {
                fs.add(pool.submit(() -> runTimed(m, layer, audio, seconds)));
            }
            double cpu = 0;
            for (Future<double[]> f : fs) {
                cpu += seconds / f.get()[0];
            }
            double wall = (System.nanoTime() - t0) / 1e9;
            double total = cores * seconds / wall;
            out.printf("all cores (%d threads), layer %d: %.1f x real time in total by wall time (%.1f per core); %.1f per core by CPU time%n",
                    cores, layer, total, total / cores, cores * seconds / cpu);
        } finally {
            pool.shutdown();
        }
        if (memoryMinutes > 0) {
            memoryRun(m, out);
        }
        return ExitCodes.OK;
    }

    private Model model(PrintStream out) {
        if (modelFile != null) {
            return Models.load(modelFile);
        }
        if (!random) {
            try {
                return Models.loadDefault();
            } catch (ModelException e) {
                out.println("note: " + e.getMessage() + "; benchmarking a random model of the reference shape");
            }
        }
        return referenceShape(width);
    }

    /** Seconds of audio per second of wall time for one filter on one thread. */
    private double run(Model m, int layer, float[][] audio, double secs) {
        return runTimed(m, layer, audio, secs)[1];
    }

    /**
     * {x real time by this thread's CPU time, x real time by wall time}. CPU time is what a core
     * actually spent, so it stays meaningful on a machine shared with other jobs.
     */
    private double[] runTimed(Model m, int layer, float[][] audio, double secs) {
        java.lang.management.ThreadMXBean tmx = ManagementFactory.getThreadMXBean();
        long c0 = tmx.getCurrentThreadCpuTime();
        FilterSettings s = new FilterSettings();
        s.layer = layer;
        FeatureFilter f = RenderEngine.prepare(m, s, rate, channels);
        float[][] in = new float[channels][RenderEngine.BLOCK];
        float[][] o = new float[channels][RenderEngine.BLOCK];
        long frames = (long) (secs * rate);
        int len = audio[0].length;
        long t0 = System.nanoTime();
        for (long pos = 0; pos < frames; pos += RenderEngine.BLOCK) {
            int off = (int) (pos % (len - RenderEngine.BLOCK));
            for (int c = 0; c < channels; c++) {
                System.arraycopy(audio[c], off, in[c], 0, RenderEngine.BLOCK);
            }
            f.process(in, o, RenderEngine.BLOCK);
        }
        double wall = (System.nanoTime() - t0) / 1e9;
        double cpu = (tmx.getCurrentThreadCpuTime() - c0) / 1e9;
        double audioSecs = frames / (double) rate;
        return new double[] {audioSecs / cpu, audioSecs / wall};
    }

    /** Writes a long WAV and renders it in a child JVM with a small heap; prints its peak memory. */
    private void memoryRun(Model m, PrintStream out) throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("auralise-bench");
        try {
            Path wav = dir.resolve("long.wav");
            long frames = (long) (memoryMinutes * 60 * rate);
            float[][] block = signal(rate, channels, rate);
            try (WavWriter w = new WavWriter(wav, rate, channels, 16)) {
                for (long p = 0; p < frames; p += rate) {
                    w.write(block, 0, (int) Math.min(rate, frames - p));
                }
                w.finish();
            }
            Path modelZip = dir.resolve("model.zip");
            com.auralise.model.ModelWriter.write(m, modelZip);
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            List<String> cmd = List.of(java, "-Xmx" + memoryHeap, "-cp", System.getProperty("java.class.path"),
                    Auralise.class.getName(), "render", wav.toString(), "-o", dir.resolve("out.wav").toString(),
                    "--model", modelZip.toString(), "--layer", Integer.toString(Math.min(2, m.layers())), "--feature", "0", "--jobs", "1");
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
            pb.environment().put("AURALISE_REPORT_MEMORY", "1");
            long t0 = System.nanoTime();
            Process p = pb.start();
            String log = new String(p.getInputStream().readAllBytes());
            int code = p.waitFor();
            double wall = (System.nanoTime() - t0) / 1e9;
            out.printf("memory run: %.0f min, %d ch, %d Hz, 16-bit WAV (%.0f MB) rendered from disk with -Xmx%s: exit %d, %.1f s wall (%.1f x real time incl. JVM start and I/O)%n",
                    memoryMinutes, channels, rate, Files.size(wav) / 1e6, memoryHeap, code, wall, memoryMinutes * 60 / wall);
            for (String line : log.split("\n")) {
                if (!line.isBlank()) {
                    out.println("  " + line);
                }
            }
        } finally {
            try (var s = Files.walk(dir)) {
                s.sorted(java.util.Comparator.reverseOrder()).forEach(q -> q.toFile().delete());
            }
        }
    }

    /** Peak resident set (from /proc) and peak heap used, for the current JVM. */
    static String memoryReport() {
        long heapPeak = 0;
        for (MemoryPoolMXBean b : ManagementFactory.getMemoryPoolMXBeans()) {
            if (b.getType() == MemoryType.HEAP && b.getPeakUsage() != null) {
                heapPeak += b.getPeakUsage().getUsed();
            }
        }
        String rss = "?";
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    rss = line.substring(6).trim();
                }
            }
        } catch (IOException ignored) {
            // Not Linux: heap only.
        }
        return String.format("peak memory: RSS %s, heap used %.1f MB (sum of pool peaks)", rss, heapPeak / 1e6);
    }

    /** Music-like test signal: a few partials, a decaying click every half second, a little noise. */
    static float[][] signal(int frames, int channels, int rate) {
        Random rnd = new Random(1);
        float[][] a = new float[channels][frames];
        for (int i = 0; i < frames; i++) {
            double t = i / (double) rate;
            double beat = t % 0.5;
            double v = 0.2 * Math.sin(2 * Math.PI * 110 * t) + 0.1 * Math.sin(2 * Math.PI * 440 * t)
                    + 0.3 * Math.exp(-beat * 30) * Math.sin(2 * Math.PI * 60 * beat) + 0.02 * rnd.nextGaussian();
            for (int c = 0; c < channels; c++) {
                a[c][i] = (float) (v * (1 - 0.1 * c));
            }
        }
        return a;
    }

    /** Random weights, reference architecture: what speed depends on, not what the weights are. */
    public static Model referenceShape(int width) {
        ModelSpec spec = new ModelSpec();
        spec.id = "random-reference-5x" + width;
        spec.name = "random weights, reference shape";
        spec.sampleRate = 22050;
        spec.frontend = ModelSpec.Frontend.reference();
        Random rnd = new Random(42);
        return RandomModel.build(spec, RandomModel.widths(5, width), rnd);
    }
}
