package com.auralise.trainer.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Renders a {@link SongPlan} into a {@link Clip}: each part separately (Gervill for SoundFont parts,
 * sample mixing for Hydrogen kits), loudness-normalised, levelled, tilt EQ and reverb per stem,
 * bus compression and peak normalisation by gains shared by all stems, and finally
 * mix = sum of stems in float, in {@link Part} order.
 */
public final class ClipGenerator {
    /** Bumped whenever output for a given seed changes, so stale caches are regenerated. */
    public static final int VERSION = 2;
    private static final double TARGET_RMS = 0.1; // -20 dBFS over the active part of a stem

    private ClipGenerator() {
    }

    /** Seed of clip index of a data set: splits and indices get unrelated streams. */
    public static long clipSeed(long datasetSeed, Split split, int index) {
        long z = datasetSeed * 0x9E3779B97F4A7C15L + (split.ordinal() + 1) * 0xBF58476D1CE4E5B9L + index * 0x94D049BB133111EBL;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    public static Clip generate(long seed, Split split, double seconds, int sampleRate) {
        return render(Composer.compose(seed, split, seconds, sampleRate));
    }

    public static Clip render(SongPlan plan) {
        int sr = plan.sampleRate(), frames = plan.frames();
        Path sf = Split.SF2_DIR.resolve(plan.soundFont());
        DrumKit kit = plan.drumKit() == null ? null : DrumKit.load(Split.KIT_DIR.resolve(plan.drumKit()), sr);
        int gmKit = SoundFontRenderer.hasProgram(sf, plan.gmDrumProgram(), true) ? plan.gmDrumProgram() : 0;
        MixSettings fx = plan.mix();

        EnumMap<Part, float[]> stems = new EnumMap<>(Part.class);
        for (Part p : Part.values()) {
            List<NoteEvent> notes = new ArrayList<>();
            for (NoteEvent n : plan.notes()) if (n.part() == p) notes.add(n);
            float[] x;
            if (notes.isEmpty()) {
                x = new float[frames];
            } else if (p.isDrum()) {
                x = kit != null ? kit.render(notes, frames) : SoundFontRenderer.render(sf, notes, true, gmKit, sr, frames);
            } else {
                x = SoundFontRenderer.render(sf, notes, false, plan.programs()[p.ordinal()], sr, frames);
            }
            levelAndEffects(x, p, fx, sr);
            stems.put(p, x);
        }

        float[] mix = busAndPeak(stems, fx, sr, frames);

        List<Onset> onsets = new ArrayList<>();
        for (NoteEvent n : plan.notes()) onsets.add(n.onset());
        return new Clip(sr, mix, stems, onsets, meta(plan, gmKit, kit));
    }

    /**
     * One stem's processing before the bus, in place: loudness normalisation to TARGET_RMS over its
     * active part, the part's level, tilt EQ and reverb send. Silent stems stay silent.
     */
    static void levelAndEffects(float[] x, Part p, MixSettings fx, int sr) {
        int frames = x.length;
        double rms = activeRms(x, sr);
        if (rms > 0) {
            double g = TARGET_RMS / rms * Math.pow(10, fx.levelDb()[p.ordinal()] / 20);
            for (int i = 0; i < frames; i++) x[i] = (float) (x[i] * g);
        }
        Effects.tilt(x, fx.tiltDb(), fx.tiltHz(), sr);
        Effects.reverb(x, fx.reverbRoom(), fx.reverbDamp(), fx.reverbSend()[p.ordinal()], fx.predelayMs(), sr);
    }

    /**
     * The bus: compressor gain from the mix multiplied into every stem, then one gain for the mix
     * peak; stems are changed in place and the returned mix is their float sum in Part order.
     */
    static float[] busAndPeak(Map<Part, float[]> stems, MixSettings fx, int sr, int frames) {
        float[] mix = sum(stems, frames);
        float[] gain = Effects.compressorGain(mix, fx.compRatio(), fx.compThreshDb(), fx.compAttackMs(), fx.compReleaseMs(), sr);
        for (float[] x : stems.values()) for (int i = 0; i < frames; i++) x[i] *= gain[i];
        mix = sum(stems, frames);
        float peak = 0;
        for (float v : mix) peak = Math.max(peak, Math.abs(v));
        if (peak > 0) {
            float g = (float) (fx.peak() / peak);
            for (float[] x : stems.values()) for (int i = 0; i < frames; i++) x[i] *= g;
        }
        return sum(stems, frames);
    }

    /** The identity the data promises: float sum in Part order. */
    static float[] sum(Map<Part, float[]> stems, int frames) {
        float[] m = new float[frames];
        for (Part p : Part.values()) {
            float[] x = stems.get(p);
            for (int i = 0; i < frames; i++) m[i] += x[i];
        }
        return m;
    }

    /** RMS of the louder half of 50 ms windows that are not silent: level while playing, not diluted by rests. */
    static double activeRms(float[] x, int sr) {
        int w = Math.max(1, sr / 20);
        List<Double> e = new ArrayList<>();
        for (int s = 0; s + w <= x.length; s += w) {
            double acc = 0;
            for (int i = s; i < s + w; i++) acc += x[i] * (double) x[i];
            if (acc > 1e-12 * w) e.add(acc / w);
        }
        if (e.isEmpty()) return 0;
        double[] a = e.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(a);
        double acc = 0;
        int from = a.length / 2;
        for (int i = from; i < a.length; i++) acc += a[i];
        return Math.sqrt(acc / (a.length - from));
    }

    private static Map<String, Object> meta(SongPlan p, int gmKit, DrumKit kit) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", String.format("%016x", p.seed()));
        m.put("generatorVersion", VERSION);
        m.put("seed", p.seed());
        m.put("split", p.split().id());
        m.put("sampleRate", p.sampleRate());
        m.put("seconds", p.seconds());
        m.put("frames", p.frames());
        m.put("style", p.style().id());
        m.put("bpm", p.bpm());
        m.put("swing", p.swing());
        m.put("swingUnit", p.swingUnit());
        m.put("key", new String[] {"C", "C#", "D", "D#", "E", "F", "F#", "G", "G#", "A", "A#", "B"}[p.keyRoot()]);
        m.put("mode", p.mode());
        m.put("soundFont", p.soundFont());
        m.put("drumKit", kit == null ? null : p.drumKit());
        m.put("gmDrumProgram", kit == null ? gmKit : null);
        Map<String, Object> programs = new LinkedHashMap<>();
        Map<String, Object> present = new LinkedHashMap<>();
        for (Part part : Part.values()) {
            if (!part.isDrum()) programs.put(part.id(), p.programs()[part.ordinal()]);
            present.put(part.id(), p.present()[part.ordinal()]);
        }
        m.put("programs", programs);
        m.put("present", present);
        m.put("effects", effectsMeta(p.mix()));
        m.put("onsets", p.notes().size());
        return m;
    }

    /** The effects block of meta.json. */
    static Map<String, Object> effectsMeta(MixSettings f) {
        Map<String, Object> fx = new LinkedHashMap<>();
        Map<String, Object> levels = new LinkedHashMap<>();
        Map<String, Object> sends = new LinkedHashMap<>();
        for (Part part : Part.values()) {
            levels.put(part.id(), f.levelDb()[part.ordinal()]);
            sends.put(part.id(), f.reverbSend()[part.ordinal()]);
        }
        fx.put("levelDb", levels);
        fx.put("tiltDb", f.tiltDb());
        fx.put("tiltHz", f.tiltHz());
        fx.put("reverbRoom", f.reverbRoom());
        fx.put("reverbDamp", f.reverbDamp());
        fx.put("reverbSend", sends);
        fx.put("predelayMs", f.predelayMs());
        fx.put("compRatio", f.compRatio());
        fx.put("compThreshDb", f.compThreshDb());
        fx.put("compAttackMs", f.compAttackMs());
        fx.put("compReleaseMs", f.compReleaseMs());
        fx.put("peak", f.peak());
        fx.put("note", "tilt and reverb are linear and applied per stem; the bus compressor's gain is computed from the mix and applied to every stem; mix == sum(stems)");
        return fx;
    }
}
