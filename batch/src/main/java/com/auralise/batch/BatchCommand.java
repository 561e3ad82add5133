package com.auralise.batch;

import com.auralise.filter.FilterSettings;
import com.auralise.preset.InstalledModels;
import com.auralise.renderer.Batch;
import com.auralise.renderer.ExitCodes;
import com.auralise.renderer.FilterOptions;
import com.auralise.renderer.ModelException;
import com.auralise.renderer.ModelOption;
import com.auralise.renderer.OutputOptions;
import com.auralise.renderer.UsageException;
import org.apache.beam.sdk.PipelineResult;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.Callable;

/** `auralise batch`: the render command's per-file path, as an Apache Beam pipeline. */
@Command(name = "batch", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Renders a folder or a manifest of tracks through one feature filter as an Apache Beam job:",
                "on the embedded DirectRunner (default) or on Flink. Each output is byte for byte what 'auralise render'",
                "writes for that file; one bad track is an error row, never a failed job; a rerun renders only the tracks",
                "whose output is missing or stale (sidecar OUT.auralise.json: input size/mtime/sha256, settings, model)."},
        footer = {"", "Examples:",
                "  auralise batch album/ -o out/ --filter kick",
                "  auralise batch --manifest tracks.csv -o out/ --preset my-preset.json --format flac",
                "  auralise batch album/ -o out/ --filter bass --runner flink --flink-master jobmanager:8081 -j 16",
                "", "Results: one JSON line per track (status ok|skipped|error, reason, audioSeconds, seconds, xRealTime).",
                "Exit codes: 0 ok, 1 some tracks failed, 2 usage error, 3 model error."})
public final class BatchCommand implements Callable<Integer> {
    @Parameters(arity = "0..*", paramLabel = "IN", description = "Audio files, folders (recursive) or glob patterns.")
    List<String> inputs = new ArrayList<>();

    @Option(names = "--manifest", paramLabel = "FILE",
            description = "CSV (column path|uri|file, optional id) or JSON lines ({\"path\": ...}) listing the tracks.")
    Path manifest;

    @Mixin
    OutputOptions out;

    @ArgGroup(exclusive = false, heading = "%nFilter:%n")
    FilterOptions filterOptions = new FilterOptions();

    @Mixin
    ModelOption model;

    @Option(names = "--runner", paramLabel = "direct|flink", defaultValue = "direct",
            description = "Beam runner: direct (embedded, default) or flink.")
    String runner;

    @Option(names = "--flink-master", paramLabel = "[local]|HOST:PORT", defaultValue = "[local]",
            description = "Flink's JobManager; [local] (default) starts a mini-cluster in this JVM.")
    String flinkMaster;

    @Option(names = "--results", paramLabel = "FILE", description = "Results file (default: OUT/batch-results.jsonl).")
    Path results;

    @Option(names = "--pipeline-option", paramLabel = "--NAME=VALUE",
            description = "A Beam pipeline option passed through to the runner (repeatable).")
    List<String> pipelineOptions = new ArrayList<>();

    private final PrintStream stdout;
    private final PrintStream stderr;

    BatchCommand(PrintStream stdout, PrintStream stderr) {
        this.stdout = stdout;
        this.stderr = stderr;
    }

    @Override
    public Integer call() throws IOException {
        if (filterOptions == null) {
            filterOptions = new FilterOptions();
        }
        if (inputs.isEmpty() == (manifest == null)) {
            throw new UsageException("give input files/folders or --manifest FILE (one of the two)");
        }
        Batch.OutputFormat fmt = out.outputFormat();
        String outName = out.output().getFileName() == null ? "" : out.output().getFileName().toString().toLowerCase(Locale.ROOT);
        if (!Files.isDirectory(out.output()) && (outName.endsWith(".wav") || outName.endsWith(".flac"))) {
            throw new UsageException("-o " + out.output() + " names a file: auralise batch writes into a folder");
        }
        BatchPipeline.Runner r = switch (runner.toLowerCase(Locale.ROOT)) {
            case "direct" -> BatchPipeline.Runner.DIRECT;
            case "flink" -> BatchPipeline.Runner.FLINK;
            default -> throw new UsageException("--runner must be direct or flink, got " + runner);
        };
        FilterOptions.PresetChoice choice = filterOptions.choose(model.path());
        FilterSettings s = choice.settings();
        if (!filterOptions.hasSelection()) {
            stderr.println("note: no --filter, --preset or --layer/--feature given; using " + s);
        }
        String ext = "." + fmt.format();
        List<Track> tracks = manifest != null ? Tracks.fromManifest(manifest, out.output(), ext) : Tracks.fromArgs(inputs, out.output(), ext);
        Path res = results != null ? results : out.output().resolve("batch-results.jsonl");
        Files.createDirectories(res.toAbsolutePath().getParent());
        JobSpec spec = JobSpec.of(model.path() == null ? null : model.path().toString(),
                filterOptions.preset() == null ? null : filterOptions.preset().toString(),
                InstalledModels.sha256(choice.model()), s, fmt, out.force(), version(), UUID.randomUUID().toString(), tracks.size());
        stderr.printf(Locale.ROOT, "auralise batch: %d tracks on %s (%d at once), %s%n", tracks.size(),
                r == BatchPipeline.Runner.FLINK ? "Flink " + flinkMaster : "the DirectRunner", out.jobs(), s);
        long t0 = System.nanoTime();
        PipelineResult.State state = BatchPipeline.run(tracks, spec, res,
                new BatchPipeline.Run(r, out.jobs(), flinkMaster, pipelineOptions));
        double wall = (System.nanoTime() - t0) / 1e9;
        Summary sum = Summary.read(res, wall);
        stderr.println(sum.text(res));
        if (state != PipelineResult.State.DONE) {
            stderr.println("error: the pipeline ended in state " + state);
            return ExitCodes.FAILED;
        }
        if (sum.rows() != tracks.size()) {
            stderr.println("error: " + tracks.size() + " tracks but " + sum.rows() + " result rows");
            return ExitCodes.FAILED;
        }
        return sum.failed() > 0 ? ExitCodes.FAILED : ExitCodes.OK;
    }

    static String version() {
        Properties p = new Properties();
        try (InputStream in = Batch.class.getResourceAsStream("/auralise-version.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            // "dev" then
        }
        return p.getProperty("version", "dev");
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs one command line; returns the exit code (tests call this directly). */
    public static int run(String[] args, PrintStream stdout, PrintStream stderr) {
        System.setProperty("auralise.cores", Integer.toString(Runtime.getRuntime().availableProcessors()));
        CommandLine cl = new CommandLine(new BatchCommand(stdout, stderr));
        cl.setOut(new PrintWriter(stdout, true));
        cl.setErr(new PrintWriter(stderr, true));
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            if (ex instanceof ModelException) {
                stderr.println("error: " + ex.getMessage());
                return ExitCodes.MODEL;
            }
            if (ex instanceof UsageException) {
                stderr.println("error: " + ex.getMessage());
                stderr.println("try: auralise batch --help");
                return ExitCodes.USAGE;
            }
            stderr.println("error: " + ex);
            if (System.getenv("AURALISE_DEBUG") != null) {
                ex.printStackTrace(stderr);
            }
            return ExitCodes.FAILED;
        });
        return cl.execute(args);
    }
}
