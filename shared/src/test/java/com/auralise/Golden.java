package com.auralise;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Golden checksums: output bytes (renders, presets, TTL, saved states) hashed and compared with a
 * file recorded before a refactoring, so "identical before and after" is a test, not a claim.
 * {@code -Dgolden.write=true} records the file again (only when a change of output is intended).
 */
public final class Golden {
    private final String resource;
    private final Map<String, String> got = new LinkedHashMap<>();

    /** resource: a path under src/test/resources, e.g. "golden/core.txt". */
    public Golden(String resource) {
        this.resource = resource;
    }

    public void bytes(String name, byte[] b) {
        got.put(name, sha256(b));
    }

    public void text(String name, String s) {
        if (Boolean.getBoolean("golden.show")) {
            System.out.println(name + ": " + s);
        }
        bytes(name, s.getBytes(StandardCharsets.UTF_8));
    }

    public void file(String name, Path f) throws IOException {
        bytes(name, Files.readAllBytes(f));
    }

    /** Little-endian float bits of every channel, in order. */
    public void floats(String name, float[][] x) {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(4 * x.length * x[0].length).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        for (float[] c : x) {
            for (float v : c) {
                b.putFloat(v);
            }
        }
        bytes(name, b.array());
    }

    /** Compares with the recorded file (or records it with -Dgolden.write=true). */
    public void check() throws IOException {
        String now = got.entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining("\n")) + "\n";
        Path file = Path.of("src/test/resources").resolve(resource);
        if (Boolean.getBoolean("golden.write")) {
            Files.createDirectories(file.getParent());
            Files.writeString(file, now);
            return;
        }
        String was;
        try (var in = Golden.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new AssertionError("no " + resource + " (record it with -Dgolden.write=true); now:\n" + now);
            }
            was = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertEquals(was, now, "output bytes differ from " + resource);
    }

    static String sha256(byte[] b) {
        try {
            StringBuilder s = new StringBuilder();
            for (byte x : MessageDigest.getInstance("SHA-256").digest(b)) {
                s.append(String.format("%02x", x));
            }
            return s.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
