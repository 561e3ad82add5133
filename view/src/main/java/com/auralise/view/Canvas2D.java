package com.auralise.view;

import org.lwjgl.BufferUtils;
import org.lwjgl.stb.STBEasyFont;

import java.nio.ByteBuffer;
import java.nio.FloatBuffer;

import static org.lwjgl.opengl.GL33C.*;

/**
 * Minimal 2D drawing on OpenGL 3.3 core, in pixel coordinates (origin top left): scalar-field
 * images through a colour map, solid rectangles and text (stb_easy_font quads). Solid shapes and
 * text are batched and drawn on {@link #flush()}. GL thread only.
 */
final class Canvas2D implements AutoCloseable {
    private static final String VS_SOLID = """
            #version 330 core
            layout(location = 0) in vec2 pos;
            layout(location = 1) in vec4 col;
            uniform vec2 viewport;
            out vec4 vcol;
            void main() {
                gl_Position = vec4(pos.x / viewport.x * 2.0 - 1.0, 1.0 - pos.y / viewport.y * 2.0, 0.0, 1.0);
                vcol = col;
            }""";
    private static final String FS_SOLID = """
            #version 330 core
            in vec4 vcol;
            out vec4 frag;
            void main() { frag = vcol; }""";
    // Field textures are laid out (x = frequency row, y = time slot) so one analysis frame is one
    // contiguous texture row; tc is (time, frequency) of the quad.
    private static final String VS_IMAGE = """
            #version 330 core
            layout(location = 0) in vec2 pos;
            layout(location = 1) in vec2 tc;
            uniform vec2 viewport;
            out vec2 vtc;
            void main() {
                gl_Position = vec4(pos.x / viewport.x * 2.0 - 1.0, 1.0 - pos.y / viewport.y * 2.0, 0.0, 1.0);
                vtc = tc;
            }""";
    private static final String FS_IMAGE = """
            #version 330 core
            in vec2 vtc;
            out vec4 frag;
            uniform sampler2D field;
            uniform sampler2D lut;
            uniform float gain;
            uniform float offset;
            void main() {
                float v = texture(field, vec2(vtc.y, vtc.x + offset)).r;
                float x = clamp(v * gain, 0.0, 1.0);
                frag = vec4(texture(lut, vec2(x * (255.0 / 256.0) + 0.5 / 256.0, 0.5)).rgb, 1.0);
            }""";

    private static final int SOLID_FLOATS = 6;
    private static final int MAX_SOLID_VERTS = 200_000;

    private final int solidProg;
    private final int imageProg;
    private final int solidVao;
    private final int solidVbo;
    private final int imageVao;
    private final int imageVbo;
    private final int lut;
    private final FloatBuffer solid = BufferUtils.createFloatBuffer(MAX_SOLID_VERTS * SOLID_FLOATS);
    private final FloatBuffer quad = BufferUtils.createFloatBuffer(6 * 4);
    private final ByteBuffer textQuads = BufferUtils.createByteBuffer(16 * 4 * 2000);
    private final int uSolidViewport;
    private final int uImageViewport;
    private final int uGain;
    private final int uOffset;
    private int width;
    private int height;

    Canvas2D() {
        solidProg = program(VS_SOLID, FS_SOLID);
        imageProg = program(VS_IMAGE, FS_IMAGE);
        uSolidViewport = glGetUniformLocation(solidProg, "viewport");
        uImageViewport = glGetUniformLocation(imageProg, "viewport");
        uGain = glGetUniformLocation(imageProg, "gain");
        uOffset = glGetUniformLocation(imageProg, "offset");
        glUseProgram(imageProg);
        glUniform1i(glGetUniformLocation(imageProg, "field"), 0);
        glUniform1i(glGetUniformLocation(imageProg, "lut"), 1);

        solidVao = glGenVertexArrays();
        solidVbo = glGenBuffers();
        glBindVertexArray(solidVao);
        glBindBuffer(GL_ARRAY_BUFFER, solidVbo);
        glBufferData(GL_ARRAY_BUFFER, (long) MAX_SOLID_VERTS * SOLID_FLOATS * 4, GL_STREAM_DRAW);
        glVertexAttribPointer(0, 2, GL_FLOAT, false, SOLID_FLOATS * 4, 0);
        glVertexAttribPointer(1, 4, GL_FLOAT, false, SOLID_FLOATS * 4, 8);
        glEnableVertexAttribArray(0);
        glEnableVertexAttribArray(1);

        imageVao = glGenVertexArrays();
        imageVbo = glGenBuffers();
        glBindVertexArray(imageVao);
        glBindBuffer(GL_ARRAY_BUFFER, imageVbo);
        glBufferData(GL_ARRAY_BUFFER, 6 * 4 * 4, GL_STREAM_DRAW);
        glVertexAttribPointer(0, 2, GL_FLOAT, false, 16, 0);
        glVertexAttribPointer(1, 2, GL_FLOAT, false, 16, 8);
        glEnableVertexAttribArray(0);
        glEnableVertexAttribArray(1);
        glBindVertexArray(0);

        lut = glGenTextures();
        glBindTexture(GL_TEXTURE_2D, lut);
        ByteBuffer rgb = BufferUtils.createByteBuffer(256 * 3);
        for (int i = 0; i < 256; i++) {
            float[] c = colour(i / 255f);
            for (float v : c) {
                rgb.put((byte) Math.round(v * 255f));
            }
        }
        rgb.flip();
        glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
        glTexImage2D(GL_TEXTURE_2D, 0, GL_RGB8, 256, 1, 0, GL_RGB, GL_UNSIGNED_BYTE, rgb);
        glPixelStorei(GL_UNPACK_ALIGNMENT, 4);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
    }

    /** Inferno-like map: black, purple, red, orange, pale yellow; luminance rises monotonically. */
    static float[] colour(float x) {
        float[][] stops = {
                {0.00f, 0.00f, 0.02f}, {0.26f, 0.04f, 0.41f}, {0.58f, 0.15f, 0.40f},
                {0.87f, 0.32f, 0.23f}, {0.98f, 0.60f, 0.05f}, {0.99f, 0.99f, 0.75f}};
        float p = Math.max(0f, Math.min(1f, x)) * (stops.length - 1);
        int i = Math.min(stops.length - 2, (int) p);
        float f = p - i;
        float[] c = new float[3];
        for (int k = 0; k < 3; k++) {
            c[k] = stops[i][k] + f * (stops[i + 1][k] - stops[i][k]);
        }
        return c;
    }

    /** An R32F field texture: width = frequency rows, height = time slots; nearest, wrapping in time. */
    static int fieldTexture(int rows, int slots) {
        int t = glGenTextures();
        glBindTexture(GL_TEXTURE_2D, t);
        glTexImage2D(GL_TEXTURE_2D, 0, GL_R32F, rows, slots, 0, GL_RED, GL_FLOAT, (FloatBuffer) null);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_NEAREST);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_REPEAT);
        FloatBuffer zeros = BufferUtils.createFloatBuffer(rows * slots);
        glTexSubImage2D(GL_TEXTURE_2D, 0, 0, 0, rows, slots, GL_RED, GL_FLOAT, zeros);
        return t;
    }

    void begin(int w, int h) {
        width = w;
        height = h;
        glViewport(0, 0, w, h);
        glDisable(GL_DEPTH_TEST);
        glEnable(GL_BLEND);
        glBlendFunc(GL_SRC_ALPHA, GL_ONE_MINUS_SRC_ALPHA);
        solid.clear();
    }

    /**
     * Draws a field texture into a rectangle: time t0..t1 left to right (texture y, plus offset,
     * wrapping), frequency f0..f1 bottom to top (texture x).
     */
    void field(int tex, float x, float y, float w, float h, float t0, float t1, float f0, float f1, float gain, float offset) {
        glUseProgram(imageProg);
        glUniform2f(uImageViewport, width, height);
        glUniform1f(uGain, gain);
        glUniform1f(uOffset, offset);
        glActiveTexture(GL_TEXTURE1);
        glBindTexture(GL_TEXTURE_2D, lut);
        glActiveTexture(GL_TEXTURE0);
        glBindTexture(GL_TEXTURE_2D, tex);
        quad.clear();
        // Two triangles; frequency f0 at the bottom edge (y + h).
        vert(x, y + h, t0, f0);
        vert(x + w, y + h, t1, f0);
        vert(x + w, y, t1, f1);
        vert(x, y + h, t0, f0);
        vert(x + w, y, t1, f1);
        vert(x, y, t0, f1);
        quad.flip();
        glBindVertexArray(imageVao);
        glBindBuffer(GL_ARRAY_BUFFER, imageVbo);
        glBufferSubData(GL_ARRAY_BUFFER, 0, quad);
        glDrawArrays(GL_TRIANGLES, 0, 6);
    }

    private void vert(float x, float y, float u, float v) {
        quad.put(x).put(y).put(u).put(v);
    }

    void rect(float x, float y, float w, float h, float r, float g, float b, float a) {
        if (solid.remaining() < 6 * SOLID_FLOATS) {
            return;
        }
        sv(x, y, r, g, b, a);
        sv(x + w, y, r, g, b, a);
        sv(x + w, y + h, r, g, b, a);
        sv(x, y, r, g, b, a);
        sv(x + w, y + h, r, g, b, a);
        sv(x, y + h, r, g, b, a);
    }

    /** Outline of a rectangle, t pixels thick. */
    void frame(float x, float y, float w, float h, float t, float r, float g, float b, float a) {
        rect(x, y, w, t, r, g, b, a);
        rect(x, y + h - t, w, t, r, g, b, a);
        rect(x, y, t, h, r, g, b, a);
        rect(x + w - t, y, t, h, r, g, b, a);
    }

    private void sv(float x, float y, float r, float g, float b, float a) {
        solid.put(x).put(y).put(r).put(g).put(b).put(a);
    }

    /** Text with its top-left corner at (x, y); stb_easy_font glyphs are about 7 px tall at scale 1. */
    void text(String s, float x, float y, float scale, float r, float g, float b) {
        textQuads.clear();
        int quads = STBEasyFont.stb_easy_font_print(0, 0, s, null, textQuads);
        for (int q = 0; q < quads; q++) {
            int base = q * 64;
            float x0 = textQuads.getFloat(base);
            float y0 = textQuads.getFloat(base + 4);
            float x1 = textQuads.getFloat(base + 32);
            float y1 = textQuads.getFloat(base + 36);
            rect(x + x0 * scale, y + y0 * scale, (x1 - x0) * scale, (y1 - y0) * scale, r, g, b, 1f);
        }
    }

    static float textWidth(String s, float scale) {
        return STBEasyFont.stb_easy_font_width(s) * scale;
    }

    void flush() {
        solid.flip();
        int verts = solid.limit() / SOLID_FLOATS;
        if (verts > 0) {
            glUseProgram(solidProg);
            glUniform2f(uSolidViewport, width, height);
            glBindVertexArray(solidVao);
            glBindBuffer(GL_ARRAY_BUFFER, solidVbo);
            glBufferSubData(GL_ARRAY_BUFFER, 0, solid);
            glDrawArrays(GL_TRIANGLES, 0, verts);
        }
        solid.clear();
    }

    private static int program(String vs, String fs) {
        int p = glCreateProgram();
        int v = shader(GL_VERTEX_SHADER, vs);
        int f = shader(GL_FRAGMENT_SHADER, fs);
        glAttachShader(p, v);
        glAttachShader(p, f);
        glLinkProgram(p);
        if (glGetProgrami(p, GL_LINK_STATUS) == 0) {
            throw new IllegalStateException("link: " + glGetProgramInfoLog(p));
        }
        glDeleteShader(v);
        glDeleteShader(f);
        return p;
    }

    private static int shader(int type, String src) {
        int s = glCreateShader(type);
        glShaderSource(s, src);
        glCompileShader(s);
        if (glGetShaderi(s, GL_COMPILE_STATUS) == 0) {
            throw new IllegalStateException("compile: " + glGetShaderInfoLog(s));
        }
        return s;
    }

    @Override
    public void close() {
        glDeleteProgram(solidProg);
        glDeleteProgram(imageProg);
        glDeleteBuffers(solidVbo);
        glDeleteBuffers(imageVbo);
        glDeleteVertexArrays(solidVao);
        glDeleteVertexArrays(imageVao);
        glDeleteTextures(lut);
    }
}
