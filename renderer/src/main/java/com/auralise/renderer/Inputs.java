package com.auralise.renderer;

import com.auralise.renderer.audio.Formats;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Expands command-line inputs: files (taken as given, whatever their name), folders (recursively,
 * audio file names only) and globs ("music/**.flac", for shells that did not expand them).
 * Each input remembers the folder it is relative to, so outputs mirror the input tree.
 */
public final class Inputs {
    /** An input file, or a missing one (error != null) that becomes a failed item of the batch. */
    public record Input(Path file, Path base, String error) {
        public Path relative() {
            return base == null ? file.getFileName() : base.relativize(file);
        }
    }

    private Inputs() {
    }

    public static List<Input> expand(List<String> args) {
        List<Input> out = new ArrayList<>();
        for (String a : args) {
            Path p = Paths.get(a);
            if (Files.isRegularFile(p)) {
                out.add(new Input(p, p.toAbsolutePath().getParent(), null));
            } else if (Files.isDirectory(p)) {
                List<Path> found = walk(p, null);
                if (found.isEmpty()) {
                    out.add(new Input(p, null, "folder contains no .wav, .flac or .ogg files"));
                }
                for (Path f : found) {
                    out.add(new Input(f, p, null));
                }
            } else if (isGlob(a)) {
                Path root = globRoot(a);
                PathMatcher m = FileSystems.getDefault().getPathMatcher("glob:" + a);
                List<Path> found = Files.isDirectory(root) ? walk(root, m) : List.of();
                if (found.isEmpty()) {
                    out.add(new Input(p, null, "no files match this pattern"));
                }
                for (Path f : found) {
                    out.add(new Input(f, root, null));
                }
            } else if (Files.exists(p)) {
                out.add(new Input(p, null, "not a regular file"));
            } else {
                out.add(new Input(p, null, "no such file or folder"));
            }
        }
        return out;
    }

    static boolean isGlob(String s) {
        return s.indexOf('*') >= 0 || s.indexOf('?') >= 0 || s.indexOf('[') >= 0 || s.indexOf('{') >= 0;
    }

    /** The longest leading path without glob characters: where the walk starts. */
    static Path globRoot(String glob) {
        String[] parts = glob.split("/", -1);
        StringBuilder sb = new StringBuilder(glob.startsWith("/") ? "/" : "");
        for (int i = 0; i < parts.length - 1; i++) {
            if (isGlob(parts[i])) {
                break;
            }
            if (!parts[i].isEmpty()) {
                sb.append(parts[i]).append('/');
            }
        }
        return sb.length() == 0 ? Paths.get(".") : Paths.get(sb.toString());
    }

    private static List<Path> walk(Path root, PathMatcher m) {
        boolean dot = root.equals(Paths.get("."));
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(Files::isRegularFile)
                    .filter(f -> !f.getFileName().toString().startsWith("."))
                    .filter(f -> m == null ? Formats.looksLikeAudio(f) : m.matches(dot ? root.relativize(f) : f))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
