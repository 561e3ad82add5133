package com.auralise.trainer.catalogue;

import com.auralise.deconvolution.BatchDeconvolution;
import com.auralise.frontend.Frontend;
import com.auralise.model.Model;
import com.auralise.model.ModelSpec;
import com.auralise.stft.Fft;
import com.auralise.stft.Spectrogram;

/**
 * Offline mask variants for the quality report (notes section 5), on the same frame grid and
 * band-to-bin mapping as the filter: a band mask [bins][frames] is mapped to STFT bins with the
 * front-end's maskToStft, applied to the mix's STFT (sqrt-Hann, frame j ending at (j+1) hop) and
 * overlap-added. "plain" is the seed method with the catalogue's scale (a check that this path
 * matches the real filter); "ratio" divides one feature's positive reconstruction by the sum over
 * all features of its layer (Wiener-like, so the masks of a layer partition the mix).
 */
public final class MaskVariants {
    private MaskVariants() {
    }

    /** {plain, ratio} outputs for one feature on one clip. */
    public static float[][] render(Model m, float[] mix, int layer, int feature, double maskScale)
            throws InterruptedException {
        ModelSpec.Frontend fe = m.spec().frontend;
        int sr = m.spec().sampleRate;
        float[][] spec = Spectrogram.compute(mix, fe, sr);
        int n = m.channels(layer);
        int[] all = new int[n];
        for (int k = 0; k < n; k++) {
            all[k] = k;
        }
        float[][][] d = BatchDeconvolution.deconvolve(m, spec, layer, all, 2);
        int bins = spec.length;
        int frames = spec[0].length;
        float[][] plain = new float[bins][frames];
        float[][] ratio = new float[bins][frames];
        double inv = maskScale > 0 ? 1 / maskScale : 0;
        for (int b = 0; b < bins; b++) {
            for (int t = 0; t < frames; t++) {
                double mine = Math.max(0, d[feature][b][t]);
                double sum = 0;
                for (int k = 0; k < n; k++) {
                    sum += Math.max(0, d[k][b][t]);
                }
                plain[b][t] = (float) Math.min(1, mine * inv);
                ratio[b][t] = sum > 1e-9 ? (float) (mine / sum) : 0f;
            }
        }
        return new float[][] {apply(mix, plain, fe, sr), apply(mix, ratio, fe, sr)};
    }

    /** Applies a band mask [bins][frames] to x by STFT masking and overlap-add. */
    public static float[] apply(float[] x, float[][] bandMask, ModelSpec.Frontend fe, int sr) {
        Frontend f = Frontend.create(fe, sr);
        int nFft = fe.nFft;
        int hop = fe.hop;
        double[] w = Frontend.analysisWindow(nFft);
        double[] norm = new double[hop];
        for (int i = 0; i < hop; i++) {
            for (int k = i; k < nFft; k += hop) {
                norm[i] += w[k] * w[k];
            }
        }
        Fft fft = new Fft(nFft);
        double[] buf = new double[nFft];
        float[] col = new float[bandMask.length];
        float[] stftMask = new float[f.stftBins()];
        float[] out = new float[x.length];
        int frames = bandMask[0].length;
        for (int j = 0; j < frames; j++) {
            int start = (j + 1) * hop - nFft;
            for (int i = 0; i < nFft; i++) {
                int s = start + i;
                buf[i] = s >= 0 && s < x.length ? x[s] * w[i] : 0;
            }
            fft.forward(buf);
            for (int b = 0; b < col.length; b++) {
                col[b] = bandMask[b][j];
            }
            f.maskToStft(col, stftMask);
            for (int k = 0; k < stftMask.length; k++) {
                Fft.scale(buf, k, nFft, stftMask[k]);
            }
            fft.inverse(buf);
            for (int i = 0; i < nFft; i++) {
                int s = start + i;
                if (s >= 0 && s < x.length) {
                    out[s] += (float) (buf[i] * w[i] / norm[((s % hop) + hop) % hop]);
                }
            }
        }
        return out;
    }
}
