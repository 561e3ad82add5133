package com.auralise.plugin;

import com.auralise.filter.Control;
import com.auralise.filter.FeatureFilter;
import com.auralise.filter.FilterSettings;
import com.auralise.view.FeatureView;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The Java half of the LV2 UI (the C side is the {@code lv2ui_descriptor} in {@code native/auralise_lv2.c}):
 * static methods the host's UI thread reaches through JNI (instantiate, show, hide, idle, port_event,
 * cleanup). The UI opens the {@link FeatureView} as its own window on the plugin instance's
 * {@link com.auralise.filter.ViewTap}, found through LV2 instance-access in the same JVM.
 *
 * <p>Threads: a click in the view arrives on the view's GLFW thread and only stores the wish in an
 * atomic; {@link #idle} (host UI thread) hands it to C, which calls the host's write_function for the
 * filter (0 = manual), layer and feature ports. The plugin then picks the ports up in run() like any
 * host automation; nothing here touches the filter or the audio thread.
 */
public final class Lv2Ui {
    /** idle() result: the user closed the window (C returns non-zero to the host). */
    public static final long CLOSED = 1L << 62;
    /** idle() result: write filter=0, layer = bits 16..31, feature = bits 0..15 to the host. */
    public static final long SELECT = 1L << 61;

    private static final int MAX_UIS = 64;
    private static final Ui[] UIS = new Ui[MAX_UIS];
    private static volatile String lastError = "";
    private static boolean configured;

    private Lv2Ui() {
    }

    static final class Ui {
        final Lv2Bridge.Instance plugin;
        final String title;
        /** SELECT | layer << 16 | feature from the view thread; 0 = no wish. */
        final AtomicLong wish = new AtomicLong();
        FeatureView view;
        FeatureFilter shown;
        /** show() failed: the next idle() reports the UI closed, so the host stops driving it. */
        boolean showFailed;
        /** Port values the host reported through port_event (NaN until then). */
        float hostFilter = Float.NaN;
        float hostLayer = Float.NaN;
        float hostFeature = Float.NaN;
        int tapLayer = -1;
        int tapFeature = -1;
        // Test snapshots (AURALISE_VIEW_SNAPSHOT): the view's frame after N rendered frames, and again
        // after every selection the plugin picked up.
        final String snapshot = System.getenv("AURALISE_VIEW_SNAPSHOT");
        final long snapshotFrames = Lv2Bridge.envMillis("AURALISE_VIEW_SNAPSHOT_FRAMES", 120);
        long snapshotAt = -1;
        String snapshotName;
        CompletableFuture<BufferedImage> pending;

        Ui(Lv2Bridge.Instance plugin, String title) {
            this.plugin = plugin;
            this.title = title;
        }
    }

    /**
     * LWJGL's natives come from the bundle's {@code natives/} (extracted at build time), so nothing is
     * written at run time; only if that folder is missing may LWJGL extract, and then under
     * ~/.cache/auralise, never /tmp. Options given by the user (-Dorg.lwjgl...) win.
     */
    private static synchronized void configureLwjgl(String bundle) {
        if (configured) {
            return;
        }
        configured = true;
        File natives = new File(bundle, "natives");
        if (System.getProperty("org.lwjgl.librarypath") == null && natives.isDirectory()) {
            org.lwjgl.system.Configuration.LIBRARY_PATH.set(natives.getAbsolutePath());
        }
        if (System.getProperty("org.lwjgl.system.SharedLibraryExtractPath") == null) {
            String cache = System.getenv("XDG_CACHE_HOME");
            String base = cache != null && !cache.isEmpty() ? cache : System.getProperty("user.home") + "/.cache";
            org.lwjgl.system.Configuration.SHARED_LIBRARY_EXTRACT_PATH.set(base + "/auralise/lwjgl");
        }
    }

    /** Creates the UI of plugin instance h (the window opens in {@link #show}); returns a handle or -1. */
    public static synchronized int instantiate(int pluginHandle, String bundlePath, String title) {
        try {
            Lv2Bridge.Instance x = Lv2Bridge.instance(pluginHandle);
            if (x == null) {
                throw new IllegalStateException("no plugin instance " + pluginHandle + " (instance-access)");
            }
            int u = 0;
            while (u < MAX_UIS && UIS[u] != null) {
                u++;
            }
            if (u == MAX_UIS) {
                throw new IllegalStateException("too many UIs");
            }
            configureLwjgl(bundlePath);
            UIS[u] = new Ui(x, title);
            return u;
        } catch (Throwable t) {
            lastError = t.toString();
            return -1;
        }
    }

    /** Opens the window (again, after hide or a user close); 0 on success, else see {@link #lastError}. */
    public static int show(int u) {
        Ui ui = get(u);
        if (ui == null) {
            return -1;
        }
        if (ui.view != null && ui.view.isOpen()) {
            return 0;
        }
        try {
            open(ui);
            ui.showFailed = false;
            return 0;
        } catch (Throwable t) {
            lastError = t.toString();
            ui.view = null;
            ui.showFailed = true;
            return -1;
        }
    }

    private static void open(Ui ui) {
        Lv2Bridge.Instance x = ui.plugin;
        FeatureFilter f = Lv2Bridge.filterOf(x);
        if (f == null) {
            throw new IllegalStateException("this instance runs no filter (bridge-only or failed model): nothing to show");
        }
        long t0 = System.nanoTime();
        FeatureView.Options o = new FeatureView.Options();
        o.title = ui.title;
        // The view thread only records the wish; idle() on the host's UI thread passes it on.
        ui.view = FeatureView.open(f.viewTap(), f.model(), f.model().spec(), s -> wish(ui, s), o);
        ui.shown = f;
        ui.tapLayer = -1;
        ui.tapFeature = -1;
        System.err.printf(Locale.ROOT, "auralise ui: view open in %.0f ms (%s)%n", (System.nanoTime() - t0) / 1e6,
                ui.view.glRenderer());
        if (ui.snapshot != null && ui.snapshotAt < 0) {
            ui.snapshotAt = ui.snapshotFrames;
            ui.snapshotName = ui.snapshot;
        }
    }

    private static void wish(Ui ui, FilterSettings s) {
        ui.wish.set(SELECT | (long) (s.layer & 0xffff) << 16 | (s.feature & 0xffff));
    }

    /** Closes the window; the UI stays and may be shown again. */
    public static int hide(int u) {
        Ui ui = get(u);
        if (ui != null && ui.view != null) {
            ui.view.close();
            ui.view = null;
        }
        return 0;
    }

    /**
     * Called by the host's UI loop. Returns {@link #CLOSED} once after the user closed the window,
     * {@link #SELECT}|layer|feature when the view asked for a feature (C writes the ports), else 0.
     */
    public static long idle(int u) {
        Ui ui = get(u);
        if (ui != null && ui.showFailed) {
            ui.showFailed = false; // e.g. no display: hosts that ignore show()'s result stop here
            return CLOSED;
        }
        if (ui == null || ui.view == null) {
            return 0;
        }
        try {
            if (!ui.view.isOpen()) {
                ui.view = null;
                System.err.println("auralise ui: window closed");
                return CLOSED;
            }
            FeatureFilter f = Lv2Bridge.filterOf(ui.plugin);
            if (f != ui.shown) {
                // restore() loaded another model: a new filter, a new tap; follow it.
                ui.view.close();
                ui.view = null;
                if (f != null) {
                    open(ui);
                }
                return 0;
            }
            followSelection(ui);
            snapshot(ui);
            long w = ui.wish.getAndSet(0);
            if (w != 0) {
                System.err.printf(Locale.ROOT, "auralise ui: click -> filter 0 layer %d feature %d written to the host%n",
                        (w >> 16) & 0xffff, w & 0xffff);
            }
            return w;
        } catch (Throwable t) {
            lastError = t.toString();
            System.err.println("auralise ui: idle failed: " + t);
            return 0;
        }
    }

    /** Logs when the plugin's run() has applied a new selection (the tap follows the filter). */
    private static void followSelection(Ui ui) {
        var tap = ui.shown.viewTap();
        int l = tap.layer();
        int ft = tap.feature();
        if (l != ui.tapLayer || ft != ui.tapFeature) {
            boolean first = ui.tapLayer < 0;
            ui.tapLayer = l;
            ui.tapFeature = ft;
            System.err.printf(Locale.ROOT, "auralise ui: plugin runs layer %d feature %d (host ports: filter %s layer %s feature %s)%n",
                    l, ft, fmt(ui.hostFilter), fmt(ui.hostLayer), fmt(ui.hostFeature));
            if (!first && ui.snapshot != null) {
                ui.snapshotAt = ui.view.renderedFrames() + 30;
                String base = ui.snapshot.endsWith(".png") ? ui.snapshot.substring(0, ui.snapshot.length() - 4) : ui.snapshot;
                ui.snapshotName = String.format(Locale.ROOT, "%s-L%d-F%d.png", base, l, ft);
            }
        }
    }

    private static String fmt(float v) {
        return Float.isNaN(v) ? "?" : String.format(Locale.ROOT, "%.0f", v);
    }

    /** Test hook: writes the view's frame as PNG plus a .txt with where panels and cells were drawn. */
    private static void snapshot(Ui ui) throws Exception {
        FeatureView v = ui.view;
        if (ui.pending == null && ui.snapshotAt >= 0 && v.renderedFrames() >= ui.snapshotAt) {
            ui.pending = v.capture();
            ui.snapshotAt = -1;
        }
        if (ui.pending != null && ui.pending.isDone()) {
            BufferedImage img = ui.pending.get();
            ui.pending = null;
            File png = new File(ui.snapshotName);
            ImageIO.write(img, "png", png);
            StringBuilder b = new StringBuilder();
            for (FeatureView.Panel p : FeatureView.Panel.values()) {
                FeatureView.Rect r = v.panel(p);
                if (r != null) {
                    b.append(String.format(Locale.ROOT, "panel %s %d %d %d %d%n", p, r.x(), r.y(), r.w(), r.h()));
                }
            }
            for (int i = 0; v.cell(i) != null; i++) {
                FeatureView.Rect r = v.cell(i);
                b.append(String.format(Locale.ROOT, "cell %d %d %d %d %d%n", i, r.x(), r.y(), r.w(), r.h()));
            }
            b.append(String.format(Locale.ROOT, "selected %d %d%nframes %d rendered %d lost %d%n",
                    ui.shown.viewTap().layer(), ui.shown.viewTap().feature(), v.framesSeen(), v.renderedFrames(), v.lostFrames()));
            Files.writeString(Path.of(ui.snapshotName + ".txt"), b.toString(), StandardCharsets.UTF_8);
            System.err.printf(Locale.ROOT, "auralise ui: snapshot %s (%dx%d)%n", png, img.getWidth(), img.getHeight());
        }
    }

    /** A control port's value as the host reports it (port_event, protocol 0). */
    public static void portEvent(int u, int port, float value) {
        Ui ui = get(u);
        if (ui == null) {
            return;
        }
        if (port == Control.FILTER.index()) {
            ui.hostFilter = value;
        } else if (port == Control.LAYER.index()) {
            ui.hostLayer = value;
        } else if (port == Control.FEATURE.index()) {
            ui.hostFeature = value;
        }
    }

    /** Closes the window and forgets the UI. */
    public static synchronized void cleanup(int u) {
        Ui ui = get(u);
        if (ui != null) {
            if (ui.view != null) {
                ui.view.close();
            }
            UIS[u] = null;
        }
    }

    /** The open view of a UI, or null (tests). */
    static FeatureView view(int u) {
        Ui ui = get(u);
        return ui == null ? null : ui.view;
    }

    public static String lastError() {
        return lastError;
    }

    private static Ui get(int u) {
        return u >= 0 && u < MAX_UIS ? UIS[u] : null;
    }
}
