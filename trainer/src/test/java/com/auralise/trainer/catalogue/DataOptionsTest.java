package com.auralise.trainer.catalogue;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The data options Catalogue and QualityReport share; each tool keeps its own options. */
class DataOptionsTest {
    @Test
    void takesTheSharedOptionsAndLeavesTheRest() {
        DataOptions d = new DataOptions(8);
        long defaultSeed = d.seed;
        assertTrue(d.accept("--first", "3"));
        assertTrue(d.accept("--clips", "5"));
        assertTrue(d.accept("--seconds", "2.5"));
        assertTrue(d.accept("--cache", "/tmp/clips"));
        assertEquals(3, d.first);
        assertEquals(5, d.clips);
        assertEquals(2.5, d.seconds);
        assertEquals(Path.of("/tmp/clips"), d.cache);
        assertEquals(defaultSeed, d.seed, "untouched until given");
        assertTrue(d.accept("--seed", "7"));
        assertEquals(7, d.seed);
        for (String own : new String[] {"--model", "--top", "--live", "--out", "--tune-clips"}) {
            assertFalse(d.accept(own, "1"), own + " belongs to the tool");
        }
        assertEquals(0, new DataOptions(0).first);
    }
}
