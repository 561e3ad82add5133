package com.auralise.trainer.catalogue;

import com.auralise.stft.Fft;

import java.util.Arrays;

/**
 * Harmonic-percussive separation by median filtering (Fitzgerald, DAFx 2010): on the magnitude
 * spectrogram, a median across time keeps steady (harmonic) partials, a median across frequency keeps
 * broadband (percussive) events; soft Wiener masks H^p / (H^p + P^p) (p = 2) applied to the complex
 * STFT, then overlap-add. Periodic sqrt-Hann analysis and synthesis windows (their product, a Hann,
 * sums to nFft / (2 hop), divided out), so H + P = x up to rounding.
 */
public final class Hpss {
    private Hpss() {
    }

    /** Returns {harmonic, percussive}, each as long as x. */
    public static float[][] separate(float[] x, int nFft, int hop, int timeMedian, int freqMedian) {
        int bins = nFft / 2 + 1;
        int frames = (x.length + nFft) / hop + 1;
        double[] win = new double[nFft];
        for (int i = 0; i < nFft; i++) {
            win[i] = Math.sqrt(0.5 - 0.5 * Math.cos(2 * Math.PI * i / nFft));
        }
        Fft fft = new Fft(nFft);
        double[][] spec = new double[frames][];
        float[][] mag = new float[frames][bins];
        for (int j = 0; j < frames; j++) {
            double[] buf = new double[nFft];
            int start = j * hop - nFft; // padded so every sample is covered by full overlap
            for (int i = 0; i < nFft; i++) {
                int s = start + i;
                buf[i] = s >= 0 && s < x.length ? x[s] * win[i] : 0;
            }
            fft.forward(buf);
            spec[j] = buf;
            for (int k = 0; k < bins; k++) {
                mag[j][k] = (float) Fft.magnitude(buf, k, nFft);
            }
        }
        float[][] h = new float[frames][bins];
        float[][] p = new float[frames][bins];
        float[] tmp = new float[Math.max(timeMedian, freqMedian)];
        int ht = timeMedian / 2;
        int hf = freqMedian / 2;
        for (int j = 0; j < frames; j++) {
            for (int k = 0; k < bins; k++) {
                int n = 0;
                for (int d = -ht; d <= ht; d++) {
                    int jj = j + d;
                    tmp[n++] = jj >= 0 && jj < frames ? mag[jj][k] : 0f;
                }
                h[j][k] = median(tmp, n);
                n = 0;
                for (int d = -hf; d <= hf; d++) {
                    int kk = k + d;
                    tmp[n++] = kk >= 0 && kk < bins ? mag[j][kk] : 0f;
                }
                p[j][k] = median(tmp, n);
            }
        }
        float[] outH = new float[x.length];
        float[] outP = new float[x.length];
        double norm = hop / (0.5 * nFft); // sum of overlapped Hann windows = 0.5 nFft / hop
        double[] bh = new double[nFft];
        double[] bp = new double[nFft];
        for (int j = 0; j < frames; j++) {
            System.arraycopy(spec[j], 0, bh, 0, nFft);
            System.arraycopy(spec[j], 0, bp, 0, nFft);
            for (int k = 0; k < bins; k++) {
                double a = (double) h[j][k] * h[j][k];
                double b = (double) p[j][k] * p[j][k];
                double mh = a + b > 0 ? a / (a + b) : 0.5;
                Fft.scale(bh, k, nFft, mh);
                Fft.scale(bp, k, nFft, 1 - mh);
            }
            fft.inverse(bh);
            fft.inverse(bp);
            int start = j * hop - nFft;
            for (int i = 0; i < nFft; i++) {
                int s = start + i;
                if (s >= 0 && s < x.length) {
                    outH[s] += (float) (bh[i] * win[i] * norm);
                    outP[s] += (float) (bp[i] * win[i] * norm);
                }
            }
        }
        return new float[][] {outH, outP};
    }

    /** Defaults for 22.05 kHz: nFft 1024, hop 256, 17-frame and 17-bin medians. */
    public static float[][] separate(float[] x) {
        return separate(x, 1024, 256, 17, 17);
    }

    private static float median(float[] v, int n) {
        float[] c = Arrays.copyOf(v, n);
        Arrays.sort(c);
        return c[n / 2];
    }
}
