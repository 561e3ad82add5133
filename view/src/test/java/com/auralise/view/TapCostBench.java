package com.auralise.view;

import com.auralise.filter.FeatureFilter;
import com.auralise.model.Model;
import com.auralise.model.ModelReader;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.locks.LockSupport;

/**
 * Audio-thread cost of feeding the view: one FeatureFilter processes 48 kHz stereo in 256-sample
 * blocks (as fast as it can) in alternating rounds with and without a reader thread copying its
 * ViewTap the way the view does (TapReader.poll). Alternating rounds in one run cancel drift in
 * machine load. Prints the median per-block time of each and their ratio, for a reader at the
 * view's 60 Hz and for a reader polling in a tight loop (the worst case).
 * Usage: TapCostBench [--rounds 20] [--blocks 400] [--model FILE]
 */
public final class TapCostBench {
    private TapCostBench() {
    }

    private static volatile int readerMode; // 0 = off, 1 = 60 Hz, 2 = tight loop
    private static volatile boolean quit;
    private static volatile long polls;

    public static void main(String[] argv) throws Exception {
        int rounds = 20;
        int blocks = 400;
        String modelPath = null;
        for (int i = 0; i < argv.length; i++) {
            switch (argv[i]) {
                case "--rounds" -> rounds = Integer.parseInt(argv[++i]);
                case "--blocks" -> blocks = Integer.parseInt(argv[++i]);
                case "--model" -> modelPath = argv[++i];
                default -> throw new IllegalArgumentException("unknown option " + argv[i]);
            }
        }
        Model model = modelPath != null ? ModelReader.read(Path.of(modelPath)) : SyntheticModel.build(1, "same");
        int sr = 48000;
        int block = 256;
        FeatureFilter filter = new FeatureFilter(model);
        filter.prepare(sr, block, 2);
        TapReader reader = new TapReader(filter.viewTap(), model, 512);
        Thread t = new Thread(() -> {
            while (!quit) {
                int m = readerMode;
                if (m == 0) {
                    LockSupport.parkNanos(1_000_000);
                    continue;
                }
                reader.poll();
                reader.clearDirty();
                polls++;
                if (m == 1) {
                    LockSupport.parkNanos(16_666_667);
                }
            }
        }, "tap-reader");
        t.setDaemon(true);
        t.start();

        float[][] in = new float[2][block];
        float[][] out = new float[2][block];
        Random rnd = new Random(1);
        long[] n = {0};
        // Warm-up (JIT) with the reader at view rate.
        readerMode = 1;
        run(filter, in, out, rnd, n, sr, blocks * 3);
        int[] modes = {0, 1, 0, 2};
        double[][] perMode = {new double[2 * rounds], new double[rounds], new double[rounds]};
        int[] count = new int[3];
        for (int r = 0; r < rounds; r++) {
            for (int m : modes) {
                readerMode = m;
                Thread.sleep(5);
                perMode[m][count[m]++] = run(filter, in, out, rnd, n, sr, blocks);
            }
        }
        quit = true;
        double off = median(perMode[0], count[0]);
        double view = median(perMode[1], count[1]);
        double busy = median(perMode[2], count[2]);
        double budget = 1e9 * block / sr;
        System.out.printf(Locale.ROOT, "tap cost: process() CPU time per 256-frame block (48 kHz stereo), median of %d rounds x %d blocks: "
                        + "no reader %.1f us, view-rate reader %.1f us (ratio %.3f), tight-loop reader %.1f us (ratio %.3f); "
                        + "budget %.0f us; reader polls %d, lost %d; load avg %s%n",
                rounds, blocks, off / 1e3, view / 1e3, view / off, busy / 1e3, busy / off, budget / 1e3, polls, reader.lost(),
                ViewBench.loadAverage());
        // Spread between no-reader rounds: the noise floor the ratios must be read against.
        double[] offs = Arrays.copyOf(perMode[0], count[0]);
        Arrays.sort(offs);
        System.out.printf(Locale.ROOT, "tap cost: no-reader rounds range %.1f..%.1f us (noise)%n", offs[0] / 1e3, offs[offs.length - 1] / 1e3);
    }

    private static double median(double[] v, int count) {
        double[] c = Arrays.copyOf(v, count);
        Arrays.sort(c);
        return c[c.length / 2];
    }

    private static final java.lang.management.ThreadMXBean CPU = java.lang.management.ManagementFactory.getThreadMXBean();

    /**
     * Mean CPU ns per block of this thread over the round: on a shared machine wall time mostly
     * measures who else is running; CPU time of the audio thread is what the reader could cost it
     * (cache and memory traffic show up in it, descheduling does not).
     */
    private static double run(FeatureFilter f, float[][] in, float[][] out, Random rnd, long[] n, int sr, int blocks) {
        int block = in[0].length;
        long t0 = CPU.getCurrentThreadCpuTime();
        for (int b = 0; b < blocks; b++) {
            for (int i = 0; i < block; i++, n[0]++) {
                float v = (float) (0.2 * Math.sin(2 * Math.PI * 440 * n[0] / sr) + ((n[0] % (sr / 2)) < 200 ? 0.5 : 0));
                in[0][i] = v;
                in[1][i] = v;
            }
            f.process(in, out, block);
        }
        return (CPU.getCurrentThreadCpuTime() - t0) / (double) blocks;
    }
}
