package com.auralise.trainer.catalogue;

import com.auralise.deconvolution.BatchDeconvolution;
import com.auralise.model.Model;
import com.auralise.model.ModelReader;
import com.auralise.model.ModelSpec;
import com.auralise.model.ModelWriter;
import com.auralise.trainer.data.Clip;
import com.auralise.trainer.data.Part;
import com.auralise.trainer.data.Split;
import com.auralise.trainer.train.ClipSet;
import com.auralise.trainer.train.TrainRoles;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Names every (layer, feature) of a model by measurement, the computational version of the seed
 * authors' listening (notes section 1).
 *
 * <p>Two stages, because auralising ~200 features x clips with the real filter is expensive:
 * <ol>
 *   <li>Pre-rank, cheap: {@link BatchDeconvolution} of every feature of every layer on the clips'
 *   network input; the feature's robust peak (99th percentile) becomes its maskScale (a channel
 *   trained as a role keeps its trained scale, {@link TrainRoles#trainedScale}); the mask
 *   clip(D / maskScale, 0, 1) times the mix's band magnitudes is compared with each stem's band
 *   magnitudes (SI-SDR improvement over the unmasked mix, envelope correlation) and its band-summed
 *   envelope's peaks with the onset truth.</li>
 *   <li>Verify: the top candidates of every name are run through the real {@link
 *   com.auralise.filter.FeatureFilter} (what users hear) and scored on audio: SI-SDR of the output vs
 *   each stem and its improvement over the unprocessed mix, envelope correlation, onset F-measure
 *   (50 ms) of the output's envelope peaks.</li>
 * </ol>
 * Names: "&lt;part&gt; selector" (best SI-SDR improvement for that stem), "onset detector" (onset F
 * above the mix's own envelope peaks), "attack suppressor" (onset F well below the mix's: attacks
 * removed), "texture" otherwise. Confidence is a fixed function of the name's score; features only
 * pre-ranked get half of it, so the verified feature of a name is the one presets resolve to.
 *
 * <pre>Catalogue --model presets/models/default.auralise [--model presets/models/live.auralise]
 *           [--clips 8] [--first 0] [--top 3] [--seed S] [--seconds 6] [--cache DIR]</pre>
 * Clips are held-out (evaluation split) clips first..first+clips-1; the quality report uses later ones.
 */
public final class Catalogue {
    public static final String ONSET = "onset detector";
    public static final String ATTACK = "attack suppressor";
    public static final String TEXTURE = "texture";
    public static final double ONSET_DELTA = 0.1;
    public static final double ONSET_MIN_GAP = 0.04;

    private Catalogue() {
    }

    public static String selectorName(Part p) {
        return p.id() + " selector";
    }

    /** Names in report order. */
    public static List<String> names() {
        List<String> n = new ArrayList<>();
        for (Part p : Part.values()) {
            n.add(selectorName(p));
        }
        n.add(ONSET);
        n.add(ATTACK);
        n.add(TEXTURE);
        return n;
    }

    /** Measured scores of one feature (means over the clips where they are defined). */
    public static final class FeatureScores {
        public final int layer;
        public final int feature;
        public double maskScale;
        public final double[] dSiSdr = new double[Part.values().length];
        public final double[] siSdr = new double[Part.values().length];
        public final double[] envCorr = new double[Part.values().length];
        public double onsetF;
        public double mixOnsetF;
        public double energy;
        public boolean verified;

        public FeatureScores(int layer, int feature) {
            this.layer = layer;
            this.feature = feature;
        }
    }

    /** Pre-ranks every feature of every layer (stage 1). */
    public static List<FeatureScores> preRank(Model model, List<ClipTruth> clips, int threads, PrintStream log)
            throws InterruptedException {
        ModelSpec.Frontend fe = model.spec().frontend;
        int sr = model.spec().sampleRate;
        double frameDt = fe.hop / (double) sr;
        double frameOffset = (fe.hop - fe.nFft / 2.0) / sr; // frame j's window centre is at (j+1)hop - nFft/2
        int parts = Part.values().length;
        List<FeatureScores> all = new ArrayList<>();
        for (int layer = 1; layer <= model.layers(); layer++) {
            long t0 = System.nanoTime();
            int n = model.channels(layer);
            int[] feats = new int[n];
            for (int k = 0; k < n; k++) {
                feats[k] = k;
            }
            float[][][][] d = new float[clips.size()][][][];
            for (int c = 0; c < clips.size(); c++) {
                d[c] = BatchDeconvolution.deconvolve(model, clips.get(c).spec, layer, feats, threads);
            }
            for (int k = 0; k < n; k++) {
                FeatureScores fs = new FeatureScores(layer, k);
                // A trained role keeps the scale its training used: that is the mask it learned.
                double trained = TrainRoles.trainedScale(model.spec(), layer, k);
                // A causal model runs in low-latency mode (as Auralise runs it): its mask lags the audio.
                int lag = model.spec().causal() ? TrainRoles.liveLag(model, layer, fe.bins) : 0;
                fs.maskScale = trained > 0 ? trained : robustPeak(d, k);
                double[][] dsdr = new double[parts][clips.size()];
                double[][] corr = new double[parts][clips.size()];
                double[] of = new double[clips.size()];
                double[] mf = new double[clips.size()];
                double[] en = new double[clips.size()];
                for (int c = 0; c < clips.size(); c++) {
                    ClipTruth ct = clips.get(c);
                    float[][] est = applyMask(d[c][k], fs.maskScale, ct.mixMel, lag);
                    float[] estFlat = flat(est);
                    float[] mixFlat = flat(ct.mixMel);
                    double[] envEst = bandSum(est);
                    for (Part p : Part.values()) {
                        int i = p.ordinal();
                        if (!ct.scorable(p)) {
                            dsdr[i][c] = Double.NaN;
                            corr[i][c] = Double.NaN;
                            continue;
                        }
                        float[] stemFlat = flat(ct.stemMel[i]);
                        dsdr[i][c] = Metrics.siSdr(estFlat, stemFlat) - Metrics.siSdr(mixFlat, stemFlat);
                        corr[i][c] = Metrics.correlation(envEst, bandSum(ct.stemMel[i]));
                    }
                    of[c] = Metrics.onsetF(frameOnsets(envEst, frameDt, frameOffset), ct.onsets, ClipTruth.ONSET_TOL);
                    mf[c] = Metrics.onsetF(frameOnsets(bandSum(ct.mixMel), frameDt, frameOffset), ct.onsets, ClipTruth.ONSET_TOL);
                    en[c] = sum(estFlat) / Math.max(1e-12, sum(mixFlat));
                }
                for (int i = 0; i < parts; i++) {
                    fs.dSiSdr[i] = Metrics.mean(dsdr[i]);
                    fs.envCorr[i] = Metrics.mean(corr[i]);
                    fs.siSdr[i] = Double.NaN;
                }
                fs.onsetF = Metrics.mean(of);
                fs.mixOnsetF = Metrics.mean(mf);
                fs.energy = Metrics.mean(en);
                all.add(fs);
            }
            log.printf(Locale.ROOT, "pre-rank layer %d: %d features x %d clips in %.1f s%n", layer, n, clips.size(),
                    (System.nanoTime() - t0) / 1e9);
        }
        return all;
    }

    /** Verifies candidates with the real filter on audio (stage 2); replaces their scores. */
    public static void verify(Model model, List<ClipTruth> clips, List<FeatureScores> candidates, PrintStream log) {
        int sr = model.spec().sampleRate;
        Map<Integer, Auralise> byLayer = new HashMap<>();
        double mixOnsetF = OutputScores.measure(clips, new Part[0], (c, i) -> c.mix()).onsetF;
        for (FeatureScores fs : candidates) {
            long t0 = System.nanoTime();
            Auralise a = byLayer.computeIfAbsent(fs.layer, l -> new Auralise(model, sr, l));
            OutputScores s = OutputScores.measure(clips, Part.values(),
                    (c, i) -> a.run(c.mix(), Auralise.settings(fs.layer, fs.feature)));
            System.arraycopy(s.dSiSdr, 0, fs.dSiSdr, 0, fs.dSiSdr.length);
            System.arraycopy(s.siSdr, 0, fs.siSdr, 0, fs.siSdr.length);
            System.arraycopy(s.envCorr, 0, fs.envCorr, 0, fs.envCorr.length);
            fs.onsetF = s.onsetF;
            fs.mixOnsetF = mixOnsetF;
            fs.energy = s.rmsRatio;
            fs.verified = true;
            log.printf(Locale.ROOT, "verified L%d#%d in %.1f s: %s%n", fs.layer, fs.feature, (System.nanoTime() - t0) / 1e9,
                    summary(fs));
        }
    }

    static String summary(FeatureScores fs) {
        StringBuilder sb = new StringBuilder();
        for (Part p : Part.values()) {
            sb.append(String.format(Locale.ROOT, "%s %+.2f dB (r %.2f) ", p.id(), fs.dSiSdr[p.ordinal()], fs.envCorr[p.ordinal()]));
        }
        sb.append(String.format(Locale.ROOT, "onsetF %.3f (mix %.3f) energy %.3f", fs.onsetF, fs.mixOnsetF, fs.energy));
        return sb.toString();
    }

    /** Per-name score and confidence of a feature: {score, confidence}. */
    public static double[] score(FeatureScores fs, String name) {
        double s;
        double conf;
        if (name.endsWith(" selector")) {
            int i = Part.fromId(name.substring(0, name.length() - " selector".length())).ordinal();
            s = fs.dSiSdr[i];
            // An improvement only counts for the stem the output follows best.
            boolean follows = true;
            for (int j = 0; j < fs.envCorr.length; j++) {
                if (j != i && fs.envCorr[j] > fs.envCorr[i]) {
                    follows = false;
                }
            }
            // Saturating but strictly increasing, so the best of several good features wins.
            conf = Double.isFinite(s) && follows && s > 0 ? 1 - Math.exp(-s / 5.0) : 0;
        } else if (ONSET.equals(name)) {
            s = fs.onsetF;
            conf = Double.isFinite(s) && s > fs.mixOnsetF ? clamp(s) : 0;
        } else if (ATTACK.equals(name)) {
            s = fs.mixOnsetF - fs.onsetF;
            conf = Double.isFinite(s) && fs.energy > 0.05 ? clamp(2 * s) : 0;
        } else {
            s = 0;
            conf = 0;
        }
        if (!fs.verified) {
            conf *= 0.5;
        }
        return new double[] {s, conf};
    }

    /** How close to a feature's best confidence another name must be for it to go by that name instead. */
    static final double NEAR_TIE = 0.9;

    /**
     * Catalogue entries for every feature, the most confident feature of each name first. A feature
     * is named by its best score, or by a name it nearly ties (within {@link #NEAR_TIE} of its best)
     * when it is that name's best feature: names go out by confidence, each feature once, so a hats
     * selector that is also the second-best onset detector stays the hats selector.
     */
    public static List<ModelSpec.CatalogueEntry> entries(List<FeatureScores> all) {
        List<String> names = names();
        record Pair(double confidence, String name, FeatureScores feature) {
        }
        java.util.Map<FeatureScores, String> primary = new java.util.HashMap<>();
        List<Pair> pairs = new ArrayList<>();
        for (FeatureScores fs : all) {
            double best = 0;
            for (String n : names) {
                best = TEXTURE.equals(n) ? best : Math.max(best, score(fs, n)[1]);
            }
            for (String n : names) {
                double c = TEXTURE.equals(n) || !(fs.energy > 1e-3) ? 0 : score(fs, n)[1];
                if (c >= 0.1 && c >= NEAR_TIE * best) {
                    pairs.add(new Pair(c, n, fs));
                }
            }
        }
        pairs.sort(Comparator.comparingDouble(Pair::confidence).reversed());
        java.util.Set<String> given = new java.util.HashSet<>();
        for (Pair pr : pairs) {
            if (!primary.containsKey(pr.feature()) && given.add(pr.name())) {
                primary.put(pr.feature(), pr.name());
            }
        }
        List<ModelSpec.CatalogueEntry> out = new ArrayList<>();
        for (FeatureScores fs : all) {
            String bestName = TEXTURE;
            double bestConf = 0;
            for (String n : names) {
                if (TEXTURE.equals(n)) {
                    continue;
                }
                double c = score(fs, n)[1];
                if (c > bestConf) {
                    bestConf = c;
                    bestName = n;
                }
            }
            if (primary.containsKey(fs)) {
                bestName = primary.get(fs);
                bestConf = score(fs, bestName)[1];
            }
            ModelSpec.CatalogueEntry e = new ModelSpec.CatalogueEntry();
            e.layer = fs.layer;
            e.feature = fs.feature;
            e.maskScale = Double.isFinite(fs.maskScale) && fs.maskScale > 0 ? fs.maskScale : 0;
            if (!(fs.energy > 1e-3)) {
                e.name = TEXTURE; // (nearly) dead on this material: nothing to name
                e.confidence = 0;
            } else if (bestConf < 0.1) {
                e.name = TEXTURE;
                e.confidence = round(clamp(1 - 5 * bestConf) * (fs.verified ? 1 : 0.5));
            } else {
                e.name = bestName;
                e.confidence = round(bestConf);
            }
            for (Part p : Part.values()) {
                put(e, "dSiSdr:" + p.id(), fs.dSiSdr[p.ordinal()]);
                put(e, "siSdr:" + p.id(), fs.siSdr[p.ordinal()]);
                put(e, "envCorr:" + p.id(), fs.envCorr[p.ordinal()]);
            }
            put(e, "onsetF", fs.onsetF);
            put(e, "mixOnsetF", fs.mixOnsetF);
            put(e, "energy", fs.energy);
            e.scores.put("verified", fs.verified ? 1.0 : 0.0);
            out.add(e);
        }
        // Best of each name first (in name order), then the rest by layer and feature.
        List<ModelSpec.CatalogueEntry> sorted = new ArrayList<>();
        for (String n : names) {
            out.stream().filter(e -> e.name.equals(n)).max(Comparator.comparingDouble(e -> e.confidence))
                    .ifPresent(sorted::add);
        }
        for (ModelSpec.CatalogueEntry e : out) {
            if (!sorted.contains(e)) {
                sorted.add(e);
            }
        }
        return sorted;
    }

    /** The candidates stage 2 verifies: the top k of every name by pre-rank score. */
    public static List<FeatureScores> candidates(List<FeatureScores> all, int k) {
        List<FeatureScores> out = new ArrayList<>();
        for (String n : names()) {
            if (TEXTURE.equals(n)) {
                continue;
            }
            all.stream().filter(f -> Double.isFinite(score(f, n)[0]))
                    .sorted(Comparator.comparingDouble((FeatureScores f) -> -score(f, n)[0]))
                    .limit(k).filter(f -> !out.contains(f)).forEach(out::add);
            if (n.endsWith(" selector")) {
                // The band-magnitude proxy can misjudge a stem; also try the features whose envelope follows it best.
                int i = Part.fromId(n.substring(0, n.length() - " selector".length())).ordinal();
                all.stream().filter(f -> Double.isFinite(f.envCorr[i]))
                        .sorted(Comparator.comparingDouble((FeatureScores f) -> -f.envCorr[i]))
                        .limit(k).filter(f -> !out.contains(f)).forEach(out::add);
            }
        }
        return out;
    }

    /** Full analysis of one model: pre-rank, verify the top k per name, build entries. */
    public static List<ModelSpec.CatalogueEntry> analyse(Model model, List<ClipTruth> clips, int top, int threads,
                                                         PrintStream log) throws InterruptedException {
        List<FeatureScores> all = preRank(model, clips, threads, log);
        verify(model, clips, candidates(all, top), log);
        return entries(all);
    }

    public static void main(String[] args) throws Exception {
        List<Path> models = new ArrayList<>();
        DataOptions data = new DataOptions(0);
        int top = 3;
        for (int i = 0; i < args.length; i += 2) {
            String v = args[i + 1];
            if (data.accept(args[i], v)) {
                continue;
            }
            switch (args[i]) {
                case "--model" -> models.add(Path.of(v));
                case "--top" -> top = Integer.parseInt(v);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (models.isEmpty()) {
            models.add(Path.of("presets/models/default.auralise"));
        }
        for (Path path : models) {
            Model m = ModelReader.read(path);
            List<ClipTruth> truth = data.heldOut(m);
            long t0 = System.nanoTime();
            List<ModelSpec.CatalogueEntry> cat = analyse(m, truth, top, 2, System.out);
            m.spec().catalogue = cat;
            Map<String, Object> prov = new LinkedHashMap<>();
            prov.put("command", "Catalogue " + String.join(" ", args));
            prov.put("date", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
            prov.put("clips", "evaluation split, clips " + data.first + ".." + (data.first + data.clips - 1) + " of data seed " + data.seed
                    + " (generator v" + com.auralise.trainer.data.ClipGenerator.VERSION + ")");
            prov.put("method", "pre-rank by BatchDeconvolution masks on band magnitudes, top " + top
                    + " per name verified with FeatureFilter on audio; maskScale = the trained scale for role channels, else the 99th"
                    + " percentile of the raw deconvolution");
            prov.put("seconds", Math.round((System.nanoTime() - t0) / 1e9));
            m.spec().provenance.put("catalogue", prov);
            ModelWriter.write(m, path);
            System.out.println("catalogue of " + path + ":");
            java.util.Set<String> seen = new java.util.HashSet<>();
            for (ModelSpec.CatalogueEntry e : cat) {
                if (!seen.add(e.name)) {
                    continue;
                }
                System.out.printf(Locale.ROOT, "  %-18s L%d#%-3d confidence %.2f maskScale %.3g%n", e.name, e.layer, e.feature,
                        e.confidence, e.maskScale);
            }
        }
    }

    /** Held-out clips first..first+count-1 of the evaluation split, with their truth. */
    public static List<ClipTruth> heldOut(Model m, Path cache, long seed, double seconds, int first, int count)
            throws Exception {
        return heldOut(m.spec().frontend, m.spec().sampleRate, cache, seed, seconds, first, count);
    }

    /** The same clips analysed with any front-end. */
    public static List<ClipTruth> heldOut(ModelSpec.Frontend fe, int sampleRate, Path cache, long seed, double seconds,
                                          int first, int count) throws Exception {
        List<Clip> eval = ClipSet.load(cache, seed, Split.EVAL, first + count, seconds, sampleRate, 2);
        List<ClipTruth> out = new ArrayList<>();
        for (Clip c : eval.subList(first, first + count)) {
            out.add(new ClipTruth(c, fe, sampleRate));
        }
        return out;
    }

    // ---- helpers ----

    static double robustPeak(float[][][][] d, int k) {
        int count = 0;
        for (float[][][] clip : d) {
            count += clip[k].length * clip[k][0].length;
        }
        int stride = Math.max(1, count / 200_000);
        double[] v = new double[count / stride + 1];
        int n = 0;
        int idx = 0;
        for (float[][][] clip : d) {
            for (float[] row : clip[k]) {
                for (float x : row) {
                    if (idx++ % stride == 0 && n < v.length) {
                        v[n++] = x;
                    }
                }
            }
        }
        double q = Metrics.quantile(Arrays.copyOf(v, n), 0.99);
        if (!(q > 0)) {
            double max = 0;
            for (int i = 0; i < n; i++) {
                max = Math.max(max, v[i]);
            }
            q = max;
        }
        return q;
    }

    /** clamp(d / scale, 0, 1) times the mix; column t of the mask applies to frame t + lag. */
    static float[][] applyMask(float[][] d, double scale, float[][] mixMel, int lag) {
        float[][] est = new float[d.length][d[0].length];
        double inv = scale > 0 ? 1 / scale : 0;
        for (int b = 0; b < d.length; b++) {
            for (int t = lag; t < d[0].length; t++) {
                double m = d[b][t - lag] * inv;
                m = m > 0 ? (m < 1 ? m : 1) : 0;
                est[b][t] = (float) (m * mixMel[b][t]);
            }
        }
        return est;
    }

    static float[] flat(float[][] a) {
        float[] f = new float[a.length * a[0].length];
        for (int b = 0; b < a.length; b++) {
            System.arraycopy(a[b], 0, f, b * a[0].length, a[0].length);
        }
        return f;
    }

    static double[] bandSum(float[][] a) {
        double[] e = new double[a[0].length];
        for (float[] row : a) {
            for (int t = 0; t < row.length; t++) {
                e[t] += row[t];
            }
        }
        return e;
    }

    static double[] frameOnsets(double[] env, double dt, double offset) {
        double[] t = Metrics.riseOnsets(env, 0, dt, ONSET_DELTA, ONSET_MIN_GAP, 4);
        for (int i = 0; i < t.length; i++) {
            t[i] += offset;
        }
        return t;
    }

    static double sum(float[] a) {
        double s = 0;
        for (float v : a) {
            s += v;
        }
        return s;
    }

    static double energy(float[] a) {
        double s = 0;
        for (float v : a) {
            s += (double) v * v;
        }
        return s;
    }

    static double clamp(double v) {
        return v < 0 ? 0 : (v > 1 ? 1 : v);
    }

    static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }

    static void put(ModelSpec.CatalogueEntry e, String key, double v) {
        if (Double.isFinite(v)) {
            e.scores.put(key, Math.round(v * 10000) / 10000.0);
        }
    }
}
