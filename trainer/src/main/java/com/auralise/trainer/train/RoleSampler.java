package com.auralise.trainer.train;

import com.auralise.frontend.Frontend;
import com.auralise.model.ModelSpec;
import com.auralise.stft.Fft;
import com.auralise.stft.Spectrogram;
import com.auralise.trainer.data.Clip;
import com.auralise.trainer.data.Onset;
import com.auralise.trainer.data.Part;

import java.util.List;
import java.util.SplittableRandom;

/**
 * Examples for {@link RoleNet}: a random crop of a random clip, re-mixed from a random subset of its
 * stems with random gains (as {@link MixSampler}, so a selector must also learn to close when its
 * part is absent), with the network input of the mix, the mix's STFT magnitudes on the synthesis
 * grid (sqrt-Hann, frame j ending at (j + 1) hop) and one target magnitude per role: the role's stem,
 * or for "onset" the mix gated by a short decay after every onset of the parts kept.
 */
final class RoleSampler {
    /** The onset target's gate decays with this time constant after an onset, in seconds. */
    static final double ONSET_DECAY = 0.02;
    /** ... and opens this long before it, in seconds: frames whose window already holds the attack. */
    static final double ONSET_LEAD = 0.012;

    static final class Example {
        final float[] x;
        final float[] mix;
        final float[][] target;

        Example(int rows, int bins, int frames, int roles) {
            x = new float[rows * frames];
            mix = new float[bins * frames];
            target = new float[roles][bins * frames];
        }
    }

    private final List<Clip> clips;
    private final ModelSpec.Frontend fe;
    private final int sampleRate;
    private final int frames;
    private final int pre;
    private final String[] roles;
    final int rows;
    final int bins;

    RoleSampler(List<Clip> clips, ModelSpec.Frontend fe, int sampleRate, int frames, String[] roles) {
        this.clips = clips;
        this.fe = fe;
        this.sampleRate = sampleRate;
        this.frames = frames;
        this.roles = roles;
        this.pre = ((fe.nFft + fe.hop - 1) / fe.hop) * fe.hop;
        Frontend f = Frontend.create(fe, sampleRate);
        this.rows = f.bins();
        this.bins = f.stftBins();
    }

    Example newExample() {
        return new Example(rows, bins, frames, roles.length);
    }

    void sample(SplittableRandom rnd, Example ex) {
        Clip clip = clips.get(rnd.nextInt(clips.size()));
        int len = frames * fe.hop;
        int n = clip.frames();
        int start = pre + rnd.nextInt(Math.max(1, n - len - pre));
        Part[] parts = Part.values();
        double[] gains = new double[parts.length];
        boolean any = false;
        while (!any) {
            for (Part p : parts) {
                boolean keep = rnd.nextDouble() < 0.7;
                gains[p.ordinal()] = keep ? Math.pow(10, (-9 + 12 * rnd.nextDouble()) / 20) : 0;
                any |= keep;
            }
        }
        double level = Math.pow(10, (-12 * rnd.nextDouble()) / 20);
        float[][] stems = new float[parts.length][];
        float[] mix = new float[pre + len];
        for (Part p : parts) {
            double g = gains[p.ordinal()] * level;
            float[] s = clip.stem(p);
            float[] out = new float[pre + len];
            if (g > 0) {
                for (int i = 0; i < out.length; i++) {
                    int k = start - pre + i;
                    out[i] = k < n ? (float) (s[k] * g) : 0f;
                    mix[i] += out[i];
                }
            }
            stems[p.ordinal()] = out;
        }
        float[][] spec = Spectrogram.compute(mix, fe, sampleRate);
        int skip = pre / fe.hop;
        for (int r = 0; r < rows; r++) {
            System.arraycopy(spec[r], skip, ex.x, r * frames, frames);
        }
        magnitudes(mix, skip, ex.mix);
        for (int r = 0; r < roles.length; r++) {
            if (roles[r].equals("onset")) {
                onsetTarget(clip, gains, start, ex.mix, ex.target[r]);
            } else {
                magnitudes(stems[Part.fromId(roles[r]).ordinal()], skip, ex.target[r]);
            }
        }
    }

    /** STFT magnitudes (bins x frames) of columns skip..skip+frames-1 on the filter's frame grid. */
    private void magnitudes(float[] audio, int skip, float[] out) {
        double[] window = Frontend.analysisWindow(fe.nFft);
        Fft fft = new Fft(fe.nFft);
        double[] buf = new double[fe.nFft];
        for (int j = 0; j < frames; j++) {
            int end = (skip + j + 1) * fe.hop;
            for (int i = 0; i < fe.nFft; i++) {
                int s = end - fe.nFft + i;
                buf[i] = s >= 0 && s < audio.length ? audio[s] * window[i] : 0.0;
            }
            fft.forward(buf);
            for (int k = 0; k < bins; k++) {
                out[k * frames + j] = (float) Fft.magnitude(buf, k, fe.nFft);
            }
        }
    }

    /** The mix, gated per frame by exp(-age / ONSET_DECAY) of the latest onset of a kept part. */
    private void onsetTarget(Clip clip, double[] gains, int start, float[] mix, float[] out) {
        double[] gate = new double[frames];
        for (Onset o : clip.onsets()) {
            if (gains[o.part().ordinal()] == 0) {
                continue;
            }
            for (int j = 0; j < frames; j++) {
                // Window centre of crop column j, in clip seconds.
                double centre = (start + (j + 1) * fe.hop - fe.nFft / 2.0) / sampleRate;
                double age = centre - o.time();
                if (age >= -ONSET_LEAD) {
                    gate[j] = Math.max(gate[j], Math.exp(-Math.max(0, age) / ONSET_DECAY));
                }
            }
        }
        for (int k = 0; k < bins; k++) {
            for (int j = 0; j < frames; j++) {
                out[k * frames + j] = (float) (mix[k * frames + j] * gate[j]);
            }
        }
    }
}
