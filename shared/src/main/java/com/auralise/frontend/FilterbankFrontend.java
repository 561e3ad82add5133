package com.auralise.frontend;

import com.auralise.model.ModelSpec;

/**
 * Triangular filterbank over the STFT magnitudes, with centres spaced on the mel scale or
 * geometrically (constant-Q-like log-frequency). Each triangle reaches from its lower to its upper
 * neighbour's centre but is never narrower than one STFT bin on either side, so that narrow
 * low-frequency bands still see their nearest bins instead of coming out empty.
 */
final class FilterbankFrontend extends Frontend {
    enum Scale { MEL, LOG }

    private final int bands;
    private final int[] start;
    private final float[][] weights;
    /** Per STFT bin: sum of weights over bands, for the normalised transpose. */
    private final double[] coverage;
    private final int firstCovered;
    private final int lastCovered;

    FilterbankFrontend(ModelSpec.Frontend spec, int sampleRate, Scale scale) {
        super(spec);
        this.bands = spec.bins;
        double fMax = spec.fMax > 0 ? spec.fMax : sampleRate / 2.0;
        double fMin = spec.fMin > 0 ? spec.fMin : (scale == Scale.LOG ? 30.0 : 0.0);
        // bands + 2 edge frequencies: centre b is edge b + 1.
        double[] centreBin = new double[bands + 2];
        for (int i = 0; i < bands + 2; i++) {
            double x = i / (double) (bands + 1);
            double f = scale == Scale.MEL
                    ? melToHz(hzToMel(fMin) + x * (hzToMel(fMax) - hzToMel(fMin)))
                    : fMin * Math.pow(fMax / fMin, x);
            centreBin[i] = f * nFft / sampleRate;
        }
        start = new int[bands];
        weights = new float[bands][];
        coverage = new double[stftBins];
        for (int b = 0; b < bands; b++) {
            double c = centreBin[b + 1];
            double lo = Math.max(c - centreBin[b], 1.0);
            double hi = Math.max(centreBin[b + 2] - c, 1.0);
            int k0 = Math.max(0, (int) Math.ceil(c - lo + 1e-9));
            int k1 = Math.min(stftBins - 1, (int) Math.floor(c + hi - 1e-9));
            if (k1 < k0) {
                k0 = k1 = (int) Math.min(stftBins - 1, Math.round(c));
            }
            float[] w = new float[k1 - k0 + 1];
            for (int k = k0; k <= k1; k++) {
                double d = k - c;
                double v = d < 0 ? 1 + d / lo : 1 - d / hi;
                w[k - k0] = (float) Math.max(v, 0.0);
                coverage[k] += w[k - k0];
            }
            start[b] = k0;
            weights[b] = w;
        }
        int first = -1;
        int last = -1;
        for (int k = 0; k < stftBins; k++) {
            if (coverage[k] > 1e-6) {
                if (first < 0) {
                    first = k;
                }
                last = k;
            }
        }
        firstCovered = first;
        lastCovered = last;
    }

    static double hzToMel(double hz) {
        return 2595.0 * Math.log10(1.0 + hz / 700.0);
    }

    static double melToHz(double mel) {
        return 700.0 * (Math.pow(10.0, mel / 2595.0) - 1.0);
    }

    @Override
    public int bins() {
        return bands;
    }

    @Override
    protected void pool(double[] stftMag, float[] bandMag) {
        for (int b = 0; b < bands; b++) {
            float[] w = weights[b];
            int k0 = start[b];
            double s = 0;
            double ws = 0;
            for (int i = 0; i < w.length; i++) {
                s += w[i] * stftMag[k0 + i];
                ws += w[i];
            }
            // Weighted mean, so a band's level does not depend on its width.
            bandMag[b] = (float) (ws > 0 ? s / ws : 0.0);
        }
    }

    @Override
    public void maskToStft(float[] bandMask, float[] stftMask) {
        java.util.Arrays.fill(stftMask, 0, stftBins, 0f);
        for (int b = 0; b < bands; b++) {
            float[] w = weights[b];
            int k0 = start[b];
            float m = bandMask[b];
            for (int i = 0; i < w.length; i++) {
                stftMask[k0 + i] += w[i] * m;
            }
        }
        for (int k = firstCovered; k <= lastCovered; k++) {
            double c = coverage[k];
            stftMask[k] = c > 1e-6 ? (float) (stftMask[k] / c) : stftMask[k - 1];
        }
        for (int k = 0; k < firstCovered; k++) {
            stftMask[k] = stftMask[firstCovered];
        }
        for (int k = lastCovered + 1; k < stftBins; k++) {
            stftMask[k] = stftMask[lastCovered];
        }
    }
}
