package com.auralise.renderer;

import java.io.PrintStream;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A one-line progress bar on stderr, redrawn a few times a second, only when attached to a
 * terminal; messages printed through {@link #println} never interleave with it.
 */
public final class Progress implements AutoCloseable {
    private final PrintStream err;
    private final boolean bar;
    private final int files;
    private final long totalFrames;
    final AtomicLong frames = new AtomicLong();
    final AtomicInteger done = new AtomicInteger();
    final AtomicInteger failed = new AtomicInteger();
    private final long start = System.nanoTime();
    private final Thread drawer;
    private volatile boolean running = true;
    private int lastWidth;

    /** totalFrames counts only inputs whose length is known in advance (0 if none). */
    public Progress(PrintStream err, boolean bar, int files, long totalFrames) {
        this.err = err;
        this.bar = bar;
        this.files = files;
        this.totalFrames = totalFrames;
        if (bar) {
            drawer = new Thread(() -> {
                while (running) {
                    draw();
                    try {
                        Thread.sleep(200);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "auralise-progress");
            drawer.setDaemon(true);
            drawer.start();
        } else {
            drawer = null;
        }
    }

    public synchronized void println(String msg) {
        clear();
        err.println(msg);
        err.flush();
    }

    private synchronized void draw() {
        int d = done.get();
        int f = failed.get();
        double frac = totalFrames > 0 ? Math.min(1, frames.get() / (double) totalFrames) : (files == 0 ? 1 : d / (double) files);
        int w = 30;
        int fill = (int) Math.round(frac * w);
        double secs = (System.nanoTime() - start) / 1e9;
        String line = String.format("[%s%s] %3d%%  %d/%d files%s  %.0f s", "#".repeat(fill), "-".repeat(w - fill),
                (int) Math.round(frac * 100), d, files, f > 0 ? ", " + f + " failed" : "", secs);
        clear();
        err.print(line);
        err.flush();
        lastWidth = line.length();
    }

    private void clear() {
        if (bar && lastWidth > 0) {
            err.print("\r" + " ".repeat(lastWidth) + "\r");
            lastWidth = 0;
        }
    }

    @Override
    public synchronized void close() {
        running = false;
        if (drawer != null) {
            drawer.interrupt();
            draw();
            err.println();
            lastWidth = 0;
        }
    }
}
