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
                    l.samples = readMono(l.file, sampleRate);
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
        // FLAC layers are skipped: javax.sound has no FLAC decoder.
        if (!Files.isRegularFile(p) || !(lower.endsWith(".wav") || lower.endsWith(".aif") || lower.endsWith(".aiff"))) return;
        layers.add(new Layer(p, min, max, gain));
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

    /** Reads any PCM/float WAV or AIFF, averages channels, resamples to rate. */
    static float[] readMono(Path p, int rate) throws IOException, UnsupportedAudioFileException {
        try (AudioInputStream in = AudioSystem.getAudioInputStream(p.toFile())) {
            AudioFormat f = in.getFormat();
            byte[] b = in.readAllBytes();
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
    }

    /** Offline windowed-sinc (Blackman, 16 zero crossings) resampling, low-passed below the lower Nyquist. */
    static float[] resample(float[] x, double from, double to) {
        if (Math.abs(from - to) < 1e-9) return x;
        double ratio = from / to, cut = Math.min(1.0, to / from);
        int half = (int) Math.ceil(16 / cut);
        int n = (int) Math.floor(x.length / ratio);
        float[] y = new float[n];
        for (int k = 0; k < n; k++) {
            double pos = k * ratio;
            int c = (int) Math.floor(pos);
            double acc = 0;
            for (int j = c - half + 1; j <= c + half; j++) {
                if (j < 0 || j >= x.length) continue;
                double d = j - pos, u = d / half;
                if (Math.abs(u) >= 1) continue;
                double a = d * cut;
                double sinc = Math.abs(a) < 1e-12 ? 1 : Math.sin(Math.PI * a) / (Math.PI * a);
                double w = 0.42 + 0.5 * Math.cos(Math.PI * u) + 0.08 * Math.cos(2 * Math.PI * u);
                acc += x[j] * cut * sinc * w;
            }
            y[k] = (float) acc;
        }
        return y;
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
        Instrument closed = find(s -> hat.test(s) && s.contains("clos"));
        Instrument pedal = find(s -> hat.test(s) && s.contains("pedal"));
        Instrument open = find(s -> hat.test(s) && s.contains("open"));
        Instrument crash = find(s -> s.contains("crash") && !s.contains("bell") && !s.contains("bow"));
        Instrument ride = find(s -> s.contains("ride") && !s.contains("bell") && !s.contains("crash"));
        Instrument bell = find(s -> s.contains("ride") && s.contains("bell"));
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
        byKey[49] = byKey[57] = crash != null ? crash : (ride != null ? ride : open);
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
