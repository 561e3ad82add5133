package com.auralise.renderer;

import com.auralise.filter.FeatureFilter;
import com.auralise.model.Model;
import com.auralise.model.ModelSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "info", mixinStandardHelpOptions = true,
        description = "Describes a model: architecture, rates, receptive field and latency per layer, provenance, catalogue size.",
        footer = {"", "Exit codes: 0 ok, 2 usage error, 3 model error."})
public final class InfoCommand implements Callable<Integer> {
    @Parameters(arity = "0..1", paramLabel = "MODEL", description = "Model file (.zip); default $AURALISE_MODEL, else the embedded default model.")
    Path file;

    @Override
    public Integer call() {
        if (file == null && System.getenv("AURALISE_MODEL") != null) {
            file = Path.of(System.getenv("AURALISE_MODEL"));
        }
        Model m = Models.load(file);
        ModelSpec s = m.spec();
        PrintStream out = Auralise.out();
        out.printf("model      %s%n", s.id);
        out.printf("name       %s%n", s.name);
        out.printf("format     %s v%d%n", s.format, s.formatVersion);
        out.printf("padding    %s%s%n", s.padding, s.causal() ? " (live: past-only, low latency)" : " (studio: symmetric, exact)");
        out.printf("analysis   %d Hz, %s front-end, nFft %d, hop %d%s%n", s.sampleRate, s.frontend.type, s.frontend.nFft,
                s.frontend.hop, "linear".equals(s.frontend.type) ? "" : String.format(", %d bins %.0f-%.0f Hz", s.frontend.bins, s.frontend.fMin, s.frontend.fMax));
        out.println();
        out.printf("%-5s %-9s %-6s %-5s %-11s %-14s %s%n", "LAYER", "CHANNELS", "KERNEL", "POOL", "RF (frames)", "RF (ms)", "LATENCY 44.1k / 48k");
        int r = 1;
        int j = 1;
        for (int l = 1; l <= m.layers(); l++) {
            ModelSpec.Block b = s.blocks.get(l - 1);
            // Receptive field in time: a conv adds (k-1) strides, a pool (p-1) and multiplies the stride.
            r += (b.kernel[1] - 1) * j;
            r += (b.pool[1] - 1) * j;
            j *= b.pool[1];
            double rfMs = 1000.0 * ((r - 1) * s.frontend.hop + s.frontend.nFft) / s.sampleRate;
            out.printf("%-5d %-9s %-6s %-5s %-11d %-14.0f %s%n", l, b.inChannels + "->" + b.outChannels,
                    b.kernel[0] + "x" + b.kernel[1], b.pool[0] + "x" + b.pool[1], r, rfMs, latency(m, l, 44100) + " / " + latency(m, l, 48000));
        }
        out.println();
        out.println("latency: samples at 44.1/48 kHz when the deepest selectable layer is this one (the renderer removes it).");
        out.println("provenance:");
        if (s.provenance.isEmpty()) {
            out.println("  (none recorded)");
        }
        for (Map.Entry<String, Object> e : s.provenance.entrySet()) {
            out.printf("  %-16s %s%n", e.getKey(), e.getValue());
        }
        out.printf("catalogue: %d entries, %d named filters (see 'auralise features')%n", s.catalogue.size(), Models.namedFilters(m).size());
        return ExitCodes.OK;
    }

    private static String latency(Model m, int layer, int rate) {
        FeatureFilter f = new FeatureFilter(m);
        f.setMaxLayer(layer);
        f.prepare(rate, 512, 1);
        int n = f.latencySamples();
        return String.format("%d (%.0f ms)", n, 1000.0 * n / rate);
    }
}
