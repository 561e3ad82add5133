package com.auralise.trainer.catalogue;

import com.auralise.events.Event;
import com.auralise.events.EventSettings;
import com.auralise.events.OfflineEvents;
import com.auralise.filter.FeatureFilter;
import com.auralise.filter.FilterSettings;
import com.auralise.model.Model;
import com.auralise.trainer.data.Clip;
import com.auralise.trainer.data.Onset;
import com.auralise.trainer.data.Part;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Events of a feature filter scored against a clip's truth, for the quality report's "Events"
 * section and for tuning the detector's defaults (on training clips only): the core's own event
 * detector inside the real FeatureFilter (as plugin and renderer run it), onset F-measure with the
 * 50 ms window, and the timing errors of the matched pairs.
 */
final class EventScores {
    private EventScores() {
    }

    /** Sums over clips: hits, estimates, references, and every matched pair's signed error (s). */
    static final class Tally {
        final List<Double> f = new ArrayList<>();
        final List<Double> p = new ArrayList<>();
        final List<Double> r = new ArrayList<>();
        final List<Double> errors = new ArrayList<>();

        void add(double[] est, double[] ref) {
            double[] prf = Metrics.onsetPrf(est, ref, ClipTruth.ONSET_TOL);
            p.add(prf[0]);
            r.add(prf[1]);
            f.add(prf[2]);
            for (double e : Metrics.matchErrors(est, ref, ClipTruth.ONSET_TOL)) {
                errors.add(e);
            }
        }

        double meanF() {
            return QualityReport.mean(f);
        }

        double meanP() {
            return QualityReport.mean(p);
        }

        double meanR() {
            return QualityReport.mean(r);
        }

        /** Median absolute timing error of the matched pairs, ms. */
        double medianAbsErrorMs() {
            return 1000 * Metrics.median(errors.stream().mapToDouble(d -> Math.abs(d)).toArray());
        }

        /** Median signed error (est - ref), ms: the bias an offset would remove. */
        double medianErrorMs() {
            return 1000 * Metrics.median(errors.stream().mapToDouble(Double::doubleValue).toArray());
        }
    }

    /** Every note onset of the clip, merged within 30 ms (what onset F is measured against). */
    static double[] allOnsets(Clip c) {
        return Metrics.mergeClose(c.onsets().stream().mapToDouble(Onset::time).toArray(), ClipTruth.ONSET_MERGE);
    }

    /** The onsets of one stem (e.g. the kick's), merged within 30 ms. */
    static double[] onsets(Clip c, Part p) {
        return Metrics.mergeClose(c.onsets(p).stream().mapToDouble(Onset::time).toArray(), ClipTruth.ONSET_MERGE);
    }

    /** A filter of (layer, feature) with events on, prepared for mono clips at the model's rate. */
    static FeatureFilter filter(Model m, int layer, int feature, EventSettings es) {
        FeatureFilter f = new FeatureFilter(m);
        FilterSettings s = Auralise.settings(layer, feature);
        f.apply(s);
        f.setFixedSelection(true);
        f.setEventsEnabled(true);
        f.applyEvents(es);
        f.prepare(m.spec().sampleRate, OfflineEvents.BLOCK, 1);
        return f;
    }

    /** The filter's events in the clip's mix. */
    static List<Event> events(FeatureFilter f, float[] x, int sampleRate) {
        return OfflineEvents.collect(f, new float[][] {x}, sampleRate).events();
    }

    static double[] seconds(List<Event> ev, int sampleRate) {
        return ev.stream().mapToDouble(e -> e.inputSample / (double) sampleRate).toArray();
    }

    /** aubioonset's onsets in x (default options unless extra are given); null without aubio-tools. */
    static double[] aubio(float[] x, int sampleRate, String... extra) throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("auralise-events");
        Path wav = dir.resolve("x.wav");
        try {
            com.auralise.audio.WavFile.writeFloat(wav, sampleRate, x);
            return Baselines.aubioOnsets(wav, extra);
        } finally {
            Files.deleteIfExists(wav);
            Files.deleteIfExists(dir);
        }
    }
}
