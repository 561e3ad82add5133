package com.auralise.view;

import com.auralise.model.Model;
import com.auralise.deconvolution.EngineLayout;
import com.auralise.network.StreamingNetwork;

/**
 * Activation previews of every feature of one layer, computed on a background thread from the
 * recent input columns with the streaming kernels (never on the audio or GL thread). The GL
 * thread offers work with {@link #offer} and picks up finished sheets with {@link #take}.
 */
final class Thumbnails implements AutoCloseable {
    /** One layer's previews: texture layout (x = frequency row, y = channel * cols + time). */
    static final class Sheet {
        final int layer;
        final int channels;
        final int rows;
        final int cols;
        final float[] data;
        final long millis;

        Sheet(int layer, int channels, int rows, int cols, float[] data, long millis) {
            this.layer = layer;
            this.channels = channels;
            this.rows = rows;
            this.cols = cols;
            this.data = data;
            this.millis = millis;
        }
    }

    private final Model model;
    private final Thread thread;
    private final Object lock = new Object();
    private float[][] pendingInput;
    private int pendingLayer;
    private Sheet done;
    private boolean busy;
    private volatile boolean closed;

    Thumbnails(Model model) {
        this.model = model;
        thread = new Thread(this::loop, "auralise-view-thumbnails");
        thread.setDaemon(true);
        thread.setPriority(Thread.MIN_PRIORITY);
        thread.start();
    }

    /** Hands over a spectrogram [rows][frames] if the worker is idle; returns whether it was taken. */
    boolean offer(float[][] input, int layer) {
        synchronized (lock) {
            if (busy || pendingInput != null) {
                return false;
            }
            pendingInput = input;
            pendingLayer = layer;
            lock.notifyAll();
            return true;
        }
    }

    boolean idle() {
        synchronized (lock) {
            return !busy && pendingInput == null;
        }
    }

    Sheet take() {
        synchronized (lock) {
            Sheet s = done;
            done = null;
            return s;
        }
    }

    private void loop() {
        while (!closed) {
            float[][] in;
            int layer;
            synchronized (lock) {
                while (pendingInput == null && !closed) {
                    try {
                        lock.wait();
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                if (closed) {
                    return;
                }
                in = pendingInput;
                layer = pendingLayer;
                pendingInput = null;
                busy = true;
            }
            Sheet s = null;
            try {
                s = compute(in, layer);
            } catch (RuntimeException e) {
                // A preview is optional: an odd input never takes the view down.
                System.err.println("auralise view: thumbnails failed: " + e);
            }
            synchronized (lock) {
                if (s != null) {
                    done = s;
                }
                busy = false;
            }
        }
    }

    /**
     * Forward pass with the streaming kernels (several times faster than the offline reference
     * loops): push the columns, copy out every pooled column of the layer as it completes.
     */
    Sheet compute(float[][] input, int layer) {
        long t0 = System.nanoTime();
        int l = Math.max(1, Math.min(layer, model.layers()));
        int rowsIn = input.length;
        int frames = input[0].length;
        int[] rings = EngineLayout.of(model, l, rowsIn).ringCapacity;
        StreamingNetwork net = new StreamingNetwork(model, l, rowsIn, rings, true);
        int channels = net.channels(l);
        int rows = net.rows(l);
        int period = 1;
        for (int i = 1; i <= l; i++) {
            period *= net.pT(i);
        }
        int cols = Math.max(1, frames / period);
        float[][] pooled = new float[cols][];
        float[] col = new float[rowsIn];
        // Trailing silence lets the look-ahead of "same" padding complete the last columns.
        for (int t = 0; t < frames + 16 * period && net.pooledCount(l) < cols; t++) {
            for (int f = 0; f < rowsIn; f++) {
                col[f] = t < frames ? input[f][t] : 0f;
            }
            long before = net.pooledCount(l);
            net.push(col);
            for (long p = before; p < net.pooledCount(l) && p < cols; p++) {
                pooled[(int) p] = net.pooled(l, (int) p & net.ringMask(l)).clone();
            }
        }
        float max = 1e-6f;
        for (float[] c : pooled) {
            if (c != null) {
                for (float v : c) {
                    max = Math.max(max, v);
                }
            }
        }
        // One scale for the whole layer, so idle features look dark next to busy ones.
        float[] data = new float[channels * cols * rows];
        for (int t = 0; t < cols; t++) {
            if (pooled[t] == null) {
                continue;
            }
            for (int c = 0; c < channels; c++) {
                for (int f = 0; f < rows; f++) {
                    data[(c * cols + t) * rows + f] = (float) Math.sqrt(Math.max(0f, pooled[t][c * rows + f]) / max);
                }
            }
        }
        return new Sheet(l, channels, rows, cols, data, (System.nanoTime() - t0) / 1_000_000);
    }

    @Override
    public void close() {
        closed = true;
        synchronized (lock) {
            lock.notifyAll();
        }
        thread.interrupt();
    }
}
