package com.auralise.trainer.catalogue;

import com.auralise.model.ModelSpec;
import com.auralise.trainer.data.Part;
import com.auralise.trainer.train.TrainDefaultModel;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Issue 13 item 2: does the front-end's resolution limit a band-mask filter? For each candidate
 * front-end, the ideal band mask of a stem (min(1, stem band magnitude / mix band magnitude), the
 * best any feature could output) is mapped to STFT bins exactly as FeatureFilter maps a mask, and the
 * result scored on held-out clips (ΔSI-SDR over the mix). A front-end whose ceiling is far above the
 * targets is not what holds a filter back.
 * <pre>FrontendCeiling [--first 8] [--clips 8] [--seed S] [--seconds 6]</pre>
 */
public final class FrontendCeiling {
    private FrontendCeiling() {
    }

    public static void main(String[] args) throws Exception {
        DataOptions data = new DataOptions(8);
        for (int i = 0; i < args.length; i += 2) {
            if (!data.accept(args[i], args[i + 1])) {
                throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        System.out.print(table(data));
    }

    /** Markdown table: one row per candidate front-end, ideal-mask ΔSI-SDR per stem. */
    static String table(DataOptions data) throws Exception {
        int sr = TrainDefaultModel.SAMPLE_RATE;
        List<ModelSpec.Frontend> fronts = new ArrayList<>();
        fronts.add(ModelSpec.Frontend.reference());
        fronts.add(frontend("mel", 160, 1024));
        fronts.add(frontend("logfreq", 96, 1024));
        fronts.add(frontend("mel", 128, 2048));
        fronts.add(frontend("logfreq", 128, 2048));
        Part[] parts = {Part.KICK, Part.BASS, Part.MELODY, Part.SNARE};
        StringBuilder md = new StringBuilder("| front-end (hop 256) |");
        for (Part p : parts) {
            md.append(" ideal ").append(p.id()).append(" |");
        }
        md.append("\n|---|").append("---|".repeat(parts.length)).append("\n");
        for (ModelSpec.Frontend fe : fronts) {
            List<ClipTruth> held = Catalogue.heldOut(fe, sr, data.cache, data.seed, data.seconds, data.first, data.clips);
            md.append(String.format(Locale.ROOT, "| %s %d bands, nFft %d%s |", fe.type, fe.bins, fe.nFft,
                    fe == fronts.get(0) ? " (shipped)" : ""));
            for (Part p : parts) {
                OutputScores s = OutputScores.measure(held, new Part[] {p}, (c, i) -> {
                    ClipTruth ct = held.get(i);
                    float[][] mix = ct.mixMel;
                    float[][] stem = ct.stemMel[p.ordinal()];
                    float[][] m = new float[mix.length][mix[0].length];
                    for (int b = 0; b < m.length; b++) {
                        for (int t = 0; t < m[b].length; t++) {
                            m[b][t] = mix[b][t] > 1e-9f ? Math.min(1f, stem[b][t] / mix[b][t]) : 0f;
                        }
                    }
                    return MaskVariants.apply(c.mix(), m, fe, sr);
                });
                md.append(String.format(Locale.ROOT, " %+.2f dB |", s.dSiSdr[p.ordinal()]));
            }
            md.append("\n");
        }
        return md.toString();
    }

    static ModelSpec.Frontend frontend(String type, int bins, int nFft) {
        ModelSpec.Frontend fe = ModelSpec.Frontend.reference();
        fe.type = type;
        fe.bins = bins;
        fe.nFft = nFft;
        return fe;
    }
}
