package com.auralise.renderer;

import com.auralise.filter.FilterSettings;
import com.auralise.model.Model;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "render", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Renders audio files through one feature filter.",
                "Reads WAV (8/16/24/32-bit PCM, 32/64-bit float), FLAC and Ogg Vorbis; 1-8 channels, 8-192 kHz.",
                "Output keeps rate, channels and length, and is sample-aligned with the input (latency removed)."},
        footer = {"", "Examples:",
                "  auralise render mix.wav -o kick.wav --filter kick",
                "  auralise render album/ -o out/ --layer 2 --feature 1 --invert --format flac",
                "  auralise render 'stems/**.flac' -o out/ --preset my-preset.json --jobs 4",
                "", "Exit codes: 0 ok, 1 some files failed, 2 usage error, 3 model error."})
public final class RenderCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "IN", description = "Audio files, folders (recursive) or glob patterns.")
    List<String> inputs;

    @Mixin
    OutputOptions out;

    @ArgGroup(exclusive = false, heading = "%nFilter:%n")
    FilterOptions filterOptions = new FilterOptions();

    @Mixin
    ModelOption model;

    @Override
    public Integer call() {
        if (filterOptions == null) {
            filterOptions = new FilterOptions();
        }
        Batch.OutputFormat fmt = out.outputFormat();
        int jobs = out.jobs();
        FilterOptions.PresetChoice choice = filterOptions.choose(model.model);
        Model m = choice.model();
        FilterSettings s = choice.settings();
        if (!filterOptions.hasSelection()) {
            Auralise.err().println("note: no --filter, --preset or --layer/--feature given; using " + s);
        }
        List<Inputs.Input> ins = Inputs.expand(inputs);
        boolean toFile = out.isFile(ins.size()) && ins.get(0).error() == null;
        String outName = out.output.getFileName() == null ? "" : out.output.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        if (!toFile && ins.size() > 1 && !java.nio.file.Files.isDirectory(out.output) && (outName.endsWith(".wav") || outName.endsWith(".flac"))) {
            throw new UsageException(ins.size() + " inputs but -o " + out.output + " names one file: give a folder");
        }
        List<Batch.Item> items = new ArrayList<>();
        for (Inputs.Input in : ins) {
            Path target = toFile ? out.output
                    : in.error() != null ? null : out.output.resolve(OutputOptions.replaceExtension(in.relative(), "." + fmt.format()));
            items.add(new Batch.Item(in.file(), s, target, in.error()));
        }
        Batch b = new Batch(m, fmt, out.force, jobs, Auralise.out(), Auralise.err(), Auralise.interactive());
        return b.run(items) == 0 ? ExitCodes.OK : ExitCodes.FAILED;
    }
}
