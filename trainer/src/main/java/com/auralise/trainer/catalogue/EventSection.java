package com.auralise.trainer.catalogue;

import com.auralise.events.EventSettings;
import com.auralise.filter.FeatureFilter;
import com.auralise.model.Model;
import com.auralise.model.ModelReader;
import com.auralise.model.ModelSpec;
import com.auralise.trainer.data.Clip;
import com.auralise.trainer.data.Part;
import com.auralise.trainer.data.Split;
import com.auralise.trainer.train.ClipSet;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * The quality report's "Events" section: the core's event detector (inside the real FeatureFilter,
 * as plugin and renderer run it, with EventSettings.forFilter's defaults) scored on held-out clips:
 * the onset detector's events vs aubioonset against every onset, and the kick selector's events vs
 * the kick stem's own onsets beside aubioonset and a low-pass + aubioonset whose cutoff and aubio
 * threshold were tuned on training clips; onset F (50 ms), P, R and the median |timing error| of
 * the matched pairs.
 *
 * <p>Also runnable on its own, on a few clips, without the rest of the report:
 * <pre>EventSection [--model presets/models/default.auralise] [--first 8] [--clips 3] [--tune-clips 8]</pre>
 */
public final class EventSection {
    private EventSection() {
    }

    static final double[] LOW_PASS = {80, 120, 200, 300};
    static final String[] AUBIO_THRESHOLDS = {"0.3", "0.5", "0.8"};

    public static void main(String[] args) throws Exception {
        Path model = Path.of("presets/models/default.auralise");
        DataOptions data = new DataOptions(8);
        data.clips = 3;
        int tuneClips = 8;
        for (int i = 0; i < args.length; i += 2) {
            if (data.accept(args[i], args[i + 1])) {
                continue;
            }
            switch (args[i]) {
                case "--model" -> model = Path.of(args[i + 1]);
                case "--tune-clips" -> tuneClips = Integer.parseInt(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        Model m = ModelReader.read(model);
        List<ClipTruth> held = data.heldOut(m);
        List<Clip> tune = ClipSet.load(data.cache, data.seed, Split.TRAIN, tuneClips, data.seconds, m.spec().sampleRate, 2);
        StringBuilder md = new StringBuilder();
        append(md, m, held, tune);
        System.out.print(md);
    }

    /** Appends the section for model m (tables in Markdown). */
    static void append(StringBuilder md, Model m, List<ClipTruth> held, List<Clip> tune) throws Exception {
        int sr = m.spec().sampleRate;
        md.append("**Events** (the core's event detector, as `auralise events` and the plugin run it; F-measure at 50 ms,")
                .append(" precision / recall, median |timing error| of the matched events; evaluation clips ")
                .append(held.isEmpty() ? "-" : held.get(0).clip.id() + "...").append(", ").append(held.size()).append(" clips)\n\n");
        md.append("| events | against | clips | F | P | R | median error (ms) |\n|---|---|---|---|---|---|---|\n");
        java.util.Map<String, ModelSpec.CatalogueEntry> named = QualityReport.bestNamed(m);
        ModelSpec.CatalogueEntry on = named.get(Catalogue.ONSET);
        if (on != null) {
            row(md, "onset detector L" + on.layer + "#" + on.feature, "every onset", detector(m, on, held, null));
        } else {
            md.append("| onset detector | none earned the name | | | | | |\n");
        }
        row(md, "aubioonset on the mix", "every onset", aubio(held, null, c -> c.mix(), new String[0]));
        ModelSpec.CatalogueEntry kick = named.get(Catalogue.selectorName(Part.KICK));
        if (kick != null) {
            row(md, "kick selector L" + kick.layer + "#" + kick.feature, "kick onsets", detector(m, kick, held, Part.KICK));
        } else {
            md.append("| kick selector | none earned the name | | | | | |\n");
        }
        row(md, "aubioonset on the mix", "kick onsets", aubio(held, Part.KICK, c -> c.mix(), new String[0]));
        // Low-pass cutoff and aubio threshold tuned for kick-event F on training clips.
        double bestF = -1;
        double bestHz = 0;
        String bestT = "0.3";
        List<Clip> tk = tune.stream().filter(c -> c.present(Part.KICK)).toList();
        for (double hz : LOW_PASS) {
            for (String t : AUBIO_THRESHOLDS) {
                EventScores.Tally ta = new EventScores.Tally();
                for (Clip c : tk) {
                    double[] a = EventScores.aubio(Baselines.bandPass(c.mix(), 0, hz, sr), sr, "-t", t);
                    if (a == null) {
                        md.append("| aubioonset | not installed (apt-get install aubio-tools) | | | | | |\n\n");
                        return;
                    }
                    ta.add(a, EventScores.onsets(c, Part.KICK));
                }
                if (ta.meanF() > bestF) {
                    bestF = ta.meanF();
                    bestHz = hz;
                    bestT = t;
                }
            }
        }
        double hz = bestHz;
        row(md, String.format(Locale.ROOT, "low-pass %.0f Hz + aubioonset -t %s (tuned on %d training clips)", hz, bestT, tk.size()),
                "kick onsets", aubio(held, Part.KICK, c -> Baselines.bandPass(c.mix(), 0, hz, sr), new String[] {"-t", bestT}));
        md.append("\nDetector settings: onset detector ").append(EventSettings.forFilter(Catalogue.ONSET)).append("; kick selector ")
                .append(EventSettings.forFilter(Catalogue.selectorName(Part.KICK)))
                .append(" (EventSettings.forFilter, tuned on training clips by TuneEvents). Kick rows use the clips where the kick plays.\n\n");
    }

    static EventScores.Tally detector(Model m, ModelSpec.CatalogueEntry e, List<ClipTruth> held, Part target) {
        FeatureFilter f = EventScores.filter(m, e.layer, e.feature, EventSettings.forFilter(e.name));
        EventScores.Tally t = new EventScores.Tally();
        int sr = m.spec().sampleRate;
        for (ClipTruth ct : held) {
            if (target != null && !ct.clip.present(target)) {
                continue;
            }
            t.add(EventScores.seconds(EventScores.events(f, ct.clip.mix(), sr), sr),
                    target == null ? ct.onsets : EventScores.onsets(ct.clip, target));
        }
        return t;
    }

    static EventScores.Tally aubio(List<ClipTruth> held, Part target, Function<Clip, float[]> proc, String[] opts) throws Exception {
        EventScores.Tally t = new EventScores.Tally();
        for (ClipTruth ct : held) {
            if (target != null && !ct.clip.present(target)) {
                continue;
            }
            double[] a = EventScores.aubio(proc.apply(ct.clip), ct.clip.sampleRate(), opts);
            if (a == null) {
                return t;
            }
            t.add(a, target == null ? ct.onsets : EventScores.onsets(ct.clip, target));
        }
        return t;
    }

    static void row(StringBuilder md, String what, String against, EventScores.Tally t) {
        md.append(String.format(Locale.ROOT, "| %s | %s | %d | %s | %s | %s | %s |%n", what, against, t.f.size(),
                QualityReport.f3(t.meanF()), QualityReport.f3(t.meanP()), QualityReport.f3(t.meanR()),
                Double.isFinite(t.medianAbsErrorMs()) ? String.format(Locale.ROOT, "%.1f", t.medianAbsErrorMs()) : "n/a"));
    }
}
