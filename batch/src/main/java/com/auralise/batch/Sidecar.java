package com.auralise.batch;

import com.auralise.renderer.AtomicFile;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * OUT.auralise.json beside each output: which input (size, mtime, sha256) and which render
 * (JobSpec.renderKey) made it, and the output's own size and mtime. It is written, atomically,
 * after the output is complete and before the output is renamed into place, so a job killed at
 * any point leaves either no output, or an output whose sidecar matches it; a sidecar whose output
 * is missing or has another size/mtime is stale and the track is rendered again.
 */
record Sidecar(String input, long inputSize, long inputMtime, String inputSha256, String renderKey,
               long outputSize, long outputMtime, long frames, int sampleRate, int channels, int latency, String version) {
    static final String SUFFIX = ".auralise.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    static Path pathFor(Path output) {
        return output.resolveSibling(output.getFileName() + SUFFIX);
    }

    /** The sidecar of output, or null if there is none or it cannot be read (then it matches nothing). */
    static Sidecar read(Path output) {
        Path p = pathFor(output);
        if (!Files.isRegularFile(p)) {
            return null;
        }
        try {
            JsonNode n = JSON.readTree(p.toFile());
            return new Sidecar(n.path("input").asText(), n.path("inputSize").asLong(-1), n.path("inputMtime").asLong(-1),
                    n.path("inputSha256").asText(), n.path("render").asText(), n.path("outputSize").asLong(-1),
                    n.path("outputMtime").asLong(-1), n.path("frames").asLong(), n.path("sampleRate").asInt(),
                    n.path("channels").asInt(), n.path("latency").asInt(), n.path("version").asText());
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    void write(Path output) throws IOException {
        ObjectNode n = JSON.createObjectNode();
        n.put("input", input).put("inputSize", inputSize).put("inputMtime", inputMtime).put("inputSha256", inputSha256)
                .put("render", renderKey).put("outputSize", outputSize).put("outputMtime", outputMtime)
                .put("frames", frames).put("sampleRate", sampleRate).put("channels", channels).put("latency", latency)
                .put("version", version);
        AtomicFile f = new AtomicFile(pathFor(output));
        try {
            JSON.writerWithDefaultPrettyPrinter().writeValue(f.temp().toFile(), n);
            f.commit(true);
        } finally {
            f.abort();
        }
    }

    /**
     * True if output is this sidecar's output, made by the same render from the same input bytes.
     * The input is compared by size and mtime first and by sha256 only when those differ (a copied or
     * touched file); the output by size and mtime (the rename keeps the temp file's mtime).
     */
    boolean matches(Path in, Path output, String key) throws IOException {
        if (!key.equals(renderKey) || !Files.isRegularFile(output)
                || Files.size(output) != outputSize || Files.getLastModifiedTime(output).toMillis() != outputMtime) {
            return false;
        }
        if (Files.size(in) != inputSize) {
            return false;
        }
        return Files.getLastModifiedTime(in).toMillis() == inputMtime || sha256(in).equals(inputSha256);
    }

    static String sha256(Path file) throws IOException {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
            byte[] buf = new byte[1 << 16];
            while (in.read(buf) >= 0) {
                // the digest is updated as the stream is read
            }
            return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
