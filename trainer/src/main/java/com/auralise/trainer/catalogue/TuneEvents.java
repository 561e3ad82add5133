package com.auralise.trainer.catalogue;

import com.auralise.events.Event;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Chooses the event detector's defaults on TRAINING-split clips (never the evaluation split): runs
 * a named filter with every local maximum kept (threshold 0, 1 ms interval, no gate, no offset),
 * then replays the detector's accept rule over a grid of threshold, minimum interval and gate (the
 * same rule EventDetector applies, so the replay equals a rerun), for each floor length; prints the
 * best settings by onset F and the median timing bias that the offset should remove.
 * <pre>TuneEvents [--model presets/models/default.auralise] [--filter "onset detector"|"kick selector"]
 *            [--clips 24] [--first 0] [--seed S] [--seconds 6] [--cache DIR]</pre>
 * The onset detector is scored against every onset, a selector against its own stem's onsets
 * (clips where that stem plays).
 */
public final class TuneEvents {
    private TuneEvents() {
    }

    /** One candidate peak: time without offset (s), height over the floor, passed level (dB). */
    record Candidate(double t, double h, double level) {
    }

    public static void main(String[] args) throws Exception {
        Path model = Path.of("presets/models/default.auralise");
        String name = "onset detector";
        DataOptions data = new DataOptions(0);
        data.clips = 24;
        double maskThreshold = 0;
        double maskSharpness = 1;
        for (int i = 0; i < args.length; i += 2) {
            if (data.accept(args[i], args[i + 1])) {
                continue;
            }
            switch (args[i]) {
                case "--model" -> model = Path.of(args[i + 1]);
                case "--filter" -> name = args[i + 1];
                case "--mask-threshold" -> maskThreshold = Double.parseDouble(args[i + 1]);
                case "--mask-sharpness" -> maskSharpness = Double.parseDouble(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        Model m = ModelReader.read(model);
        ModelSpec.CatalogueEntry e = QualityReport.bestNamed(m).get(name);
        if (e == null) {
            throw new IllegalArgumentException("model has no filter named " + name);
        }
        Part target = targetOf(name);
        int sr = m.spec().sampleRate;
        List<Clip> clips = ClipSet.load(data.cache, data.seed, Split.TRAIN, data.first + data.clips, data.seconds, sr, 2)
                .subList(data.first, data.first + data.clips);
        List<double[]> refs = new ArrayList<>();
        List<Clip> used = new ArrayList<>();
        for (Clip c : clips) {
            if (target == null || c.present(target)) {
                used.add(c);
                refs.add(target == null ? EventScores.allOnsets(c) : EventScores.onsets(c, target));
            }
        }
        System.out.printf(Locale.ROOT, "%s L%d#%d on %d training clips (%s)%n", name, e.layer, e.feature, used.size(),
                target == null ? "all onsets" : target.id() + " onsets");
        EventScores.Tally aub = new EventScores.Tally();
        for (int i = 0; i < used.size(); i++) {
            double[] a = EventScores.aubio(used.get(i).mix(), sr);
            if (a == null) {
                aub = null;
                break;
            }
            aub.add(a, refs.get(i));
        }
        if (aub != null) {
            System.out.printf(Locale.ROOT, "aubioonset on the mix: F %.3f (P %.3f R %.3f), bias %+.1f ms, median |error| %.1f ms%n",
                    aub.meanF(), aub.meanP(), aub.meanR(), aub.medianErrorMs(), aub.medianAbsErrorMs());
        }
        double[] thresholds = new double[25];
        for (int i = 0; i < thresholds.length; i++) {
            thresholds[i] = 0.002 * Math.pow(10, i / 8.0); // 0.002 .. 2
        }
        double[] intervals = {20, 30, 40, 50, 60, 80, 100, 130};
        double[] gates = {-120, -80, -70, -60, -50, -45, -40, -36, -32, -28, -24, -20};
        double bestF = -1;
        String best = "";
        for (double floor : new double[] {0.25, 0.5, 1.0}) {
            EventSettings raw = new EventSettings();
            raw.threshold = 0;
            raw.minIntervalMs = 1;
            raw.gateDb = -120;
            raw.offsetMs = 0;
            raw.floorSeconds = floor;
            FeatureFilter f = EventScores.filter(m, e.layer, e.feature, raw);
            com.auralise.filter.FilterSettings fs = f.settings();
            fs.threshold = maskThreshold;
            fs.sharpness = maskSharpness;
            f.apply(fs);
            List<List<Candidate>> cands = new ArrayList<>();
            for (Clip c : used) {
                List<Candidate> l = new ArrayList<>();
                for (Event ev : EventScores.events(f, c.mix(), sr)) {
                    l.add(new Candidate(ev.inputSample / (double) sr, ev.height, ev.levelDb));
                }
                cands.add(l);
            }
            for (double thr : thresholds) {
                for (double gap : intervals) {
                    for (double gate : gates) {
                        EventScores.Tally t = new EventScores.Tally();
                        for (int i = 0; i < used.size(); i++) {
                            t.add(accept(cands.get(i), thr, gap / 1000, gate), refs.get(i));
                        }
                        if (t.meanF() > bestF) {
                            bestF = t.meanF();
                            best = String.format(Locale.ROOT, "floor %.2f s, threshold %.4g, interval %.0f ms, gate %.0f dB:"
                                    + " F %.3f (P %.3f R %.3f), timing bias %+.1f ms, median |error| %.1f ms", floor, thr, gap, gate,
                                    t.meanF(), t.meanP(), t.meanR(), t.medianErrorMs(), t.medianAbsErrorMs());
                        }
                    }
                }
            }
            System.out.println("after floor " + floor + ": best " + best);
        }
        System.out.println("best: " + best);
    }

    /** The EventDetector's accept rule over candidates in time order. */
    static double[] accept(List<Candidate> c, double thr, double gap, double gate) {
        List<Double> out = new ArrayList<>();
        double last = Double.NEGATIVE_INFINITY;
        for (Candidate x : c) {
            if (x.h() > thr && x.level() > gate && x.t() - last >= gap) {
                out.add(x.t());
                last = x.t();
            }
        }
        return out.stream().mapToDouble(Double::doubleValue).toArray();
    }

    static Part targetOf(String name) {
        for (Part p : Part.values()) {
            if (name.equals(Catalogue.selectorName(p))) {
                return p;
            }
        }
        return null;
    }
}
