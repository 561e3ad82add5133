package com.auralise.preset;

import java.util.List;

/**
 * A preset that cannot be read, applied or stored. {@link #problems()} lists every bad field as
 * "JSON path: reason" (e.g. {@code $.parameters.mix.value: must be within 0..1, got 2}); the
 * message holds the file and all of them, ready to show to a user.
 */
public final class PresetException extends Exception {
    private final List<String> problems;

    public PresetException(String message) {
        super(message);
        this.problems = List.of(message);
    }

    public PresetException(String source, List<String> problems) {
        super(source + ": " + (problems.size() == 1 ? problems.get(0)
                : problems.size() + " problems:\n  " + String.join("\n  ", problems)));
        this.problems = List.copyOf(problems);
    }

    public PresetException(String message, Throwable cause) {
        super(message, cause);
        this.problems = List.of(message);
    }

    public List<String> problems() {
        return problems;
    }
}
