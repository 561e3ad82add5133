package com.auralise.renderer.audio;

import com.auralise.audio.AudioFormatException;
import com.auralise.audio.AudioInput;

import com.jcraft.jogg.Packet;
import com.jcraft.jogg.Page;
import com.jcraft.jogg.StreamState;
import com.jcraft.jogg.SyncState;
import com.jcraft.jorbis.Block;
import com.jcraft.jorbis.Comment;
import com.jcraft.jorbis.DspState;
import com.jcraft.jorbis.Info;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Streaming Ogg Vorbis reader on JOrbis, page by page. Not through VorbisSPI: it decodes short
 * files to nothing and pads the end; here the last page's granule position trims the output to
 * the exact encoded length, and samples stay float (no 16-bit detour).
 */
public final class OggReader implements AudioInput {
    private static final int CHUNK = 8192;

    private final InputStream in;
    private final SyncState oy = new SyncState();
    private final StreamState os = new StreamState();
    private final Page og = new Page();
    private final Packet op = new Packet();
    private final Info vi = new Info();
    private final Comment vc = new Comment();
    private final DspState vd = new DspState();
    private final Block vb;
    private final float[][][] pcm = new float[1][][];
    private final int[] index;
    private int serial;
    private long produced;
    private long limit = Long.MAX_VALUE;
    private boolean inputEnded;

    public OggReader(Path file) throws IOException {
        in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        boolean ok = false;
        try {
            oy.init();
            if (!nextPage()) {
                throw new AudioFormatException("corrupt Ogg: no page found");
            }
            serial = og.serialno();
            os.init(serial);
            vi.init();
            vc.init();
            os.pagein(og);
            if (os.packetout(op) != 1 || vi.synthesis_headerin(vc, op) < 0) {
                throw new AudioFormatException("unsupported Ogg stream: only Ogg Vorbis is supported (Opus, FLAC-in-Ogg are not)");
            }
            for (int headers = 1; headers < 3; ) {
                int r = os.packetout(op);
                if (r == 1) {
                    if (vi.synthesis_headerin(vc, op) < 0) {
                        throw new AudioFormatException("corrupt Ogg Vorbis header");
                    }
                    headers++;
                } else if (r < 0 || !nextPage()) {
                    throw new AudioFormatException("corrupt or truncated Ogg Vorbis header");
                } else {
                    os.pagein(og);
                }
            }
            Formats.checkLayout(vi.rate, vi.channels);
            vd.synthesis_init(vi);
            vb = new Block(vd);
            index = new int[vi.channels];
            ok = true;
        } catch (RuntimeException e) {
            throw new AudioFormatException("corrupt Ogg Vorbis header: " + e, e);
        } finally {
            if (!ok) {
                in.close();
            }
        }
    }

    /** Reads the next page into og; false at the end of the input. */
    private boolean nextPage() throws IOException {
        while (true) {
            int r = oy.pageout(og);
            if (r == 1) {
                return true;
            }
            if (r < 0) {
                throw new AudioFormatException("corrupt Ogg data: damaged or missing page after " + produced + " samples");
            }
            if (inputEnded) {
                return false;
            }
            int off = oy.buffer(CHUNK);
            int n = in.read(oy.data, off, CHUNK);
            if (n <= 0) {
                inputEnded = true;
                n = 0;
            }
            oy.wrote(n);
        }
    }

    @Override
    public String description() {
        return "Ogg Vorbis";
    }

    @Override
    public int sampleRate() {
        return vi.rate;
    }

    @Override
    public int channels() {
        return vi.channels;
    }

    @Override
    public int bitsPerSample() {
        return 0;
    }

    @Override
    public long frames() {
        return -1;
    }

    @Override
    public int read(float[][] buf, int max) throws IOException {
        int n = 0;
        try {
            while (n < max && produced < limit) {
                int avail = vd.synthesis_pcmout(pcm, index);
                if (avail > 0) {
                    int k = (int) Math.min(Math.min(avail, max - n), limit - produced);
                    for (int c = 0; c < vi.channels; c++) {
                        System.arraycopy(pcm[0][c], index[c], buf[c], n, k);
                    }
                    vd.synthesis_read(k);
                    n += k;
                    produced += k;
                    continue;
                }
                int r = os.packetout(op);
                if (r == 1) {
                    if (vb.synthesis(op) == 0) {
                        vd.synthesis_blockin(vb);
                    }
                } else if (r < 0) {
                    throw new AudioFormatException("corrupt Ogg Vorbis data after " + produced + " samples");
                } else {
                    if (!nextPage()) {
                        break;
                    }
                    if (og.serialno() != serial) {
                        throw new AudioFormatException("unsupported: chained or multiplexed Ogg streams");
                    }
                    os.pagein(og);
                    if (og.eos() != 0 && og.granulepos() >= 0) {
                        limit = og.granulepos(); // the end trim of the last packet
                    }
                }
            }
        } catch (RuntimeException e) {
            throw new AudioFormatException("corrupt Ogg Vorbis data after " + produced + " samples: " + e, e);
        }
        return n;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
