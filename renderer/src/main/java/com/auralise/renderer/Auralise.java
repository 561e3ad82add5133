package com.auralise.renderer;

import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.Properties;

/** The auralise command: entry point, sub-commands, exit codes. */
@Command(name = "auralise", mixinStandardHelpOptions = true, versionProvider = Auralise.Version.class,
        description = "CNN feature filters for music: render files through a learned feature, split them into "
                + "the catalogue's stems, inspect models, measure speed, or run a filter live on JACK input.",
        subcommands = {RenderCommand.class, StemsCommand.class, EventsCommand.class, FeaturesCommand.class, InfoCommand.class,
                BenchCommand.class, DemoCommand.class, ExploreCommand.class, PresetCommand.class, LiveCommand.class, RandomModelCommand.class, CommandLine.HelpCommand.class},
        footer = {"", "Exit codes: 0 ok, 1 some files failed, 2 usage error, 3 model error.",
                "Model: --model FILE, else $AURALISE_MODEL, else the embedded default model."})
public final class Auralise implements java.util.concurrent.Callable<Integer> {
    private static PrintStream out = System.out;
    private static PrintStream err = System.err;
    private static boolean interactive;

    public static void main(String[] args) {
        int code = run(args, System.out, System.err, System.console() != null);
        if (System.getenv("AURALISE_REPORT_MEMORY") != null) {
            System.err.println(BenchCommand.memoryReport());
        }
        System.exit(code);
    }

    /** Runs one command line with the given streams; returns the exit code (tests call this directly). */
    public static int run(String[] args, PrintStream stdout, PrintStream stderr, boolean terminal) {
        out = stdout;
        err = stderr;
        interactive = terminal;
        System.setProperty("auralise.cores", Integer.toString(Runtime.getRuntime().availableProcessors()));
        CommandLine cl = new CommandLine(new Auralise());
        cl.setOut(new PrintWriter(stdout, true));
        cl.setErr(new PrintWriter(stderr, true));
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            if (ex instanceof ModelException) {
                stderr.println("error: " + ex.getMessage());
                return ExitCodes.MODEL;
            }
            if (ex instanceof UsageException) {
                stderr.println("error: " + ex.getMessage());
                stderr.println("try: auralise " + cmd.getCommandName() + " --help");
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

    static PrintStream out() {
        return out;
    }

    static PrintStream err() {
        return err;
    }

    /** A terminal is attached: show the progress bar. */
    static boolean interactive() {
        return interactive;
    }

    @Override
    public Integer call() {
        // No sub-command: show what there is (exit 2, as for any incomplete command line).
        err.println("error: missing command");
        new CommandLine(this).usage(err);
        return ExitCodes.USAGE;
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() throws Exception {
            Properties p = new Properties();
            try (InputStream in = Auralise.class.getResourceAsStream("/auralise-version.properties")) {
                if (in != null) {
                    p.load(in);
                }
            }
            return new String[] {"auralise " + p.getProperty("version", "dev"), "Java " + System.getProperty("java.version")};
        }
    }
}
