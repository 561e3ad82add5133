package com.auralise.bench;

import com.auralise.filter.FeatureFilter;
import com.auralise.filter.FilterSettings;
import org.openjdk.jmh.annotations.*;

import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * FeatureFilter.process() on one second of 44.1 kHz stereo in blocks of 64/256/1024, layers 1-5, on
 * the shipped model. Real-time factor = 1000 ms / score. Allocation: see AllocationCount.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgs = {"-Xmx2g"})
public class FeatureFilterBench {
    static final int RATE = 44100;

    @Param({"1", "2", "3", "4", "5"})
    int layer;

    @Param({"64", "256", "1024"})
    int block;

    /** "default": the shipped studio model (16-32-32-64-64); "ref32": random weights, 32 channels per block. */
    @Param({"default"})
    String model;

    FeatureFilter filter;
    float[][] in;
    float[][] out;

    @Setup
    public void setup() {
        filter = new FeatureFilter(BenchModels.named(model));
        filter.setMaxLayer(layer);
        filter.prepare(RATE, block, 2);
        FilterSettings s = new FilterSettings();
        s.layer = layer;
        s.feature = 1;
        filter.apply(s);
        in = new float[2][block];
        out = new float[2][block];
        Random r = new Random(1);
        for (int c = 0; c < 2; c++) {
            for (int i = 0; i < block; i++) {
                in[c][i] = (float) r.nextGaussian() * 0.1f;
            }
        }
    }

    @Benchmark
    public float oneSecond() {
        int done = 0;
        while (done < RATE) {
            int n = Math.min(block, RATE - done);
            filter.process(in, out, n);
            done += n;
        }
        return out[0][0];
    }
}
