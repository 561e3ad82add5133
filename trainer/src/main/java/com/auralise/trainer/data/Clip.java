package com.auralise.trainer.data;

import com.auralise.audio.WavFile;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * One generated clip as the training code sees it: the mix, one stem per {@link Part} (same length;
 * mix == sum of stems in {@link Part} order, in float), every note onset, and metadata (style,
 * tempo, key, sources, programs, effects). On disk a clip is a folder: mix.wav and &lt;part&gt;.wav
 * (mono 32-bit float), onsets.csv and meta.json, which is written last and marks the folder complete.
 */
public final class Clip {
    public static final String META = "meta.json";
    public static final String ONSETS = "onsets.csv";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final int sampleRate;
    private final float[] mix;
    private final EnumMap<Part, float[]> stems;
    private final List<Onset> onsets;
    private final Map<String, Object> meta;

    public Clip(int sampleRate, float[] mix, Map<Part, float[]> stems, List<Onset> onsets, Map<String, Object> meta) {
        this.sampleRate = sampleRate;
        this.mix = mix;
        this.stems = new EnumMap<>(stems);
        for (Part p : Part.values()) {
            float[] s = this.stems.get(p);
            if (s == null || s.length != mix.length) throw new IllegalArgumentException("stem " + p + " missing or wrong length");
        }
        List<Onset> sorted = new ArrayList<>(onsets);
        Collections.sort(sorted);
        this.onsets = Collections.unmodifiableList(sorted);
        this.meta = Collections.unmodifiableMap(new LinkedHashMap<>(meta));
    }

    public int sampleRate() {
        return sampleRate;
    }

    public int frames() {
        return mix.length;
    }

    public double seconds() {
        return mix.length / (double) sampleRate;
    }

    /** The mix (not a copy: do not modify). */
    public float[] mix() {
        return mix;
    }

    /** One stem (not a copy: do not modify); all zeros when the part does not play. */
    public float[] stem(Part p) {
        return stems.get(p);
    }

    public List<Onset> onsets() {
        return onsets;
    }

    public List<Onset> onsets(Part p) {
        return onsets.stream().filter(o -> o.part() == p).toList();
    }

    /** Whether the part plays at least one note in this clip (a multi-label presence target). */
    public boolean present(Part p) {
        for (Onset o : onsets) if (o.part() == p) return true;
        return false;
    }

    public Map<String, Object> meta() {
        return meta;
    }

    public String id() {
        return String.valueOf(meta.get("id"));
    }

    public String style() {
        return String.valueOf(meta.get("style"));
    }

    public double bpm() {
        return ((Number) meta.get("bpm")).doubleValue();
    }

    public String split() {
        return String.valueOf(meta.get("split"));
    }

    public String soundFont() {
        return String.valueOf(meta.get("soundFont"));
    }

    /** Hydrogen kit name, or null when the drums came from the SoundFont. */
    public String drumKit() {
        Object k = meta.get("drumKit");
        return k == null ? null : k.toString();
    }

    public void save(Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.deleteIfExists(dir.resolve(META)); // incomplete until meta.json is back
        WavFile.writeFloat(dir.resolve("mix.wav"), sampleRate, mix);
        for (Part p : Part.values()) WavFile.writeFloat(dir.resolve(p.id() + ".wav"), sampleRate, stems.get(p));
        Path tmp = dir.resolve(ONSETS + ".tmp");
        try (BufferedWriter w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
            w.write("time,part,pitch,velocity,duration\n");
            for (Onset o : onsets) {
                // Shortest exact decimal: parses back to the same double.
                w.write(o.time() + "," + o.part().id() + "," + o.pitch() + "," + o.velocity() + "," + o.duration() + "\n");
            }
        }
        Files.move(tmp, dir.resolve(ONSETS), StandardCopyOption.REPLACE_EXISTING);
        Path mt = dir.resolve(META + ".tmp");
        JSON.writeValue(mt.toFile(), meta);
        Files.move(mt, dir.resolve(META), StandardCopyOption.REPLACE_EXISTING);
    }

    /** True when a clip folder was written completely. */
    public static boolean isComplete(Path dir) {
        return Files.isRegularFile(dir.resolve(META));
    }

    public static Map<String, Object> readMeta(Path dir) throws IOException {
        return JSON.readValue(dir.resolve(META).toFile(), new TypeReference<LinkedHashMap<String, Object>>() { });
    }

    public static Clip load(Path dir) throws IOException {
        Map<String, Object> meta = readMeta(dir);
        WavFile mixFile = readStem(dir.resolve("mix.wav"));
        float[] mix = mixFile.data[0];
        EnumMap<Part, float[]> stems = new EnumMap<>(Part.class);
        for (Part p : Part.values()) stems.put(p, readStem(dir.resolve(p.id() + ".wav")).data[0]);
        List<Onset> onsets = new ArrayList<>();
        List<String> lines = Files.readAllLines(dir.resolve(ONSETS), StandardCharsets.UTF_8);
        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i).trim();
            if (line.isEmpty()) continue;
            String[] f = line.split(",");
            onsets.add(new Onset(Double.parseDouble(f[0]), Part.fromId(f[1]), Integer.parseInt(f[2]), Integer.parseInt(f[3]),
                    f.length > 4 ? Double.parseDouble(f[4]) : 0));
        }
        return new Clip(mixFile.sampleRate, mix, stems, onsets, meta);
    }

    /** The cache holds only what save() wrote: mono float, so mix == sum(stems) survives bit for bit. */
    private static WavFile readStem(Path file) throws IOException {
        WavFile w = WavFile.read(file);
        if (w.channels() != 1 || w.bits != 0) {
            throw new IOException(file + ": expected mono float, got " + w.channels() + " ch, "
                    + (w.bits == 0 ? "float" : w.bits + "-bit PCM"));
        }
        return w;
    }

    /** Complete clip folders under a cache folder, in name order (clip-00000, clip-00001, ...). */
    public static List<Path> list(Path cacheDir) throws IOException {
        if (!Files.isDirectory(cacheDir)) return List.of();
        try (Stream<Path> s = Files.list(cacheDir)) {
            return s.filter(Files::isDirectory).filter(Clip::isComplete).sorted().toList();
        }
    }
}
