package com.auralise.plugin;

import com.auralise.filter.Control;
import com.auralise.filter.FeatureFilter;
import com.auralise.view.FeatureView;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The Java half of the LV2 UI, called as the C glue calls it, with a real view window (needs a display:
 * run under xvfb-run or plugin/test-ui.sh; skipped without one). Real hosts: plugin/test-ui.sh.
 */
class Lv2UiTest {
    static final int CHUNK = 1024;

    @BeforeAll
    static void needs() {
        assumeTrue(System.getenv("DISPLAY") != null, "no display (run under xvfb-run)");
        assumeTrue(System.getenv(ModelSource.ENV) == null, "AURALISE_MODEL is set");
    }

    @Test
    void clicksGoThroughIdleAndTheHostAndTheViewFollowsTheFilter() {
        ByteBuffer mem = ByteBuffer.allocateDirect(4 * Lv2Bridge.floats(1, CHUNK)).order(ByteOrder.nativeOrder());
        FloatBuffer shm = mem.asFloatBuffer();
        int h = Lv2Bridge.create("/nonexistent", "tiny:11:3:4:same", 1, 48000, mem.duplicate(), CHUNK);
        assertTrue(h >= 0, Lv2Bridge.lastError());
        int u = Lv2Ui.instantiate(h, "/nonexistent", "Lv2UiTest");
        assertTrue(u >= 0, Lv2Ui.lastError());
        try {
            assertNull(Lv2Ui.view(u), "instantiate must not open the window; show() does");
            assertEquals(0, Lv2Ui.idle(u));
            assertEquals(0, Lv2Ui.show(u), Lv2Ui.lastError());
            FeatureView v = Lv2Ui.view(u);
            assertTrue(v.isOpen());
            FeatureFilter f = Lv2Bridge.filterOf(Lv2Bridge.instance(h));
            run(h, 8);
            int layerBefore = f.settings().layer;
            assertNotEquals3(layerBefore);

            // A click (same path as the mouse) only leaves a wish; idle() hands it over once.
            v.select(3, 1);
            assertEquals(layerBefore, f.settings().layer, "the view thread must not touch the filter");
            assertEquals(Lv2Ui.SELECT | 3L << 16 | 1, Lv2Ui.idle(u));
            assertEquals(0, Lv2Ui.idle(u));
            // The host writes filter/layer/feature to the ports; run() picks them up; the tap follows.
            shm.put(Control.FILTER.index(), 0).put(Control.LAYER.index(), 3).put(Control.FEATURE.index(), 1).put(Lv2Bridge.CHANGED, 1);
            run(h, 8);
            assertEquals(3, f.viewTap().layer());
            assertEquals(1, f.viewTap().feature());

            // hide, show again: a new window.
            assertEquals(0, Lv2Ui.hide(u));
            assertFalse(v.isOpen());
            assertNull(Lv2Ui.view(u));
            assertEquals(0, Lv2Ui.idle(u));
            assertEquals(0, Lv2Ui.show(u), Lv2Ui.lastError());
            FeatureView v2 = Lv2Ui.view(u);
            assertNotSame(v, v2);
            assertTrue(v2.isOpen());

            // Window closed behind the host's back (as by the user): idle() reports it once.
            v2.close();
            assertEquals(Lv2Ui.CLOSED, Lv2Ui.idle(u));
            assertEquals(0, Lv2Ui.idle(u));

            // A restored session with another model: a new filter and tap; the view follows it.
            assertEquals(0, Lv2Ui.show(u), Lv2Ui.lastError());
            FeatureView v3 = Lv2Ui.view(u);
            assertEquals(0, Lv2Bridge.restore(h, "tiny:12:2:4:same", null), Lv2Bridge.lastError());
            assertEquals(0, Lv2Ui.idle(u));
            FeatureView v4 = Lv2Ui.view(u);
            assertNotNull(v4);
            assertNotSame(v3, v4);
            assertFalse(v3.isOpen());
            assertTrue(v4.isOpen());

            // The plugin freed while the UI is open: idle goes on; cleanup closes the window.
            Lv2Bridge.destroy(h);
            h = -1;
            assertEquals(0, Lv2Ui.idle(u));
            Lv2Ui.cleanup(u);
            u = -1;
            assertFalse(v4.isOpen());
        } finally {
            if (u >= 0) {
                Lv2Ui.cleanup(u);
            }
            if (h >= 0) {
                Lv2Bridge.destroy(h);
            }
        }
    }

    @Test
    void noFilterNoView() {
        ByteBuffer mem = ByteBuffer.allocateDirect(4 * Lv2Bridge.floats(1, CHUNK)).order(ByteOrder.nativeOrder());
        int h = Lv2Bridge.create("/nonexistent", Lv2Bridge.BRIDGE_ONLY, 1, 48000, mem, CHUNK);
        int u = Lv2Ui.instantiate(h, "/nonexistent", "Lv2UiTest");
        try {
            assertTrue(u >= 0, Lv2Ui.lastError());
            assertEquals(-1, Lv2Ui.show(u), "bridge-only runs no filter: nothing to show");
            assertTrue(Lv2Ui.lastError().contains("no filter"), Lv2Ui.lastError());
            assertEquals(Lv2Ui.CLOSED, Lv2Ui.idle(u), "a failed show() ends the host's idle loop");
            assertEquals(0, Lv2Ui.idle(u));
        } finally {
            Lv2Ui.cleanup(u);
            Lv2Bridge.destroy(h);
        }
        assertEquals(-1, Lv2Ui.instantiate(12345, "/nonexistent", "x"), "no such plugin instance");
    }

    private static void assertNotEquals3(int layer) {
        assertTrue(layer != 3, "the test needs a start layer other than 3, got " + layer);
    }

    private static void run(int h, int blocks) {
        for (int i = 0; i < blocks; i++) {
            assertEquals(0, Lv2Bridge.process(h, 256));
        }
    }
}
