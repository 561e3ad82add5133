package com.auralise.renderer;

import com.auralise.filter.FilterSettings;
import com.auralise.model.Model;
import com.auralise.model.ModelSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "stems", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Renders every named filter of the model's catalogue at once (kick-selector.wav, bass-selector.wav, ...).",
                "One input: files go straight into OUT. Several inputs: into OUT/<input name>/."},
        footer = {"", "Example:", "  auralise stems song.flac -o song-stems/", "",
                "Exit codes: 0 ok, 1 some files failed, 2 usage error, 3 model error."})
public final class StemsCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "IN", description = "Audio files, folders (recursive) or glob patterns.")
    List<String> inputs;

    @Mixin
    OutputOptions out;

    @Option(names = "--mix", paramLabel = "0..1", description = "Dry/wet for every stem (default 1).")
    Double mix;

    @Option(names = "--gain-db", paramLabel = "DB", description = "Output gain for every stem (default 0).")
    Double gainDb;

    @Mixin
    ModelOption model;

    @Override
    public Integer call() {
        Batch.OutputFormat fmt = out.outputFormat();
        int jobs = out.jobs();
        Model m = model.load();
        List<ModelSpec.CatalogueEntry> filters = Models.namedFilters(m);
        if (filters.isEmpty()) {
            throw new ModelException("model " + m.spec().id + " has no named filters (empty catalogue)");
        }
        List<Inputs.Input> ins = Inputs.expand(inputs);
        List<Batch.Item> items = new ArrayList<>();
        for (Inputs.Input in : ins) {
            if (in.error() != null) {
                items.add(new Batch.Item(in.file(), null, null, in.error()));
                continue;
            }
            Path dir = ins.size() == 1 ? out.output : out.output.resolve(OutputOptions.replaceExtension(in.relative(), ""));
            for (ModelSpec.CatalogueEntry e : filters) {
                FilterSettings s = new FilterSettings();
                s.layer = e.layer;
                s.feature = e.feature;
                if (mix != null) {
                    s.mix = mix;
                }
                if (gainDb != null) {
                    s.gainDb = gainDb;
                }
                FilterOptions.check(m, s);
                items.add(new Batch.Item(in.file(), s, dir.resolve(Models.slug(e.name) + "." + fmt.format()), null));
            }
        }
        Batch b = new Batch(m, fmt, out.force, jobs, Auralise.out(), Auralise.err(), Auralise.interactive());
        return b.run(items) == 0 ? ExitCodes.OK : ExitCodes.FAILED;
    }
}
