package com.auralise.stft;

import com.auralise.frontend.Frontend;
import com.auralise.model.ModelSpec;

/**
 * Offline network input of a whole mono clip at the model's rate, on the same frame grid as
 * {@link StftAnalyzer} (frame j ends at sample (j + 1) * hop, silence before the clip), so offline
 * analysis, training and the streaming filter see identical columns.
 */
public final class Spectrogram {
    private Spectrogram() {
    }

    /** Number of frames that cover every sample of a clip of n samples. */
    public static int frames(int n, int hop) {
        return (n + hop - 1) / hop;
    }

    /** Returns [bins][frames] front-end output. */
    public static float[][] compute(float[] mono, ModelSpec.Frontend fe, int sampleRate) {
        Frontend frontend = Frontend.create(fe, sampleRate);
        int frames = frames(mono.length, fe.hop);
        float[][] out = new float[frontend.bins()][frames];
        double[] window = Frontend.analysisWindow(fe.nFft);
        Fft fft = new Fft(fe.nFft);
        double[] buf = new double[fe.nFft];
        float[] col = new float[frontend.bins()];
        for (int j = 0; j < frames; j++) {
            int start = (j + 1) * fe.hop - fe.nFft;
            for (int i = 0; i < fe.nFft; i++) {
                int s = start + i;
                buf[i] = s >= 0 && s < mono.length ? mono[s] * window[i] : 0.0;
            }
            fft.forward(buf);
            frontend.analyse(buf, col);
            for (int b = 0; b < col.length; b++) {
                out[b][j] = col[b];
            }
        }
        return out;
    }
}
