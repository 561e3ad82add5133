package com.auralise.filter;

import com.auralise.events.Event;
import com.auralise.events.EventQueue;
import com.auralise.events.OfflineEvents;
import com.auralise.model.Model;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/** Events inside FeatureFilter: timing on the input, both latency modes, audio untouched, no allocation. */
class FeatureFilterEventsTest {
    static FeatureFilter withEvents(Model m, int rate, int channels, FilterSettings s, boolean lowLatency) {
        FeatureFilter f = new FeatureFilter(m);
        f.setLowLatency(lowLatency);
        f.setEventsEnabled(true);
        f.prepare(rate, 512, channels);
        f.apply(s);
        f.reset();
        return f;
    }

    /** Clicks (short decaying noise bursts) at known samples over a quiet tone. */
    static float[][] clicks(int rate, int n, int[] at) {
        Random r = new Random(3);
        float[][] x = new float[2][n];
        for (int i = 0; i < n; i++) {
            float v = (float) (0.01 * Math.sin(2 * Math.PI * 220 * i / rate));
            x[0][i] = v;
            x[1][i] = v;
        }
        for (int a : at) {
            for (int i = 0; i < rate / 100 && a + i < n; i++) {
                float v = (float) (0.8 * Math.exp(-i / (rate * 0.002)) * r.nextGaussian());
                x[0][a + i] += v;
                x[1][a + i] += v;
            }
        }
        return x;
    }

    static List<Event> collect(FeatureFilter f, float[][] x, Random blocks) {
        List<Event> out = new ArrayList<>();
        int n = x[0].length;
        int ch = x.length;
        float[][] in = new float[ch][8192];
        float[][] o = new float[ch][8192];
        int pos = 0;
        int total = n + Math.max(f.latencySamples(), f.eventDelaySamples()) + 2048;
        while (pos < total) {
            int b = Math.min(total - pos, blocks == null ? 512 : 1 + blocks.nextInt(blocks.nextInt(4) == 0 ? 4096 : 64));
            for (int c = 0; c < ch; c++) {
                for (int i = 0; i < b; i++) {
                    in[c][i] = pos + i < n ? x[c][pos + i] : 0f;
                }
            }
            f.process(in, o, b);
            pos += b;
            Event e = new Event();
            while (f.events().poll(e)) {
                assertTrue(e.detectedAt <= f.samplesProcessed(), "found after now");
                out.add(e);
                e = new Event();
            }
        }
        return out;
    }

    @ParameterizedTest(name = "{0} Hz, low latency {1}")
    @CsvSource({"22050,false", "44100,false", "48000,false", "22050,true", "48000,true"})
    void eventsMarkTheClicksOnTheInputTimeLineWithinOneHop(int rate, boolean lowLatency) {
        Model m = FeatureFilterTest.model("same");
        int[] at = new int[10];
        for (int i = 0; i < at.length; i++) {
            at[i] = rate / 2 + i * (rate * 3 / 10) + (i * 7919) % 200;
        }
        int n = at[at.length - 1] + rate;
        FeatureFilter f = withEvents(m, rate, 2, FeatureFilterTest.settings(2, 0), lowLatency);
        // No tuned offset (it corrects the shipped model's window), and a gate under the clicks'
        // level so the random test model's mask on the quiet tone makes no events.
        com.auralise.events.EventSettings es = new com.auralise.events.EventSettings();
        es.offsetMs = 0;
        es.gateDb = -45;
        f.applyEvents(es);
        List<Event> ev = collect(f, clicks(rate, n, at), new Random(rate));
        // One analysis hop of the model, in host samples.
        int hop = (int) Math.round(m.spec().frontend.hop * rate / (double) m.spec().sampleRate);
        assertEquals(at.length, ev.size(), "one event per click: " + ev);
        for (int i = 0; i < at.length; i++) {
            Event e = ev.get(i);
            assertTrue(Math.abs(e.inputSample - at[i]) <= hop, "click at " + at[i] + ": " + e);
            assertEquals(e.inputSample + f.latencySamples(), e.outputSample);
            assertTrue(e.velocity >= 1 && e.velocity <= 127);
            if (!lowLatency) {
                assertTrue(e.detectedAt <= e.outputSample, "studio events are known before they are due: " + e);
            }
        }
    }

    @ParameterizedTest(name = "{0} Hz")
    @ValueSource(ints = {22050, 48000})
    void liveModeFindsTheSameEventsOnlyLater(int rate) {
        Model m = FeatureFilterTest.model("same");
        float[][] x = FeatureFilterTest.music(2, rate * 4, 21);
        List<Event> studio = collect(withEvents(m, rate, 2, FeatureFilterTest.settings(3, 2), false), x, null);
        List<Event> live = collect(withEvents(m, rate, 2, FeatureFilterTest.settings(3, 2), true), x, new Random(2));
        assertFalse(studio.isEmpty());
        assertEquals(studio.size(), live.size());
        for (int i = 0; i < studio.size(); i++) {
            assertEquals(studio.get(i).inputSample, live.get(i).inputSample);
            assertEquals(studio.get(i).velocity, live.get(i).velocity);
        }
    }

    @Test
    void blockSizeDoesNotChangeTheEvents() {
        Model m = FeatureFilterTest.model("same");
        float[][] x = FeatureFilterTest.music(2, 44100 * 3, 9);
        List<Event> a = collect(withEvents(m, 44100, 2, FeatureFilterTest.settings(2, 3), false), x, null);
        List<Event> b = collect(withEvents(m, 44100, 2, FeatureFilterTest.settings(2, 3), false), x, new Random(4));
        assertFalse(a.isEmpty());
        assertEquals(a.size(), b.size());
        for (int i = 0; i < a.size(); i++) {
            // detectedAt is the end of the block that found it, so it depends on the block sizes.
            assertEquals(a.get(i).inputSample, b.get(i).inputSample);
            assertEquals(a.get(i).velocity, b.get(i).velocity);
            assertEquals(a.get(i).height, b.get(i).height);
        }
    }

    @Test
    void audioIsBitIdenticalWithEventsOn() {
        Model m = FeatureFilterTest.model("same");
        float[][] x = FeatureFilterTest.music(2, 48000 * 3, 5);
        float[][] off = FeatureFilterTest.run(FeatureFilterTest.prepared(m, 48000, 2, FeatureFilterTest.settings(3, 1)), x, new Random(1));
        float[][] on = FeatureFilterTest.run(withEvents(m, 48000, 2, FeatureFilterTest.settings(3, 1), false), x, new Random(1));
        for (int c = 0; c < 2; c++) {
            assertArrayEquals(off[c], on[c], "channel " + c);
        }
    }

    @Test
    void offlineCollectionKeepsEventsInsideTheStream() {
        Model m = FeatureFilterTest.model("same");
        int rate = 22050;
        int[] at = {rate / 2, rate, rate * 3 / 2, rate * 2 - 300};
        float[][] x = clicks(rate, rate * 2, at);
        FeatureFilter f = withEvents(m, rate, 2, FeatureFilterTest.settings(2, 1), true);
        com.auralise.events.EventSettings es = new com.auralise.events.EventSettings();
        es.gateDb = -45;
        f.applyEvents(es);
        OfflineEvents.Result r = OfflineEvents.collect(f, x, rate);
        assertEquals(at.length, r.events().size(), r.events().toString());
        double[] t = r.seconds();
        assertEquals(at[3] / (double) rate, t[3], 0.012);
        assertEquals(r.events().size(), OfflineEvents.collect(f, x, rate).events().size(), "collect starts from a reset");
    }

    @ParameterizedTest(name = "{0} Hz, {1} channels, low latency {2}")
    @CsvSource({"22050,2,false", "48000,2,false", "44100,1,true"})
    void processAllocatesNothingWithEventsOn(int rate, int channels, boolean lowLatency) {
        com.sun.management.ThreadMXBean bean = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        FeatureFilter f = withEvents(FeatureFilterTest.model("same"), rate, channels, FeatureFilterTest.settings(3, 1), lowLatency);
        float[][] in = new float[channels][1024];
        float[][] out = new float[channels][1024];
        Random r = new Random(1);
        for (int c = 0; c < channels; c++) {
            for (int i = 0; i < 1024; i++) {
                // Bursts every 1024 samples so the detector keeps finding events.
                in[c][i] = (float) (r.nextGaussian() * (i < 64 ? 0.8 : 0.02));
            }
        }
        FilterSettings s = FeatureFilterTest.settings(3, 1);
        com.auralise.events.EventSettings es = new com.auralise.events.EventSettings();
        Event e = new Event();
        long[] seen = new long[1];
        // Same warm-up and two-window pattern as FeatureFilterTest.processAllocatesNothing.
        exercise(f, s, es, in, out, e, seen, 60_000);
        long tid = Thread.currentThread().getId();
        bean.getThreadAllocatedBytes(tid);
        int calls = 100_000;
        long first = bean.getThreadAllocatedBytes(tid);
        exercise(f, s, es, in, out, e, seen, calls);
        assertTrue(bean.getThreadAllocatedBytes(tid) - first < 4096, "first window allocated per call");
        long before = bean.getThreadAllocatedBytes(tid);
        long eventsBefore = seen[0];
        exercise(f, s, es, in, out, e, seen, calls);
        long allocated = bean.getThreadAllocatedBytes(tid) - before;
        assertTrue(seen[0] - eventsBefore > 100, "the detector was busy: " + (seen[0] - eventsBefore) + " events");
        assertEquals(0, allocated, "bytes allocated over " + calls + " process() calls with events on");
    }

    static void exercise(FeatureFilter f, FilterSettings s, com.auralise.events.EventSettings es, float[][] in, float[][] out,
                         Event e, long[] seen, int calls) {
        EventQueue q = f.events();
        for (int i = 0; i < calls; i++) {
            if (i % 5000 == 0) {
                s.feature = (s.feature + 1) % 6;
                f.apply(s);
                es.minIntervalMs = 20 + (i / 5000) % 3 * 10;
                f.applyEvents(es);
            }
            int n = 1 + (i * 37) % 128;
            long blockEnd = f.samplesProcessed() + n;
            f.process(in, out, n);
            while (q.pollDue(e, blockEnd + f.latencySamples())) {
                seen[0]++;
            }
        }
    }
}
