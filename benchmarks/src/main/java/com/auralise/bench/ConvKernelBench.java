package com.auralise.bench;

import com.auralise.model.ConvWeights;
import com.auralise.network.Kernels;
import org.nd4j.enums.WeightsFormat;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.PaddingMode;
import org.nd4j.linalg.factory.Nd4j;
import org.openjdk.jmh.annotations.*;

import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * One 3x3 convolution block, 32 -> 32 channels, 48 frequency rows, 256 time columns (a layer-2
 * tensor of about 6 s): our column kernel (one column at a time, as in streaming) against ND4J's
 * conv2d on the whole tensor, both on one thread (OMP_NUM_THREADS=1). 32*32*9*48*256 = 113 M
 * multiply-adds per op, so GFLOP/s = 0.226 / (ms per op).
 * The peak benchmark is an FMA-bound loop over independent accumulators: what HotSpot's vectoriser
 * reaches on this core.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgs = {"-Xmx2g"}, jvmArgsAppend = {})
public class ConvKernelBench {
    static final int C = 32;
    static final int F = 48;
    static final int T = 256;

    ConvWeights w;
    float[][] columns;
    float[][] taps = new float[3][];
    float[] out = new float[C * F];
    Kernels.Scratch scratch = new Kernels.Scratch(F, C * 9);
    INDArray input;
    INDArray weights;
    INDArray bias;
    Conv2DConfig config;
    float[] fa = new float[1024];
    float[] fb = new float[1024];

    @Setup
    public void setup() {
        Random r = new Random(3);
        float[] k = new float[C * C * 9];
        for (int i = 0; i < k.length; i++) {
            k[i] = (float) r.nextGaussian() * 0.1f;
        }
        w = new ConvWeights(C, C, 3, 3, k, new float[C]);
        columns = new float[T][C * F];
        float[] flat = new float[C * F * T];
        for (int t = 0; t < T; t++) {
            for (int i = 0; i < C * F; i++) {
                columns[t][i] = (float) r.nextGaussian();
                flat[i * T + t] = columns[t][i];
            }
        }
        input = Nd4j.create(flat, new long[] {1, C, F, T}, 'c');
        weights = Nd4j.create(k, new long[] {C, C, 3, 3}, 'c');
        bias = Nd4j.zeros(DataType.FLOAT, C);
        config = Conv2DConfig.builder().kH(3).kW(3).sH(1).sW(1).dH(1).dW(1)
                .paddingMode(PaddingMode.SAME).dataFormat("NCHW").weightsFormat(WeightsFormat.OIYX).build();
        for (int i = 0; i < fa.length; i++) {
            fa[i] = r.nextFloat();
            fb[i] = r.nextFloat();
        }
    }

    @Benchmark
    public float oursColumnByColumn() {
        for (int t = 0; t < T; t++) {
            taps[0] = t > 0 ? columns[t - 1] : null;
            taps[1] = columns[t];
            taps[2] = t < T - 1 ? columns[t + 1] : null;
            Kernels.convForward(w, F, taps, out, scratch);
        }
        return out[0];
    }

    @Benchmark
    public INDArray nd4jConv2d() {
        return Nd4j.cnn().conv2d(input, weights, bias, config);
    }

    /** Score = ns per fused multiply-add (2 FLOP): GFLOP/s = 2 / score. */
    @Benchmark
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    @OperationsPerInvocation(1024 * 1000)
    public float peakFma() {
        float[] acc = new float[1024];
        for (int rep = 0; rep < 1000; rep++) {
            for (int i = 0; i < 1024; i++) {
                acc[i] = Math.fma(fa[i], fb[i], acc[i]);
            }
        }
        return acc[7];
    }
}
