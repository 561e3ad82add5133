package com.auralise.bench;

import com.auralise.filter.FeatureFilter;
import com.auralise.filter.FilterSettings;

import java.lang.management.ManagementFactory;
import java.util.Random;

/**
 * Bytes allocated by FeatureFilter.process() on the calling thread (ThreadMXBean), over 100k calls
 * per configuration after a warm-up that runs every path once, on the shipped model at 44.1 kHz stereo: layers 1-5 x blocks
 * 64/256/1024, with a settings change every 5000 calls. Prints one line per configuration.
 */
public final class AllocationCount {
    public static void main(String[] args) {
        com.sun.management.ThreadMXBean bean = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long tid = Thread.currentThread().getId();
        // The counter's own first call initialises lazily (and allocates): do it before measuring.
        for (int i = 0; i < 3; i++) {
            bean.getThreadAllocatedBytes(tid);
        }
        int calls = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        long worst = 0;
        // Configuration 0 is a throwaway JVM warm-up: in a fresh JVM the first configuration shows a few
        // hundred bytes once (JIT tier changes and first-run class initialisation on this thread), as
        // the plugin's instantiate-time warm-up does before any audio.
        boolean first = true;
        for (int layer = 1; layer <= 5; layer++) {
            for (int block : new int[] {64, 256, 1024}) {
                FeatureFilter f = new FeatureFilter(BenchModels.named("default"));
                f.prepare(44100, block, 2);
                FilterSettings s = new FilterSettings();
                s.layer = layer;
                f.apply(s);
                float[][] in = new float[2][block];
                float[][] out = new float[2][block];
                Random r = new Random(layer * 31 + block);
                for (int c = 0; c < 2; c++) {
                    for (int i = 0; i < block; i++) {
                        in[c][i] = (float) r.nextGaussian() * 0.1f;
                    }
                }
                // Warm-up runs every path once (settings changes too): a path's first run makes the
                // JVM resolve classes and constants, which it accounts to this thread.
                run(f, s, in, out, block, layer, 60_000);
                long before = bean.getThreadAllocatedBytes(tid);
                run(f, s, in, out, block, layer, calls);
                long bytes = bean.getThreadAllocatedBytes(tid) - before;
                if (first) {
                    first = false;
                    System.out.printf("warm-up configuration (not counted): %d bytes%n", bytes);
                    layer = 0;
                    break;
                }
                worst = Math.max(worst, bytes);
                System.out.printf("layer %d, block %4d: %d bytes over %d process() calls (%.3f bytes/call)%n",
                        layer, block, bytes, calls, bytes / (double) calls);
            }
        }
        System.out.println(worst == 0 ? "OK: no allocation" : "ALLOCATES: worst " + worst + " bytes");
        if (worst != 0) {
            System.exit(1);
        }
    }

    private static void run(FeatureFilter f, FilterSettings s, float[][] in, float[][] out, int block, int layer, int calls) {
        for (int i = 0; i < calls; i++) {
            if (i % 5000 == 0) {
                s.feature = (s.feature + 1) % f.model().channels(layer);
                s.mix = (i / 5000) % 2 == 0 ? 1.0 : 0.7;
                f.apply(s);
            }
            f.process(in, out, block);
        }
    }
}
