package com.auralise.view;

import com.auralise.filter.FilterSettings;
import com.auralise.filter.ViewTap;
import com.auralise.model.Model;
import com.auralise.model.ModelSpec;
import org.lwjgl.BufferUtils;
import org.lwjgl.glfw.GLFWErrorCallback;
import org.lwjgl.opengl.GL;

import java.awt.image.BufferedImage;
import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

import static org.lwjgl.glfw.GLFW.*;
import static org.lwjgl.opengl.GL33C.*;

/**
 * The live feature view: a GLFW window on its own thread drawing the scrolling input spectrogram,
 * the selected feature's activation, its mask (the deconvolution) and the output spectrogram, with
 * Hz and seconds axes, and a grid of activation previews for every feature of the current layer;
 * clicking a preview (or a layer tab) asks the host to select that feature.
 *
 * <p>Threads: everything GL happens on the view's own thread, which polls the {@link ViewTap}
 * (lock-free, read-only) at most {@link Options#fpsCap} times a second; the audio thread never
 * waits for the view. Selection goes back through the host's callback, which is called on the view
 * thread and must hand the settings to the audio thread itself (e.g. through an atomic mailbox).
 * Previews are computed on a third, low-priority thread.
 */
public final class FeatureView implements AutoCloseable {
    /** Window and pacing options. */
    public static final class Options {
        public int width = 1280;
        public int height = 720;
        public boolean visible = true;
        /** Seconds of history shown by the scrolling panels. */
        public double historySeconds = 6.0;
        /** Frames per second at most; 0 renders as fast as possible (benchmarks). */
        public int fpsCap = 60;
        public String title = "Auralise";
        /** Called on the view thread when the user closes the window. */
        public Runnable onClose;
        /** Frames of recent input each preview sheet is computed from. */
        public int thumbnailFrames = 256;
        /** Compute feature previews (needs the model's weights). */
        public boolean previews = true;
    }

    public enum Panel { INPUT, ACTIVATION, MASK, OUTPUT }

    /** A rectangle in framebuffer pixels, origin top left. */
    public record Rect(int x, int y, int w, int h) {
        boolean contains(double px, double py) {
            return px >= x && px < x + w && py >= y && py < y + h;
        }
    }

    private static final Object GLFW_LOCK = new Object();
    private static int glfwUsers;

    private final ViewTap tap;
    private final Model model;
    private final ModelSpec spec;
    private final Consumer<FilterSettings> onSelect;
    private final Options options;
    private final FrequencyAxis axis;
    private final TapReader reader;
    private final double frameSeconds;
    private final Thread thread;
    private final CountDownLatch started = new CountDownLatch(1);
    private final ConcurrentLinkedQueue<CompletableFuture<BufferedImage>> captures = new ConcurrentLinkedQueue<>();
    private final double[] frameMs = new double[8192];
    private final double[] frameCpuMs = new double[8192];
    private volatile Throwable failure;
    private volatile String glRenderer = "?";
    private volatile boolean running = true;
    private volatile long framesSeen;
    private volatile long rendered;
    private volatile Rect[] panels = new Rect[4];
    private volatile Rect[] cells = new Rect[0];
    private volatile Rect[] tabs = new Rect[0];

    // GL-thread state.
    private long window;
    private Canvas2D canvas;
    private int[] fieldTex;
    private int thumbTex;
    private int thumbW;
    private int thumbH;
    private volatile Thumbnails.Sheet sheet;
    private Thumbnails thumbnails;
    private long lastOffer;
    private FloatBuffer staging;
    private int fbW;
    private int fbH;

    private FeatureView(ViewTap tap, Model model, ModelSpec spec, Consumer<FilterSettings> onSelect, Options options) {
        this.tap = tap;
        this.model = model;
        this.spec = spec;
        this.onSelect = onSelect != null ? onSelect : s -> { };
        this.options = options;
        this.axis = FrequencyAxis.of(spec);
        if (axis.rows() != tap.rows()) {
            throw new IllegalArgumentException("tap has " + tap.rows() + " rows but the model's front-end " + axis.rows());
        }
        this.frameSeconds = spec.frontend.hop / (double) spec.sampleRate;
        int history = (int) Math.max(64, Math.round(options.historySeconds / frameSeconds));
        this.reader = new TapReader(tap, model, spec, history);
        thread = new Thread(this::run, "auralise-view");
        thread.setDaemon(true);
    }

    /** Opens the view for a tap; without weights there are no previews. The entry for LV2 UIs. */
    public static FeatureView open(ViewTap tap, ModelSpec spec, Consumer<FilterSettings> onSelect) {
        return open(tap, null, spec, onSelect, new Options());
    }

    /** Opens the view with previews computed from the model. */
    public static FeatureView open(ViewTap tap, Model model, Consumer<FilterSettings> onSelect) {
        return open(tap, model, model.spec(), onSelect, new Options());
    }

    /** Starts the view thread and waits until the window exists (or throws why it could not). */
    public static FeatureView open(ViewTap tap, Model model, ModelSpec spec, Consumer<FilterSettings> onSelect, Options options) {
        FeatureView v = new FeatureView(tap, model, spec, onSelect, options);
        v.thread.start();
        try {
            if (!v.started.await(30, TimeUnit.SECONDS)) {
                v.close();
                throw new IllegalStateException("view did not start within 30 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            v.close();
            throw new IllegalStateException("interrupted while opening the view", e);
        }
        if (v.failure != null) {
            throw new IllegalStateException("cannot open the view: " + v.failure.getMessage(), v.failure);
        }
        return v;
    }

    // ---- public API (any thread) ----

    /** Stops the view thread and destroys the window; waits up to 5 s. */
    @Override
    public void close() {
        running = false;
        if (Thread.currentThread() != thread) {
            try {
                thread.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    public boolean isOpen() {
        return running && thread.isAlive();
    }

    /** Tap frames the view has read so far. */
    public long framesSeen() {
        return framesSeen;
    }

    public long renderedFrames() {
        return rendered;
    }

    /** Analysis frames whose data the producer overwrote before the view read them. */
    public long lostFrames() {
        return reader.lost();
    }

    /** Waits until the view has read the tap up to (excluding) this frame; false on timeout. */
    public boolean awaitFrames(long frame, long timeoutMillis) {
        long end = System.nanoTime() + timeoutMillis * 1_000_000;
        while (framesSeen < frame) {
            if (System.nanoTime() > end || !isOpen()) {
                return false;
            }
            LockSupport.parkNanos(1_000_000);
        }
        return true;
    }

    /** The next rendered frame, read back from the framebuffer. */
    public CompletableFuture<BufferedImage> capture() {
        CompletableFuture<BufferedImage> f = new CompletableFuture<>();
        captures.add(f);
        return f;
    }

    /** Where a panel's image was last drawn (framebuffer pixels), for tests and hit testing. */
    public Rect panel(Panel p) {
        return panels[p.ordinal()];
    }

    public FrequencyAxis axis() {
        return axis;
    }

    /** Frames shown across a panel's width. */
    public int historyFrames() {
        return reader.history();
    }

    public double frameSeconds() {
        return frameSeconds;
    }

    /** Mean and 95th percentile of the last n frame times in ms (render + glFinish, no pacing sleep). */
    public double[] frameTimes(int n) {
        return stats(frameMs, n);
    }

    /**
     * Like {@link #frameTimes} but CPU time of the view thread: with LP_NUM_THREADS=0 llvmpipe
     * rasterises on this thread, so this is the frame's whole cost, independent of machine load.
     */
    public double[] frameCpuTimes(int n) {
        return stats(frameCpuMs, n);
    }

    private double[] stats(double[] frameMs, int n) {
        long r = rendered;
        int count = (int) Math.min(n, Math.min(r, frameMs.length));
        double[] t = new double[count];
        for (int i = 0; i < count; i++) {
            t[i] = frameMs[(int) ((r - count + i) % frameMs.length)];
        }
        java.util.Arrays.sort(t);
        double sum = 0;
        for (double v : t) {
            sum += v;
        }
        return count == 0 ? new double[] {Double.NaN, Double.NaN}
                : new double[] {sum / count, t[Math.min(count - 1, (int) Math.ceil(count * 0.95) - 1)]};
    }

    /** OpenGL renderer string (e.g. "llvmpipe ..."), known once the view runs. */
    public String glRenderer() {
        return glRenderer;
    }

    /** Milliseconds the last preview sheet took to compute (off the GL thread). */
    public long previewMillis() {
        Thumbnails.Sheet s = sheet;
        return s != null ? s.millis : -1;
    }

    /** Whether the thumbnail worker has delivered at least one preview sheet. */
    public boolean hasPreviews() {
        return cells.length > 0 && sheet != null;
    }

    /** Asks the host to select (layer, feature), exactly as a click on a preview does. */
    public void select(int layer, int feature) {
        FilterSettings s = new FilterSettings();
        s.layer = layer;
        s.feature = feature;
        try {
            onSelect.accept(s);
        } catch (RuntimeException e) {
            System.err.println("auralise view: selection callback failed: " + e);
        }
    }

    /** Centre of the preview cell of a feature of the current layer, or null if not drawn. */
    public Rect cell(int feature) {
        Rect[] c = cells;
        return feature >= 0 && feature < c.length ? c[feature] : null;
    }

    /** Simulates a click at framebuffer pixel (x, y) (tests; the same path as the mouse). */
    public void click(double x, double y) {
        hit(x, y);
    }

    // ---- view thread ----

    private void run() {
        try {
            init();
        } catch (Throwable t) {
            failure = t;
            started.countDown();
            cleanup();
            return;
        }
        started.countDown();
        try {
            java.lang.management.ThreadMXBean cpu = java.lang.management.ManagementFactory.getThreadMXBean();
            while (running && !glfwWindowShouldClose(window)) {
                long t0 = System.nanoTime();
                long c0 = cpu.getCurrentThreadCpuTime();
                renderFrame();
                glFinish();
                long t1 = System.nanoTime();
                frameMs[(int) (rendered % frameMs.length)] = (t1 - t0) / 1e6;
                frameCpuMs[(int) (rendered % frameMs.length)] = (cpu.getCurrentThreadCpuTime() - c0) / 1e6;
                serveCaptures();
                glfwSwapBuffers(window);
                synchronized (GLFW_LOCK) {
                    glfwPollEvents();
                }
                rendered++;
                if (options.fpsCap > 0) {
                    long next = t0 + 1_000_000_000L / options.fpsCap;
                    long wait = next - System.nanoTime();
                    if (wait > 0) {
                        LockSupport.parkNanos(wait);
                    }
                }
            }
            if (running && options.onClose != null) {
                options.onClose.run();
            }
        } catch (Throwable t) {
            failure = t;
            System.err.println("auralise view stopped: " + t);
            t.printStackTrace();
        } finally {
            running = false;
            cleanup();
            CompletableFuture<BufferedImage> f;
            while ((f = captures.poll()) != null) {
                f.completeExceptionally(new IllegalStateException("view closed"));
            }
        }
    }

    private void init() {
        synchronized (GLFW_LOCK) {
            if (glfwUsers == 0) {
                GLFWErrorCallback.createPrint(System.err).set();
                if (!glfwInit()) {
                    throw new IllegalStateException("glfwInit failed (no X display? DISPLAY=" + System.getenv("DISPLAY") + ")");
                }
            }
            glfwUsers++;
            glfwDefaultWindowHints();
            glfwWindowHint(GLFW_VISIBLE, options.visible ? GLFW_TRUE : GLFW_FALSE);
            glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
            glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3);
            glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
            glfwWindowHint(GLFW_OPENGL_FORWARD_COMPAT, GLFW_TRUE);
            window = glfwCreateWindow(options.width, options.height, options.title, 0, 0);
            if (window == 0) {
                throw new IllegalStateException("cannot create an OpenGL 3.3 core window");
            }
        }
        glfwMakeContextCurrent(window);
        GL.createCapabilities();
        glRenderer = glGetString(GL_RENDERER) + " / " + glGetString(GL_VERSION);
        glfwSwapInterval(0); // pacing is ours: vsync is absent under Xvfb and must not block
        canvas = new Canvas2D();
        int hist = reader.history();
        fieldTex = new int[] {
                Canvas2D.fieldTexture(reader.rows(), hist),
                Canvas2D.fieldTexture(reader.activationRows(), hist),
                Canvas2D.fieldTexture(reader.rows(), hist),
                Canvas2D.fieldTexture(reader.rows(), hist)};
        staging = BufferUtils.createFloatBuffer(hist * Math.max(reader.rows(), reader.activationRows()));
        if (model != null && options.previews) {
            thumbnails = new Thumbnails(model);
        }
        glfwSetMouseButtonCallback(window, (w, button, action, mods) -> {
            if (button == GLFW_MOUSE_BUTTON_LEFT && action == GLFW_PRESS) {
                double[] cx = new double[1];
                double[] cy = new double[1];
                glfwGetCursorPos(w, cx, cy);
                int[] ww = new int[1];
                int[] wh = new int[1];
                glfwGetWindowSize(w, ww, wh);
                double sx = ww[0] > 0 ? fbW / (double) ww[0] : 1;
                double sy = wh[0] > 0 ? fbH / (double) wh[0] : 1;
                hit(cx[0] * sx, cy[0] * sy);
            }
        });
        glfwSetKeyCallback(window, (w, key, scancode, action, mods) -> {
            if (action != GLFW_PRESS && action != GLFW_REPEAT) {
                return;
            }
            int layer = tap.layer();
            int feature = tap.feature();
            switch (key) {
                case GLFW_KEY_ESCAPE -> glfwSetWindowShouldClose(w, true);
                case GLFW_KEY_UP -> select(Math.min(spec.layers(), layer + 1), 0);
                case GLFW_KEY_DOWN -> select(Math.max(1, layer - 1), 0);
                case GLFW_KEY_RIGHT -> select(layer, Math.min(channels(layer) - 1, feature + 1));
                case GLFW_KEY_LEFT -> select(layer, Math.max(0, feature - 1));
                default -> { }
            }
        });
    }

    private void cleanup() {
        if (thumbnails != null) {
            thumbnails.close();
        }
        if (window != 0) {
            if (canvas != null) {
                canvas.close();
                glDeleteTextures(fieldTex);
                if (thumbTex != 0) {
                    glDeleteTextures(thumbTex);
                }
            }
            GL.setCapabilities(null);
            glfwMakeContextCurrent(0);
        }
        synchronized (GLFW_LOCK) {
            if (window != 0) {
                glfwDestroyWindow(window);
                window = 0;
            }
            if (glfwUsers > 0 && --glfwUsers == 0) {
                glfwTerminate();
                GLFWErrorCallback cb = glfwSetErrorCallback(null);
                if (cb != null) {
                    cb.free();
                }
            }
        }
    }

    private int channels(int layer) {
        return spec.blocks.get(Math.max(1, Math.min(spec.layers(), layer)) - 1).outChannels;
    }

    private void hit(double x, double y) {
        Rect[] t = tabs;
        for (int i = 0; i < t.length; i++) {
            if (t[i] != null && t[i].contains(x, y)) {
                select(i + 1, Math.min(tap.feature(), channels(i + 1) - 1));
                return;
            }
        }
        Rect[] c = cells;
        for (int i = 0; i < c.length; i++) {
            if (c[i] != null && c[i].contains(x, y)) {
                select(tap.layer(), i);
                return;
            }
        }
    }

    private void serveCaptures() {
        CompletableFuture<BufferedImage> f = captures.poll();
        if (f == null) {
            return;
        }
        ByteBuffer px = BufferUtils.createByteBuffer(fbW * fbH * 4);
        glPixelStorei(GL_PACK_ALIGNMENT, 1);
        glReadPixels(0, 0, fbW, fbH, GL_RGBA, GL_UNSIGNED_BYTE, px);
        BufferedImage img = new BufferedImage(fbW, fbH, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < fbH; y++) {
            int row = (fbH - 1 - y) * fbW * 4; // GL rows start at the bottom
            for (int x = 0; x < fbW; x++) {
                int i = row + x * 4;
                img.setRGB(x, y, (px.get(i) & 0xff) << 16 | (px.get(i + 1) & 0xff) << 8 | (px.get(i + 2) & 0xff));
            }
        }
        do {
            f.complete(img);
        } while ((f = captures.poll()) != null);
    }

    // ---- drawing ----

    private void renderFrame() {
        reader.poll();
        framesSeen = reader.frames();
        upload();
        updatePreviews();

        int[] w = new int[1];
        int[] h = new int[1];
        glfwGetFramebufferSize(window, w, h);
        fbW = Math.max(1, w[0]);
        fbH = Math.max(1, h[0]);
        canvas.begin(fbW, fbH);
        glClearColor(0.07f, 0.07f, 0.08f, 1f);
        glClear(GL_COLOR_BUFFER_BIT);

        int header = 30;
        int left = 64;
        int right = (int) (fbW * 0.68);
        int bottom = 34;
        int top = header + 4;
        int per = Math.max(40, (fbH - top - bottom) / 4);
        int layer = tap.layer();
        int feature = tap.feature();
        long frames = reader.frames();
        int hist = reader.history();
        float offset = (float) (Math.floorMod(frames, (long) hist) / (double) hist);
        float inGain = 1f / Math.max(1e-3f, reader.inputPeak());
        float actGain = 1f / Math.max(1e-6f, reader.activationPeak());
        float actTop = reader.activationLayerRows() / (float) reader.activationRows();
        int pfProd = poolFreq(layer);

        Rect[] rects = new Rect[4];
        String[] titles = {
                "Input spectrogram",
                String.format(Locale.ROOT, "Activation: layer %d, feature %d (%d rows)", layer, feature, reader.activationLayerRows()),
                "Mask (deconvolved feature, 0..1)",
                "Output spectrogram (input x mask)"};
        for (int p = 0; p < 4; p++) {
            int y = top + p * per + 16;
            Rect r = new Rect(left, y, right - left, per - 22);
            rects[p] = r;
            float gain = p == 1 ? actGain : (p == 2 ? 1f : inGain);
            float f1 = p == 1 ? actTop : 1f;
            canvas.field(fieldTex[p], r.x, r.y, r.w, r.h, 0f, 1f, 0f, f1, gain, offset);
        }
        panels = rects;

        // Overlays: titles, frequency ticks, time grid.
        for (int p = 0; p < 4; p++) {
            Rect r = rects[p];
            canvas.text(titles[p], r.x, r.y - 13, 1.4f, 0.85f, 0.85f, 0.9f);
            canvas.frame(r.x - 1, r.y - 1, r.w + 2, r.h + 2, 1, 0.35f, 0.35f, 0.4f, 1f);
            float lastY = Float.MAX_VALUE;
            for (double hz : axis.ticks()) {
                double row = axis.row(hz);
                double frac = p == 1 ? (row + 0.5) / (reader.activationLayerRows() * (double) pfProd) : (row + 0.5) / axis.rows();
                if (!(frac >= 0 && frac <= 1)) {
                    continue;
                }
                float y = (float) (r.y + r.h - frac * r.h);
                if (lastY - y < 12) {
                    continue; // keep labels apart
                }
                lastY = y;
                canvas.rect(r.x - 5, y, 5, 1, 0.7f, 0.7f, 0.75f, 1f);
                String lab = FrequencyAxis.label(hz);
                canvas.text(lab, r.x - 8 - Canvas2D.textWidth(lab, 1.3f), y - 4, 1.3f, 0.7f, 0.7f, 0.75f);
            }
        }
        canvas.text("Hz", 8, top + 2, 1.3f, 0.7f, 0.7f, 0.75f);
        double span = hist * frameSeconds;
        double step = span > 12 ? 2 : (span > 5 ? 1 : 0.5);
        double tEnd = frames * frameSeconds;
        double tStart = tEnd - span;
        Rect last = rects[3];
        for (double t = Math.ceil(Math.max(0, tStart) / step) * step; t <= tEnd; t += step) {
            float x = (float) (left + (t - tStart) / span * (right - left));
            for (Rect r : rects) {
                canvas.rect(x, r.y, 1, r.h, 1f, 1f, 1f, 0.12f);
            }
            canvas.rect(x, last.y + last.h + 1, 1, 5, 0.7f, 0.7f, 0.75f, 1f);
            String lab = String.format(Locale.ROOT, step < 1 ? "%.1f" : "%.0f", t);
            canvas.text(lab, x - Canvas2D.textWidth(lab, 1.3f) / 2, last.y + last.h + 9, 1.3f, 0.7f, 0.7f, 0.75f);
        }
        canvas.text("s", right + 4, last.y + last.h + 9, 1.3f, 0.7f, 0.7f, 0.75f);

        // Header: model, selection and its catalogue name.
        ModelSpec.CatalogueEntry entry = catalogue(layer, feature);
        String name = entry != null ? String.format(Locale.ROOT, "\"%s\" (%.2f)", entry.name, entry.confidence) : "(not in catalogue)";
        String head = String.format(Locale.ROOT, "%s   layer %d / feature %d: %s", spec.name != null ? spec.name : spec.id, layer, feature, name);
        canvas.text(head, 10, 8, 2f, 1f, 0.95f, 0.8f);
        String status = String.format(Locale.ROOT, "%s  %d fps  lost %d", spec.causal() ? "live (causal)" : "studio", fps(), reader.lost());
        canvas.text(status, fbW - 10 - Canvas2D.textWidth(status, 1.3f), 11, 1.3f, 0.6f, 0.6f, 0.65f);

        drawGrid(right + 24, top, fbW - 12, fbH - bottom, layer, feature);
        canvas.flush();
    }

    private int fps() {
        double[] t = frameTimes(30);
        if (options.fpsCap > 0) {
            return (int) Math.round(Math.min(options.fpsCap, 1000.0 / Math.max(1e-3, t[0])));
        }
        return (int) Math.round(1000.0 / Math.max(1e-3, t[0]));
    }

    private void drawGrid(int x0, int y0, int x1, int y1, int layer, int feature) {
        int layers = spec.layers();
        Rect[] t = new Rect[layers];
        int tabW = Math.max(28, Math.min(60, (x1 - x0) / Math.max(1, layers) - 4));
        for (int l = 1; l <= layers; l++) {
            Rect r = new Rect(x0 + (l - 1) * (tabW + 4), y0, tabW, 20);
            t[l - 1] = r;
            boolean on = l == layer;
            canvas.rect(r.x, r.y, r.w, r.h, on ? 0.85f : 0.2f, on ? 0.45f : 0.2f, on ? 0.15f : 0.24f, 1f);
            canvas.text("L" + l, r.x + 6, r.y + 5, 1.4f, 1f, 1f, 1f);
        }
        tabs = t;
        int gy = y0 + 30;
        int gw = x1 - x0;
        int gh = y1 - gy;
        int n = channels(layer);
        int best = 1;
        double bestSize = 0;
        for (int cols = 1; cols <= n; cols++) {
            int rowsN = (n + cols - 1) / cols;
            double size = Math.min(gw / (double) cols, gh / (double) rowsN);
            if (size > bestSize) {
                bestSize = size;
                best = cols;
            }
        }
        int cols = best;
        int rowsN = (n + cols - 1) / cols;
        int cw = gw / cols;
        int ch = Math.min(gh / rowsN, (int) (cw * 1.2));
        Rect[] c = new Rect[n];
        Thumbnails.Sheet s = sheet != null && sheet.layer == layer && sheet.channels == n ? sheet : null;
        for (int i = 0; i < n; i++) {
            Rect r = new Rect(x0 + (i % cols) * cw + 2, gy + (i / cols) * ch + 2, cw - 4, ch - 4);
            c[i] = r;
            if (s != null) {
                canvas.field(thumbTex, r.x, r.y, r.w, r.h, i / (float) n, (i + 1) / (float) n, 0f, 1f, 1f, 0f);
            } else {
                canvas.rect(r.x, r.y, r.w, r.h, 0.12f, 0.12f, 0.14f, 1f);
            }
            ModelSpec.CatalogueEntry e = catalogue(layer, i);
            String lab = fit(e != null && r.w > 60 ? i + " " + e.name : Integer.toString(i), r.w - 4, 1.2f);
            canvas.rect(r.x, r.y, Math.min(r.w, Canvas2D.textWidth(lab, 1.2f) + 4), 11, 0f, 0f, 0f, 0.6f);
            canvas.text(lab, r.x + 2, r.y + 2, 1.2f, 0.9f, 0.9f, 0.9f);
            if (i == feature) {
                canvas.frame(r.x - 2, r.y - 2, r.w + 4, r.h + 4, 2, 0.2f, 0.9f, 1f, 1f);
            }
        }
        if (s == null && thumbnails == null) {
            canvas.text("no previews (model weights not given)", x0, y1 - 12, 1.2f, 0.6f, 0.6f, 0.6f);
        }
        cells = c;
    }

    /** The label cut (with "..") to width pixels, so it never runs into the next cell. */
    static String fit(String label, float width, float scale) {
        if (Canvas2D.textWidth(label, scale) <= width) {
            return label;
        }
        for (int n = label.length() - 1; n > 0; n--) {
            String s = label.substring(0, n).stripTrailing() + "..";
            if (Canvas2D.textWidth(s, scale) <= width) {
                return s;
            }
        }
        return label.substring(0, 1);
    }

    private int poolFreq(int layer) {
        int p = 1;
        for (int i = 0; i < Math.min(layer, spec.layers()); i++) {
            p *= spec.blocks.get(i).pool[0];
        }
        return p;
    }

    private ModelSpec.CatalogueEntry catalogue(int layer, int feature) {
        if (spec.catalogue == null) {
            return null;
        }
        for (ModelSpec.CatalogueEntry e : spec.catalogue) {
            if (e.layer == layer && e.feature == feature) {
                return e;
            }
        }
        return null;
    }

    /** Sends changed history columns to the GPU, one glTexSubImage2D per run of adjacent slots. */
    private void upload() {
        if (reader.dirtyCount() == 0) {
            return;
        }
        boolean[] dirty = reader.dirty;
        int hist = reader.history();
        float[][][] src = {reader.input, reader.activation, reader.mask, reader.output};
        for (int p = 0; p < 4; p++) {
            float[][] cols = src[p];
            int width = cols[0].length;
            glBindTexture(GL_TEXTURE_2D, fieldTex[p]);
            int s = 0;
            while (s < hist) {
                if (!dirty[s]) {
                    s++;
                    continue;
                }
                int e = s;
                staging.clear();
                while (e < hist && dirty[e]) {
                    staging.put(cols[e], 0, width);
                    e++;
                }
                staging.flip();
                glTexSubImage2D(GL_TEXTURE_2D, 0, 0, s, width, e - s, GL_RED, GL_FLOAT, staging);
                s = e;
            }
        }
        reader.clearDirty();
    }

    private void updatePreviews() {
        if (thumbnails == null) {
            return;
        }
        Thumbnails.Sheet s = thumbnails.take();
        if (s != null) {
            if (thumbTex == 0 || thumbW != s.rows || thumbH != s.channels * s.cols) {
                if (thumbTex != 0) {
                    glDeleteTextures(thumbTex);
                }
                thumbTex = Canvas2D.fieldTexture(s.rows, s.channels * s.cols);
                thumbW = s.rows;
                thumbH = s.channels * s.cols;
            }
            glBindTexture(GL_TEXTURE_2D, thumbTex);
            FloatBuffer b = BufferUtils.createFloatBuffer(s.data.length).put(s.data).flip();
            glTexSubImage2D(GL_TEXTURE_2D, 0, 0, 0, s.rows, s.channels * s.cols, GL_RED, GL_FLOAT, b);
            sheet = s;
        }
        long now = System.nanoTime();
        boolean layerChanged = sheet == null || sheet.layer != tap.layer();
        // At most a fifth of a core for previews: wait 4x as long as the last sheet took.
        long interval = Math.max(300_000_000L, 4_000_000L * (sheet != null ? sheet.millis : 0));
        if (reader.frames() > 0 && thumbnails.idle() && (layerChanged || now - lastOffer > interval)) {
            int n = Math.min(options.thumbnailFrames, reader.history());
            float[][] in = new float[reader.rows()][n];
            reader.recentInput(in, n);
            if (thumbnails.offer(in, tap.layer())) {
                lastOffer = now;
            }
        }
    }
}
