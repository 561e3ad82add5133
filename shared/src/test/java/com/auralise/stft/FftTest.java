package com.auralise.stft;

import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

class FftTest {
    /** Sizes above JTransforms' threading threshold (8192) too: the host FFT at 176.4 and 192 kHz. */
    @Test
    void largeSizesAllocateNothing() {
        var mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        for (int n : new int[] {1024, 8192, 16384}) {
            Fft fft = new Fft(n);
            double[] a = new double[n];
            Random r = new Random(n);
            long allocated = -1;
            // Until a round allocates nothing: the JIT's own one-offs (a C2 compile request resolves the
            // class's string literals on this thread, 96 B) fall in one round; a per-call allocation in all.
            for (int round = 0; round < 10 && allocated != 0; round++) {
                long before = mx.getCurrentThreadAllocatedBytes();
                for (int i = 0; i < 300; i++) {
                    for (int k = 0; k < n; k++) {
                        a[k] = r.nextDouble() - 0.5;
                    }
                    fft.forward(a);
                    fft.inverse(a);
                }
                allocated = mx.getCurrentThreadAllocatedBytes() - before;
            }
            assertEquals(0, allocated, "bytes allocated by 300 forward + inverse FFTs of size " + n);
        }
    }
}
