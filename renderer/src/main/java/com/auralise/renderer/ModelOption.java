package com.auralise.renderer;

import com.auralise.model.Model;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/** --model FILE, defaulting to $AURALISE_MODEL, then to the embedded default model. */
public final class ModelOption {
    @Option(names = {"-m", "--model"}, paramLabel = "FILE", defaultValue = "${env:AURALISE_MODEL}",
            description = "Model file (.zip), or the embedded 'default' (studio) or 'live' (causal, low latency). Default: $AURALISE_MODEL, else default.")
    Path model;

    /** The --model value as given (a file, "default" or "live"), or null for the default model. */
    public Path path() {
        return model;
    }

    Model load() {
        return Models.load(model);
    }
}
