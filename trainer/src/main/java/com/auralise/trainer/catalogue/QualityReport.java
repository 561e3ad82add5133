package com.auralise.trainer.catalogue;

import com.auralise.audio.WavFile;
import com.auralise.filter.FilterSettings;
import com.auralise.model.Model;
import com.auralise.model.ModelReader;
import com.auralise.model.ModelSpec;
import com.auralise.trainer.data.Clip;
import com.auralise.trainer.data.Part;
import com.auralise.trainer.data.Split;
import com.auralise.trainer.train.ClipSet;
import com.auralise.trainer.train.TrainRoles;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes docs/QUALITY.md: every named filter of the shipped models scored on held-out clips that the
 * catalogue did not use, beside baselines a producer could use instead (band-pass with cutoffs tuned
 * on training clips, HPSS by median filtering, HPSS followed by the tuned band-pass, aubioonset).
 * <pre>QualityReport [--model presets/models/default.auralise] [--live presets/models/live.auralise]
 *               [--first 8] [--clips 8] [--tune-clips 16] [--out docs/QUALITY.md]</pre>
 */
public final class QualityReport {
    private QualityReport() {
    }

    /** Mean scores of one processed version of the held-out clips against one target stem. */
    record Score(double dSiSdr, double siSdr, double envCorr, double onsetF, double onsetP, double onsetR) {
    }

    static Score score(List<ClipTruth> clips, Part target, OutputScores.Processor proc) {
        OutputScores s = OutputScores.measure(clips, target == null ? new Part[0] : new Part[] {target}, proc);
        int i = target == null ? 0 : target.ordinal();
        return target == null
                ? new Score(Double.NaN, Double.NaN, Double.NaN, s.onsetF, s.onsetP, s.onsetR)
                : new Score(s.dSiSdr[i], s.siSdr[i], s.envCorr[i], s.onsetF, s.onsetP, s.onsetR);
    }

    static double mean(List<Double> v) {
        return v.stream().mapToDouble(Double::doubleValue).filter(Double::isFinite).average().orElse(Double.NaN);
    }

    /** Cutoffs (lo, hi) of the band-pass that maximise the mean SI-SDR of a component vs a stem on tuning clips. */
    static double[] tuneBand(List<Clip> tune, List<float[]> inputs, Part target) {
        double best = Double.NEGATIVE_INFINITY;
        double[] arg = {0, 0};
        int sr = tune.get(0).sampleRate();
        for (double lo : Baselines.LO) {
            for (double hi : Baselines.HI) {
                if (hi > 0 && hi <= lo) {
                    continue;
                }
                if (lo == 0 && hi == 0) {
                    continue;
                }
                List<Double> v = new ArrayList<>();
                for (int i = 0; i < tune.size(); i++) {
                    float[] stem = tune.get(i).stem(target);
                    if (Catalogue.energy(stem) < 1e-6) {
                        continue;
                    }
                    v.add(Metrics.siSdr(Baselines.bandPass(inputs.get(i), lo, hi, sr), stem));
                }
                double m = mean(v);
                if (m > best) {
                    best = m;
                    arg = new double[] {lo, hi};
                }
            }
        }
        return arg;
    }

    static String band(double[] b) {
        if (b[0] == 0) {
            return String.format(Locale.ROOT, "low-pass %.0f Hz", b[1]);
        }
        if (b[1] == 0) {
            return String.format(Locale.ROOT, "high-pass %.0f Hz", b[0]);
        }
        return String.format(Locale.ROOT, "band-pass %.0f-%.0f Hz", b[0], b[1]);
    }

    static String f(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%+.2f", v) : "n/a";
    }

    static String f3(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.3f", v) : "n/a";
    }

    public static void main(String[] args) throws Exception {
        Path model = Path.of("presets/models/default.auralise");
        Path live = Path.of("presets/models/live.auralise");
        Path out = Path.of("docs/QUALITY.md");
        DataOptions data = new DataOptions(8);
        int tuneClips = 16;
        for (int i = 0; i < args.length; i += 2) {
            String v = args[i + 1];
            if (data.accept(args[i], v)) {
                continue;
            }
            switch (args[i]) {
                case "--model" -> model = Path.of(v);
                case "--live" -> live = Path.of(v);
                case "--out" -> out = Path.of(v);
                case "--tune-clips" -> tuneClips = Integer.parseInt(v);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        long seed = data.seed;
        double seconds = data.seconds;
        int first = data.first;
        int clips = data.clips;
        long t0 = System.nanoTime();
        Model studio = ModelReader.read(model);
        Model liveModel = Files.exists(live) ? ModelReader.read(live) : null;
        int sr = studio.spec().sampleRate;
        List<ClipTruth> held = data.heldOut(studio);
        List<Clip> tune = ClipSet.load(data.cache, seed, Split.TRAIN, tuneClips, seconds, sr, 2);
        StringBuilder md = new StringBuilder();
        List<String> misses = new ArrayList<>();
        md.append("# Quality report: named feature filters vs baselines\n\n");
        md.append("Generated by `").append("QualityReport ").append(String.join(" ", args)).append("` on ")
                .append(Instant.now().truncatedTo(ChronoUnit.SECONDS)).append(" (do not edit by hand; rerun it).\n\n");
        md.append("Held-out material: evaluation-split clips ").append(first).append("..").append(first + clips - 1)
                .append(" (data seed ").append(seed).append(", ").append(seconds).append(" s each; SoundFont and drum kit never")
                .append(" heard in training: ").append(Split.EVAL.soundFonts()).append(" ").append(Split.EVAL.drumKits())
                .append("). The catalogue named the features on other clips (")
                .append(studio.spec().provenance.getOrDefault("catalogue", Map.of()) instanceof Map<?, ?> cm ? cm.get("clips") : "?")
                .append("), so these numbers are not selection-biased. Baseline cutoffs were tuned on ").append(tuneClips)
                .append(" training clips.\n\n");
        md.append("Metrics: SI-SDR of the output vs the target stem, ΔSI-SDR = improvement over the unprocessed mix")
                .append(" (both in dB, mean over clips where the stem plays); envelope correlation (10 ms RMS); onset")
                .append(" F-measure with a 50 ms window against every note onset (merged within 30 ms), onsets taken as")
                .append(" peaks of the output's log-energy rise. Feature filters run through the real FeatureFilter")
                .append(" (the plugin's processor) at mix 1, default mask shaping, latency removed.\n\n");
        appendTraining(md, studio, liveModel);

        // Baselines per stem.
        List<float[]> tuneMix = new ArrayList<>();
        List<float[]> tunePerc = new ArrayList<>();
        List<float[]> tuneHarm = new ArrayList<>();
        for (Clip c : tune) {
            tuneMix.add(c.mix());
            float[][] hp = Hpss.separate(c.mix());
            tuneHarm.add(hp[0]);
            tunePerc.add(hp[1]);
        }
        List<float[][]> heldHpss = new ArrayList<>();
        for (ClipTruth ct : held) {
            heldHpss.add(Hpss.separate(ct.clip.mix()));
        }
        Map<Part, Score> bestBaseline = new LinkedHashMap<>();
        Map<Part, double[]> tunedBand = new LinkedHashMap<>();
        Map<Part, String> bestBaselineName = new LinkedHashMap<>();
        Map<Part, List<String[]>> baselineRows = new LinkedHashMap<>();
        for (Part p : Part.values()) {
            List<String[]> rows = new ArrayList<>();
            double[] bMix = tuneBand(tune, tuneMix, p);
            tunedBand.put(p, bMix);
            double[] bPerc = tuneBand(tune, tunePerc, p);
            double[] bHarm = tuneBand(tune, tuneHarm, p);
            Map<String, Score> cand = new LinkedHashMap<>();
            cand.put("unprocessed mix", score(held, p, (c, i) -> c.mix()));
            cand.put(band(bMix) + " (tuned)", score(held, p, (c, i) -> Baselines.bandPass(c.mix(), bMix[0], bMix[1], sr)));
            cand.put("HPSS percussive", score(held, p, (c, i) -> heldHpss.get(i)[1]));
            cand.put("HPSS harmonic", score(held, p, (c, i) -> heldHpss.get(i)[0]));
            cand.put("HPSS percussive + " + band(bPerc), score(held, p, (c, i) -> Baselines.bandPass(heldHpss.get(i)[1], bPerc[0], bPerc[1], sr)));
            cand.put("HPSS harmonic + " + band(bHarm), score(held, p, (c, i) -> Baselines.bandPass(heldHpss.get(i)[0], bHarm[0], bHarm[1], sr)));
            String bn = null;
            Score bs = null;
            for (Map.Entry<String, Score> e : cand.entrySet()) {
                rows.add(new String[] {e.getKey(), f(e.getValue().siSdr()), f(e.getValue().dSiSdr()), f3(e.getValue().envCorr())});
                if (!e.getKey().equals("unprocessed mix") && (bs == null || e.getValue().dSiSdr() > bs.dSiSdr())) {
                    bs = e.getValue();
                    bn = e.getKey();
                }
            }
            bestBaseline.put(p, bs);
            bestBaselineName.put(p, bn);
            baselineRows.put(p, rows);
            System.out.printf(Locale.ROOT, "baselines %s: best %s %+.2f dB%n", p.id(), bn, bs.dSiSdr());
        }

        for (Model m : liveModel == null ? List.of(studio) : List.of(studio, liveModel)) {
            boolean isStudio = m == studio;
            md.append("## ").append(isStudio ? "Studio model" : "Live model (causal)").append(" `").append(m.spec().id)
                    .append("`\n\n");
            Auralise[] aur = new Auralise[m.layers() + 1];
            md.append("| filter | feature | confidence | SI-SDR | ΔSI-SDR | env. corr | best baseline | its ΔSI-SDR | margin | target | met |\n");
            md.append("|---|---|---|---|---|---|---|---|---|---|---|\n");
            Map<String, ModelSpec.CatalogueEntry> named = bestNamed(m);
            for (Part p : Part.values()) {
                ModelSpec.CatalogueEntry e = named.get(Catalogue.selectorName(p));
                Score bs = bestBaseline.get(p);
                if (e == null) {
                    ModelSpec.CatalogueEntry c = bestCandidate(m, p);
                    String cand = "";
                    if (c != null) {
                        Auralise ca = aur(aur, m, c.layer);
                        Score cs = score(held, p, (cl, i) -> ca.run(cl.mix(), Auralise.settings(c.layer, c.feature)));
                        cand = String.format(Locale.ROOT, " (best candidate L%d#%d: ΔSI-SDR %s, env. corr %s)", c.layer,
                                c.feature, f(cs.dSiSdr()), f3(cs.envCorr()));
                    }
                    md.append("| ").append(Catalogue.selectorName(p)).append(" | none earned the name").append(cand)
                            .append(" | | | | | ").append(bestBaselineName.get(p)).append(" | ").append(f(bs.dSiSdr()))
                            .append(" | | ").append(targetLabel(target(p, isStudio)))
                            .append(" | ").append(Double.isFinite(target(p, isStudio)) ? "**no**" : "").append(" |\n");
                    if (Double.isFinite(target(p, isStudio))) {
                        misses.add(Catalogue.selectorName(p) + ": no feature of the " + (isStudio ? "studio" : "live")
                                + " model earned the name");
                    }
                    continue;
                }
                Auralise a = aur(aur, m, e.layer);
                Score s = score(held, p, (c, i) -> a.run(c.mix(), Auralise.settings(e.layer, e.feature)));
                double margin = s.dSiSdr() - bs.dSiSdr();
                double target = target(p, isStudio);
                boolean ok = target == 0 ? margin > 0 : margin >= target;
                String met = Double.isFinite(target) ? (ok ? "yes" : "**no**") : "";
                if (Double.isFinite(target) && !ok) {
                    misses.add(String.format(Locale.ROOT, "%s (%s): %+.2f dB over the best baseline (%s), target %s",
                            e.name, isStudio ? "studio" : "live", margin, bestBaselineName.get(p), targetLabel(target)));
                }
                md.append(String.format(Locale.ROOT, "| %s | L%d#%d | %.2f | %s | %s | %s | %s | %s | %s | %s | %s |%n",
                        e.name, e.layer, e.feature, e.confidence, f(s.siSdr()), f(s.dSiSdr()), f3(s.envCorr()),
                        bestBaselineName.get(p), f(bs.dSiSdr()), f(margin),
                        targetLabel(target), met));
                System.out.printf(Locale.ROOT, "%s %s: %+.2f dB vs baseline %+.2f%n", m.spec().id, e.name, s.dSiSdr(), bs.dSiSdr());
            }
            md.append("\n");
            appendOnsets(md, m, named, held, heldHpss, aur, isStudio, misses);
            EventSection.append(md, m, held, tune);
            if (isStudio) {
                appendShaping(md, m, named, held, aur, bestBaseline, tunedBand);
            }
        }

        md.append("## Front-end resolution (issue 13 item 2)\n\n")
                .append("Ideal band mask of each stem (min(1, stem / mix band magnitude): the best any feature could output),")
                .append(" mapped to STFT bins as FeatureFilter does, ΔSI-SDR on the same held-out clips:\n\n")
                .append(FrontendCeiling.table(data)).append("\n");
        md.append("## Baselines per stem\n\n");
        for (Part p : Part.values()) {
            md.append("**").append(p.id()).append("**\n\n| processing | SI-SDR | ΔSI-SDR | env. corr |\n|---|---|---|---|\n");
            for (String[] r : baselineRows.get(p)) {
                md.append("| ").append(String.join(" | ", r)).append(" |\n");
            }
            md.append("\n");
        }
        md.append("## Targets\n\n");
        if (misses.isEmpty()) {
            md.append("All targets (studio: kick ≥ +3 dB, bass ≥ +2 dB, melody > 0 dB ΔSI-SDR over the best baseline, onset"
                    + " detector F ≥ aubioonset's; live: kick ≥ +2 dB, onset F ≥ aubioonset's - 0.03) are met on this held-out set.\n\n");
        } else {
            md.append("Missed targets (stated, not hidden):\n\n");
            for (String s : misses) {
                md.append("- ").append(s).append("\n");
            }
            md.append("\n");
        }
        md.append(notes());
        md.append(String.format(Locale.ROOT, "%nReport computed in %.0f s.%n", (System.nanoTime() - t0) / 1e9));
        if (out.getParent() != null) {
            Files.createDirectories(out.getParent());
        }
        Files.writeString(out, md.toString(), StandardCharsets.UTF_8);
        System.out.println("wrote " + out);
    }

    /**
     * Margin over the best baseline a selector must reach (issue 13), NaN for none: studio kick +3 dB,
     * bass +2 dB, melody above 0; live kick within 1 dB of the studio target.
     */
    static double target(Part p, boolean studio) {
        if (p == Part.KICK) {
            return studio ? 3 : 2;
        }
        if (studio && p == Part.BASS) {
            return 2;
        }
        return studio && p == Part.MELODY ? 0 : Double.NaN;
    }

    static String targetLabel(double target) {
        return !Double.isFinite(target) ? "-" : target == 0 ? "> 0 dB" : String.format(Locale.ROOT, "≥ %+.0f dB", target);
    }

    static Auralise aur(Auralise[] cache, Model m, int layer) {
        if (cache[layer] == null) {
            cache[layer] = new Auralise(m, m.spec().sampleRate, layer);
        }
        return cache[layer];
    }

    /** The verified feature with the best ΔSI-SDR for a stem, named or not (null if none was verified). */
    static ModelSpec.CatalogueEntry bestCandidate(Model m, Part p) {
        ModelSpec.CatalogueEntry best = null;
        for (ModelSpec.CatalogueEntry e : m.spec().catalogue) {
            Double v = e.scores.get("dSiSdr:" + p.id());
            if (v != null && e.scores.getOrDefault("verified", 0.0) > 0
                    && (best == null || v > best.scores.get("dSiSdr:" + p.id()))) {
                best = e;
            }
        }
        return best;
    }

    /** Most confident entry per name (what presets resolve to). */
    static Map<String, ModelSpec.CatalogueEntry> bestNamed(Model m) {
        Map<String, ModelSpec.CatalogueEntry> best = new LinkedHashMap<>();
        for (ModelSpec.CatalogueEntry e : m.spec().catalogue) {
            ModelSpec.CatalogueEntry b = best.get(e.name);
            if (b == null || e.confidence > b.confidence) {
                best.put(e.name, e);
            }
        }
        return best;
    }

    static void appendTraining(StringBuilder md, Model studio, Model live) {
        md.append("## Training\n\n");
        for (Model m : live == null ? List.of(studio) : List.of(studio, live)) {
            Object met = m.spec().provenance.get("heldOutMetrics");
            Object tr = m.spec().provenance.get("training");
            md.append("- `").append(m.spec().id).append("` presence/style pre-training: ").append(tr).append("; held-out ")
                    .append(met).append("\n");
            Object rt = m.spec().provenance.get("roleTraining");
            if (rt instanceof Map<?, ?> r) {
                md.append("- `").append(m.spec().id).append("` role training (TrainRoles): ").append(r.get("steps"))
                        .append(" steps of ").append(r.get("batch")).append(" crops, blocks 1..").append(r.get("trainedBlocks"))
                        .append(", ").append(r.get("seconds")).append(" s; held-out loss ratio per role (1 = no better than the")
                        .append(" unmasked mix, start → trained):");
                if (m.spec().provenance.get(TrainRoles.ROLES) instanceof List<?> roles) {
                    for (Object o : roles) {
                        if (o instanceof Map<?, ?> e) {
                            md.append(" ").append(e.get("role")).append(" L").append(e.get("layer")).append("#")
                                    .append(e.get("feature")).append(" ").append(e.get("initialLossRatio")).append(" → ")
                                    .append(e.get("heldOutLossRatio")).append(";");
                        }
                    }
                }
                md.append("\n");
            }
        }
        md.append("\n");
    }

    static void appendOnsets(StringBuilder md, Model m, Map<String, ModelSpec.CatalogueEntry> named, List<ClipTruth> held,
                             List<float[][]> heldHpss, Auralise[] aur, boolean isStudio, List<String> misses)
            throws IOException, InterruptedException {
        md.append("**Onsets** (F-measure, 50 ms; precision / recall)\n\n| method | F | P | R |\n|---|---|---|---|\n");
        ModelSpec.CatalogueEntry on = named.get(Catalogue.ONSET);
        Score feat = null;
        if (on != null) {
            Auralise a = aur(aur, m, on.layer);
            feat = score(held, null, (c, i) -> a.run(c.mix(), Auralise.settings(on.layer, on.feature)));
            md.append(String.format(Locale.ROOT, "| onset detector L%d#%d (envelope peaks of its output) | %s | %s | %s |%n",
                    on.layer, on.feature, f3(feat.onsetF()), f3(feat.onsetP()), f3(feat.onsetR())));
            double[] ao = aubio(held, c -> a.run(c.mix(), Auralise.settings(on.layer, on.feature)));
            if (ao != null) {
                md.append(String.format(Locale.ROOT, "| aubioonset on the onset detector's output | %s | %s | %s |%n",
                        f3(ao[2]), f3(ao[0]), f3(ao[1])));
            }
        } else {
            md.append("| onset detector | none earned the name | | |\n");
            ModelSpec.CatalogueEntry c = bestOnsetCandidate(m);
            if (c != null) {
                Auralise a = aur(aur, m, c.layer);
                Score cs = score(held, null, (cl, i) -> a.run(cl.mix(), Auralise.settings(c.layer, c.feature)));
                md.append(String.format(Locale.ROOT, "| best onset candidate L%d#%d, unnamed (envelope peaks of its output) | %s | %s | %s |%n",
                        c.layer, c.feature, f3(cs.onsetF()), f3(cs.onsetP()), f3(cs.onsetR())));
                double[] ao = aubio(held, cl -> a.run(cl.mix(), Auralise.settings(c.layer, c.feature)));
                if (ao != null) {
                    md.append(String.format(Locale.ROOT, "| aubioonset on that candidate's output | %s | %s | %s |%n",
                            f3(ao[2]), f3(ao[0]), f3(ao[1])));
                }
            }
        }
        Score mixEnv = score(held, null, (c, i) -> c.mix());
        md.append(String.format(Locale.ROOT, "| envelope peaks of the unprocessed mix | %s | %s | %s |%n",
                f3(mixEnv.onsetF()), f3(mixEnv.onsetP()), f3(mixEnv.onsetR())));
        Score perc = score(held, null, (c, i) -> heldHpss.get(i)[1]);
        md.append(String.format(Locale.ROOT, "| envelope peaks of HPSS percussive | %s | %s | %s |%n",
                f3(perc.onsetF()), f3(perc.onsetP()), f3(perc.onsetR())));
        double[] aub = aubio(held);
        if (aub != null) {
            md.append(String.format(Locale.ROOT, "| aubioonset (default: hfc, threshold 0.3) on the mix | %s | %s | %s |%n",
                    f3(aub[2]), f3(aub[0]), f3(aub[1])));
        } else {
            md.append("| aubioonset | not installed (apt-get install aubio-tools) | | |\n");
        }
        md.append("\n");
        if (aub != null) {
            double fe = feat == null ? Double.NaN : feat.onsetF();
            double need = aub[2] - (isStudio ? 0 : 0.03); // live: within 0.03 F
            String which = isStudio ? "studio" : "live";
            if (feat == null) {
                misses.add(String.format(Locale.ROOT, "onset detector (%s): no feature's output has onsets (envelope peaks)"
                        + " above the unprocessed mix's own; aubioonset reaches F %.3f (table above)", which, aub[2]));
            } else if (!(fe >= need)) {
                misses.add(String.format(Locale.ROOT, "onset detector (%s): F %.3f vs aubioonset %.3f (needs ≥ %.3f)", which,
                        fe, aub[2], need));
            }
        }
        ModelSpec.CatalogueEntry at = named.get(Catalogue.ATTACK);
        if (at != null) {
            Auralise a = aur(aur, m, at.layer);
            Score s = score(held, null, (c, i) -> a.run(c.mix(), Auralise.settings(at.layer, at.feature)));
            md.append(String.format(Locale.ROOT, "Attack suppressor L%d#%d: onset F of its output %.3f vs %.3f for the mix"
                    + " (lower = attacks removed).%n%n", at.layer, at.feature, s.onsetF(), mixEnv.onsetF()));
        }
        ModelSpec.CatalogueEntry tx = named.get(Catalogue.TEXTURE);
        if (tx != null) {
            md.append(String.format(Locale.ROOT, "Texture: %d features carry no measurable selector/onset role; the most"
                    + " confident is L%d#%d.%n%n", m.spec().catalogue.stream().filter(e -> e.name.equals(Catalogue.TEXTURE)).count(),
                    tx.layer, tx.feature));
        }
    }

    /** Mean {P, R, F} of aubioonset on the held-out mixes, or null without aubio-tools. */
    static double[] aubio(List<ClipTruth> held) throws IOException, InterruptedException {
        return aubio(held, Clip::mix);
    }

    /** The verified feature with the best onset F-measure, named or not. */
    static ModelSpec.CatalogueEntry bestOnsetCandidate(Model m) {
        ModelSpec.CatalogueEntry best = null;
        for (ModelSpec.CatalogueEntry e : m.spec().catalogue) {
            Double v = e.scores.get("onsetF");
            if (v != null && e.scores.getOrDefault("verified", 0.0) > 0 && (best == null || v > best.scores.get("onsetF"))) {
                best = e;
            }
        }
        return best;
    }

    /** Mean {P, R, F} of aubioonset on a processed version of each held-out mix, or null without aubio-tools. */
    static double[] aubio(List<ClipTruth> held, java.util.function.Function<Clip, float[]> proc)
            throws IOException, InterruptedException {
        double[] acc = new double[3];
        Path dir = Files.createTempDirectory("auralise-aubio");
        try {
            for (ClipTruth ct : held) {
                Path wav = dir.resolve("mix.wav");
                WavFile.writeFloat(wav, ct.clip.sampleRate(), proc.apply(ct.clip));
                double[] t = Baselines.aubioOnsets(wav);
                if (t == null) {
                    return null;
                }
                double[] prf = Metrics.onsetPrf(t, ct.onsets, ClipTruth.ONSET_TOL);
                for (int k = 0; k < 3; k++) {
                    acc[k] += prf[k] / held.size();
                }
                Files.deleteIfExists(wav);
            }
        } finally {
            Files.deleteIfExists(dir);
        }
        return acc;
    }

    /** Mask shaping tried on the kick and bass selectors (the plugin's threshold/sharpness controls). */
    static void appendShaping(StringBuilder md, Model m, Map<String, ModelSpec.CatalogueEntry> named, List<ClipTruth> held,
                              Auralise[] aur, Map<Part, Score> bestBaseline, Map<Part, double[]> tunedBand) {
        double[][] grid = {{0, 1}, {0.2, 1}, {0.2, 3}, {0.4, 3}, {0, 3}};
        md.append("**Mask shaping tried** (ΔSI-SDR in dB; threshold / sharpness as in the plugin)\n\n| filter |");
        for (double[] g : grid) {
            md.append(String.format(Locale.ROOT, " t %.1f s %.0f |", g[0], g[1]));
        }
        md.append(" plain mask, offline | ratio mask, offline | filter, then the tuned band-pass | t 0.4 s 3, then the tuned band-pass | best baseline |\n|---|");
        for (int i = 0; i <= grid.length + 4; i++) {
            md.append("---|");
        }
        md.append("\n");
        for (Part p : new Part[] {Part.KICK, Part.BASS}) {
            ModelSpec.CatalogueEntry named0 = named.get(Catalogue.selectorName(p));
            ModelSpec.CatalogueEntry e = named0 != null ? named0 : bestCandidate(m, p);
            if (e == null) {
                continue;
            }
            md.append("| ").append(named0 != null ? e.name : p.id() + " (best candidate, unnamed)")
                    .append(String.format(Locale.ROOT, " L%d#%d |", e.layer, e.feature));
            Auralise a = aur(aur, m, e.layer);
            for (double[] g : grid) {
                FilterSettings s = Auralise.settings(e.layer, e.feature);
                s.threshold = g[0];
                s.sharpness = g[1];
                Score sc = score(held, p, (c, i) -> a.run(c.mix(), s));
                md.append(" ").append(f(sc.dSiSdr())).append(" |");
            }
            // Offline variants (BatchDeconvolution of the whole layer per clip).
            List<float[][]> v = new ArrayList<>();
            for (ClipTruth ct : held) {
                try {
                    v.add(MaskVariants.render(m, ct.clip.mix(), e.layer, e.feature, e.maskScale));
                } catch (InterruptedException ex) {
                    throw new IllegalStateException(ex);
                }
            }
            md.append(" ").append(f(score(held, p, (c, i) -> v.get(i)[0]).dSiSdr())).append(" |");
            md.append(" ").append(f(score(held, p, (c, i) -> v.get(i)[1]).dSiSdr())).append(" |");
            double[] bb = tunedBand.get(p);
            int sr = m.spec().sampleRate;
            md.append(" ").append(f(score(held, p, (c, i) -> Baselines.bandPass(a.run(c.mix(), Auralise.settings(e.layer, e.feature)),
                    bb[0], bb[1], sr)).dSiSdr())).append(" |");
            FilterSettings shaped = Auralise.settings(e.layer, e.feature);
            shaped.threshold = 0.4;
            shaped.sharpness = 3;
            md.append(" ").append(f(score(held, p, (c, i) -> Baselines.bandPass(a.run(c.mix(), shaped), bb[0], bb[1], sr))
                    .dSiSdr())).append(" |");
            md.append(" ").append(f(bestBaseline.get(p).dSiSdr())).append(" |\n");
        }
        md.append("\n");
    }

    static String notes() {
        return """
                ## How to read this, and what was tried

                - A feature filter is a *mask* on the mix's STFT computed from one CNN feature's deconvolution
                  (notes section 1). It can only attenuate time-frequency cells; it cannot take a stem apart from
                  another one in the same cell (the ideal-mask ceilings above are that limit). A zero-phase band-pass
                  tuned on training clips is a strong baseline for kick and hats because those stems own the
                  lowest and highest bands of these mixes.
                - Role training (TrainRoles, issue 13): chosen channels of both models are trained so that the mask
                  the unchanged engine computes from them (forward with max-pool switches, tied-weight deconvolution,
                  clamp(D / maskScale), the front-end's band-to-STFT map) times the mix's STFT magnitude matches the
                  stem's magnitude (onset: the mix gated by a 20 ms decay after every note onset). The live model is
                  trained on the low-latency schedule (frame j masked with column j - lag, lag = the layer's
                  look-ahead: 3 frames at layer 1, 9 at layer 2, 21 at layer 3), so its roles sit at layers 1-2.
                  Names are still given by the catalogue's measurement; a role that does not earn its name is not
                  named. Channels that are not roles keep the presence/style pre-training.
                - The catalogue picks, per name, the feature with the best verified score on its own clips; this
                  report re-measures those features on different held-out clips (no selection bias).
                - Levers measured in the mask-shaping table: the plugin's threshold / sharpness controls; a ratio
                  mask across all features of the layer (offline); the plain mask through an offline path (a check
                  that it matches the real filter); the feature filter followed by the tuned band-pass (a chain a
                  producer could build; the targets are judged on the feature filter alone).
                - Front-end: the shipped mel 96 / nFft 1024 front-end's ideal-mask ceiling is within about 1 dB of
                  the finer ones above, far above what the trained filters reach, so it was kept (a retrain on
                  another front-end would also redo the presence pre-training).
                - Not tried yet: MIDI-excerpt training clips (ClipSet.loadMidi, ready) in role training; longer role
                  training (about 1 h per model on one core each here); a joint presence loss during role training.
                """;
    }
}
