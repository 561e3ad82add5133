package com.auralise.renderer;

import com.auralise.audio.AudioInput;
import com.auralise.audio.WavWriter;
import com.auralise.filter.AlignedRun;
import com.auralise.filter.FeatureFilter;
import com.auralise.filter.FilterSettings;
import com.auralise.filter.ViewTap;
import com.auralise.model.Model;
import com.auralise.model.ModelSpec;
import com.auralise.renderer.audio.Formats;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

@Command(name = "explore", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Writes an HTML report of what every feature of the model does to a clip: per layer and",
                "feature the mask (normalised deconvolution) and the masked spectrogram as images, the auralised",
                "audio, the catalogue name and scores; most useful features first. Open DIR/index.html."},
        footer = {"", "Example:  auralise explore song.wav -o song-report/ --seconds 8 --top 6", "",
                "Exit codes: 0 ok, 1 failed, 2 usage error, 3 model error."})
public final class ExploreCommand implements Callable<Integer> {
    @Parameters(paramLabel = "IN", description = "Audio file (WAV, FLAC, Ogg Vorbis).")
    Path input;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "DIR", description = "Report folder (index.html, audio/).")
    Path dir;

    @Option(names = "--start", defaultValue = "0", description = "Clip start in seconds (default ${DEFAULT-VALUE}).")
    double start;

    @Option(names = "--seconds", defaultValue = "8", description = "Clip length in seconds, at most 60 (default ${DEFAULT-VALUE}).")
    double seconds;

    @Option(names = "--top", defaultValue = "6", description = "Features per layer shown with images and audio (default ${DEFAULT-VALUE}); all are listed in the table.")
    int top;

    @Option(names = {"-j", "--jobs"}, paramLabel = "N", description = "Features analysed in parallel (default: all cores).")
    Integer jobs;

    @Option(names = "--force", description = "Replace an existing report.")
    boolean force;

    @Mixin
    ModelOption model;

    /** One (layer, feature) on the clip. */
    record Result(int layer, int feature, ModelSpec.CatalogueEntry entry, float[][] mask, double energyRatio,
                  double contrast, double usefulness, Path audio) {
    }

    @Override
    public Integer call() throws Exception {
        if (!(seconds > 0 && seconds <= 60) || start < 0 || top < 1) {
            throw new UsageException("--seconds must be in (0, 60], --start >= 0, --top >= 1");
        }
        Model m = model.load();
        Path index = dir.resolve("index.html");
        if (Files.exists(index) && !force) {
            Auralise.err().println("error: " + index + " exists (use --force to replace the report)");
            return ExitCodes.FAILED;
        }
        int rate;
        float[] clip;
        try (AudioInput in = Formats.open(input)) {
            rate = in.sampleRate();
            clip = readMono(in, (long) (start * rate), (int) (seconds * rate));
        } catch (IOException e) {
            Auralise.err().println("error: " + input + ": " + e.getMessage());
            return ExitCodes.FAILED;
        }
        if (clip.length == 0) {
            Auralise.err().println("error: " + input + ": no audio in the chosen range");
            return ExitCodes.FAILED;
        }
        Path audioDir = Files.createDirectories(dir.resolve("audio"));
        writeWav(audioDir.resolve("clip.wav"), clip, rate);
        Map<String, ModelSpec.CatalogueEntry> named = new HashMap<>();
        for (ModelSpec.CatalogueEntry e : m.spec().catalogue) {
            ModelSpec.CatalogueEntry old = named.get(e.layer + "/" + e.feature);
            if (old == null || e.confidence > old.confidence) {
                named.put(e.layer + "/" + e.feature, e);
            }
        }
        float[][] inputColumns = columns(m, 1, 0, clip, rate, true, null).mask;

        int n = jobs != null ? Math.max(1, jobs) : Runtime.getRuntime().availableProcessors();
        ExecutorService pool = Executors.newFixedThreadPool(n);
        List<Future<Result>> futures = new ArrayList<>();
        try {
            for (int l = 1; l <= m.layers(); l++) {
                for (int k = 0; k < m.channels(l); k++) {
                    int layer = l;
                    int feature = k;
                    futures.add(pool.submit(() -> analyse(m, layer, feature, named.get(layer + "/" + feature), clip, rate, audioDir)));
                }
            }
            List<Result> results = new ArrayList<>();
            int done = 0;
            for (Future<Result> f : futures) {
                results.add(f.get());
                if (Auralise.interactive()) {
                    Auralise.err().print("\ranalysed " + (++done) + "/" + futures.size() + " features");
                }
            }
            if (Auralise.interactive()) {
                Auralise.err().println();
            }
            List<Result> shown = new ArrayList<>();
            for (int l = 1; l <= m.layers(); l++) {
                List<Result> layer = sorted(results, l);
                for (int i = 0; i < layer.size(); i++) {
                    if (i < top) {
                        shown.add(layer.get(i));
                    } else {
                        Files.deleteIfExists(layer.get(i).audio()); // only the shown ones keep audio
                    }
                }
            }
            String html = html(m, results, shown, inputColumns, rate, clip.length);
            AtomicFile out = new AtomicFile(index);
            Files.writeString(out.temp(), html, StandardCharsets.UTF_8);
            out.commit(true);
            Auralise.out().println("report: " + index.toAbsolutePath());
            return ExitCodes.OK;
        } finally {
            pool.shutdownNow();
        }
    }

    static List<Result> sorted(List<Result> all, int layer) {
        List<Result> l = new ArrayList<>();
        for (Result r : all) {
            if (r.layer() == layer) {
                l.add(r);
            }
        }
        l.sort(Comparator.comparingDouble(Result::usefulness).reversed().thenComparingInt(Result::feature));
        return l;
    }

    private static Result analyse(Model m, int layer, int feature, ModelSpec.CatalogueEntry entry, float[] clip, int rate, Path audioDir)
            throws IOException {
        float[] out = new float[clip.length];
        Columns c = columns(m, layer, feature, clip, rate, false, out);
        double ein = 0;
        double eout = 0;
        for (int i = 0; i < clip.length; i++) {
            ein += clip[i] * clip[i];
            eout += out[i] * out[i];
        }
        double r = ein > 0 ? Math.min(1, eout / ein) : 0;
        // How much the mask changes over time and frequency: a feature that is on (or off) everywhere
        // explains little.
        double sum = 0;
        double sq = 0;
        int cells = 0;
        for (float[] col : c.mask) {
            for (float v : col) {
                double x = Math.max(0, Math.min(1, v));
                sum += x;
                sq += x * x;
                cells++;
            }
        }
        double mean = cells > 0 ? sum / cells : 0;
        double sd = cells > 0 ? Math.sqrt(Math.max(0, sq / cells - mean * mean)) : 0;
        double cv = mean > 1e-9 ? sd / mean : 0;
        double contrast = cv / (1 + cv); // 0 = flat mask, towards 1 = a few strong cells

        double selectivity = 4 * r * (1 - r);
        double usefulness = (entry != null ? 1 + entry.confidence : 0) + selectivity * contrast;
        Path audio = audioDir.resolve(String.format("L%d-F%03d.wav", layer, feature));
        writeWav(audio, out, rate);
        return new Result(layer, feature, entry, c.mask, r, contrast, usefulness, audio);
    }

    record Columns(float[][] mask) {
    }

    /**
     * Runs the filter on the clip (latency removed into out, if given) and collects, per analysis
     * frame of the clip, the mask column from the filter's view tap (or the input column).
     */
    static Columns columns(Model m, int layer, int feature, float[] clip, int rate, boolean inputColumns, float[] out) {
        FilterSettings s = new FilterSettings();
        s.layer = layer;
        s.feature = feature;
        FeatureFilter f = RenderEngine.prepare(m, s, rate, 1);
        ViewTap tap = f.viewTap();
        int frames = (int) Math.ceil(clip.length * (double) m.spec().sampleRate / rate / m.spec().frontend.hop);
        float[][] cols = new float[frames][tap.rows()];
        long[] next = {0};
        float[] y = AlignedRun.run(f, new float[][] {clip}, RenderEngine.BLOCK, () -> {
            long avail = Math.min(frames, inputColumns ? tap.inputFrames() : tap.maskFrames());
            for (; next[0] < avail; next[0]++) {
                if (inputColumns) {
                    tap.readInput(next[0], cols[(int) next[0]]);
                } else {
                    tap.readMask(next[0], cols[(int) next[0]]);
                }
            }
        })[0];
        if (out != null) {
            System.arraycopy(y, 0, out, 0, Math.min(y.length, out.length));
        }
        return new Columns(cols);
    }

    private static float[] readMono(AudioInput in, long skip, int max) throws IOException {
        int ch = in.channels();
        float[][] buf = new float[ch][4096];
        float[] out = new float[max];
        int n = 0;
        long pos = 0;
        int k;
        while (n < max && (k = in.read(buf, 4096)) > 0) {
            for (int i = 0; i < k && n < max; i++, pos++) {
                if (pos < skip) {
                    continue;
                }
                float v = 0;
                for (int c = 0; c < ch; c++) {
                    v += buf[c][i];
                }
                out[n++] = v / ch;
            }
        }
        return java.util.Arrays.copyOf(out, n);
    }

    private static void writeWav(Path p, float[] x, int rate) throws IOException {
        try (WavWriter w = new WavWriter(p, rate, 1, 16)) {
            w.write(new float[][] {x}, 0, x.length);
            w.finish();
        }
    }

    // ---- HTML ------------------------------------------------------------------------------

    private static String html(Model m, List<Result> all, List<Result> shown, float[][] input, int rate, int samples) throws IOException {
        ModelSpec s = m.spec();
        StringBuilder h = new StringBuilder();
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Auralise: features of ")
                .append(esc(s.id)).append("</title>\n<style>\n")
                .append("body{font:14px/1.4 system-ui,sans-serif;margin:24px;background:#111;color:#eee}")
                .append("h1{font-size:22px}h2{font-size:18px;margin-top:32px;border-bottom:1px solid #444}")
                .append(".grid{display:flex;flex-wrap:wrap;gap:16px}.card{background:#1c1c1c;border:1px solid #333;border-radius:6px;padding:10px;width:420px}")
                .append(".card h3{margin:0 0 6px;font-size:15px}.named{color:#ffb347}.meta{color:#aaa;font-size:12px}")
                .append("img{width:400px;height:96px;image-rendering:pixelated;display:block;margin:4px 0}audio{width:400px}")
                .append("table{border-collapse:collapse;font-size:12px}td,th{padding:2px 8px;border-bottom:1px solid #333;text-align:right}")
                .append("td:first-child,th:first-child{text-align:left}.lbl{font-size:11px;color:#888}\n</style></head><body>\n");
        h.append("<h1>Features of <code>").append(esc(s.id)).append("</code></h1>\n<p class=\"meta\">")
                .append(esc(s.name == null ? "" : s.name)).append(" &middot; ").append(m.layers()).append(" layers &middot; ")
                .append(s.sampleRate).append(" Hz ").append(esc(s.frontend.type)).append(" front-end &middot; clip ")
                .append(String.format(Locale.ROOT, "%.1f s at %d Hz", samples / (double) rate, rate)).append("</p>\n");
        h.append("<p>Input clip (mono)</p><img alt=\"input spectrogram\" src=\"").append(png(input, null, peak(input))).append("\">")
                .append("<audio controls preload=\"none\" src=\"audio/clip.wav\"></audio>\n");
        h.append("<p class=\"meta\">Order: catalogue features first (by confidence), then by usefulness = selectivity &times; contrast, ")
                .append("where selectivity = 4r(1&minus;r) for r = output/input energy and contrast = c/(1+c) for the mask's coefficient of variation c. ")
                .append("Images: frequency up, time right; mask (normalised deconvolution) and the input spectrogram under that mask.</p>\n");
        for (int l = 1; l <= m.layers(); l++) {
            h.append("<h2>Layer ").append(l).append("</h2>\n<div class=\"grid\">\n");
            for (Result r : shown) {
                if (r.layer() != l) {
                    continue;
                }
                h.append("<div class=\"card\"><h3>").append(r.entry() != null ? "<span class=\"named\">" + esc(r.entry().name) + "</span> &middot; " : "")
                        .append("L").append(l).append(" #").append(r.feature()).append("</h3>\n<div class=\"meta\">")
                        .append(metrics(r)).append("</div>\n<div class=\"lbl\">mask</div><img alt=\"mask\" src=\"").append(png(r.mask(), null, 1f))
                        .append("\">\n<div class=\"lbl\">masked spectrogram</div><img alt=\"masked spectrogram\" src=\"").append(png(input, r.mask(), peak(input)))
                        .append("\">\n<audio controls preload=\"none\" src=\"audio/").append(r.audio().getFileName()).append("\"></audio></div>\n");
            }
            h.append("</div>\n");
        }
        h.append("<h2>All features</h2>\n<table><tr><th>layer / feature</th><th>name</th><th>confidence</th><th>energy kept</th><th>contrast</th><th>usefulness</th></tr>\n");
        for (int l = 1; l <= m.layers(); l++) {
            for (Result r : sorted(all, l)) {
                h.append(String.format(Locale.ROOT, "<tr><td>L%d #%d</td><td>%s</td><td>%s</td><td>%.0f%%</td><td>%.2f</td><td>%.2f</td></tr>%n",
                        l, r.feature(), r.entry() != null ? esc(r.entry().name) : "", r.entry() != null ? String.format(Locale.ROOT, "%.2f", r.entry().confidence) : "",
                        100 * r.energyRatio(), r.contrast(), r.usefulness()));
            }
        }
        h.append("</table>\n</body></html>\n");
        return h.toString();
    }

    private static String metrics(Result r) {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "energy kept %.0f%%, contrast %.2f, usefulness %.2f",
                100 * r.energyRatio(), r.contrast(), r.usefulness()));
        if (r.entry() != null) {
            sb.append(String.format(Locale.ROOT, "<br>confidence %.2f: ", r.entry().confidence)).append(esc(Models.evidence(r.entry())))
                    .append("<details><summary>all scores</summary>").append(esc(Models.allScores(r.entry()))).append("</details>");
        }
        return sb.toString();
    }

    /**
     * A column image (frames x rows, low rows at the bottom) as a PNG data URI: cols (times mask, if
     * given) divided by scale. Masks use scale 1 so a weak feature looks dark; spectrograms use the
     * input's peak so the masked one shows what is kept of the input.
     */
    static String png(float[][] cols, float[][] mask, float scale) throws IOException {
        int w = Math.max(1, cols.length);
        int rows = cols.length == 0 ? 1 : cols[0].length;
        BufferedImage img = new BufferedImage(w, rows, BufferedImage.TYPE_INT_RGB);
        for (int t = 0; t < cols.length; t++) {
            for (int f = 0; f < rows; f++) {
                double x = cols[t][f] / scale;
                if (mask != null) {
                    x *= Math.max(0, Math.min(1, mask[t][f]));
                }
                img.setRGB(t, rows - 1 - f, colour(Math.max(0, Math.min(1, x))));
            }
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ImageIO.write(img, "png", bytes);
        return "data:image/png;base64," + Base64.getEncoder().encodeToString(bytes.toByteArray());
    }

    static float peak(float[][] cols) {
        float max = 1e-12f;
        for (float[] c : cols) {
            for (float v : c) {
                max = Math.max(max, v);
            }
        }
        return max;
    }

    /** Black - purple - orange - pale yellow, like the usual spectrogram maps. */
    static int colour(double x) {
        double[][] stops = {{0, 0, 0}, {0.35, 0.05, 0.45}, {0.9, 0.35, 0.1}, {1, 0.95, 0.6}};
        double p = x * (stops.length - 1);
        int i = Math.min(stops.length - 2, (int) p);
        double u = p - i;
        int rgb = 0;
        for (int c = 0; c < 3; c++) {
            double y = stops[i][c] + u * (stops[i + 1][c] - stops[i][c]);
            rgb = (rgb << 8) | (int) Math.round(255 * y);
        }
        return rgb;
    }

    private static String esc(String s) {
        return s == null ? "" : s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
