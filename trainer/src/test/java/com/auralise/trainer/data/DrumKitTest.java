package com.auralise.trainer.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DrumKitTest {
    @Test
    void everyKitOfBothSplitsPlaysKickSnareAndHats() {
        List<String> kits = new ArrayList<>(Split.TRAIN.drumKits());
        kits.addAll(Split.EVAL.drumKits());
        for (String name : kits) {
            DrumKit kit = DrumKit.load(Split.KIT_DIR.resolve(name), 22050);
            for (int key : new int[] {35, 36, 37, 38, 39, 40, 42, 44, 46, 49, 51, 53, 57, 59}) {
                assertNotNull(kit.instrumentFor(key), name + " key " + key);
            }
            String kick = kit.instrumentFor(36).toLowerCase(), hat = kit.instrumentFor(42).toLowerCase();
            assertTrue(kick.contains("kick") || kick.contains("bass"), name + " kick is " + kick);
            assertTrue(kit.instrumentFor(38).toLowerCase().contains("snare"), name);
            assertTrue(hat.contains("hat") || hat.contains("hh"), name + " hat is " + hat);
            String open = kit.instrumentFor(46).toLowerCase();
            assertTrue(open.contains("hat") || open.contains("hh"), name + " open hat is " + open);
            System.out.println(name + ": kick=" + kit.instrumentFor(36) + ", snare=" + kit.instrumentFor(38) + ", closed hat="
                    + kit.instrumentFor(42) + ", open hat=" + open + ", crash=" + kit.instrumentFor(49) + ", ride=" + kit.instrumentFor(51));
            float[] x = kit.render(List.of(new NoteEvent(Part.KICK, 0.1, 0.2, 36, 100)), 22050);
            int first = -1;
            float peak = 0;
            for (float v : x) peak = Math.max(peak, Math.abs(v));
            for (int i = 0; i < x.length && first < 0; i++) if (Math.abs(x[i]) > 0.01f * peak) first = i;
            // Sample-accurate trigger: leading silence in kit samples is trimmed to 0.5 ms (11 frames).
            assertTrue(first >= 2205 && first <= 2205 + 16, name + " kick sounds from frame " + first);
        }
    }

    @Test
    void resamplerKeepsPassbandAndRemovesWhatCannotBeRepresented() {
        int from = 44100, to = 22050;
        for (double hz : new double[] {1000, 15000}) {
            float[] x = new float[from];
            for (int i = 0; i < x.length; i++) x[i] = (float) Math.sin(2 * Math.PI * hz * i / from);
            float[] y = DrumKit.resample(x, from, to);
            assertEquals(to, y.length);
            double rms = Math.sqrt(Signals.meanSquare(y, 1000, y.length - 1000));
            if (hz < 10000) assertEquals(Math.sqrt(0.5), rms, 0.01, "1 kHz passes");
            else assertTrue(rms < 0.01, "15 kHz would alias to 7.05 kHz, rms " + rms);
        }
        // Non-integer ratio (48 kHz kits): a 1 kHz sine stays a 1 kHz sine.
        float[] x = new float[48000];
        for (int i = 0; i < x.length; i++) x[i] = (float) Math.sin(2 * Math.PI * 1000 * i / 48000.0);
        float[] y = DrumKit.resample(x, 48000, 22050);
        double err = 0;
        for (int i = 1000; i < y.length - 1000; i++) err = Math.max(err, Math.abs(y[i] - Math.sin(2 * Math.PI * 1000 * i / 22050.0)));
        assertTrue(err < 0.01, "48k->22.05k max error " + err);
    }
}
