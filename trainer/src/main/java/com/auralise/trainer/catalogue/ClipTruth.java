package com.auralise.trainer.catalogue;

import com.auralise.model.ModelSpec;
import com.auralise.stft.Spectrogram;
import com.auralise.trainer.data.Clip;
import com.auralise.trainer.data.Onset;
import com.auralise.trainer.data.Part;

/** One analysis clip: its network input and the ground truth the catalogue scores against. */
public final class ClipTruth {
    public static final double ONSET_MERGE = 0.03;
    public static final double ONSET_TOL = 0.05;

    public final Clip clip;
    /** Network input of the mix, [bins][frames]. */
    public final float[][] spec;
    /** Linear band magnitudes of the mix and of each stem (inverse of the front-end's log). */
    public final float[][] mixMel;
    public final float[][][] stemMel;
    /** Onset times of all parts, merged within 30 ms. */
    public final double[] onsets;

    public ClipTruth(Clip clip, ModelSpec.Frontend fe, int sampleRate) {
        this.clip = clip;
        this.spec = Spectrogram.compute(clip.mix(), fe, sampleRate);
        this.mixMel = linear(spec, fe.logGain);
        Part[] parts = Part.values();
        this.stemMel = new float[parts.length][][];
        for (Part p : parts) {
            stemMel[p.ordinal()] = linear(Spectrogram.compute(clip.stem(p), fe, sampleRate), fe.logGain);
        }
        double[] t = clip.onsets().stream().mapToDouble(Onset::time).toArray();
        this.onsets = Metrics.mergeClose(t, ONSET_MERGE);
    }

    static float[][] linear(float[][] logSpec, double gain) {
        float[][] out = new float[logSpec.length][];
        for (int b = 0; b < logSpec.length; b++) {
            out[b] = new float[logSpec[b].length];
            for (int t = 0; t < logSpec[b].length; t++) {
                out[b][t] = (float) (Math.expm1(logSpec[b][t]) / gain);
            }
        }
        return out;
    }

    /** Whether a stem carries enough energy in this clip to be scored against (-50 dB of the mix). */
    public boolean scorable(Part p) {
        float[] s = clip.stem(p);
        float[] m = clip.mix();
        double es = 0, em = 0;
        for (int i = 0; i < s.length; i++) {
            es += (double) s[i] * s[i];
            em += (double) m[i] * m[i];
        }
        return es > 1e-5 * em && es > 1e-8 * s.length;
    }
}
