package com.auralise.trainer.train;

import com.auralise.network.Kernels;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.TrainingConfig;
import org.nd4j.enums.WeightsFormat;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.layers.convolution.Pooling2D;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.DeConv2DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.PaddingMode;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Pooling2DConfig;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Benchmark, not a unit test: can DL4J SameDiff (1.0.0-M2.1) express and train the auralisation
 * graph, and how fast is one training step (forward + backward + Adam update) on this CPU?
 *
 * <p>Graph (NCHW, x = [B, 1, 96, 64], H = 96 mel bins, W = 64 frames): three blocks of conv2d 3x3
 * "same" with bias (16, 32, 32 channels), ReLU, max-pool 2x2 stride 2. For each of R roles (role r
 * = channel r of block 3's pooled output) the Zeiler &amp; Fergus deconvolution: multiply the pooled
 * tensor by a one-hot channel mask, then for blocks 3, 2, 1: unpool with the forward pass's switches
 * (upsampling2d(g) * switchMask, the mask computed in the forward pass from comparisons and hence
 * carrying no gradient), ReLU, deconv2d with the SAME weight variable as that block's conv2d (no
 * bias). mask = clip(reconstruction, 0, 1); loss = sum over roles of mean((mask * x - target_r)^2).
 *
 * <p>Two ways to lay out the roles are built, the same function: BRANCHES (R separate deconvolution
 * chains, the literal graph) and STACKED (the R role copies stacked along the batch axis, one chain
 * of R*B). Two switch masks: EQUALITY (a == upsampling2d(maxpool(a)), marks every tied maximum) and
 * FIRST_WINS (exactly one position per window, the first maximum in the production kernel's scan
 * order: time outer, frequency inner; checked against {@link Kernels#maxPool}).
 *
 * <p>What SameDiff M2.1 cannot do as written, and the workarounds used here:
 * <ul>
 * <li>sd.cnn().upsampling2d(x, 2) fails shape inference inside a graph ("no shapes were returned by
 * calculateOutputShape()"); upsampling2d(x, 2, 2, true) (explicit NCHW) works.</li>
 * <li>The equality mask is not the production switch: it marks every tied maximum, and ties are not
 * rare, since a window that is all zero after ReLU ties 4 ways (about a third to a half of the windows
 * at initialisation, counted by main). There the unpooled value goes to all four positions instead
 * of one. The first-wins mask (above) is exact, built from elementwise ops only.</li>
 * <li>No stop-gradient op is needed: eq returns BOOL, so no gradient flows through the masks.</li>
 * </ul>
 *
 * <p>Run with the trainer module's test class path (see the commit message or main's output);
 * arguments: [steps for roles=6] [steps for roles=1] [core = skip the stacked and first-wins
 * variants] (default 7, 15, all variants).
 */
public final class SameDiffAuraliseStep {
    static final int H = 96;
    static final int W = 64;
    static final int[] CH = {16, 32, 32};
    static final int WARMUP = 3;

    public enum Roles { BRANCHES, STACKED }

    public enum Switches { EQUALITY, FIRST_WINS }

    static final Conv2DConfig CONV = Conv2DConfig.builder().kH(3).kW(3).sH(1).sW(1).dH(1).dW(1)
            .paddingMode(PaddingMode.SAME).dataFormat("NCHW").weightsFormat(WeightsFormat.YXIO).build();
    /** deconv2d weights are [kH, kW, oC, iC]: for the transpose of a conv2d [kH, kW, iC, oC] that is the same array. */
    static final DeConv2DConfig DECONV = DeConv2DConfig.builder().kH(3).kW(3).sH(1).sW(1).dH(1).dW(1)
            .isSameMode(true).dataFormat("NCHW").build();
    static final Pooling2DConfig POOL = Pooling2DConfig.builder().kH(2).kW(2).sH(2).sW(2).dH(1).dW(1)
            .type(Pooling2D.Pooling2DType.MAX).paddingMode(PaddingMode.VALID).isNHWC(false).build();

    private SameDiffAuraliseStep() {
    }

    /** He-initialised conv weights [3, 3, cin, cout] for the three blocks (seeded). */
    static INDArray[] initWeights(long seed) {
        Nd4j.getRandom().setSeed(seed);
        INDArray[] w = new INDArray[3];
        int cin = 1;
        for (int k = 0; k < 3; k++) {
            w[k] = Nd4j.randn(DataType.FLOAT, 3, 3, cin, CH[k]).muli(Math.sqrt(2.0 / (9 * cin)));
            cin = CH[k];
        }
        return w;
    }

    /**
     * Builds the graph. With tied=false the deconvolution uses separate variables wd1..wd3 holding
     * copies of the conv weights (only to split the gradient into its two uses); the benchmark is tied.
     * Placeholders: x [B,1,H,W], target [R*B,1,H,W] (role-major: row r*B+b is role r, example b).
     */
    static SameDiff build(int batch, int roles, Roles layout, Switches switches, boolean tied, INDArray[] w0) {
        if (roles < 1 || roles > CH[2]) {
            throw new IllegalArgumentException("roles must be 1.." + CH[2]);
        }
        SameDiff sd = SameDiff.create();
        SDVariable x = sd.placeHolder("x", DataType.FLOAT, batch, 1, H, W);
        SDVariable target = sd.placeHolder("target", DataType.FLOAT, (long) roles * batch, 1, H, W);
        SDVariable[] w = new SDVariable[3];
        SDVariable[] wd = new SDVariable[3];
        SDVariable[] sw = new SDVariable[3];
        SDVariable in = x;
        long h = H;
        long wi = W;
        long cin = 1;
        for (int k = 0; k < 3; k++) {
            w[k] = sd.var("w" + (k + 1), w0[k].dup());
            SDVariable b = sd.var("b" + (k + 1), Nd4j.zeros(DataType.FLOAT, CH[k]));
            wd[k] = tied ? w[k] : sd.var("wd" + (k + 1), w0[k].dup());
            SDVariable a = sd.nn().relu("a" + (k + 1), sd.cnn().conv2d(in, w[k], b, CONV), 0.0);
            SDVariable p = sd.cnn().maxPooling2d("p" + (k + 1), a, POOL);
            SDVariable eq = sd.eq(a, sd.cnn().upsampling2d(p, 2, 2, true)).castTo("eq" + (k + 1), DataType.FLOAT);
            // number of positions the equality mask marks in each pooling window (1 = no tie)
            sd.cnn().avgPooling2d(eq, avgPool()).mul("eqcount" + (k + 1), 4.0);
            sw[k] = switches == Switches.EQUALITY ? eq
                    : firstWinsMask(sd, a, p, batch, CH[k], h, wi).rename("fw" + (k + 1));
            sd.cnn().avgPooling2d(sw[k], avgPool()).mul("swcount" + (k + 1), 4.0);
            in = p;
            h /= 2;
            wi /= 2;
            cin = CH[k];
        }
        SDVariable p3 = in;
        SDVariable loss;
        if (layout == Roles.BRANCHES) {
            List<SDVariable> perRole = new ArrayList<>();
            for (int r = 0; r < roles; r++) {
                INDArray oneHot = Nd4j.zeros(DataType.FLOAT, 1, CH[2], 1, 1);
                oneHot.putScalar(new long[]{0, r, 0, 0}, 1f);
                SDVariable g = p3.mul(sd.constant("role" + r, oneHot));
                for (int k = 2; k >= 0; k--) {
                    SDVariable u = sd.cnn().upsampling2d(g, 2, 2, true).mul(sw[k]);
                    g = sd.cnn().deconv2d(sd.nn().relu(u, 0.0), wd[k], DECONV);
                }
                g = g.rename("recon" + r);
                SDVariable t = sd.slice(target, new int[]{r * batch, 0, 0, 0}, batch, 1, H, W);
                SDVariable d = sd.math().clipByValue(g, 0.0, 1.0).mul(x).sub(t);
                perRole.add(sd.math().square(d).mean());
            }
            loss = perRole.get(0);
            for (int r = 1; r < roles; r++) {
                loss = loss.add(perRole.get(r));
            }
        } else {
            INDArray oneHot = Nd4j.zeros(DataType.FLOAT, (long) roles * batch, CH[2], 1, 1);
            for (int r = 0; r < roles; r++) {
                for (int b = 0; b < batch; b++) {
                    oneHot.putScalar(new long[]{(long) r * batch + b, r, 0, 0}, 1f);
                }
            }
            SDVariable g = sd.tile(p3, roles, 1, 1, 1).mul(sd.constant("roles", oneHot));
            for (int k = 2; k >= 0; k--) {
                SDVariable s = roles == 1 ? sw[k] : sd.tile(sw[k], roles, 1, 1, 1);
                SDVariable u = sd.cnn().upsampling2d(g, 2, 2, true).mul(s);
                g = sd.cnn().deconv2d(sd.nn().relu(u, 0.0), wd[k], DECONV);
            }
            g = g.rename("recon");
            SDVariable xr = roles == 1 ? x : sd.tile(x, roles, 1, 1, 1);
            SDVariable d = sd.math().clipByValue(g, 0.0, 1.0).mul(xr).sub(target);
            loss = sd.math().square(d).sum().div((double) batch * H * W);
        }
        loss = loss.rename("loss");
        sd.setLossVariables(loss);
        return sd;
    }

    static Pooling2DConfig avgPool() {
        return Pooling2DConfig.builder().kH(2).kW(2).sH(2).sW(2).dH(1).dW(1)
                .type(Pooling2D.Pooling2DType.AVG).paddingMode(PaddingMode.VALID).isNHWC(false).build();
    }

    /**
     * One-hot switch mask: in each 2x2 window, 1 at the first position holding the maximum, scanning
     * as the production kernel does (time = W outer, frequency = H inner: (dh,dw) = (0,0), (1,0),
     * (0,1), (1,1)), 0 elsewhere. Built from the four strided phases of a, compared with the pooled
     * value, each masked by "not taken yet", then interleaved back with stack + reshape.
     */
    static SDVariable firstWinsMask(SameDiff sd, SDVariable a, SDVariable p, long b, long c, long h, long w) {
        int[][] order = {{0, 0}, {1, 0}, {0, 1}, {1, 1}};
        SDVariable[][] m = new SDVariable[2][2];
        SDVariable taken = null;
        for (int[] o : order) {
            SDVariable phase = sd.stridedSlice(a, new long[]{0, 0, o[0], o[1]}, new long[]{b, c, h, w},
                    new long[]{1, 1, 2, 2});
            SDVariable e = sd.eq(phase, p).castTo(DataType.FLOAT);
            SDVariable mk = taken == null ? e : e.mul(taken.rsub(1.0));
            taken = taken == null ? mk : taken.add(mk);
            m[o[0]][o[1]] = mk;
        }
        SDVariable row0 = sd.stack(4, m[0][0], m[0][1]);   // [b, c, h/2, w/2, dw]
        SDVariable row1 = sd.stack(4, m[1][0], m[1][1]);
        SDVariable all = sd.stack(3, row0, row1);          // [b, c, h/2, dh, w/2, dw]
        return all.reshape(b, c, h, w);
    }

    static Map<String, INDArray> data(int batch, int roles, long seed) {
        Nd4j.getRandom().setSeed(seed);
        Map<String, INDArray> ph = new HashMap<>();
        ph.put("x", Nd4j.rand(DataType.FLOAT, batch, 1, H, W));
        ph.put("target", Nd4j.rand(DataType.FLOAT, (long) roles * batch, 1, H, W));
        return ph;
    }

    /** Median wall-clock milliseconds of one training step (literal layout: one chain per role, equality switches). */
    public static double millisPerStep(int batch, int roles, int steps) {
        return millisPerStep(batch, roles, steps, Roles.BRANCHES, Switches.EQUALITY);
    }

    public static double millisPerStep(int batch, int roles, int steps, Roles layout, Switches switches) {
        SameDiff sd = build(batch, roles, layout, switches, true, initWeights(42));
        sd.setTrainingConfig(new TrainingConfig.Builder()
                .updater(new Adam(1e-3))
                .dataSetFeatureMapping("x")
                .dataSetLabelMapping("target")
                .build());
        Map<String, INDArray> ph = data(batch, roles, 7);
        MultiDataSet mds = new MultiDataSet(new INDArray[]{ph.get("x")}, new INDArray[]{ph.get("target")});
        INDArray w1Before = sd.getVariable("w1").getArr().dup();
        // forward only (inference of the loss), on the fresh graph: 1 warm-up, median of 3
        double[] fwd = new double[3];
        sd.output(ph, "loss");
        for (int i = 0; i < fwd.length; i++) {
            long t0 = System.nanoTime();
            sd.output(ph, "loss");
            fwd[i] = (System.nanoTime() - t0) / 1e6;
        }
        long[] stat0 = procStat();
        for (int i = 0; i < WARMUP; i++) {
            quiet(() -> sd.fit(mds));
        }
        double[] ms = new double[steps];
        double[] cpu = new double[steps];
        for (int i = 0; i < steps; i++) {
            long c0 = processCpuNanos();
            long t0 = System.nanoTime();
            sd.fit(mds);
            ms[i] = (System.nanoTime() - t0) / 1e6;
            cpu[i] = (processCpuNanos() - c0) / 1e6;
        }

        double moved = sd.getVariable("w1").getArr().sub(w1Before).norm2Number().doubleValue();
        if (!(moved > 0)) {
            throw new IllegalStateException("Adam did not change w1");
        }
        double loss = sd.output(ph, "loss").get("loss").getDouble(0);
        long[] stat1 = procStat();
        System.out.println("  step wall ms in order: " + Arrays.toString(Arrays.stream(ms).map(v -> Math.round(v)).toArray()));
        Arrays.sort(ms);
        Arrays.sort(cpu);
        Arrays.sort(fwd);
        System.out.printf("  (%s, %s, B=%d R=%d: %d steps wall min %.1f / median %.1f / max %.1f ms; process CPU median %.1f ms/step;"
                        + " forward-only (sd.output loss) median %.1f ms; loss after %.5f, |w1 change| %.3g)%n",
                layout, switches, batch, roles, steps, ms[0], median(ms), ms[steps - 1], median(cpu), median(fwd), loss, moved);
        if (stat0 != null && stat1 != null) {
            double total = 0;
            for (int i = 0; i < stat0.length; i++) {
                total += stat1[i] - stat0[i];
            }
            // this JVM runs at nice 10 (its CPU is counted as "nice"); "user" is other, un-niced work on the machine
            System.out.printf("  machine CPU during the timed steps (/proc/stat): user (others, nice 0) %.0f%%, nice %.0f%%,"
                            + " system %.0f%%, idle %.0f%%, steal %.0f%%%n", 100 * (stat1[0] - stat0[0]) / total,
                    100 * (stat1[1] - stat0[1]) / total, 100 * (stat1[2] - stat0[2]) / total,
                    100 * (stat1[3] - stat0[3]) / total, stat1.length > 7 ? 100 * (stat1[7] - stat0[7]) / total : 0.0);
        }
        return median(ms);
    }

    /** Runs r with System.out muted: SameDiff prints one "Added differentiated op" line per op when it builds the backward graph. */
    static <T> T quiet(java.util.function.Supplier<T> r) {
        java.io.PrintStream out = System.out;
        System.setOut(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
        try {
            return r.get();
        } finally {
            System.setOut(out);
        }
    }

    /** The aggregate "cpu" line of /proc/stat (user, nice, system, idle, iowait, irq, softirq, steal), or null. */
    static long[] procStat() {
        try {
            String[] f = java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long[] v = new long[Math.min(8, f.length - 1)];
            for (int i = 0; i < v.length; i++) {
                v[i] = Long.parseLong(f[i + 1]);
            }
            return v;
        } catch (Exception e) {
            return null;
        }
    }

    /** CPU time of this process (all threads, including ND4J's native OpenMP/BLAS threads). */
    static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    static double median(double[] sorted) {
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    // ----------------------------------------------------------------------------------------------
    // checks

    /** deconv2d with the conv weights is the adjoint of conv2d: <conv(x), y> = <x, deconv(y)>. */
    static void checkAdjoint() {
        INDArray[] w = initWeights(3);
        long h = H;
        long wi = W;
        int cin = 1;
        for (int k = 0; k < 3; k++) {
            INDArray x = Nd4j.randn(DataType.FLOAT, 2, cin, h, wi);
            INDArray y = Nd4j.randn(DataType.FLOAT, 2, CH[k], h, wi);
            INDArray cx = Nd4j.cnn().conv2d(x, w[k], CONV);
            INDArray dy = Nd4j.cnn().deconv2d(y, w[k], DECONV);
            if (!Arrays.equals(cx.shape(), y.shape()) || !Arrays.equals(dy.shape(), x.shape())) {
                throw new IllegalStateException("shapes " + Arrays.toString(cx.shape()) + " " + Arrays.toString(dy.shape()));
            }
            double lhs = cx.castTo(DataType.DOUBLE).mul(y.castTo(DataType.DOUBLE)).sumNumber().doubleValue();
            double rhs = x.castTo(DataType.DOUBLE).mul(dy.castTo(DataType.DOUBLE)).sumNumber().doubleValue();
            double rel = Math.abs(lhs - rhs) / Math.max(Math.abs(lhs), 1e-30);
            System.out.printf("adjoint block %d: <conv2d(x,W),y>=%.6g <x,deconv2d(y,W)>=%.6g rel.err %.2g%n",
                    k + 1, lhs, rhs, rel);
            if (rel > 1e-4) {
                throw new IllegalStateException("deconv2d is not the transpose of conv2d for block " + (k + 1));
            }
            h /= 2;
            wi /= 2;
            cin = CH[k];
        }
    }

    /**
     * Gradient norms: untied graph (forward use w_k, deconvolution use wd_k, same values) split the
     * tied gradient into its two uses; the tied gradient must be their sum.
     */
    static void checkGradients(int batch, int roles, Roles layout) {
        INDArray[] w0 = initWeights(42);
        Map<String, INDArray> ph = data(batch, roles, 7);
        SameDiff untied = build(batch, roles, layout, Switches.EQUALITY, false, w0);
        Map<String, INDArray> gu = quiet(() -> untied.calculateGradients(ph, "w1", "w2", "w3", "wd1", "wd2", "wd3"));
        SameDiff tied = build(batch, roles, layout, Switches.EQUALITY, true, w0);
        Map<String, INDArray> gt = quiet(() -> tied.calculateGradients(ph, "w1", "w2", "w3"));
        for (int k = 1; k <= 3; k++) {
            INDArray fwd = gu.get("w" + k);
            INDArray dec = gu.get("wd" + k);
            INDArray sum = gt.get("w" + k);
            double nd = dec.norm2Number().doubleValue();
            double rel = sum.sub(fwd.add(dec)).norm2Number().doubleValue() / Math.max(sum.norm2Number().doubleValue(), 1e-30);
            System.out.printf("grad %s B=%d R=%d w%d: |dL/dW| tied %.4g = forward use %.4g + deconv use %.4g (rel.err of sum %.2g)%n",
                    layout, batch, roles, k, sum.norm2Number().doubleValue(), fwd.norm2Number().doubleValue(), nd, rel);
            if (!(nd > 0) || rel > 1e-3) {
                throw new IllegalStateException("gradient through the deconvolution use of w" + k + " missing or not summed");
            }
        }
    }

    static void checkLayoutsAgree(int batch, int roles) {
        INDArray[] w0 = initWeights(42);
        Map<String, INDArray> ph = data(batch, roles, 7);
        double a = build(batch, roles, Roles.BRANCHES, Switches.EQUALITY, true, w0).output(ph, "loss").get("loss").getDouble(0);
        double b = build(batch, roles, Roles.STACKED, Switches.EQUALITY, true, w0).output(ph, "loss").get("loss").getDouble(0);
        System.out.printf("loss BRANCHES %.7f STACKED %.7f (B=%d R=%d)%n", a, b, batch, roles);
        if (Math.abs(a - b) > 1e-5 * Math.abs(a)) {
            throw new IllegalStateException("layouts disagree");
        }
    }

    /**
     * Switch masks against the production kernel: the first-wins mask must equal Kernels.maxPool's
     * switches exactly; the equality mask differs exactly on the tied windows. Also counts ties.
     */
    static void checkSwitches(int batch) {
        INDArray[] w0 = initWeights(42);
        Map<String, INDArray> ph = data(batch, 1, 7);
        SameDiff sd = build(batch, 1, Roles.BRANCHES, Switches.FIRST_WINS, true, w0);
        Map<String, INDArray> out = sd.output(ph, "a1", "a2", "a3", "p1", "p2", "p3", "eq1", "eq2", "eq3",
                "fw1", "fw2", "fw3", "eqcount1", "eqcount2", "eqcount3", "swcount1", "swcount2", "swcount3");
        long h = H;
        long wi = W;
        for (int k = 1; k <= 3; k++) {
            int c = CH[k - 1];
            float[] a = out.get("a" + k).dup('c').data().asFloat();
            float[] p = out.get("p" + k).dup('c').data().asFloat();
            float[] eq = out.get("eq" + k).dup('c').data().asFloat();
            float[] fw = out.get("fw" + k).dup('c').data().asFloat();
            int ih = (int) h;
            int iw = (int) wi;
            int ho = ih / 2;
            int wo = iw / 2;
            long windows = 0;
            long tied = 0;
            long allZero = 0;
            long fwMismatch = 0;
            long eqMismatchWindows = 0;
            long poolMismatch = 0;
            float[][] cols = new float[2][c * ih];
            float[] pooled = new float[c * ho];
            byte[] sws = new byte[c * ho];
            for (int b = 0; b < batch; b++) {
                for (int j = 0; j < wo; j++) {
                    for (int dt = 0; dt < 2; dt++) {
                        for (int ch = 0; ch < c; ch++) {
                            for (int f = 0; f < ih; f++) {
                                cols[dt][ch * ih + f] = a[((b * c + ch) * ih + f) * iw + 2 * j + dt];
                            }
                        }
                    }
                    Kernels.maxPool(cols, c, ih, 2, pooled, sws);
                    for (int ch = 0; ch < c; ch++) {
                        for (int i = 0; i < ho; i++) {
                            windows++;
                            if (pooled[ch * ho + i] != p[((b * c + ch) * ho + i) * wo + j]) {
                                poolMismatch++;
                            }
                            int arg = sws[ch * ho + i];
                            int marked = 0;
                            boolean zero = true;
                            boolean eqDiffers = false;
                            for (int dh = 0; dh < 2; dh++) {
                                for (int dw = 0; dw < 2; dw++) {
                                    int idx = ((b * c + ch) * ih + 2 * i + dh) * iw + 2 * j + dw;
                                    float ref = arg == dw * 2 + dh ? 1f : 0f;   // arg = dt * pF + df
                                    if (fw[idx] != ref) {
                                        fwMismatch++;
                                    }
                                    if (eq[idx] != ref) {
                                        eqDiffers = true;
                                    }
                                    marked += eq[idx] != 0f ? 1 : 0;
                                    zero &= a[idx] == 0f;
                                }
                            }
                            if (marked > 1) {
                                tied++;
                                if (zero) {
                                    allZero++;
                                }
                            }
                            if (eqDiffers) {
                                eqMismatchWindows++;
                            }
                        }
                    }
                }
            }
            double swMin = out.get("swcount" + k).minNumber().doubleValue();
            double swMax = out.get("swcount" + k).maxNumber().doubleValue();
            double eqMax = out.get("eqcount" + k).maxNumber().doubleValue();
            System.out.printf("switches block %d: %d windows, %d tied (%.1f%%, %d of them all-zero after ReLU), "
                            + "equality mask differs from Kernels.maxPool in %d windows (max %.0f marked), "
                            + "first-wins mask differs in %d positions (marks %.0f..%.0f per window), pooled values differ %d%n",
                    k, windows, tied, 100.0 * tied / windows, allZero, eqMismatchWindows, eqMax, fwMismatch, swMin, swMax,
                    poolMismatch);
            if (fwMismatch != 0 || poolMismatch != 0 || eqMismatchWindows != tied) {
                throw new IllegalStateException("switch masks do not match the production kernel in block " + k);
            }
            h /= 2;
            wi /= 2;
        }
    }

    static void printThreads() {
        Properties env = Nd4j.getExecutioner().getEnvironmentInformation();
        System.out.println("cores (JVM availableProcessors) = " + Runtime.getRuntime().availableProcessors());
        System.out.println("OMP_NUM_THREADS = " + System.getenv("OMP_NUM_THREADS")
                + ", OPENBLAS_NUM_THREADS = " + System.getenv("OPENBLAS_NUM_THREADS")
                + ", OPENBLAS_CORETYPE = " + System.getenv("OPENBLAS_CORETYPE"));
        System.out.println("Nd4j.getEnvironment(): maxThreads = " + Nd4j.getEnvironment().maxThreads()
                + ", maxMasterThreads = " + Nd4j.getEnvironment().maxMasterThreads());
        System.out.println("BLAS max threads = " + Nd4j.factory().blas().getMaxThreads()
                + ", backend " + env.getProperty("backend") + ", blas.vendor " + env.getProperty("blas.vendor")
                + ", omp.threads " + env.getProperty("omp.threads") + ", blas.threads " + env.getProperty("blas.threads")
                + ", cores " + env.getProperty("cores"));
    }

    public static void main(String[] args) {
        int steps6 = args.length > 0 ? Integer.parseInt(args[0]) : 7;
        int steps1 = args.length > 1 ? Integer.parseInt(args[1]) : 15;
        boolean extra = args.length <= 2 || !"core".equals(args[2]);
        System.out.println("ND4J " + Nd4j.getBackend().getClass().getSimpleName() + ", default thread settings (unchanged):");
        printThreads();

        checkAdjoint();
        checkGradients(2, 2, Roles.BRANCHES);
        checkGradients(2, 2, Roles.STACKED);
        checkLayoutsAgree(2, 3);
        checkSwitches(8);

        int batch = 8;
        double r6 = millisPerStep(batch, 6, steps6);
        System.out.printf("samediff batch=%d roles=6 ms/step=%.1f%n", batch, r6);
        double r1 = millisPerStep(batch, 1, steps1);
        System.out.printf("samediff batch=%d roles=1 ms/step=%.1f%n", batch, r1);
        if (extra) {
            double s6 = millisPerStep(batch, 6, steps6, Roles.STACKED, Switches.EQUALITY);
            System.out.printf("samediff batch=%d roles=6 layout=stacked ms/step=%.1f%n", batch, s6);
            double f6 = millisPerStep(batch, 6, steps6, Roles.BRANCHES, Switches.FIRST_WINS);
            System.out.printf("samediff batch=%d roles=6 switches=first-wins ms/step=%.1f%n", batch, f6);
        }
    }
}
