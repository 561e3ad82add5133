package com.auralise.events;

/**
 * Streaming peak picking on a detection function, one value per analysis frame: a frame is an
 * event when its value is a local maximum (not below the previous frame, above the next one), its
 * height over an adaptive floor (the median of the values over the last floorSeconds, the peak's
 * own neighbourhood excluded) exceeds the threshold, its passed level is above the gate, and it is
 * at least minInterval after the previous event. The peak's position is refined to a fraction of
 * a frame by a parabola through the three values around it. Deciding needs the next frame, so an
 * event is known one frame after its peak.
 *
 * <p>Real-time: sized once in the constructor (the floor window for up to
 * {@link #MAX_FLOOR_SECONDS}); {@link #apply}, {@link #reset} and {@link #push} allocate nothing.
 */
public final class EventDetector {
    public static final double MAX_FLOOR_SECONDS = 2.0;

    private final double framesPerSecond;
    private final float[] ring;
    private final float[] sorted;
    private int windowFrames;
    private int ringPos;
    private int count;
    private double threshold;
    private double minIntervalFrames;
    private double gateDb;
    private double velFloorDb;
    private double velCeilDb;

    private long frames;
    private double d2;
    private double d1;
    private double l1;
    private double lastEvent;

    private double peakFrame;
    private double peakHeight;
    private double peakLevelDb;
    private int peakVelocity;

    /** @param framesPerSecond analysis frames per second of the detection function. */
    public EventDetector(double framesPerSecond) {
        this.framesPerSecond = framesPerSecond;
        int cap = Math.max(3, (int) Math.ceil(MAX_FLOOR_SECONDS * framesPerSecond) + 1);
        ring = new float[cap];
        sorted = new float[cap];
        apply(new EventSettings());
        reset();
    }

    /** Takes new settings (clamped by the caller, see {@link EventSettings#clamp}); a shorter floor window restarts it. */
    public void apply(EventSettings s) {
        int w = Math.max(3, Math.min(ring.length, (int) Math.round(s.floorSeconds * framesPerSecond)));
        if (w != windowFrames) {
            windowFrames = w;
            count = 0;
            ringPos = 0;
        }
        threshold = s.threshold;
        minIntervalFrames = s.minIntervalMs * 1e-3 * framesPerSecond;
        gateDb = s.gateDb;
        velFloorDb = s.velocityFloorDb;
        velCeilDb = Math.max(s.velocityCeilDb, s.velocityFloorDb + 1);
    }

    public void reset() {
        frames = 0;
        count = 0;
        ringPos = 0;
        d2 = 0;
        d1 = 0;
        l1 = -200;
        lastEvent = Double.NEGATIVE_INFINITY;
    }

    /**
     * The next frame's detection value and passed level (dBFS). True when the previous frame is an
     * event: then {@link #peakFrame()} and the other peak accessors describe it.
     */
    public boolean push(double value, double levelDb) {
        double d0 = value == value ? Math.max(0, value) : 0; // NaN -> 0
        double l0 = levelDb == levelDb ? levelDb : -200;
        long f = frames++;
        boolean event = false;
        if (f >= 2 && d1 >= d2 && d1 > d0) {
            double floor = median();
            double h = d1 - floor;
            if (h > threshold && Math.max(l1, l0) > gateDb) {
                // Parabola through (f-2, d2), (f-1, d1), (f, d0): vertex offset in [-0.5, 0.5].
                double den = d2 - 2 * d1 + d0;
                double p = den < 0 ? 0.5 * (d2 - d0) / den : 0;
                p = p < -0.5 ? -0.5 : (p > 0.5 ? 0.5 : p);
                double at = (f - 1) + p;
                if (at - lastEvent >= minIntervalFrames) {
                    lastEvent = at;
                    peakFrame = at;
                    peakHeight = h;
                    peakLevelDb = Math.max(l1, l0); // the energy is still arriving at the peak of its rise
                    double x = (peakLevelDb - velFloorDb) / (velCeilDb - velFloorDb);
                    peakVelocity = (int) Math.round(1 + 126 * (x < 0 ? 0 : (x > 1 ? 1 : x)));
                    event = true;
                }
            }
        }
        // The floor sees a value once it can no longer be a peak candidate's neighbour.
        if (f >= 2) {
            addToWindow(d2);
        }
        d2 = d1;
        d1 = d0;
        l1 = l0;
        return event;
    }

    private void addToWindow(double v) {
        float x = (float) v;
        if (count < windowFrames) {
            ring[(ringPos + count) % windowFrames] = x;
            insert(count, x);
            count++;
            return;
        }
        float old = ring[ringPos];
        ring[ringPos] = x;
        ringPos = (ringPos + 1) % windowFrames;
        // Replace old by x in the sorted window, shifting the run between them.
        int i = 0;
        while (i < count - 1 && sorted[i] != old) {
            i++;
        }
        while (i > 0 && sorted[i - 1] > x) {
            sorted[i] = sorted[i - 1];
            i--;
        }
        while (i < count - 1 && sorted[i + 1] < x) {
            sorted[i] = sorted[i + 1];
            i++;
        }
        sorted[i] = x;
    }

    private void insert(int n, float x) {
        int i = n;
        while (i > 0 && sorted[i - 1] > x) {
            sorted[i] = sorted[i - 1];
            i--;
        }
        sorted[i] = x;
    }

    private double median() {
        if (count == 0) {
            return 0;
        }
        return (count & 1) == 1 ? sorted[count / 2] : 0.5 * (sorted[count / 2 - 1] + sorted[count / 2]);
    }

    /** Frames pushed since the last reset. */
    public long frames() {
        return frames;
    }

    /** The last event's position on the frame grid (fractional frame index). */
    public double peakFrame() {
        return peakFrame;
    }

    public double peakHeight() {
        return peakHeight;
    }

    public double peakLevelDb() {
        return peakLevelDb;
    }

    public int peakVelocity() {
        return peakVelocity;
    }
}
