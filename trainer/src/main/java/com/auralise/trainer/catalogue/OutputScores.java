package com.auralise.trainer.catalogue;

import com.auralise.trainer.data.Clip;
import com.auralise.trainer.data.Part;

import java.util.Arrays;
import java.util.List;

/**
 * One processed version of a set of clips measured against their truth, as the catalogue verifies a
 * feature and the quality report compares it with baselines: per stem asked for, SI-SDR of the output,
 * its improvement over the unprocessed mix (ΔSI-SDR) and the envelope correlation; onset precision,
 * recall and F of the output's envelope peaks; the output's RMS relative to the mix. Each is the mean
 * over the clips where it is defined (a stem that does not play in a clip is left out), so both tools
 * report the same numbers for the same output.
 */
final class OutputScores {
    /** Processed audio for clip {@code index} of the list. */
    interface Processor {
        float[] apply(Clip c, int index);
    }

    /** Indexed by {@link Part#ordinal()}; NaN for stems not asked for or not playing in any clip. */
    final double[] siSdr = new double[Part.values().length];
    final double[] dSiSdr = new double[Part.values().length];
    final double[] envCorr = new double[Part.values().length];
    final double onsetP;
    final double onsetR;
    final double onsetF;
    final double rmsRatio;

    private OutputScores(double[][] sdr, double[][] dsdr, double[][] corr, double[][] prf, double[] rms) {
        for (int i = 0; i < siSdr.length; i++) {
            siSdr[i] = Metrics.mean(sdr[i]);
            dSiSdr[i] = Metrics.mean(dsdr[i]);
            envCorr[i] = Metrics.mean(corr[i]);
        }
        onsetP = Metrics.mean(prf[0]);
        onsetR = Metrics.mean(prf[1]);
        onsetF = Metrics.mean(prf[2]);
        rmsRatio = Metrics.mean(rms);
    }

    static OutputScores measure(List<ClipTruth> clips, Part[] targets, Processor proc) {
        int parts = Part.values().length;
        int n = clips.size();
        double[][] sdr = new double[parts][n];
        double[][] dsdr = new double[parts][n];
        double[][] corr = new double[parts][n];
        for (int i = 0; i < parts; i++) {
            Arrays.fill(sdr[i], Double.NaN);
            Arrays.fill(dsdr[i], Double.NaN);
            Arrays.fill(corr[i], Double.NaN);
        }
        double[][] prf = new double[3][n];
        double[] rms = new double[n];
        for (int c = 0; c < n; c++) {
            ClipTruth ct = clips.get(c);
            float[] mix = ct.clip.mix();
            int sr = ct.clip.sampleRate();
            float[] out = proc.apply(ct.clip, c);
            for (Part p : targets) {
                if (!ct.scorable(p)) {
                    continue;
                }
                int i = p.ordinal();
                float[] stem = ct.clip.stem(p);
                sdr[i][c] = Metrics.siSdr(out, stem);
                dsdr[i][c] = sdr[i][c] - Metrics.siSdr(mix, stem);
                corr[i][c] = Metrics.envelopeCorrelation(out, stem, sr);
            }
            double[] o = Metrics.onsetPrf(Metrics.envelopeOnsets(out, sr, Catalogue.ONSET_DELTA, Catalogue.ONSET_MIN_GAP),
                    ct.onsets, ClipTruth.ONSET_TOL);
            for (int k = 0; k < 3; k++) {
                prf[k][c] = o[k];
            }
            // RMS ratio: comparable with the catalogue pre-rank's band-magnitude ratio.
            rms[c] = Math.sqrt(Catalogue.energy(out) / Math.max(1e-12, Catalogue.energy(mix)));
        }
        return new OutputScores(sdr, dsdr, corr, prf, rms);
    }
}
