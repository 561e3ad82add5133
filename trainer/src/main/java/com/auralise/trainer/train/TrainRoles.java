package com.auralise.trainer.train;

import com.auralise.deconvolution.StreamingDeconvolution;
import com.auralise.model.Model;
import com.auralise.model.ModelReader;
import com.auralise.model.ModelSpec;
import com.auralise.network.StreamingNetwork;
import com.auralise.trainer.data.Clip;
import com.auralise.trainer.data.Part;
import com.auralise.trainer.data.Split;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Auralisation-supervised training (issue 13): turns chosen channels of a trained model into the
 * filters their names promise. Each role (a part's selector, or "onset") gets the channel of its
 * layer whose engine mask already fits best; then the blocks up to the deepest role are trained so
 * that the mask FeatureFilter computes from that channel, times the mix's STFT magnitude, matches
 * the role's target magnitude ({@link RoleSampler}). The other channels keep the presence/style
 * training of the initial model (their weights above the trained blocks do not change).
 * For a causal model the loss uses the live filter's schedule: frame j is masked with the newest
 * complete mask column, j - lag(j) (the engine's own look-ahead counters give lag).
 *
 * <pre>TrainRoles --init presets/models/default.auralise --out presets/models/default.auralise
 *           [--roles kick@3,bass@3,melody@3,onset@2] [--steps 1500] [--minutes 40] [--batch 8]
 *           [--frames 64] [--lr 1e-3] [--seed S] [--train-clips 96] [--val-clips 8] [--threads 2]</pre>
 * Validation examples come from the evaluation split's clips 0..val-clips-1 (held-out SoundFont and
 * kits); the quality report scores clips 8..15, which this never sees.
 */
public final class TrainRoles {
    private TrainRoles() {
    }

    static final class Options {
        Path init = Path.of("presets/models/default.auralise");
        Path out;
        String roles = "kick@3,snare@3,hats@3,bass@3,melody@3,chords@3,onset@2";
        int steps = 1500;
        double minutes = 40;
        int batch = 8;
        int frames = 64;
        double lr = 1e-3;
        long seed = new TrainDefaultModel.Options().seed;
        int trainClips = 96;
        int valClips = 8;
        int valExamples = 48;
        double seconds = 6;
        int threads = 2;
        int evalEvery = 100;
        Path cache = ClipSet.defaultCache();
        String command;

        static Options parse(String[] args) {
            Options o = new Options();
            o.command = "TrainRoles " + String.join(" ", args);
            for (int i = 0; i < args.length; i += 2) {
                String v = i + 1 < args.length ? args[i + 1] : null;
                switch (args[i]) {
                    case "--init" -> o.init = Path.of(v);
                    case "--out" -> o.out = Path.of(v);
                    case "--roles" -> o.roles = v;
                    case "--steps" -> o.steps = Integer.parseInt(v);
                    case "--minutes" -> o.minutes = Double.parseDouble(v);
                    case "--batch" -> o.batch = Integer.parseInt(v);
                    case "--frames" -> o.frames = Integer.parseInt(v);
                    case "--lr" -> o.lr = Double.parseDouble(v);
                    case "--seed" -> o.seed = Long.parseLong(v);
                    case "--train-clips" -> o.trainClips = Integer.parseInt(v);
                    case "--val-clips" -> o.valClips = Integer.parseInt(v);
                    case "--val-examples" -> o.valExamples = Integer.parseInt(v);
                    case "--seconds" -> o.seconds = Double.parseDouble(v);
                    case "--threads" -> o.threads = Integer.parseInt(v);
                    case "--eval-every" -> o.evalEvery = Integer.parseInt(v);
                    case "--cache" -> o.cache = Path.of(v);
                    default -> throw new IllegalArgumentException("unknown option " + args[i]);
                }
            }
            if (o.out == null) {
                o.out = o.init;
            }
            return o;
        }
    }

    public static void main(String[] args) throws Exception {
        Options o = Options.parse(args);
        Model init = ModelReader.read(o.init);
        Model m = run(init, o, System.out);
        TrainDefaultModel.write(m, o.out, System.out);
    }

    static Model run(Model init, Options o, PrintStream log) throws Exception {
        long t0 = System.nanoTime();
        ModelSpec.Frontend fe = init.spec().frontend;
        int sr = init.spec().sampleRate;
        List<Clip> train = ClipSet.load(o.cache, o.seed, Split.TRAIN, o.trainClips, o.seconds, sr, o.threads);
        List<Clip> val = ClipSet.load(o.cache, o.seed, Split.EVAL, o.valClips, o.seconds, sr, o.threads);
        String[] names = Arrays.stream(o.roles.split(",")).map(s -> s.split("@")[0]).toArray(String[]::new);
        int[] layers = Arrays.stream(o.roles.split(",")).mapToInt(s -> Integer.parseInt(s.split("@")[1])).toArray();
        for (String n : names) {
            if (!n.equals("onset")) {
                Part.fromId(n);
            }
        }
        int blocks = Arrays.stream(layers).max().orElseThrow();
        RoleSampler trainSampler = new RoleSampler(train, fe, sr, o.frames, names);
        RoleSampler valSampler = new RoleSampler(val, fe, sr, o.frames, names);
        RoleNet net = new RoleNet(init, blocks, trainSampler.rows, o.frames, sr);
        int[] lag = new int[names.length];
        for (int r = 0; r < names.length; r++) {
            lag[r] = init.spec().causal() ? liveLag(init, layers[r], trainSampler.rows) : 0;
        }
        log.printf(Locale.ROOT, "%d train + %d validation clips; mask lag per role (frames) %s; %.0f s%n", train.size(), val.size(),
                Arrays.toString(lag), (System.nanoTime() - t0) / 1e9);

        RoleSampler.Example[] probe = examples(trainSampler, 16, o.seed ^ 0x9E0BEL);
        RoleNet.Role[] roles = assign(net, init.spec(), names, layers, probe, lag, log);
        RoleSampler.Example[] held = examples(valSampler, o.valExamples, o.seed ^ 0x7A1L);
        double[] mixLoss = mixLoss(held, roles.length);
        double[] first = evaluate(net, roles, held, lag);
        log.printf(Locale.ROOT, "held-out loss / unmasked-mix loss at start: %s (%.0f s)%n", ratios(roles, first, mixLoss),
                (System.nanoTime() - t0) / 1e9);

        ExecutorService pool = Executors.newFixedThreadPool(o.threads);
        RoleNet.Work[] works = new RoleNet.Work[o.threads];
        RoleSampler.Example[] exs = new RoleSampler.Example[o.threads];
        for (int i = 0; i < o.threads; i++) {
            works[i] = net.new Work();
            exs[i] = trainSampler.newExample();
        }
        Adam adam = new Adam(net, o.lr);
        double[] best = first.clone();
        double bestTotal = Arrays.stream(first).sum();
        float[][][] bestParams = snapshot(net);
        int bestStep = 0;
        double budget = o.minutes * 60;
        int step = 0;
        double running = 0;
        try {
            for (step = 1; step <= o.steps && (System.nanoTime() - t0) / 1e9 < budget; step++) {
                long stepSeed = o.seed * 1_000_003L + step;
                List<Future<Double>> jobs = new ArrayList<>();
                for (int th = 0; th < o.threads; th++) {
                    int id = th;
                    jobs.add(pool.submit(() -> {
                        RoleNet.Work w = works[id];
                        w.clearGradients();
                        double loss = 0;
                        for (int e = id; e < o.batch; e += o.threads) {
                            trainSampler.sample(new SplittableRandom(stepSeed * 64 + e), exs[id]);
                            w.forward(exs[id].x);
                            for (int r = 0; r < roles.length; r++) {
                                loss += w.roleLoss(roles[r], exs[id].mix, exs[id].target[r], lag[r], true);
                            }
                            w.backwardForward();
                        }
                        return loss;
                    }));
                }
                double loss = 0;
                for (Future<Double> f : jobs) {
                    loss += f.get();
                }
                double progress = Math.max(step / (double) o.steps, (System.nanoTime() - t0) / 1e9 / budget);
                adam.step(works, o.batch, progress < 0.7 ? 1.0 : 0.3); // a lower rate for the last 30 %
                running = step == 1 ? loss / o.batch : 0.95 * running + 0.05 * loss / o.batch;
                if (step % 25 == 0) {
                    log.printf(Locale.ROOT, "step %d  train loss %.4f  %.1f s%n", step, running, (System.nanoTime() - t0) / 1e9);
                }
                if (step % o.evalEvery == 0) {
                    double[] v = evaluate(net, roles, held, lag);
                    double total = Arrays.stream(v).sum();
                    log.printf(Locale.ROOT, "step %d held-out %s%n", step, ratios(roles, v, mixLoss));
                    if (total < bestTotal) {
                        bestTotal = total;
                        best = v;
                        bestParams = snapshot(net);
                        bestStep = step;
                    }
                }
            }
        } finally {
            pool.shutdownNow();
        }
        double[] last = evaluate(net, roles, held, lag);
        if (Arrays.stream(last).sum() < bestTotal) {
            best = last;
            bestParams = snapshot(net);
            bestStep = step - 1;
        }
        restore(net, bestParams);
        double seconds = (System.nanoTime() - t0) / 1e9;
        log.printf(Locale.ROOT, "best at step %d of %d: held-out %s (%.0f s)%n", bestStep, step - 1, ratios(roles, best, mixLoss), seconds);

        ModelSpec spec = init.spec();
        spec.catalogue = new ArrayList<>(); // the catalogue names features again, by measurement
        List<Map<String, Object>> rp = new ArrayList<>();
        for (int r = 0; r < roles.length; r++) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("role", roles[r].name());
            e.put("layer", roles[r].layer());
            e.put("feature", roles[r].channel());
            e.put("maskScale", roles[r].scale());
            e.put("heldOutLossRatio", TrainDefaultModel.round(best[r] / mixLoss[r]));
            e.put("initialLossRatio", TrainDefaultModel.round(first[r] / mixLoss[r]));
            rp.add(e);
        }
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("trainer", "com.auralise.trainer.train.TrainRoles (own kernels, see RoleKernels)");
        t.put("command", o.command);
        t.put("date", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        t.put("steps", bestStep);
        t.put("batch", o.batch);
        t.put("cropFrames", o.frames);
        t.put("lr", o.lr);
        t.put("trainedBlocks", blocks);
        t.put("seconds", Math.round(seconds));
        t.put("loss", "sum over STFT bins and frames of (mask * |mix| - |target|)^2 / sum |mix|^2; lossRatio = loss /"
                + " loss of the unmasked mix, on " + o.valExamples + " held-out crops");
        if (spec.provenance.get("roleTraining") != null) {
            t.put("continues", spec.provenance.get("roleTraining")); // the run this one started from
        }
        spec.provenance.put("roleTraining", t);
        spec.provenance.put(ROLES, rp);
        Model out = net.toModel(init, spec);
        out.spec().provenance.put("weightsSha256", TrainDefaultModel.weightsSha256(out));
        return out;
    }

    /** Provenance key of the trained roles; the catalogue takes their maskScale from here. */
    public static final String ROLES = "roles";

    /** Trained mask scale of (layer, feature) in a model's provenance, or 0 when it is not a role. */
    public static double trainedScale(ModelSpec spec, int layer, int feature) {
        return trainedRoles(spec).stream().filter(r -> r.layer() == layer && r.channel() == feature)
                .mapToDouble(RoleNet.Role::scale).findFirst().orElse(0);
    }

    /** The role of that name and layer an earlier TrainRoles run stored in spec, or null. */
    static RoleNet.Role trainedRole(ModelSpec spec, String name, int layer) {
        return trainedRoles(spec).stream().filter(r -> r.name().equals(name) && r.layer() == layer).findFirst().orElse(null);
    }

    /** The roles an earlier TrainRoles run stored in a model's provenance (entries missing a field skipped). */
    private static List<RoleNet.Role> trainedRoles(ModelSpec spec) {
        List<RoleNet.Role> out = new ArrayList<>();
        if (spec.provenance.get(ROLES) instanceof List<?> list) {
            for (Object o : list) {
                if (o instanceof Map<?, ?> e && e.get("role") instanceof String name && e.get("layer") instanceof Number l
                        && e.get("feature") instanceof Number f && e.get("maskScale") instanceof Number s) {
                    out.add(new RoleNet.Role(name, l.intValue(), f.intValue(), s.doubleValue(), 1.0));
                }
            }
        }
        return out;
    }

    /**
     * Per role, the channel of its layer (not taken by an earlier role) with the lowest loss on the
     * probe examples, at its own robust peak (99th percentile of the raw deconvolution) as scale.
     * A role the initial model was already trained for keeps its channel and scale: the scale is
     * fixed during training and the weights are tuned to it, so a continued run must not re-pick it.
     */
    static RoleNet.Role[] assign(RoleNet net, ModelSpec init, String[] names, int[] layers, RoleSampler.Example[] probe,
                                 int[] lag, PrintStream log) {
        RoleNet.Work w = net.new Work();
        RoleNet.Role[] roles = new RoleNet.Role[names.length];
        boolean[][] taken = new boolean[net.blocks + 1][];
        for (int l = 1; l <= net.blocks; l++) {
            taken[l] = new boolean[net.cout[l - 1]];
        }
        for (int r = 0; r < names.length; r++) {
            roles[r] = trainedRole(init, names[r], layers[r]);
            if (roles[r] != null) {
                taken[layers[r]][roles[r].channel()] = true;
            }
        }
        float[][][][] raw = new float[net.blocks + 1][][][];
        for (int r = 0; r < names.length; r++) {
            int l = layers[r];
            if (roles[r] != null) {
                log.printf(Locale.ROOT, "role %-7s -> L%d#%d (maskScale %.4g, as trained before)%n", names[r], l,
                        roles[r].channel(), roles[r].scale());
                continue;
            }
            if (raw[l] == null) {
                raw[l] = new float[net.cout[l - 1]][probe.length][];
                for (int e = 0; e < probe.length; e++) {
                    w.forward(probe[e].x);
                    for (int c = 0; c < net.cout[l - 1]; c++) {
                        raw[l][c][e] = w.reconstruct(l, c).clone();
                    }
                }
            }
            double bestLoss = Double.POSITIVE_INFINITY;
            RoleNet.Role best = null;
            for (int c = 0; c < net.cout[l - 1]; c++) {
                if (taken[l][c]) {
                    continue;
                }
                double scale = robustPeak(raw[l][c]);
                if (!(scale > 0)) {
                    continue;
                }
                RoleNet.Role cand = new RoleNet.Role(names[r], l, c, scale, 1.0);
                double loss = 0;
                for (int e = 0; e < probe.length; e++) {
                    w.forward(probe[e].x);
                    loss += w.roleLoss(cand, probe[e].mix, probe[e].target[r], lag[r], false);
                }
                if (loss < bestLoss) {
                    bestLoss = loss;
                    best = cand;
                }
            }
            if (best == null) {
                throw new IllegalStateException("no live channel in layer " + l + " for role " + names[r]);
            }
            taken[l][best.channel()] = true;
            roles[r] = best;
            log.printf(Locale.ROOT, "role %-7s -> L%d#%d (maskScale %.4g, probe loss %.4f)%n", names[r], l, best.channel(),
                    best.scale(), bestLoss / probe.length);
        }
        return roles;
    }

    static double robustPeak(float[][] raw) {
        int n = 0;
        for (float[] a : raw) {
            for (float v : a) {
                n += v > 0 ? 1 : 0;
            }
        }
        if (n == 0) {
            return 0;
        }
        float[] pos = new float[n];
        n = 0;
        for (float[] a : raw) {
            for (float v : a) {
                if (v > 0) {
                    pos[n++] = v;
                }
            }
        }
        Arrays.sort(pos);
        return pos[(int) Math.min(n - 1, Math.floor(0.99 * n))];
    }

    static RoleSampler.Example[] examples(RoleSampler s, int n, long seed) {
        RoleSampler.Example[] ex = new RoleSampler.Example[n];
        SplittableRandom rnd = new SplittableRandom(seed);
        for (int i = 0; i < n; i++) {
            ex[i] = s.newExample();
            s.sample(rnd, ex[i]);
        }
        return ex;
    }

    /** Mean loss per role on fixed examples (no gradients). */
    static double[] evaluate(RoleNet net, RoleNet.Role[] roles, RoleSampler.Example[] ex, int[] lag) {
        RoleNet.Work w = net.new Work();
        double[] loss = new double[roles.length];
        for (RoleSampler.Example e : ex) {
            w.forward(e.x);
            for (int r = 0; r < roles.length; r++) {
                loss[r] += w.roleLoss(roles[r], e.mix, e.target[r], lag[r], false) / ex.length;
            }
        }
        return loss;
    }

    /** The same loss for the unprocessed mix (mask 1 everywhere): what a role must beat. */
    static double[] mixLoss(RoleSampler.Example[] ex, int roles) {
        double[] loss = new double[roles];
        for (RoleSampler.Example e : ex) {
            double norm = 1e-9;
            for (float v : e.mix) {
                norm += (double) v * v;
            }
            for (int r = 0; r < roles; r++) {
                double s = 0;
                for (int k = 0; k < e.mix.length; k++) {
                    double d = e.mix[k] - e.target[r][k];
                    s += d * d;
                }
                loss[r] += s / norm / ex.length;
            }
        }
        return loss;
    }

    static String ratios(RoleNet.Role[] roles, double[] loss, double[] mix) {
        StringBuilder sb = new StringBuilder();
        for (int r = 0; r < roles.length; r++) {
            sb.append(String.format(Locale.ROOT, "%s=%.3f ", roles[r].name(), loss[r] / mix[r]));
        }
        return sb.toString().trim();
    }

    /**
     * How many frames the live filter's mask lags the audio at layer L: in low-latency mode frame j
     * uses the newest complete mask column, whose index the engine's counters give; the lag varies
     * over a period of 2^L frames and training uses its largest value.
     */
    public static int liveLag(Model model, int layer, int rows) {
        StreamingNetwork sn = new StreamingNetwork(model, layer, rows, null, false);
        StreamingDeconvolution head = new StreamingDeconvolution(sn, 1, false);
        head.select(layer, 0);
        int max = 0;
        for (int t = 0; t < 64 << layer; t++) {
            sn.push(null);
            head.pull();
            if (t > 16 << layer) {
                max = (int) Math.max(max, t - (head.produced() - 1));
            }
        }
        return max;
    }

    static float[][][] snapshot(RoleNet net) {
        float[][][] s = new float[net.blocks][2][];
        for (int i = 0; i < net.blocks; i++) {
            s[i][0] = net.w[i].clone();
            s[i][1] = net.b[i].clone();
        }
        return s;
    }

    static void restore(RoleNet net, float[][][] s) {
        for (int i = 0; i < net.blocks; i++) {
            System.arraycopy(s[i][0], 0, net.w[i], 0, net.w[i].length);
            System.arraycopy(s[i][1], 0, net.b[i], 0, net.b[i].length);
        }
    }

    /** Adam over every trained weight and bias; gradients are the sum over the threads' Work. */
    static final class Adam {
        private final RoleNet net;
        private final double lr;
        private final float[][] m;
        private final float[][] v;
        private int t;

        Adam(RoleNet net, double lr) {
            this.net = net;
            this.lr = lr;
            m = new float[2 * net.blocks][];
            v = new float[2 * net.blocks][];
            for (int i = 0; i < net.blocks; i++) {
                m[2 * i] = new float[net.w[i].length];
                v[2 * i] = new float[net.w[i].length];
                m[2 * i + 1] = new float[net.b[i].length];
                v[2 * i + 1] = new float[net.b[i].length];
            }
        }

        void step(RoleNet.Work[] works, int batch, double rateFactor) {
            t++;
            double lr = this.lr * rateFactor;
            double c1 = 1 - Math.pow(0.9, t);
            double c2 = 1 - Math.pow(0.999, t);
            for (int i = 0; i < net.blocks; i++) {
                update(net.w[i], 2 * i, works, i, false, batch, c1, c2, lr);
                update(net.b[i], 2 * i + 1, works, i, true, batch, c1, c2, lr);
            }
        }

        private void update(float[] p, int slot, RoleNet.Work[] works, int block, boolean bias, int batch, double c1, double c2,
                            double lr) {
            float[] mm = m[slot];
            float[] vv = v[slot];
            for (int k = 0; k < p.length; k++) {
                double g = 0;
                for (RoleNet.Work w : works) {
                    g += (bias ? w.gb[block] : w.gw[block])[k];
                }
                g /= batch;
                mm[k] = (float) (0.9 * mm[k] + 0.1 * g);
                vv[k] = (float) (0.999 * vv[k] + 0.001 * g * g);
                p[k] -= (float) (lr * (mm[k] / c1) / (Math.sqrt(vv[k] / c2) + 1e-8));
            }
        }
    }
}
