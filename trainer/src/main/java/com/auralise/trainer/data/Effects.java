package com.auralise.trainer.data;

/**
 * Per-mix effects. Tilt EQ and reverb are linear and time-invariant, so running them per stem with
 * the same settings is the same as running them on the mix (each stem then carries its own reverb
 * return). The compressor is not linear: its gain curve is computed once from the mix and then
 * multiplied into every stem, which is exactly bus compression and keeps mix == sum(stems).
 */
public final class Effects {
    private Effects() {
    }

    /** Tilt: one-pole split at hz; lows scaled by -db/2, highs by +db/2 (in dB). In place. */
    public static void tilt(float[] x, double db, double hz, int sampleRate) {
        if (db == 0) return;
        double gl = Math.pow(10, -db / 40), gh = Math.pow(10, db / 40);
        double a = Math.exp(-2 * Math.PI * hz / sampleRate), lp = 0;
        for (int i = 0; i < x.length; i++) {
            lp = (1 - a) * x[i] + a * lp;
            x[i] = (float) (gl * lp + gh * (x[i] - lp));
        }
    }

    /**
     * Adds send * reverb(x) to x: a mono Freeverb-style tank (8 damped combs, 4 all-passes, tunings
     * scaled from 44.1 kHz) after a pre-delay. Linear; in place.
     */
    public static void reverb(float[] x, double room, double damp, double send, double predelayMs, int sampleRate) {
        if (room <= 0 || send <= 0) return;
        double scale = sampleRate / 44100.0;
        int[] combs = {1116, 1188, 1277, 1356, 1422, 1491, 1557, 1617};
        int[] aps = {556, 441, 341, 225};
        int n = x.length, pre = (int) Math.round(predelayMs * 1e-3 * sampleRate);
        double[] in = new double[n];
        for (int i = pre; i < n; i++) in[i] = x[i - pre] * 0.015; // Freeverb's fixed input gain
        double[] wet = new double[n];
        for (int c : combs) {
            int d = Math.max(1, (int) Math.round(c * scale));
            double[] buf = new double[d];
            double store = 0;
            int p = 0;
            for (int i = 0; i < n; i++) {
                double out = buf[p];
                store = out * (1 - damp) + store * damp;
                buf[p] = in[i] + store * room;
                wet[i] += out;
                p = p + 1 == d ? 0 : p + 1;
            }
        }
        for (int ap : aps) {
            int d = Math.max(1, (int) Math.round(ap * scale));
            double[] buf = new double[d];
            int p = 0;
            for (int i = 0; i < n; i++) {
                double b = buf[p];
                double out = -wet[i] + b;
                buf[p] = wet[i] + b * 0.5;
                wet[i] = out;
                p = p + 1 == d ? 0 : p + 1;
            }
        }
        for (int i = 0; i < n; i++) x[i] += (float) (send * 3 * wet[i]);
    }

    /**
     * Gain curve of a feed-forward bus compressor driven by the mix: peak detector with attack and
     * release, threshold relative to the mix's peak, hard knee. Returns one gain per sample (<= 1).
     */
    public static float[] compressorGain(float[] mix, double ratio, double threshDb, double attackMs, double releaseMs, int sampleRate) {
        float[] g = new float[mix.length];
        java.util.Arrays.fill(g, 1f);
        if (ratio <= 1) return g;
        double peak = 0;
        for (float v : mix) peak = Math.max(peak, Math.abs(v));
        if (peak == 0) return g;
        double thresh = peak * Math.pow(10, threshDb / 20);
        double att = Math.exp(-1 / (attackMs * 1e-3 * sampleRate)), rel = Math.exp(-1 / (releaseMs * 1e-3 * sampleRate));
        double env = 0;
        for (int i = 0; i < mix.length; i++) {
            double a = Math.abs(mix[i]);
            env = a > env ? att * env + (1 - att) * a : rel * env + (1 - rel) * a;
            if (env > thresh) {
                double overDb = 20 * Math.log10(env / thresh);
                g[i] = (float) Math.pow(10, -overDb * (1 - 1 / ratio) / 20);
            }
        }
        return g;
    }
}
