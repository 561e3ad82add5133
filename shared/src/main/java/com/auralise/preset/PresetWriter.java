package com.auralise.preset;

import com.auralise.filter.Control;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.LinkOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Writes presets as JSON: fields in schema order, two-space indent, "\n" line endings, so the same
 * preset always gives the same bytes (diffs and shared files stay readable). Files appear
 * atomically: a temporary file in the target's folder, forced to disk, then renamed (or linked, when
 * overwriting is not allowed, so two writers cannot both win).
 */
public final class PresetWriter {
    /** Where the schema is published; editors use "$schema" for completion and checks. */
    public static final String SCHEMA_ID = "https://auralise.org/schema/auralise-preset-1.schema.json";

    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private PresetWriter() {
    }

    public static byte[] toBytes(Preset p) {
        ObjectNode root = JSON.createObjectNode();
        root.put("$schema", SCHEMA_ID);
        root.put("schemaVersion", Preset.SCHEMA_VERSION);
        root.put("name", p.name());
        root.put("author", p.author());
        root.put("description", p.description());
        ArrayNode tags = root.putArray("tags");
        p.tags().forEach(tags::add);
        ObjectNode model = root.putObject("model");
        model.put("id", p.model().id());
        model.put("sha256", p.model().sha256());
        ObjectNode feature = root.putObject("feature");
        if (p.feature().byName()) {
            feature.put("name", p.feature().name());
        } else {
            feature.put("layer", p.feature().layer());
            feature.put("index", p.feature().index());
        }
        ObjectNode params = root.putObject("parameters");
        for (Control c : Control.PRESET) {
            ObjectNode o = params.putObject(c.presetKey());
            if (c.toggle()) {
                o.put("value", p.value(c) != 0);
            } else {
                o.put("value", p.value(c));
            }
            o.put("unit", c.unit());
        }
        DefaultPrettyPrinter pp = new DefaultPrettyPrinter()
                .withObjectIndenter(new DefaultIndenter("  ", "\n"))
                .withArrayIndenter(new DefaultIndenter("  ", "\n"))
                .withSeparators(Separators.createDefaultInstance().withObjectFieldValueSpacing(Separators.Spacing.AFTER));
        try {
            String s = JSON.writer(pp).writeValueAsString(root) + "\n";
            return s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("a tree of strings and numbers always serialises", e);
        }
    }

    /**
     * Writes p to file atomically. The bytes are validated by {@link PresetReader} first, so this
     * never writes a file that a reader would refuse (a name too long, a value out of range).
     *
     * @param overwrite when false, an existing file is an error ({@link FileAlreadyExistsException})
     */
    public static void write(Preset p, Path file, boolean overwrite) throws IOException, PresetException {
        byte[] bytes = toBytes(p);
        PresetReader.read(bytes, p.name(), null);
        Path target = file.toAbsolutePath();
        Path dir = target.getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp");
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buf = ByteBuffer.wrap(bytes);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                ch.force(true);
            }
            try {
                // Presets are meant to be shared: readable by others like any document (temp files are 0600).
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-r--r--"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system: keep its defaults
            }
            if (overwrite) {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } else {
                try {
                    // link(2) fails when the name exists: no window between a check and the rename.
                    Files.createLink(target, tmp);
                } catch (UnsupportedOperationException | FileSystemException e) {
                    if (e instanceof FileAlreadyExistsException) {
                        throw (FileAlreadyExistsException) e;
                    }
                    if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
                        throw new FileAlreadyExistsException(target.toString());
                    }
                    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE); // no hard links here
                }
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
