package com.auralise.trainer.reference;

import org.nd4j.linalg.api.ndarray.INDArray;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** How far our activations are from DL4J's: the one comparison every parity test (reference, export, Keras import) uses. */
public final class ActivationError {
    private ActivationError() {
    }

    /** Max abs difference over DL4J's peak, ours [channel][freq][time] vs theirs [1][channel][freq][time]. */
    public static double maxRelError(float[][][] ours, INDArray theirs) {
        assertEquals(ours.length, theirs.size(1), "channels");
        assertEquals(ours[0].length, theirs.size(2), "frequency rows");
        assertEquals(ours[0][0].length, theirs.size(3), "time columns");
        double peak = 0;
        double err = 0;
        for (int c = 0; c < ours.length; c++) {
            for (int f = 0; f < ours[c].length; f++) {
                for (int t = 0; t < ours[c][f].length; t++) {
                    double v = theirs.getDouble(0, c, f, t);
                    peak = Math.max(peak, Math.abs(v));
                    err = Math.max(err, Math.abs(v - ours[c][f][t]));
                }
            }
        }
        assertTrue(peak > 0, "all-zero activations prove nothing");
        return err / peak;
    }
}
