package com.auralise.plugin;

import com.auralise.model.DefaultModel;
import com.auralise.model.Model;
import com.auralise.model.RandomModel;
import com.auralise.model.ModelReader;
import com.auralise.model.ModelSpec;

import java.nio.file.Path;
import java.util.Random;

/**
 * Turns the string that names a model (what the plugin saves in its LV2 state and reads from
 * {@code AURALISE_MODEL}) into a loaded model:
 * <ul>
 *   <li>{@code default} (or empty): the studio model embedded in the core; {@code live}: the embedded
 *       causal model (low latency, for stage use);</li>
 *   <li>{@code tiny:SEED:LAYERS:CHANNELS:PADDING}: a small random model built in memory, for tests
 *       until a trained model ships;</li>
 *   <li>{@code random:SEED:C1,C2,...:PADDING}: random weights in the shipped models' shape (mel 96
 *       bins, nFft 1024, hop 256 at 22.05 kHz, one block per channel count): for benchmarks;</li>
 *   <li>anything else: the path of a model zip ({@code ModelReader.read}).</li>
 * </ul>
 */
public final class ModelSource {
    public static final String DEFAULT = DefaultModel.STUDIO;
    public static final String LIVE = DefaultModel.LIVE;
    public static final String ENV = "AURALISE_MODEL";
    /** Overrides the live variants' model, as {@link #ENV} does the studio variants'. */
    public static final String ENV_LIVE = "AURALISE_LIVE_MODEL";

    private ModelSource() {
    }

    /** The model for a plugin variant ("default" or "live"): the environment's override, or the variant's own. */
    public static String fromEnvironment(String variant) {
        String s = System.getenv(LIVE.equals(variant) ? ENV_LIVE : ENV);
        return s == null || s.isBlank() ? variant : s.trim();
    }

    public static Model load(String source) throws Exception {
        if (source == null || source.isBlank() || source.equals(DEFAULT)) {
            return DefaultModel.load();
        }
        if (source.equals(LIVE)) {
            return DefaultModel.load(LIVE);
        }
        if (source.startsWith("tiny:")) {
            String[] p = source.split(":");
            if (p.length != 5) {
                throw new IllegalArgumentException("expected tiny:SEED:LAYERS:CHANNELS:PADDING, got " + source);
            }
            return tiny(Long.parseLong(p[1]), Integer.parseInt(p[2]), Integer.parseInt(p[3]), p[4]);
        }
        if (source.startsWith("random:")) {
            String[] p = source.split(":");
            if (p.length != 4) {
                throw new IllegalArgumentException("expected random:SEED:C1,C2,...:PADDING, got " + source);
            }
            int[] ch = java.util.Arrays.stream(p[2].split(",")).mapToInt(Integer::parseInt).toArray();
            return build(Long.parseLong(p[1]), ch, p[3], ModelSpec.Frontend.reference(), 22050);
        }
        return ModelReader.read(Path.of(source));
    }

    /** A deterministic random model: linear front-end (nFft 256, hop 64) at 22.05 kHz, 3x3 kernels. */
    public static Model tiny(long seed, int layers, int channels, String padding) {
        ModelSpec.Frontend fe = new ModelSpec.Frontend();
        fe.type = "linear";
        fe.nFft = 256;
        fe.hop = 64;
        int[] ch = new int[Math.max(0, layers)];
        java.util.Arrays.fill(ch, channels);
        return build(seed, ch, padding, fe, 22050);
    }

    static Model build(long seed, int[] channelsPerBlock, String padding, ModelSpec.Frontend frontend, int sampleRate) {
        int layers = channelsPerBlock.length;
        if (layers < 1 || layers > 8 || java.util.Arrays.stream(channelsPerBlock).anyMatch(c -> c < 1 || c > 256)
                || !(padding.equals("same") || padding.equals("causal"))) {
            throw new IllegalArgumentException("bad random model " + java.util.Arrays.toString(channelsPerBlock) + " " + padding);
        }
        Random rnd = new Random(seed);
        ModelSpec spec = new ModelSpec();
        spec.id = "random-" + seed + "-" + java.util.Arrays.toString(channelsPerBlock).replaceAll("[\\[\\] ]", "") + "-" + padding;
        spec.name = "random model";
        spec.sampleRate = sampleRate;
        spec.frontend = frontend;
        spec.padding = padding;
        // Two named features so the plugin's filter enumeration has something to show in tests.
        for (int l = 1; l <= Math.min(2, layers); l++) {
            ModelSpec.CatalogueEntry e = new ModelSpec.CatalogueEntry();
            e.name = "tiny feature L" + l;
            e.layer = l;
            e.feature = Math.min(1, channelsPerBlock[l - 1] - 1);
            e.confidence = 0.5;
            spec.catalogue.add(e);
        }
        return RandomModel.build(spec, channelsPerBlock, rnd);
    }
}
