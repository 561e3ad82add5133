package com.auralise.events;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class EventDetectorTest {
    static List<double[]> run(EventDetector d, double[] values, double[] levels) {
        List<double[]> out = new ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            if (d.push(values[i], levels == null ? -20 : levels[i])) {
                out.add(new double[] {d.peakFrame(), d.peakHeight(), d.peakVelocity()});
            }
        }
        return out;
    }

    @Test
    void peaksAboveTheFloorAreEventsAtTheirRefinedPosition() {
        EventDetector d = new EventDetector(100); // 10 ms frames
        double[] v = new double[300];
        for (int i = 0; i < v.length; i++) {
            v[i] = 0.1 + 0.01 * (i % 3); // a busy floor
        }
        v[50] = 1.0; // symmetric: exactly at 50
        v[120] = 1.0;
        v[121] = 1.0; // a flat top of two frames: one event between them
        v[200] = 0.15; // below the threshold over the floor
        List<double[]> ev = run(d, v, null);
        assertEquals(2, ev.size());
        assertEquals(50.0, ev.get(0)[0], 0.01);
        assertEquals(120.5, ev.get(1)[0], 0.01);
        assertTrue(ev.get(0)[1] > 0.85 && ev.get(0)[1] < 0.91, "height over the median floor: " + ev.get(0)[1]);
    }

    @Test
    void minimumIntervalGateAndVelocity() {
        EventSettings s = new EventSettings();
        s.threshold = 0.1;
        s.minIntervalMs = 50;
        s.gateDb = -60;
        s.velocityFloorDb = -60;
        s.velocityCeilDb = 0;
        EventDetector d = new EventDetector(100);
        d.apply(s);
        double[] v = new double[100];
        double[] lv = new double[100];
        java.util.Arrays.fill(lv, -30);
        v[10] = 1;
        v[13] = 1; // 30 ms later: dropped
        v[20] = 1; // 100 ms after the first: kept
        v[40] = 1;
        lv[40] = -90;
        lv[41] = -90; // under the gate
        v[60] = 1;
        lv[61] = 0; // velocity from the louder of the peak frame and the next
        List<double[]> ev = run(d, v, lv);
        assertEquals(3, ev.size());
        assertEquals(10, ev.get(0)[0], 1e-9);
        assertEquals(20, ev.get(1)[0], 1e-9);
        assertEquals(60, ev.get(2)[0], 1e-9);
        assertEquals(64, ev.get(0)[2], 0.5); // -30 dB in -60..0 -> 1 + 126 / 2
        assertEquals(127, ev.get(2)[2]);
    }

    @Test
    void nanAndSilenceGiveNoEvents() {
        EventDetector d = new EventDetector(86);
        double[] v = new double[500];
        v[100] = Double.NaN;
        assertTrue(run(d, v, null).isEmpty());
    }

    @Test
    void queueKeepsOrderDropsWhenFullAndReleasesOnlyDueEvents() {
        EventQueue q = new EventQueue(4);
        for (int i = 0; i < 6; i++) {
            q.add(100 * i, 100 * i + 50, 0, 64, 1f, -10f);
        }
        assertEquals(4, q.size());
        assertEquals(2, q.dropped());
        Event e = new Event();
        assertTrue(q.pollDue(e, 60));
        assertEquals(0, e.inputSample);
        assertFalse(q.pollDue(e, 150), "output sample 150 is not before the block end 150");
        assertTrue(q.pollDue(e, 151));
        assertEquals(100, e.inputSample);
        q.clear();
        assertEquals(0, q.size());
        assertThrows(IllegalArgumentException.class, () -> new EventQueue(3));
    }

    @Test
    void settingsAreClampedNotThrown() {
        EventSettings s = new EventSettings();
        s.threshold = Double.NaN;
        s.minIntervalMs = -5;
        s.floorSeconds = 99;
        s.velocityFloorDb = -10;
        s.velocityCeilDb = -20;
        s.clamp();
        assertEquals(EventSettings.DEFAULT_THRESHOLD, s.threshold);
        assertEquals(1, s.minIntervalMs);
        assertEquals(EventDetector.MAX_FLOOR_SECONDS, s.floorSeconds);
        assertTrue(s.velocityCeilDb > s.velocityFloorDb);
        assertEquals(130, EventSettings.forFilter("Kick selector").minIntervalMs);
    }
}
