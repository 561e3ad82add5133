package com.auralise.batch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** The end-of-job summary, counted from the results file the pipeline wrote. */
record Summary(int rows, int ok, int skipped, int failed, double audioSeconds, double wallSeconds) {
    static Summary read(Path results, double wallSeconds) throws IOException {
        int ok = 0;
        int skipped = 0;
        int failed = 0;
        double audio = 0;
        List<String> lines = Files.exists(results) ? Files.readAllLines(results) : List.of();
        int rows = 0;
        for (String l : lines) {
            if (l.isBlank()) {
                continue;
            }
            rows++;
            ResultRow r = ResultRow.parse(l);
            switch (r.status()) {
                case ResultRow.OK -> {
                    ok++;
                    audio += r.audioSeconds();
                }
                case ResultRow.SKIPPED -> skipped++;
                default -> failed++;
            }
        }
        return new Summary(rows, ok, skipped, failed, audio, wallSeconds);
    }

    String text(Path results) {
        return String.format(Locale.ROOT,
                "%d tracks: %d rendered, %d up to date, %d failed; %.1f s of audio in %.1f s (%.1f tracks/min, %.1fx real time); results: %s",
                rows, ok, skipped, failed, audioSeconds, wallSeconds, wallSeconds > 0 ? ok * 60 / wallSeconds : 0,
                wallSeconds > 0 ? audioSeconds / wallSeconds : 0, results);
    }
}
