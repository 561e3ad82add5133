package com.auralise.renderer;

import com.auralise.model.Model;
import com.auralise.model.ModelSpec;
import com.auralise.model.ModelWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** Hidden: a random model of the reference shape, so tools and scripts can be tested without a trained one. */
@Command(name = "random-model", hidden = true, mixinStandardHelpOptions = true,
        description = "Writes a model with random weights (reference shape) and a made-up catalogue. For tests only.")
public final class RandomModelCommand implements Callable<Integer> {
    @Parameters(paramLabel = "OUT.zip")
    Path out;

    @Option(names = "--channels-per-layer", defaultValue = "32")
    int width;

    @Override
    public Integer call() throws Exception {
        if (Files.exists(out)) {
            throw new UsageException(out + " exists");
        }
        Model m = BenchCommand.referenceShape(width);
        String[] names = {"onset detector", "kick selector", "bass selector", "melody selector"};
        for (int i = 0; i < names.length; i++) {
            ModelSpec.CatalogueEntry e = new ModelSpec.CatalogueEntry();
            e.name = names[i];
            e.layer = 1 + i;
            e.feature = i;
            e.confidence = 0; // made up: nothing was measured
            m.spec().catalogue.add(e);
        }
        m.spec().provenance.put("note", "random weights and made-up names, for testing the tools only");
        ModelWriter.write(m, out);
        Auralise.out().println("wrote " + out);
        return ExitCodes.OK;
    }
}
