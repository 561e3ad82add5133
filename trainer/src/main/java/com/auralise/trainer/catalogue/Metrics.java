package com.auralise.trainer.catalogue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Separation and onset metrics used by the catalogue and the quality report. Plain definitions,
 * written out so tests can check them on hand cases.
 */
public final class Metrics {
    private Metrics() {
    }

    /**
     * Scale-invariant SDR in dB (Le Roux et al. 2019): target projection s = (<est,ref>/<ref,ref>) ref,
     * SI-SDR = 10 log10(|s|^2 / |est - s|^2). Means are not removed (audio is zero-mean enough, and
     * removing them would reward DC). Returns -inf-like -100 for silent estimates, NaN for a silent ref.
     */
    public static double siSdr(float[] est, float[] ref) {
        return siSdr(est, ref, 0, Math.min(est.length, ref.length));
    }

    public static double siSdr(float[] est, float[] ref, int from, int to) {
        double er = 0, rr = 0, ee = 0;
        for (int i = from; i < to; i++) {
            er += (double) est[i] * ref[i];
            rr += (double) ref[i] * ref[i];
            ee += (double) est[i] * est[i];
        }
        if (rr <= 1e-20) {
            return Double.NaN;
        }
        if (ee <= 1e-20) {
            return -100;
        }
        double a = er / rr;
        double target = a * a * rr;
        // |est - a ref|^2 = ee - 2 a er + a^2 rr = ee - a er
        double noise = Math.max(ee - a * er, 1e-20 * ee);
        return Math.max(-100, Math.min(100, 10 * Math.log10(Math.max(target, 1e-30) / noise)));
    }

    /**
     * Onset F-measure with a +-tol window: greedy one-to-one matching of sorted lists (as mir_eval's
     * result for well-separated events). Both empty gives 1; one empty gives 0.
     */
    public static double[] onsetPrf(double[] est, double[] ref, double tol) {
        if (est.length == 0 && ref.length == 0) {
            return new double[] {1, 1, 1};
        }
        if (est.length == 0 || ref.length == 0) {
            return new double[] {0, 0, 0};
        }
        int hits = matchErrors(est, ref, tol).length;
        double p = hits / (double) est.length;
        double rc = hits / (double) ref.length;
        double f = p + rc > 0 ? 2 * p * rc / (p + rc) : 0;
        return new double[] {p, rc, f};
    }

    /**
     * Signed timing errors (est - ref, seconds) of the greedy one-to-one matching within +-tol that
     * {@link #onsetPrf} counts as hits.
     */
    public static double[] matchErrors(double[] est, double[] ref, double tol) {
        double[] e = est.clone();
        double[] r = ref.clone();
        Arrays.sort(e);
        Arrays.sort(r);
        boolean[] used = new boolean[e.length];
        List<Double> out = new ArrayList<>();
        int j0 = 0;
        for (double t : r) {
            while (j0 < e.length && e[j0] < t - tol) {
                j0++;
            }
            int best = -1;
            double bestD = Double.MAX_VALUE;
            for (int j = j0; j < e.length && e[j] <= t + tol; j++) {
                double d = Math.abs(e[j] - t);
                if (!used[j] && d < bestD) {
                    bestD = d;
                    best = j;
                }
            }
            if (best >= 0) {
                used[best] = true;
                out.add(e[best] - t);
            }
        }
        return out.stream().mapToDouble(Double::doubleValue).toArray();
    }

    public static double onsetF(double[] est, double[] ref, double tol) {
        return onsetPrf(est, ref, tol)[2];
    }

    /** Merges reference onsets closer than gap seconds (chords, drums hit together count once). */
    public static double[] mergeClose(double[] times, double gap) {
        double[] t = times.clone();
        Arrays.sort(t);
        List<Double> out = new ArrayList<>();
        for (double v : t) {
            if (out.isEmpty() || v - out.get(out.size() - 1) > gap) {
                out.add(v);
            }
        }
        return out.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** RMS envelope with hop samples per value and a window of 2 hops. */
    public static double[] envelope(float[] x, int hop) {
        int n = (x.length + hop - 1) / hop;
        double[] env = new double[n];
        for (int j = 0; j < n; j++) {
            int a = Math.max(0, j * hop - hop / 2);
            int b = Math.min(x.length, j * hop + hop + hop / 2);
            double s = 0;
            for (int i = a; i < b; i++) {
                s += (double) x[i] * x[i];
            }
            env[j] = Math.sqrt(s / Math.max(1, b - a));
        }
        return env;
    }

    /** Pearson correlation; 0 when either side is constant. */
    public static double correlation(double[] a, double[] b) {
        int n = Math.min(a.length, b.length);
        double ma = 0, mb = 0;
        for (int i = 0; i < n; i++) {
            ma += a[i];
            mb += b[i];
        }
        ma /= n;
        mb /= n;
        double sab = 0, saa = 0, sbb = 0;
        for (int i = 0; i < n; i++) {
            double x = a[i] - ma, y = b[i] - mb;
            sab += x * y;
            saa += x * x;
            sbb += y * y;
        }
        return saa > 1e-30 && sbb > 1e-30 ? sab / Math.sqrt(saa * sbb) : 0;
    }

    /** Envelope correlation of two signals (10 ms hops at the given rate). */
    public static double envelopeCorrelation(float[] a, float[] b, int sampleRate) {
        int hop = Math.max(1, sampleRate / 100);
        return correlation(envelope(a, hop), envelope(b, hop));
    }

    /**
     * Onsets from a signal's envelope: half-wave rectified log-energy difference (10 ms hops), peaks
     * above an adaptive threshold (local mean over +-100 ms + delta), at least minGap seconds apart.
     */
    public static double[] envelopeOnsets(float[] x, int sampleRate, double delta, double minGap) {
        int hop = Math.max(1, sampleRate / 100);
        return riseOnsets(envelope(x, hop), 1e-9, hop / (double) sampleRate, delta, minGap, 10);
    }

    /**
     * Peak times (index x dt) of an envelope's half-wave rectified log rise, picked by {@link #pickPeaks}
     * with half-window w; none when the envelope's peak is at most {@code silence}. The log floor at
     * -60 dB of the peak keeps near-silent wiggles from counting as onsets.
     */
    public static double[] riseOnsets(double[] env, double silence, double dt, double delta, double minGap, int w) {
        double peak = 0;
        for (double v : env) {
            peak = Math.max(peak, v);
        }
        if (peak <= silence) {
            return new double[0];
        }
        double floor = peak * 1e-3;
        double[] flux = new double[env.length];
        for (int j = 1; j < env.length; j++) {
            flux[j] = Math.max(0, Math.log(env[j] + floor) - Math.log(env[j - 1] + floor));
        }
        return pickPeaks(flux, dt, delta, minGap, w);
    }

    /** Local maxima of f (one value per dt seconds) above mean(f[j-w..j+w]) + delta, minGap apart. */
    public static double[] pickPeaks(double[] f, double dt, double delta, double minGap, int w) {
        List<Double> out = new ArrayList<>();
        double last = -1e9;
        for (int j = 1; j + 1 < f.length; j++) {
            if (f[j] < f[j - 1] || f[j] < f[j + 1]) {
                continue;
            }
            double m = 0;
            int c = 0;
            for (int k = Math.max(0, j - w); k <= Math.min(f.length - 1, j + w); k++) {
                m += f[k];
                c++;
            }
            m /= c;
            double t = j * dt;
            if (f[j] > m + delta && t - last >= minGap) {
                out.add(t);
                last = t;
            }
        }
        return out.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** Area under the ROC curve (Mann-Whitney), NaN when one class is empty. */
    public static double auc(double[] scores, boolean[] labels) {
        int n = scores.length;
        Integer[] idx = new Integer[n];
        for (int i = 0; i < n; i++) {
            idx[i] = i;
        }
        Arrays.sort(idx, (a, b) -> Double.compare(scores[a], scores[b]));
        double rankSumPos = 0;
        int pos = 0;
        int i = 0;
        while (i < n) {
            int j = i;
            while (j + 1 < n && scores[idx[j + 1]] == scores[idx[i]]) {
                j++;
            }
            double rank = (i + j) / 2.0 + 1; // average rank for ties
            for (int k = i; k <= j; k++) {
                if (labels[idx[k]]) {
                    rankSumPos += rank;
                    pos++;
                }
            }
            i = j + 1;
        }
        int neg = n - pos;
        if (pos == 0 || neg == 0) {
            return Double.NaN;
        }
        return (rankSumPos - pos * (pos + 1) / 2.0) / ((double) pos * neg);
    }

    /** Median of finite values, NaN if none. */
    public static double median(double[] v) {
        double[] f = Arrays.stream(v).filter(Double::isFinite).sorted().toArray();
        if (f.length == 0) {
            return Double.NaN;
        }
        return f.length % 2 == 1 ? f[f.length / 2] : 0.5 * (f[f.length / 2 - 1] + f[f.length / 2]);
    }

    public static double mean(double[] v) {
        double s = 0;
        int c = 0;
        for (double x : v) {
            if (Double.isFinite(x)) {
                s += x;
                c++;
            }
        }
        return c == 0 ? Double.NaN : s / c;
    }

    /** The q-quantile (0..1) of finite values, linear interpolation. */
    public static double quantile(double[] v, double q) {
        double[] f = Arrays.stream(v).filter(Double::isFinite).sorted().toArray();
        if (f.length == 0) {
            return Double.NaN;
        }
        double pos = q * (f.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(f.length - 1, lo + 1);
        return f[lo] + (pos - lo) * (f[hi] - f[lo]);
    }
}
