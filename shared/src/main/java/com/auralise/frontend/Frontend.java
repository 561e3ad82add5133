package com.auralise.frontend;

import com.auralise.model.ModelSpec;
import com.auralise.stft.Fft;
import com.auralise.stft.Window;

/**
 * Turns an STFT frame into the network's input column, and maps a mask over the network's bins back
 * onto STFT bins. Input values are ln(1 + logGain * a), where a is the band magnitude scaled so that
 * a full-scale sinusoid at a bin centre has magnitude 1; silence maps to 0, which is also the
 * network's zero padding.
 *
 * <p>Real-time: {@link #analyse} and {@link #maskToStft} allocate nothing.
 */
public abstract class Frontend {
    protected final int nFft;
    protected final int stftBins;
    private final double magScale;
    private final double logGain;
    protected final double[] mag;

    protected Frontend(ModelSpec.Frontend spec) {
        this.nFft = spec.nFft;
        this.stftBins = spec.nFft / 2 + 1;
        double wsum = 0;
        for (double w : analysisWindow(spec.nFft)) {
            wsum += w;
        }
        this.magScale = 2.0 / wsum;
        this.logGain = spec.logGain;
        this.mag = new double[stftBins];
    }

    /** The analysis window every front-end uses; synthesis uses the same (product = Hann). */
    public static double[] analysisWindow(int nFft) {
        return Window.sqrtHann(nFft);
    }

    public static Frontend create(ModelSpec.Frontend spec, int sampleRate) {
        return switch (spec.type) {
            case "linear" -> new LinearFrontend(spec);
            case "mel" -> new FilterbankFrontend(spec, sampleRate, FilterbankFrontend.Scale.MEL);
            case "logfreq" -> new FilterbankFrontend(spec, sampleRate, FilterbankFrontend.Scale.LOG);
            default -> throw new IllegalArgumentException("unknown front-end '" + spec.type + "' (linear, logfreq, mel)");
        };
    }

    /** Number of network input bins (rows of the network's input). */
    public abstract int bins();

    public int stftBins() {
        return stftBins;
    }

    /** spectrum: packed FFT of one frame (not modified); out: bins() values. */
    public final void analyse(double[] spectrum, float[] out) {
        for (int k = 0; k < stftBins; k++) {
            mag[k] = Fft.magnitude(spectrum, k, nFft) * magScale;
        }
        pool(mag, out);
        for (int b = 0, n = bins(); b < n; b++) {
            out[b] = (float) Math.log1p(logGain * out[b]);
        }
    }

    /** Band magnitudes from STFT magnitudes. */
    protected abstract void pool(double[] stftMag, float[] bandMag);

    /**
     * Maps a mask over bins() bands onto stftBins() STFT bins: every STFT bin gets the weighted mean of
     * the bands covering it (the normalised transpose of the filterbank), bins outside the covered range
     * take the nearest covered value. A constant mask therefore stays constant: no holes, no ripple.
     */
    public abstract void maskToStft(float[] bandMask, float[] stftMask);
}
