package com.auralise.renderer.audio;

import com.auralise.audio.AudioFormatException;
import com.auralise.audio.AudioInput;

import org.jflac.ChannelData;
import org.jflac.FLACDecoder;
import org.jflac.frame.Frame;
import org.jflac.metadata.StreamInfo;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** Streaming FLAC reader on jflac: decodes one FLAC frame at a time and hands out blocks. */
public final class FlacReader implements AudioInput {
    private final InputStream in;
    private final FLACDecoder decoder;
    private final int rate;
    private final int channels;
    private final int bits;
    private final long frames;
    private final float scale;
    // The current decoded FLAC frame and how much of it was handed out.
    private int frameLen;
    private int framePos;
    private long decoded;
    private boolean eof;

    public FlacReader(Path file) throws IOException {
        in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        boolean ok = false;
        try {
            decoder = new FLACDecoder(in);
            StreamInfo info;
            try {
                decoder.readMetadata();
                info = decoder.getStreamInfo();
            } catch (RuntimeException e) {
                throw new AudioFormatException("corrupt FLAC metadata: " + e, e);
            }
            if (info == null) {
                throw new AudioFormatException("corrupt FLAC: no STREAMINFO block");
            }
            rate = info.getSampleRate();
            channels = info.getChannels();
            bits = info.getBitsPerSample();
            Formats.checkLayout(rate, channels);
            if (bits < 4 || bits > 32) {
                throw new AudioFormatException("corrupt FLAC: " + bits + " bits per sample");
            }
            frames = info.getTotalSamples() > 0 ? info.getTotalSamples() : -1;
            scale = (float) (1.0 / (1L << (bits - 1)));
            ok = true;
        } finally {
            if (!ok) {
                in.close();
            }
        }
    }

    @Override
    public String description() {
        return "FLAC " + bits + "-bit";
    }

    @Override
    public int sampleRate() {
        return rate;
    }

    @Override
    public int channels() {
        return channels;
    }

    @Override
    public int bitsPerSample() {
        return bits;
    }

    @Override
    public long frames() {
        return frames;
    }

    @Override
    public int read(float[][] buf, int max) throws IOException {
        int n = 0;
        while (n < max) {
            if (framePos == frameLen) {
                if (eof || !nextFrame()) {
                    break;
                }
            }
            int k = Math.min(max - n, frameLen - framePos);
            ChannelData[] data = decoder.getChannelData();
            for (int c = 0; c < channels; c++) {
                int[] s = data[c].getOutput();
                float[] dst = buf[c];
                for (int i = 0; i < k; i++) {
                    dst[n + i] = s[framePos + i] * scale;
                }
            }
            framePos += k;
            n += k;
        }
        return n;
    }

    private boolean nextFrame() throws IOException {
        Frame f;
        try {
            f = decoder.readNextFrame();
        } catch (IOException | RuntimeException e) {
            throw new AudioFormatException("corrupt FLAC frame after " + decoded + " samples: " + e.getMessage(), e);
        }
        if (decoder.getBadFrames() > 0) {
            throw new AudioFormatException("corrupt FLAC: bad frame (CRC or header error) after " + decoded + " samples");
        }
        if (f == null) {
            eof = true;
            if (frames > 0 && decoded < frames) {
                throw new AudioFormatException("corrupt or truncated FLAC: only " + decoded + " of " + frames + " samples decodable");
            }
            return false;
        }
        if (f.header.channels != channels) {
            throw new AudioFormatException("corrupt FLAC: frame with " + f.header.channels + " channels in a " + channels + "-channel stream");
        }
        // jflac skips damaged frames silently; a gap in the sample numbers gives them away.
        if (f.header.sampleNumber >= 0 && f.header.sampleNumber != decoded) {
            throw new AudioFormatException("corrupt FLAC: samples " + decoded + "-" + f.header.sampleNumber + " are damaged or missing");
        }
        frameLen = f.header.blockSize;
        framePos = 0;
        decoded += frameLen;
        return true;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
