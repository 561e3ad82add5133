package com.auralise.model;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Float32 tensors in numpy's {@code .npy} format, so numpy ({@code np.load}) and ND4J
 * ({@code Nd4j.createFromNpyFile}) read our weights. Writes format version 1.0, dtype {@code '<f4'},
 * C order, header padded to a multiple of 64 bytes as numpy does. Reads versions 1.x and 2.x but
 * only that dtype and order: anything else is refused with a message naming what was found.
 */
public final class Npy {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    /** Rank and header caps: our tensors are rank 1 or 4; anything far beyond is not a weight file. */
    public static final int MAX_RANK = 8;
    private static final int MAX_HEADER = 64 * 1024;

    private Npy() {
    }

    /** A shape and its C-order data. */
    public static final class Tensor {
        public final int[] shape;
        public final float[] data;

        public Tensor(int[] shape, float[] data) {
            this.shape = shape.clone();
            this.data = data;
            long n = elements(shape, "tensor");
            if (n != data.length) {
                throw new IllegalArgumentException("shape " + shapeString(shape) + " needs " + n
                        + " values but data has " + data.length);
            }
        }
    }

    public static byte[] toBytes(int[] shape, float[] data) {
        ByteArrayOutputStream bos = new ByteArrayOutputStream(128 + data.length * 4);
        try {
            write(bos, shape, data);
        } catch (IOException e) {
            throw new IllegalStateException(e); // a ByteArrayOutputStream does not fail
        }
        return bos.toByteArray();
    }

    public static void write(OutputStream out, int[] shape, float[] data) throws IOException {
        new Tensor(shape, data); // validates shape against data
        StringBuilder dict = new StringBuilder("{'descr': '<f4', 'fortran_order': False, 'shape': (");
        for (int i = 0; i < shape.length; i++) {
            dict.append(shape[i]);
            if (i < shape.length - 1 || shape.length == 1) {
                dict.append(shape.length == 1 ? "," : ", ");
            }
        }
        dict.append("), }");
        // Magic(6) + version(2) + length(2) + dict + padding + '\n' must be a multiple of 64.
        int unpadded = 10 + dict.length() + 1;
        int total = (unpadded + 63) / 64 * 64;
        while (dict.length() < total - 11) {
            dict.append(' ');
        }
        dict.append('\n');
        byte[] header = dict.toString().getBytes(StandardCharsets.US_ASCII);
        out.write(MAGIC);
        out.write(1);
        out.write(0);
        out.write(header.length & 0xff);
        out.write(header.length >>> 8);
        out.write(header);
        ByteBuffer buf = ByteBuffer.allocate(data.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        buf.asFloatBuffer().put(data);
        out.write(buf.array());
    }

    /**
     * Parses a whole {@code .npy} file held in memory.
     *
     * @param name       used in error messages (the zip entry name)
     * @param maxElements refuse shapes with more values than this
     */
    public static Tensor read(byte[] bytes, String name, long maxElements) throws ModelFormatException {
        if (bytes.length < 10 || !Arrays.equals(Arrays.copyOf(bytes, 6), MAGIC)) {
            throw new ModelFormatException(name + ": not a .npy file (missing \\x93NUMPY magic)");
        }
        int major = bytes[6] & 0xff;
        int headerLen;
        int headerStart;
        if (major == 1) {
            headerLen = (bytes[8] & 0xff) | (bytes[9] & 0xff) << 8;
            headerStart = 10;
        } else if (major == 2) {
            if (bytes.length < 12) {
                throw new ModelFormatException(name + ": truncated .npy header");
            }
            long len = (bytes[8] & 0xffL) | (bytes[9] & 0xffL) << 8 | (bytes[10] & 0xffL) << 16 | (bytes[11] & 0xffL) << 24;
            if (len > MAX_HEADER) {
                throw new ModelFormatException(name + ": .npy header length " + len + " exceeds " + MAX_HEADER);
            }
            headerLen = (int) len;
            headerStart = 12;
        } else {
            throw new ModelFormatException(name + ": .npy format version " + major + "." + (bytes[7] & 0xff)
                    + " not supported, expected 1.0 or 2.0");
        }
        if (headerStart + headerLen > bytes.length) {
            throw new ModelFormatException(name + ": truncated .npy header (declares " + headerLen
                    + " bytes, file has " + (bytes.length - headerStart) + ")");
        }
        String header = new String(bytes, headerStart, headerLen, StandardCharsets.ISO_8859_1);
        int[] shape = parseHeader(header, name);
        long n = elements(shape, name);
        if (n > maxElements) {
            throw new ModelFormatException(name + ": shape " + shapeString(shape) + " has " + n
                    + " values, more than the limit of " + maxElements);
        }
        long dataBytes = bytes.length - (long) headerStart - headerLen;
        if (dataBytes != n * 4) {
            throw new ModelFormatException(name + ": shape " + shapeString(shape) + " needs " + (n * 4)
                    + " bytes of float32 data but the file holds " + dataBytes);
        }
        float[] data = new float[(int) n];
        ByteBuffer.wrap(bytes, headerStart + headerLen, (int) dataBytes).order(ByteOrder.LITTLE_ENDIAN)
                .asFloatBuffer().get(data);
        return new Tensor(shape, data);
    }

    /** The header is a Python dict literal; we accept exactly the three numpy keys, no more. */
    private static int[] parseHeader(String header, String name) throws ModelFormatException {
        String h = header.strip();
        if (!h.startsWith("{") || !h.endsWith("}")) {
            throw new ModelFormatException(name + ": .npy header is not a dict: " + abbreviate(h));
        }
        Parser p = new Parser(h.substring(1, h.length() - 1), name);
        String descr = null;
        Boolean fortran = null;
        int[] shape = null;
        while (true) {
            p.skipSpace();
            if (p.end()) {
                break;
            }
            String key = p.string();
            p.expect(':');
            switch (key) {
                case "descr" -> descr = p.string();
                case "fortran_order" -> fortran = p.bool();
                case "shape" -> shape = p.tuple();
                default -> throw new ModelFormatException(name + ": unexpected .npy header key '" + key + "'");
            }
            p.skipSpace();
            if (p.end()) {
                break;
            }
            p.expect(',');
        }
        if (descr == null || fortran == null || shape == null) {
            throw new ModelFormatException(name + ": .npy header lacks " + (descr == null ? "'descr'"
                    : fortran == null ? "'fortran_order'" : "'shape'"));
        }
        if (!descr.equals("<f4")) {
            throw new ModelFormatException(name + ": dtype '" + descr
                    + "' not supported, expected '<f4' (little-endian float32)");
        }
        if (fortran) {
            throw new ModelFormatException(name + ": fortran_order True not supported, expected C order");
        }
        return shape;
    }

    private static final class Parser {
        final String s;
        final String name;
        int i;

        Parser(String s, String name) {
            this.s = s;
            this.name = name;
        }

        boolean end() {
            return i >= s.length();
        }

        void skipSpace() {
            while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
                i++;
            }
        }

        void expect(char c) throws ModelFormatException {
            skipSpace();
            if (end() || s.charAt(i) != c) {
                throw bad("expected '" + c + "'");
            }
            i++;
        }

        String string() throws ModelFormatException {
            skipSpace();
            if (end() || (s.charAt(i) != '\'' && s.charAt(i) != '"')) {
                throw bad("expected a quoted string");
            }
            char q = s.charAt(i++);
            int close = s.indexOf(q, i);
            if (close < 0) {
                throw bad("unterminated string");
            }
            String v = s.substring(i, close);
            i = close + 1;
            return v;
        }

        boolean bool() throws ModelFormatException {
            skipSpace();
            if (s.startsWith("True", i)) {
                i += 4;
                return true;
            }
            if (s.startsWith("False", i)) {
                i += 5;
                return false;
            }
            throw bad("expected True or False");
        }

        int[] tuple() throws ModelFormatException {
            expect('(');
            List<Integer> dims = new ArrayList<>();
            while (true) {
                skipSpace();
                if (!end() && s.charAt(i) == ')') {
                    i++;
                    break;
                }
                int start = i;
                while (!end() && Character.isDigit(s.charAt(i))) {
                    i++;
                }
                if (start == i || i - start > 10) {
                    throw bad("expected a non-negative dimension");
                }
                long d = Long.parseLong(s.substring(start, i));
                if (d > Integer.MAX_VALUE) {
                    throw bad("dimension " + d + " too large");
                }
                dims.add((int) d);
                if (dims.size() > MAX_RANK) {
                    throw bad("rank above " + MAX_RANK);
                }
                skipSpace();
                if (!end() && s.charAt(i) == ',') {
                    i++;
                } else if (end() || s.charAt(i) != ')') {
                    throw bad("expected ',' or ')'");
                }
            }
            return dims.stream().mapToInt(Integer::intValue).toArray();
        }

        ModelFormatException bad(String what) {
            return new ModelFormatException(name + ": bad .npy header (" + what + " at " + i + "): " + abbreviate(s));
        }
    }

    /** Number of values of a shape; overflow and negative sizes are refused. */
    static long elements(int[] shape, String name) {
        long n = 1;
        for (int d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException(name + ": negative dimension in " + shapeString(shape));
            }
            n *= d;
            if (n > Integer.MAX_VALUE) {
                return Long.MAX_VALUE; // caller's element cap refuses it
            }
        }
        return n;
    }

    public static String shapeString(int[] shape) {
        StringBuilder b = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) {
            b.append(i > 0 ? ", " : "").append(shape[i]);
        }
        return b.append(shape.length == 1 ? ",)" : ")").toString();
    }

    private static String abbreviate(String s) {
        return s.length() > 120 ? s.substring(0, 120) + "..." : s;
    }
}
