package com.auralise.trainer.train;

import com.auralise.model.DefaultModel;
import com.auralise.model.Model;

import java.util.Arrays;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * One training step of the auralisation graph (3 blocks 16/32/32 on 96 x 64 crops, batch 8, 6 roles
 * at layer 3, forward + backward + update) on TrainRoles' own kernels and on SameDiff, side by side
 * in one run: the measurement behind RoleKernels (docs/BENCHMARKS.md).
 * <pre>java -cp trainer/target/test-classes:trainer/target/classes:TEST_CP com.auralise.trainer.train.RoleStepBench [steps]</pre>
 */
public final class RoleStepBench {
    private RoleStepBench() {
    }

    public static void main(String[] args) throws Exception {
        int steps = args.length > 0 ? Integer.parseInt(args[0]) : 7;
        int batch = 8;
        int roles = 6;
        for (int round = 0; round < 2; round++) { // alternate, so drifting load hits both
            double own = ownMillisPerStep(batch, roles, steps);
            double sd = SameDiffAuraliseStep.millisPerStep(batch, roles, steps);
            System.out.printf(Locale.ROOT, "round %d: own kernels %.1f ms/step, SameDiff %.1f ms/step, ratio SameDiff/own %.2f%n",
                    round + 1, own, sd, sd / own);
        }
    }

    /** Median wall time of a TrainRoles step with the same shapes, 2 threads as TrainRoles runs. */
    static double ownMillisPerStep(int batch, int roles, int steps) throws Exception {
        Model m = DefaultModel.load();
        int rows = 96;
        int frames = 64;
        RoleNet net = new RoleNet(m, 3, rows, frames, m.spec().sampleRate);
        int bins = net.map.stftBins;
        Random rnd = new Random(1);
        float[][] x = new float[batch][rows * frames];
        float[][] mix = new float[batch][bins * frames];
        float[][] target = new float[batch][bins * frames];
        for (int e = 0; e < batch; e++) {
            for (int i = 0; i < x[e].length; i++) {
                x[e][i] = (float) (4 * rnd.nextDouble());
            }
            for (int i = 0; i < mix[e].length; i++) {
                mix[e][i] = (float) rnd.nextDouble();
                target[e][i] = (float) (mix[e][i] * rnd.nextDouble());
            }
        }
        RoleNet.Role[] rs = new RoleNet.Role[roles];
        for (int r = 0; r < roles; r++) {
            rs[r] = new RoleNet.Role("r" + r, 3, r, 1.0, 1.0);
        }
        int threads = 2;
        RoleNet.Work[] works = {net.new Work(), net.new Work()};
        TrainRoles.Adam adam = new TrainRoles.Adam(net, 1e-4);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        double[] ms = new double[steps + 3];
        try {
            for (int s = 0; s < ms.length; s++) {
                long t0 = System.nanoTime();
                Future<?>[] jobs = new Future<?>[threads];
                for (int th = 0; th < threads; th++) {
                    int id = th;
                    jobs[th] = pool.submit(() -> {
                        RoleNet.Work w = works[id];
                        w.clearGradients();
                        for (int e = id; e < batch; e += threads) {
                            w.forward(x[e]);
                            for (RoleNet.Role r : rs) {
                                w.roleLoss(r, mix[e], target[e], 0, true);
                            }
                            w.backwardForward();
                        }
                    });
                }
                for (Future<?> f : jobs) {
                    f.get();
                }
                adam.step(works, batch, 1.0);
                ms[s] = (System.nanoTime() - t0) / 1e6;
            }
        } finally {
            pool.shutdownNow();
        }
        double[] timed = Arrays.copyOfRange(ms, 3, ms.length); // 3 warm-up steps
        Arrays.sort(timed);
        return timed[timed.length / 2];
    }
}
