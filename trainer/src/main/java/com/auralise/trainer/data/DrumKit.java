package com.auralise.trainer.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.UnsupportedAudioFileException;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * A Hydrogen drum kit (drumkit.xml plus WAV/AIFF samples) used as a second, sample-based drum
 * source: we map GM drum keys to the kit's instruments by name, pick the velocity layer Hydrogen
 * would, and mix the samples ourselves (velocity scales amplitude linearly, as in Hydrogen).
 * An open hi-hat is choked by the next hi-hat hit, as a real hat pedal does.
 */
public final class DrumKit {
    private static final Map<String, DrumKit> CACHE = new ConcurrentHashMap<>();

    /** A velocity layer; samples are read only for instruments we map (kits hold many we never play). */
    private static final class Layer {
        final Path file;
        final double min, max, gain;
        float[] samples;

        Layer(Path file, double min, double max, double gain) {
            this.file = file;
            this.min = min;
            this.max = max;
            this.gain = gain;
        }
    }

    private record Instrument(String name, double gain, List<Layer> layers) {
    }

    private final String name;
    private final int sampleRate;
    private final List<Instrument> instruments;
    private final Instrument[] byKey = new Instrument[128];

    private DrumKit(String name, int sampleRate, List<Instrument> instruments) throws IOException {
        this.name = name;
        this.sampleRate = sampleRate;
        this.instruments = instruments;
        mapKeys();
        for (Instrument ins : byKey) {
            if (ins == null) continue;
            for (Layer l : ins.layers) {
                if (l.samples != null) continue;
                try {
                    l.samples = trimLeadingSilence(readMono(l.file, sampleRate), sampleRate);
                } catch (UnsupportedAudioFileException e) {
                    throw new IOException(l.file + ": " + e.getMessage(), e);
                }
            }
        }
    }

    public String name() {
        return name;
    }

    /** Loads (once per JVM and rate) the kit in folder dir, resampling every sample to sampleRate. */
    public static DrumKit load(Path dir, int sampleRate) {
        return CACHE.computeIfAbsent(dir.toAbsolutePath() + "@" + sampleRate, k -> {
            try {
                return read(dir, sampleRate);
            } catch (Exception e) {
                throw new IllegalStateException("cannot load Hydrogen kit " + dir + ": " + e.getMessage(), e);
            }
        });
    }

    private static DrumKit read(Path dir, int sampleRate) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(false);
        Document doc = f.newDocumentBuilder().parse(dir.resolve("drumkit.xml").toFile());
        String kitName = text(doc.getDocumentElement(), "name", dir.getFileName().toString());
        List<Instrument> list = new ArrayList<>();
        NodeList ins = doc.getElementsByTagName("instrument");
        for (int i = 0; i < ins.getLength(); i++) {
            Element e = (Element) ins.item(i);
            String name = text(e, "name", "");
            double gain = num(e, "volume", 1) * num(e, "gain", 1);
            List<Layer> layers = new ArrayList<>();
            NodeList ls = e.getElementsByTagName("layer");
            for (int j = 0; j < ls.getLength(); j++) {
                Element l = (Element) ls.item(j);
                addLayer(dir, layers, text(l, "filename", ""), num(l, "min", 0), num(l, "max", 1), num(l, "gain", 1), sampleRate);
            }
            // Old kit format: one <filename> directly in <instrument>.
            if (ls.getLength() == 0) addLayer(dir, layers, text(e, "filename", ""), 0, 1, 1, sampleRate);
            if (!layers.isEmpty()) list.add(new Instrument(name, gain, layers));
        }
        return new DrumKit(kitName, sampleRate, list);
    }

    private static void addLayer(Path dir, List<Layer> layers, String file, double min, double max, double gain, int rate) {
        if (file.isEmpty()) return;
        Path p = dir.resolve(file);
        String lower = file.toLowerCase(Locale.ROOT);
        if (!Files.isRegularFile(p) || !(lower.endsWith(".wav") || lower.endsWith(".aif") || lower.endsWith(".aiff") || lower.endsWith(".flac"))) return;
        layers.add(new Layer(p, min, max, gain));
    }

    /**
     * Some kit samples start with several ms of near-silence (ForzeeStereo's kick: 7 ms); the onset
     * truth is the trigger time, so the sound must start there. Cut to 0.5 ms before the first
     * sample within 40 dB of the peak.
     */
    static float[] trimLeadingSilence(float[] x, int sampleRate) {
        float peak = 0;
        for (float v : x) peak = Math.max(peak, Math.abs(v));
        int first = 0;
        while (first < x.length && Math.abs(x[first]) < 0.01f * peak) first++;
        int from = Math.max(0, first - sampleRate / 2000);
        return from == 0 ? x : java.util.Arrays.copyOfRange(x, from, x.length);
    }

    private static String text(Element e, String tag, String dflt) {
        NodeList nl = e.getElementsByTagName(tag);
        for (int i = 0; i < nl.getLength(); i++) {
            if (nl.item(i).getParentNode() == e) return nl.item(i).getTextContent().trim();
        }
        return dflt;
    }

    private static double num(Element e, String tag, double dflt) {
        try {
            String t = text(e, tag, "");
            return t.isEmpty() ? dflt : Double.parseDouble(t);
        } catch (NumberFormatException ex) {
            return dflt;
        }
    }

    /** FLAC via jflac's decoder (most Hydrogen kits are FLAC); little-endian signed PCM out. */
    private static float[] readFlacMono(Path p, int rate) throws IOException {
        try (java.io.InputStream in = new java.io.BufferedInputStream(Files.newInputStream(p))) {
            org.jflac.FLACDecoder dec = new org.jflac.FLACDecoder(in);
            java.io.ByteArrayOutputStream pcm = new java.io.ByteArrayOutputStream();
            org.jflac.metadata.StreamInfo[] info = new org.jflac.metadata.StreamInfo[1];
            dec.addPCMProcessor(new org.jflac.PCMProcessor() {
                @Override
                public void processStreamInfo(org.jflac.metadata.StreamInfo si) {
                    info[0] = si;
                }

                @Override
                public void processPCM(org.jflac.util.ByteData d) {
                    pcm.write(d.getData(), 0, d.getLen());
                }
            });
            dec.decode();
            if (info[0] == null) throw new IOException(p + ": no FLAC stream info");
            int bits = info[0].getBitsPerSample();
            // jflac emits 8-bit as unsigned bytes, wider samples as little-endian signed.
            AudioFormat f = new AudioFormat(bits == 8 ? AudioFormat.Encoding.PCM_UNSIGNED : AudioFormat.Encoding.PCM_SIGNED,
                    info[0].getSampleRate(), bits, info[0].getChannels(), info[0].getChannels() * ((bits + 7) / 8),
                    info[0].getSampleRate(), false);
            return toMono(pcm.toByteArray(), f, rate);
        }
    }

    /** Reads any PCM/float WAV or AIFF, or FLAC, averages channels, resamples to rate. */
    static float[] readMono(Path p, int rate) throws IOException, UnsupportedAudioFileException {
        if (p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".flac")) return readFlacMono(p, rate);
        try (AudioInputStream in = AudioSystem.getAudioInputStream(p.toFile())) {
            return toMono(in.readAllBytes(), in.getFormat(), rate);
        }
    }

    private static float[] toMono(byte[] b, AudioFormat f, int rate) {
        int ch = f.getChannels(), bytes = f.getSampleSizeInBits() / 8, frame = ch * bytes;
        int n = b.length / frame;
        float[] x = new float[n];
        boolean big = f.isBigEndian(), flt = f.getEncoding() == AudioFormat.Encoding.PCM_FLOAT;
        boolean unsigned = f.getEncoding() == AudioFormat.Encoding.PCM_UNSIGNED;
        for (int i = 0; i < n; i++) {
            double s = 0;
            for (int c = 0; c < ch; c++) {
                int o = i * frame + c * bytes;
                long v = 0;
                for (int k = 0; k < bytes; k++) {
                    int by = b[o + (big ? k : bytes - 1 - k)] & 0xff;
                    v = (v << 8) | by;
                }
                if (flt) {
                    s += bytes == 4 ? Float.intBitsToFloat((int) v) : Double.longBitsToDouble(v);
                } else if (unsigned) {
                    s += (v - (1L << (8 * bytes - 1))) / (double) (1L << (8 * bytes - 1));
                } else {
                    long signed = (v << (64 - 8 * bytes)) >> (64 - 8 * bytes);
                    s += signed / (double) (1L << (8 * bytes - 1));
                }
            }
            x[i] = (float) (s / ch);
        }
        return resample(x, f.getSampleRate(), rate);
    }

    /**
     * Offline windowed-sinc resampling (Blackman, 12 zero crossings, cut at the lower Nyquist).
     * Integer rates give a rational ratio L/M, so the kernel is tabulated once per output phase
     * (L phases; 1 for 44.1 -> 22.05 kHz) instead of evaluated per tap: kit loading went from ~50 s
     * to about a second.
     */
    static float[] resample(float[] x, double from, double to) {
        if (Math.abs(from - to) < 1e-9) return x;
        long f = Math.round(from), t = Math.round(to);
        long g = gcd(f, t);
        int up = (int) (t / g), down = (int) (f / g); // output k sits at input k * down / up
        double cut = Math.min(1.0, to / from);
        int half = (int) Math.ceil(12 / cut), taps = 2 * half;
        if ((long) up * taps > 4_000_000) throw new IllegalArgumentException("rate ratio " + from + "/" + to + " too irregular");
        float[] table = new float[up * taps];
        for (int ph = 0; ph < up; ph++) {
            double frac = ph / (double) up;
            for (int j = 0; j < taps; j++) {
                double d = (j - half + 1) - frac, u = d / half;
                double a = d * cut;
                double sinc = Math.abs(a) < 1e-12 ? 1 : Math.sin(Math.PI * a) / (Math.PI * a);
                double w = Math.abs(u) >= 1 ? 0 : 0.42 + 0.5 * Math.cos(Math.PI * u) + 0.08 * Math.cos(2 * Math.PI * u);
                table[ph * taps + j] = (float) (cut * sinc * w);
            }
        }
        int n = (int) ((long) x.length * up / down);
        float[] y = new float[n];
        for (int k = 0; k < n; k++) {
            long pos = (long) k * down;
            int c = (int) (pos / up), ph = (int) (pos % up);
            int base = ph * taps, j0 = c - half + 1;
            double acc = 0;
            for (int j = 0; j < taps; j++) {
                int idx = j0 + j;
                if (idx >= 0 && idx < x.length) acc += x[idx] * table[base + j];
            }
            y[k] = (float) acc;
        }
        return y;
    }

    private static long gcd(long a, long b) {
        return b == 0 ? a : gcd(b, a % b);
    }

    private Instrument find(Predicate<String> p) {
        for (Instrument i : instruments) if (p.test(i.name.toLowerCase(Locale.ROOT))) return i;
        return null;
    }

    private static Predicate<String> has(String... words) {
        return s -> {
            for (String w : words) if (!s.contains(w)) return false;
            return true;
        };
    }

    /** GM key -> kit instrument by name, with fallbacks so every key we play has a sound. */
    private void mapKeys() {
        Predicate<String> hat = s -> s.contains("hat") || s.contains("hh");
        Instrument kick = find(s -> s.contains("kick") || s.contains("bassdrum") || s.contains("bass drum"));
        Instrument snare = find(s -> s.contains("snare") && !s.contains("roll") && !s.contains("rim") && !s.contains("2"));
        if (snare == null) snare = find(s -> s.contains("snare"));
        Instrument snare2 = find(s -> s.contains("snare") && s != null && !s.contains("roll") && (s.contains("2") || s.contains("rim") || s.contains("rock") || s.contains("dry")));
        Instrument side = find(s -> s.contains("stick") || s.contains("rim click"));
        Instrument clap = find(has("clap"));
        // Kits abbreviate: "Hat 1 Cl", "Hat Op Dirty", "Side OHH".
        Instrument closed = find(s -> hat.test(s) && (s.contains("clos") || s.matches(".*\\bcl\\b.*")));
        Instrument pedal = find(s -> hat.test(s) && (s.contains("pedal") || s.matches(".*\\bpd\\b.*")));
        Instrument open = find(s -> hat.test(s) && (s.contains("open") || s.matches(".*\\b(op|ohh)\\b.*")));
        Instrument crash = find(s -> s.contains("crash") && !s.contains("bell") && !s.contains("bow"));
        Instrument ride = find(s -> s.contains("ride") && !s.contains("bell") && !s.contains("cup") && !s.contains("crash"));
        Instrument bell = find(s -> s.contains("ride") && (s.contains("bell") || s.contains("cup")));
        Instrument china = find(s -> s.contains("china") || s.contains("splash"));
        if (closed == null) closed = find(hat);
        byKey[35] = byKey[36] = kick;
        byKey[38] = snare;
        byKey[40] = snare2 != null ? snare2 : snare;
        byKey[37] = side != null ? side : snare;
        byKey[39] = clap != null ? clap : snare;
        byKey[42] = closed;
        byKey[44] = pedal != null ? pedal : closed;
        byKey[46] = open != null ? open : closed;
        byKey[49] = byKey[57] = crash != null ? crash : (ride != null ? ride : byKey[46]);
        byKey[51] = byKey[59] = ride != null ? ride : (crash != null ? crash : closed);
        byKey[53] = bell != null ? bell : byKey[51];
        byKey[52] = byKey[55] = china != null ? china : byKey[49];
        if (kick == null || snare == null || closed == null) {
            throw new IllegalStateException("kit " + name + " lacks a kick, snare or hi-hat");
        }
    }

    /** Name of the kit instrument a GM key plays (for metadata and tests). */
    public String instrumentFor(int key) {
        Instrument i = key >= 0 && key < 128 ? byKey[key] : null;
        return i == null ? null : i.name;
    }

    /** Mixes the samples of these notes into frames samples. */
    public float[] render(List<NoteEvent> notes, int frames) {
        float[] out = new float[frames];
        for (int idx = 0; idx < notes.size(); idx++) {
            NoteEvent n = notes.get(idx);
            Instrument ins = byKey[n.pitch()];
            if (ins == null) continue;
            double v = n.velocity() / 127.0;
            Layer layer = ins.layers.get(0);
            for (Layer l : ins.layers) if (v >= l.min && v <= l.max) layer = l;
            double g = ins.gain * layer.gain * v;
            int start = (int) Math.round(n.time() * sampleRate);
            int len = layer.samples.length;
            int fade = Math.max(1, sampleRate / 100);
            if (n.pitch() == 46) {
                // Choke: the next hi-hat hit closes an open hat (10 ms fade).
                for (int j = idx + 1; j < notes.size(); j++) {
                    int k = notes.get(j).pitch();
                    if (k == 42 || k == 44 || k == 46) {
                        len = Math.min(len, (int) Math.round(notes.get(j).time() * sampleRate) - start + fade);
                        break;
                    }
                }
            }
            for (int i = 0; i < len && start + i < frames; i++) {
                double env = i >= len - fade && len < layer.samples.length ? (len - i) / (double) fade : 1;
                out[start + i] += (float) (g * env * layer.samples[i]);
            }
        }
        return out;
    }
}
