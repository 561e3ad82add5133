package com.auralise.trainer.train;

import com.auralise.trainer.catalogue.Metrics;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

import java.io.PrintStream;
import java.util.SplittableRandom;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/** Mini-batch training with a background thread preparing the next batches, and held-out evaluation. */
public final class Trainer {
    private Trainer() {
    }

    /** A batch as plain arrays (built off the training thread). */
    record Batch(float[][][][] x, float[][] y) {
    }

    static Batch makeBatch(MixSampler s, SplittableRandom rnd, int batch, int bins, int frames) {
        float[][][][] x = new float[batch][1][bins][frames];
        float[][] y = new float[batch][MixSampler.OUTPUTS];
        for (int i = 0; i < batch; i++) {
            s.sample(rnd, x[i][0], y[i]);
        }
        return new Batch(x, y);
    }

    static DataSet toDataSet(Batch b) {
        INDArray x = Nd4j.create(b.x());
        INDArray y = Nd4j.create(b.y());
        return new DataSet(x, y);
    }

    /**
     * Trains for at most steps batches or maxSeconds, whichever ends first (the time limit keeps the
     * one-command run inside its budget on a busy machine; the step count reached goes to provenance).
     * Returns the number of steps done.
     */
    public static int train(MultiLayerNetwork net, MixSampler sampler, int steps, double maxSeconds, int batch,
                            int bins, int frames, long seed, PrintStream log) throws InterruptedException {
        BlockingQueue<Batch> queue = new ArrayBlockingQueue<>(4);
        SplittableRandom rnd = new SplittableRandom(seed);
        Thread producer = new Thread(() -> {
            try {
                for (int i = 0; i < steps; i++) {
                    queue.put(makeBatch(sampler, rnd, batch, bins, frames));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "batch-producer");
        producer.setDaemon(true);
        producer.start();
        long t0 = System.nanoTime();
        double avg = Double.NaN;
        int done = 0;
        try {
            for (int i = 0; i < steps; i++) {
                double elapsed = (System.nanoTime() - t0) / 1e9;
                if (elapsed > maxSeconds) {
                    log.printf("time limit %.0f s reached after %d steps%n", maxSeconds, i);
                    break;
                }
                DataSet ds = toDataSet(queue.take());
                net.fit(ds);
                double loss = net.score();
                avg = Double.isNaN(avg) ? loss : 0.98 * avg + 0.02 * loss;
                done = i + 1;
                if (done % 25 == 0 || done == steps) {
                    log.printf("step %d/%d loss %.4f (avg %.4f) %.2f s/step%n", done, steps, loss, avg,
                            (System.nanoTime() - t0) / 1e9 / done);
                }
            }
        } finally {
            producer.interrupt();
        }
        return done;
    }

    /** Held-out examples, fixed by seed. */
    public static Batch heldOut(MixSampler sampler, int n, int bins, int frames, long seed) {
        return makeBatch(sampler, new SplittableRandom(seed), n, bins, frames);
    }

    /** Per-output AUC on held-out examples (NaN where a label has one class only). */
    public static double[] evaluate(MultiLayerNetwork net, Batch held) {
        int n = held.y().length;
        double[][] scores = new double[MixSampler.OUTPUTS][n];
        int chunk = 32;
        for (int s = 0; s < n; s += chunk) {
            int e = Math.min(n, s + chunk);
            float[][][][] x = java.util.Arrays.copyOfRange(held.x(), s, e);
            INDArray out = net.output(Nd4j.create(x), false);
            for (int i = s; i < e; i++) {
                for (int k = 0; k < MixSampler.OUTPUTS; k++) {
                    scores[k][i] = out.getDouble(i - s, k);
                }
            }
        }
        double[] auc = new double[MixSampler.OUTPUTS];
        for (int k = 0; k < MixSampler.OUTPUTS; k++) {
            boolean[] lab = new boolean[n];
            for (int i = 0; i < n; i++) {
                lab[i] = held.y()[i][k] > 0.5f;
            }
            auc[k] = Metrics.auc(scores[k], lab);
        }
        return auc;
    }
}
