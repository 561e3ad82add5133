package com.auralise.batch;

import java.io.Serializable;

/**
 * One unit of work: render input into output. error != null: the track failed before it started
 * (a missing file, an unsupported URI, two tracks with one output) and only yields its error row.
 */
public record Track(String input, String output, String error) implements Serializable {
}
