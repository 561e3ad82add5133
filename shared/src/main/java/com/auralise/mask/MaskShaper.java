package com.auralise.mask;

/**
 * From a raw deconvolution to a gain mask in [0, 1], computed identically by plugin and renderer.
 *
 * <p>Deconvolution output has no fixed scale and can be negative. Negative values are cut, and the
 * rest divided by a scale: the catalogue's measured scale of the feature when there is one (fully
 * stable), otherwise a peak follower over columns with instant attack and a slow (seconds) release,
 * so the mask does not pump with the music's dynamics. Shaping then applies a soft threshold and a
 * contrast curve, and "invert" turns the feature filter into "everything except this feature".
 */
public final class MaskShaper {
    private final double release;
    private final double floor;
    private double peak;

    /** @param releasePerColumn factor per analysis column for the peak follower, e.g. exp(-hopSeconds / 2 s). */
    public MaskShaper(double releasePerColumn, double floor) {
        this.release = releasePerColumn;
        this.floor = floor;
    }

    public void reset() {
        peak = 0;
    }

    /** Scales raw[0..n) into [0, 1] in place, by fixedScale when > 0, else by the peak follower. */
    public void normalise(float[] raw, int n, double fixedScale) {
        double scale = fixedScale;
        if (!(scale > 0)) {
            double max = 0;
            for (int i = 0; i < n; i++) {
                max = Math.max(max, raw[i]);
            }
            peak = Math.max(max, peak * release);
            scale = Math.max(peak, floor);
        }
        float inv = (float) (1.0 / scale);
        for (int i = 0; i < n; i++) {
            float v = raw[i] * inv;
            raw[i] = v > 0f ? (v < 1f ? v : 1f) : 0f; // also maps NaN to 0
        }
    }

    /**
     * Soft threshold and contrast: x = (m - threshold) / (1 - threshold) clipped to [0, 1], then
     * x^p / (x^p + (1 - x)^p) with p = sharpness (1 = unchanged, large = nearly binary), then a blend
     * towards 1 - y by invert (0..1, smoothed by the caller so that toggling does not click).
     */
    public static float shape(float m, double threshold, double sharpness, double invert) {
        double x = (m - threshold) / Math.max(1e-6, 1.0 - threshold);
        x = x <= 0 ? 0 : (x >= 1 ? 1 : x);
        double y;
        if (sharpness == 1.0 || x == 0 || x == 1) {
            y = x;
        } else {
            double a = Math.pow(x, sharpness);
            double b = Math.pow(1 - x, sharpness);
            y = a / (a + b);
        }
        return (float) ((1 - invert) * y + invert * (1 - y));
    }
}
