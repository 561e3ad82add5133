package com.auralise.filter;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What every line of the control table must satisfy (golden tests cover what it produces). */
class ControlTest {
    @Test
    void linesAreConsistent() {
        Set<String> symbols = new HashSet<>();
        Set<String> keys = new HashSet<>();
        for (Control c : Control.ALL) {
            assertTrue(symbols.add(c.symbol()), "symbol twice: " + c.symbol());
            assertTrue(c.symbol().matches("[a-z_][a-z0-9_]*"), "an LV2 symbol: " + c.symbol());
            assertEquals(c, Control.bySymbol(c.symbol()));
            assertTrue(c.min() <= c.defaultValue() && c.defaultValue() <= c.max(), c + ": default in range");
            if (c.presetKey() != null) {
                assertTrue(keys.add(c.presetKey()), "preset key twice: " + c.presetKey());
                assertNotNull(c.unit(), c + ": presets write a unit");
                assertTrue(c.inSettings(), c + ": presets need a settings field");
            }
            if (c.toggle()) {
                assertEquals(0, c.min());
                assertEquals(1, c.max());
            }
            assertFalse(c.output() && c.inSettings(), c + ": outputs are the plugin's, not settings");
        }
        assertEquals(Control.ALL.size(), Control.values().length);
        assertEquals(Control.PRESET.size(), keys.size());
    }

    @Test
    void settingsRoundTripThroughTheTable() {
        FilterSettings s = new FilterSettings();
        s.layer = 4;
        s.feature = 17;
        s.mix = 0.25;
        s.invert = true;
        s.threshold = 0.5;
        s.sharpness = 3;
        s.gainDb = -7.5;
        s.bypass = true;
        FilterSettings t = new FilterSettings();
        for (Control c : Control.ALL) {
            if (c.inSettings()) {
                c.set(t, c.get(s));
            }
        }
        assertEquals(s.toString(), t.toString());
        assertEquals(1.0, Control.INVERT.get(s));
        assertEquals(0.0, Control.ENABLED.get(s));
    }
}
