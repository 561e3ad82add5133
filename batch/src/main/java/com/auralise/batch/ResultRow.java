package com.auralise.batch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * One line of the results file (JSON lines), per track: status "ok", "skipped" (its output and
 * sidecar already match) or "error" with the reason as `auralise render` words it; audio seconds,
 * wall seconds of the track, and x real time (audio seconds / wall seconds).
 */
record ResultRow(String status, String input, String output, String reason, double audioSeconds, double seconds, int latency) {
    static final String OK = "ok";
    static final String SKIPPED = "skipped";
    static final String ERROR = "error";
    private static final ObjectMapper JSON = new ObjectMapper();

    double xRealTime() {
        return seconds > 0 ? audioSeconds / seconds : 0;
    }

    String toJson() {
        ObjectNode n = JSON.createObjectNode();
        n.put("status", status).put("input", input);
        if (output != null) {
            n.put("output", output);
        }
        if (reason != null) {
            n.put("reason", reason);
        }
        n.put("audioSeconds", round(audioSeconds)).put("seconds", round(seconds)).put("xRealTime", round(xRealTime()));
        if (latency >= 0) {
            n.put("latency", latency);
        }
        try {
            return JSON.writeValueAsString(n);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ResultRow parse(String line) {
        try {
            JsonNode n = JSON.readTree(line);
            return new ResultRow(n.path("status").asText(), n.path("input").asText(), n.path("output").asText(null),
                    n.path("reason").asText(null), n.path("audioSeconds").asDouble(), n.path("seconds").asDouble(), n.path("latency").asInt(-1));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static double round(double v) {
        return Math.round(v * 1e4) / 1e4;
    }
}
