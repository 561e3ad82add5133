package com.auralise.renderer;

import com.auralise.model.Model;
import com.auralise.model.ModelSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "features", mixinStandardHelpOptions = true,
        description = "Prints the model's feature catalogue: named filters first (most confident first), with their scores.",
        footer = {"", "Exit codes: 0 ok, 2 usage error, 3 model error."})
public final class FeaturesCommand implements Callable<Integer> {
    @Mixin
    ModelOption model;

    @Option(names = "--all", description = "Every catalogue entry, not just the best feature per name.")
    boolean all;

    @Option(names = "--scores", description = "Every score of each entry (SI-SDR, envelope correlation and onset F against each stem), not just those that earned its name.")
    boolean scores;

    @Override
    public Integer call() {
        Model m = model.load();
        PrintStream out = Auralise.out();
        List<ModelSpec.CatalogueEntry> list = all ? new ArrayList<>(m.spec().catalogue) : Models.namedFilters(m);
        list.sort(Models.byConfidence());
        out.printf("model %s (%s): %d named filters%n", m.spec().id, m.spec().name, Models.namedFilters(m).size());
        if (list.isEmpty()) {
            out.println("  (empty catalogue: select features with --layer and --feature)");
            return ExitCodes.OK;
        }
        out.printf("%-20s %5s %7s %10s  %s%n", "NAME", "LAYER", "FEATURE", "CONFIDENCE", scores ? "SCORES" : "EVIDENCE");
        for (ModelSpec.CatalogueEntry e : list) {
            out.printf("%-20s %5d %7d %10.2f  %s%n", e.name, e.layer, e.feature, e.confidence,
                    scores ? Models.allScores(e) : Models.evidence(e));
        }
        out.println();
        out.println("use: auralise render IN -o OUT --filter \"NAME\"   or   auralise stems IN -o DIR");
        return ExitCodes.OK;
    }
}
