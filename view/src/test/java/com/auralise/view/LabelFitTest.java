package com.auralise.view;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Preview labels are cut to their cell, so a long catalogue name never runs into the next cell. */
class LabelFitTest {
    @Test
    void labelsFitTheirCell() {
        assertEquals("3 kick selector", FeatureView.fit("3 kick selector", 500, 1.2f));
        for (int width = 8; width <= 120; width += 7) {
            String s = FeatureView.fit("12 attack suppressor", width, 1.2f);
            assertTrue(Canvas2D.textWidth(s, 1.2f) <= width || s.length() == 1, s + " in " + width + " px");
            assertTrue(s.equals("12 attack suppressor") || s.endsWith("..") || s.length() == 1, s);
        }
    }
}
