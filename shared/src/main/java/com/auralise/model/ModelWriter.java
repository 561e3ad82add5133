package com.auralise.model;

import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDateTime;
import java.util.HexFormat;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes a model file. The bytes are a pure function of the model, so a sha256 of the file
 * identifies the model: entries in fixed order (model.json, then each block's weights and bias),
 * STORED (no compressor version can change the bytes; float weights barely compress anyway), a
 * fixed DOS timestamp set as local time (so the time zone cannot shift it), "\n" line endings and
 * map keys sorted in model.json. The file appears atomically: written to a temporary file in the
 * same directory, forced to disk, then renamed over the target.
 */
public final class ModelWriter {
    private static final LocalDateTime EPOCH = LocalDateTime.of(1980, 1, 1, 0, 0);
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .build();

    private ModelWriter() {
    }

    public static void write(Model m, Path zip) throws IOException {
        byte[] bytes = toBytes(m);
        Path target = zip.toAbsolutePath();
        Path tmp = Files.createTempFile(target.getParent(), "." + target.getFileName() + ".", ".tmp");
        boolean moved = false;
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buf = ByteBuffer.wrap(bytes);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                ch.force(true);
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            moved = true;
        } finally {
            if (!moved) {
                Files.deleteIfExists(tmp);
            }
        }
    }

    /** The model file's bytes; validates first so we never write a file the reader would refuse. */
    public static byte[] toBytes(Model m) throws IOException {
        ModelReader.validate(m);
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bos)) {
            put(zip, ModelReader.SPEC_ENTRY, specJson(m.spec()));
            for (int i = 0; i < m.layers(); i++) {
                ModelSpec.Block b = m.spec().blocks.get(i);
                ConvWeights w = m.conv(i);
                put(zip, b.weights, Npy.toBytes(new int[] {w.out, w.in, w.kF, w.kT}, w.kernel));
                put(zip, b.bias, Npy.toBytes(new int[] {w.out}, w.bias));
            }
        }
        return bos.toByteArray();
    }

    public static void write(Model m, OutputStream out) throws IOException {
        out.write(toBytes(m));
    }

    /** model.json as written into the zip: pretty, "\n" line endings, deterministic. */
    public static byte[] specJson(ModelSpec spec) throws IOException {
        DefaultPrettyPrinter pp = new DefaultPrettyPrinter()
                .withObjectIndenter(new DefaultIndenter("  ", "\n"))
                .withArrayIndenter(DefaultPrettyPrinter.FixedSpaceIndenter.instance);
        byte[] body = JSON.writer(pp).writeValueAsBytes(spec);
        byte[] out = java.util.Arrays.copyOf(body, body.length + 1);
        out[body.length] = '\n';
        return out;
    }

    private static void put(ZipOutputStream zip, String name, byte[] data) throws IOException {
        ZipEntry e = new ZipEntry(name);
        e.setMethod(ZipEntry.STORED);
        e.setTimeLocal(EPOCH);
        e.setSize(data.length);
        e.setCompressedSize(data.length);
        CRC32 crc = new CRC32();
        crc.update(data);
        e.setCrc(crc.getValue());
        zip.putNextEntry(e);
        zip.write(data);
        zip.closeEntry();
    }

    /** Lower-case hex sha256 of a file, e.g. for provenance and for presets that pin a model. */
    public static String sha256(Path file) throws IOException {
        MessageDigest md = sha256();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[65536];
            int r;
            while ((r = in.read(buf)) > 0) {
                md.update(buf, 0, r);
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }

    public static String sha256(byte[] bytes) {
        return HexFormat.of().formatHex(sha256().digest(bytes));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
