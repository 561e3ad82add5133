package com.auralise.renderer;

import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Locale;

/** Options shared by commands that write audio files. */
public final class OutputOptions {
    @Option(names = {"-o", "--output"}, required = true, paramLabel = "OUT",
            description = "Output file (one input) or folder (created if needed; mirrors the input folders).")
    Path output;

    @Option(names = "--format", paramLabel = "wav|flac",
            description = "Output format (default: from OUT's name if it is a file, else wav).")
    String format;

    @Option(names = "--bits", paramLabel = "float|16|24|32", defaultValue = "float",
            description = "Sample format: WAV float (default, never clips) or 16/24/32-bit PCM; FLAC is 24-bit unless 16.")
    String bits;

    @Option(names = "--force", description = "Overwrite existing outputs (never the inputs).")
    boolean force;

    @Option(names = {"-j", "--jobs"}, paramLabel = "N", description = "Files rendered in parallel (default: all cores, ${sys:auralise.cores}).")
    Integer jobs;

    public Batch.OutputFormat outputFormat() {
        if (format == null) {
            String n = output.getFileName() == null ? "" : output.getFileName().toString().toLowerCase(Locale.ROOT);
            format = n.endsWith(".flac") && !java.nio.file.Files.isDirectory(output) ? "flac" : "wav";
        }
        String f = format.toLowerCase(Locale.ROOT);
        if (!f.equals("wav") && !f.equals("flac")) {
            throw new UsageException("--format must be wav or flac, got " + format);
        }
        int b;
        switch (bits.toLowerCase(Locale.ROOT)) {
            case "float", "f32", "32f" -> b = 0;
            case "16" -> b = 16;
            case "24" -> b = 24;
            case "32" -> b = 32;
            default -> throw new UsageException("--bits must be float, 16, 24 or 32, got " + bits);
        }
        if (f.equals("flac") && b == 0) {
            b = 24; // FLAC has no float samples
        }
        if (f.equals("flac") && b == 32) {
            throw new UsageException("FLAC output is 16- or 24-bit (--bits 16 or 24)");
        }
        return new Batch.OutputFormat(f, b);
    }

    public Path output() {
        return output;
    }

    public boolean force() {
        return force;
    }

    String extension() {
        return "." + outputFormat().format();
    }

    public int jobs() {
        int n = jobs == null ? Runtime.getRuntime().availableProcessors() : jobs;
        if (n < 1) {
            throw new UsageException("--jobs must be >= 1, got " + n);
        }
        return n;
    }

    /** True if OUT names a file (one input, an audio file name, not an existing folder). */
    boolean isFile(int inputs) {
        String n = output.getFileName() == null ? "" : output.getFileName().toString().toLowerCase(Locale.ROOT);
        return inputs == 1 && !java.nio.file.Files.isDirectory(output)
                && (n.endsWith(".wav") || n.endsWith(".flac"));
    }

    public static Path replaceExtension(Path rel, String ext) {
        String n = rel.getFileName().toString();
        int dot = n.lastIndexOf('.');
        String base = dot > 0 ? n.substring(0, dot) : n;
        return rel.resolveSibling(base + ext);
    }
}
