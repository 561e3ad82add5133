package com.auralise.frontend;

import com.auralise.model.ModelSpec;

/** The seeds' front-end: one network bin per STFT bin (nFft/2 + 1); the mask maps back one to one. */
final class LinearFrontend extends Frontend {
    LinearFrontend(ModelSpec.Frontend spec) {
        super(spec);
    }

    @Override
    public int bins() {
        return stftBins;
    }

    @Override
    protected void pool(double[] stftMag, float[] bandMag) {
        for (int k = 0; k < stftBins; k++) {
            bandMag[k] = (float) stftMag[k];
        }
    }

    @Override
    public void maskToStft(float[] bandMask, float[] stftMask) {
        System.arraycopy(bandMask, 0, stftMask, 0, stftBins);
    }
}
