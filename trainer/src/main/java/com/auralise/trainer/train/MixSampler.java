package com.auralise.trainer.train;

import com.auralise.model.ModelSpec;
import com.auralise.stft.Spectrogram;
import com.auralise.trainer.data.Clip;
import com.auralise.trainer.data.Part;
import com.auralise.trainer.data.Style;

import java.util.List;
import java.util.SplittableRandom;

/**
 * Training examples built on the fly: a random crop of a random clip, re-mixed from a RANDOM SUBSET
 * of its stems with random gains, so "which instruments are in this mix" is a real question the
 * network must answer from the sound (not from the song). Labels: one per {@link Part} (present =
 * the stem was kept and carries energy in the crop), then a one-hot {@link Style} (the groove).
 * The input is the core's own {@link Spectrogram#compute}, so training sees exactly what the filter sees.
 */
public final class MixSampler {
    public static final int PARTS = Part.values().length;
    public static final int STYLES = Style.values().length;
    public static final int OUTPUTS = PARTS + STYLES;

    private final List<Clip> clips;
    private final ModelSpec.Frontend fe;
    private final int sampleRate;
    private final int frames;
    private final int pre;

    public MixSampler(List<Clip> clips, ModelSpec.Frontend fe, int sampleRate, int frames) {
        this.clips = clips;
        this.fe = fe;
        this.sampleRate = sampleRate;
        this.frames = frames;
        // Whole frames of context before the crop, so its first column has a full window.
        this.pre = ((fe.nFft + fe.hop - 1) / fe.hop) * fe.hop;
    }

    public static String[] labelNames() {
        String[] n = new String[OUTPUTS];
        for (Part p : Part.values()) {
            n[p.ordinal()] = p.id();
        }
        for (Style s : Style.values()) {
            n[PARTS + s.ordinal()] = "style:" + s.id();
        }
        return n;
    }

    /** One example; x gets [bins][frames], y gets OUTPUTS labels. */
    public void sample(SplittableRandom rnd, float[][] x, float[] y) {
        Clip clip = clips.get(rnd.nextInt(clips.size()));
        int len = frames * fe.hop;
        int n = clip.frames();
        int start = pre + rnd.nextInt(Math.max(1, n - len - pre));
        float[] audio = new float[pre + len];
        double[] gains = new double[PARTS];
        boolean any = false;
        while (!any) {
            for (Part p : Part.values()) {
                boolean keep = rnd.nextDouble() < 0.6;
                gains[p.ordinal()] = keep ? Math.pow(10, (-9 + 12 * rnd.nextDouble()) / 20) : 0;
                any |= keep;
            }
        }
        double level = Math.pow(10, (-12 * rnd.nextDouble()) / 20);
        double mixEnergy = 0;
        double[] energy = new double[PARTS];
        for (Part p : Part.values()) {
            double g = gains[p.ordinal()] * level;
            if (g == 0) {
                continue;
            }
            float[] s = clip.stem(p);
            double e = 0;
            for (int i = 0; i < audio.length; i++) {
                int k = start - pre + i;
                float v = k < n ? (float) (s[k] * g) : 0f;
                audio[i] += v;
                if (i >= pre) {
                    e += (double) v * v;
                }
            }
            energy[p.ordinal()] = e;
        }
        for (int i = pre; i < audio.length; i++) {
            mixEnergy += (double) audio[i] * audio[i];
        }
        for (Part p : Part.values()) {
            double e = energy[p.ordinal()];
            // Present: kept, audible on its own (-60 dBFS RMS) and not buried (> -30 dB of the mix).
            boolean present = e > 1e-6 * len && e > 1e-3 * mixEnergy;
            y[p.ordinal()] = present ? 1f : 0f;
        }
        for (int s = 0; s < STYLES; s++) {
            y[PARTS + s] = 0f;
        }
        String style = clip.style();
        for (Style s : Style.values()) {
            if (s.id().equals(style)) {
                y[PARTS + s.ordinal()] = 1f;
            }
        }
        float[][] spec = Spectrogram.compute(audio, fe, sampleRate);
        int skip = pre / fe.hop;
        for (int b = 0; b < spec.length; b++) {
            System.arraycopy(spec[b], skip, x[b], 0, frames);
        }
    }
}
