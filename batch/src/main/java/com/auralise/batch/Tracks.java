package com.auralise.batch;

import com.auralise.renderer.Inputs;
import com.auralise.renderer.OutputOptions;
import com.auralise.renderer.UsageException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The job's tracks, listed on the driver: command-line inputs expanded as `auralise render` expands
 * them (files, folders, globs; outputs mirror the input folders), or a manifest of paths.
 */
final class Tracks {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Tracks() {
    }

    /** Files, folders and globs, exactly as the render command takes them. */
    static List<Track> fromArgs(List<String> args, Path out, String ext) {
        List<Track> list = new ArrayList<>();
        for (Inputs.Input in : Inputs.expand(args)) {
            if (in.error() != null) {
                list.add(new Track(in.file().toString(), null, in.error()));
            } else {
                list.add(new Track(in.file().toString(), out.resolve(OutputOptions.replaceExtension(in.relative(), ext)).toString(), null));
            }
        }
        return dedupe(list);
    }

    /**
     * A manifest: CSV (a column "path", "uri" or "file", else the first column; a header line is
     * recognised by those names; an optional "id" column names the output) or JSON lines (objects
     * with "path"/"uri" and optional "id", or plain strings). Relative paths are relative to the
     * manifest's folder; outputs mirror the manifest's folder, or are named by the id. Only local
     * paths and file: URIs can be read by this build: other URIs become error rows.
     */
    static List<Track> fromManifest(Path manifest, Path out, String ext) {
        List<String> lines;
        try {
            lines = Files.readAllLines(manifest);
        } catch (IOException e) {
            throw new UsageException("cannot read manifest " + manifest + ": " + e.getMessage());
        }
        String name = manifest.getFileName().toString().toLowerCase(Locale.ROOT);
        boolean json = name.endsWith(".jsonl") || name.endsWith(".ndjson") || name.endsWith(".json");
        Path base = manifest.toAbsolutePath().getParent();
        List<Track> list = new ArrayList<>();
        int pathCol = 0;
        int idCol = -1;
        boolean first = true;
        for (String line : lines) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String ref;
            String id = null;
            if (json) {
                try {
                    JsonNode n = JSON.readTree(line);
                    if (n.isTextual()) {
                        ref = n.asText();
                    } else {
                        ref = n.hasNonNull("path") ? n.get("path").asText() : n.hasNonNull("uri") ? n.get("uri").asText() : n.path("file").asText(null);
                        id = n.hasNonNull("id") ? n.get("id").asText() : null;
                    }
                } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                    list.add(new Track(line, null, "manifest line is not JSON: " + e.getOriginalMessage()));
                    continue;
                }
                if (ref == null) {
                    list.add(new Track(line, null, "manifest line has no \"path\" or \"uri\""));
                    continue;
                }
            } else {
                List<String> cells = csv(line);
                if (first) {
                    first = false;
                    int p = -1;
                    for (int i = 0; i < cells.size(); i++) {
                        String c = cells.get(i).trim().toLowerCase(Locale.ROOT);
                        if (c.equals("path") || c.equals("uri") || c.equals("file")) {
                            p = i;
                        } else if (c.equals("id")) {
                            idCol = i;
                        }
                    }
                    if (p >= 0) {
                        pathCol = p;
                        continue; // a header
                    }
                    idCol = -1;
                }
                ref = pathCol < cells.size() ? cells.get(pathCol).trim() : "";
                id = idCol >= 0 && idCol < cells.size() && !cells.get(idCol).isBlank() ? cells.get(idCol).trim() : null;
            }
            list.add(track(ref, id, base, out, ext));
        }
        return dedupe(list);
    }

    private static Track track(String ref, String id, Path base, Path out, String ext) {
        Path file;
        int colon = ref.indexOf(':');
        if (ref.startsWith("file:")) {
            try {
                file = Paths.get(URI.create(ref));
            } catch (RuntimeException e) {
                return new Track(ref, null, "bad file: URI: " + e.getMessage());
            }
        } else if (colon > 1 && ref.substring(0, colon).matches("[A-Za-z][A-Za-z0-9+.-]*")) {
            return new Track(ref, null, "unsupported URI scheme '" + ref.substring(0, colon) + ":' (this build reads local paths and file: URIs)");
        } else if (ref.isEmpty()) {
            return new Track(ref, null, "empty path in manifest");
        } else {
            file = base.resolve(ref).normalize();
        }
        if (!Files.isRegularFile(file)) {
            return new Track(file.toString(), null, Files.exists(file) ? "not a regular file" : "no such file or folder");
        }
        Path rel;
        if (id != null) {
            rel = Paths.get(id + ext).normalize();
            if (rel.isAbsolute() || rel.startsWith("..")) {
                return new Track(file.toString(), null, "id '" + id + "' would write outside the output folder");
            }
        } else {
            Path abs = file.toAbsolutePath().normalize();
            rel = OutputOptions.replaceExtension(abs.startsWith(base) ? base.relativize(abs) : abs.getFileName(), ext);
        }
        return new Track(file.toString(), out.resolve(rel).toString(), null);
    }

    /** Two tracks writing one output would race: the later ones become error rows (as in `render`). */
    static List<Track> dedupe(List<Track> tracks) {
        Set<Path> seen = new HashSet<>();
        List<Track> out = new ArrayList<>();
        for (Track t : tracks) {
            if (t.error() == null && !seen.add(Paths.get(t.output()).toAbsolutePath().normalize())) {
                out.add(new Track(t.input(), null, "another input of this batch writes the same output " + t.output()));
            } else {
                out.add(t);
            }
        }
        return out;
    }

    /** One CSV line: comma-separated, fields optionally in double quotes ("" inside quotes is one quote). */
    static List<String> csv(String line) {
        List<String> cells = new ArrayList<>();
        StringBuilder sb = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    sb.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    sb.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                cells.add(sb.toString());
                sb.setLength(0);
            } else {
                sb.append(c);
            }
        }
        cells.add(sb.toString());
        return cells;
    }
}
