package com.auralise.trainer.train;

import com.auralise.model.ConvWeights;
import com.auralise.model.Model;
import com.auralise.model.ModelSpec;
import com.auralise.model.ModelWriter;
import com.auralise.trainer.data.Clip;
import com.auralise.trainer.data.Split;
import com.auralise.trainer.interop.Dl4jExport;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.factory.Nd4j;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Trains the shipped models in one command and exports them with provenance:
 * <pre>
 *   TrainDefaultModel --out presets/models/default.auralise --live-out presets/models/live.auralise
 * </pre>
 * Studio (same padding) is trained from scratch; live (causal) starts from the studio weights and
 * is fine-tuned with past-only padding. Prints per-label held-out AUC on the evaluation split
 * (held-out SoundFont and drum kit). Options: --seed, --train-clips, --eval-clips, --seconds,
 * --steps, --live-steps, --minutes (wall-clock cap for both), --batch, --frames, --channels 16,32,...,
 * --cache DIR, --threads (clip rendering).
 */
public final class TrainDefaultModel {
    public static final int SAMPLE_RATE = 22050;

    private TrainDefaultModel() {
    }

    public static final class Options {
        public Path out = Path.of("presets/models/default.auralise");
        public Path liveOut = Path.of("presets/models/live.auralise");
        public long seed = 20261121L;
        public int trainClips = 96;
        public int evalClips = 16;
        public double seconds = 6;
        public int steps = 2000;
        public int liveSteps = 600;
        public double minutes = 28;
        public int batch = 16;
        public int frames = 64;
        public int[] channels = {16, 32, 32, 64, 64};
        public int heldOut = 384;
        public Path cache = ClipSet.defaultCache();
        public int threads = 2;
        public double lr = 2e-3;
        public String command;

        public static Options parse(String[] args) {
            Options o = new Options();
            o.command = "TrainDefaultModel " + String.join(" ", args);
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                String v = i + 1 < args.length ? args[i + 1] : null;
                switch (a) {
                    case "--out" -> o.out = Path.of(v);
                    case "--live-out" -> o.liveOut = Path.of(v);
                    case "--seed" -> o.seed = Long.parseLong(v);
                    case "--train-clips" -> o.trainClips = Integer.parseInt(v);
                    case "--eval-clips" -> o.evalClips = Integer.parseInt(v);
                    case "--seconds" -> o.seconds = Double.parseDouble(v);
                    case "--steps" -> o.steps = Integer.parseInt(v);
                    case "--live-steps" -> o.liveSteps = Integer.parseInt(v);
                    case "--minutes" -> o.minutes = Double.parseDouble(v);
                    case "--batch" -> o.batch = Integer.parseInt(v);
                    case "--frames" -> o.frames = Integer.parseInt(v);
                    case "--channels" -> o.channels = Arrays.stream(v.split(",")).mapToInt(Integer::parseInt).toArray();
                    case "--held-out" -> o.heldOut = Integer.parseInt(v);
                    case "--cache" -> o.cache = Path.of(v);
                    case "--threads" -> o.threads = Integer.parseInt(v);
                    case "--lr" -> o.lr = Double.parseDouble(v);
                    default -> throw new IllegalArgumentException("unknown option " + a);
                }
                i++;
            }
            return o;
        }
    }

    public static void main(String[] args) throws Exception {
        Options o = Options.parse(args);
        run(o, System.out);
    }

    /** Trains both variants and writes them; returns {studio, live}. */
    public static Model[] run(Options o, PrintStream log) throws IOException, InterruptedException {
        long t0 = System.nanoTime();
        Nd4j.getRandom().setSeed(o.seed);
        ModelSpec.Frontend fe = ModelSpec.Frontend.reference(); // what every shipped model uses
        log.printf("rendering/loading %d train + %d eval clips of %.1f s into %s%n", o.trainClips, o.evalClips, o.seconds, o.cache);
        List<Clip> train = ClipSet.load(o.cache, o.seed, Split.TRAIN, o.trainClips, o.seconds, SAMPLE_RATE, o.threads);
        List<Clip> eval = ClipSet.load(o.cache, o.seed, Split.EVAL, o.evalClips, o.seconds, SAMPLE_RATE, o.threads);
        double dataSeconds = (System.nanoTime() - t0) / 1e9;
        log.printf("clips ready in %.0f s%n", dataSeconds);

        MixSampler trainSampler = new MixSampler(train, fe, SAMPLE_RATE, o.frames);
        MixSampler evalSampler = new MixSampler(eval, fe, SAMPLE_RATE, o.frames);
        Trainer.Batch held = Trainer.heldOut(evalSampler, o.heldOut, fe.bins, o.frames, o.seed ^ 0x5EEDL);
        double[] weights = new double[MixSampler.OUTPUTS];
        Arrays.fill(weights, 0, MixSampler.PARTS, 1.0);
        Arrays.fill(weights, MixSampler.PARTS, MixSampler.OUTPUTS, 0.3); // style: a secondary task

        double budget = o.minutes * 60 - dataSeconds;
        double studioBudget = budget * o.steps / (double) (o.steps + o.liveSteps);
        MultiLayerNetwork studio = Net.build(fe.bins, o.frames, o.channels, MixSampler.OUTPUTS, weights, false, o.seed, o.lr);
        log.printf("studio: %d parameters, up to %d steps of %d, %.0f s budget%n", studio.numParams(), o.steps, o.batch, studioBudget);
        long ts = System.nanoTime();
        int studioSteps = Trainer.train(studio, trainSampler, o.steps, studioBudget, o.batch, fe.bins, o.frames, o.seed + 1, log);
        double studioSec = (System.nanoTime() - ts) / 1e9;
        double[] studioAuc = Trainer.evaluate(studio, held);
        report("studio", studioAuc, log);

        MultiLayerNetwork live = Net.build(fe.bins, o.frames, o.channels, MixSampler.OUTPUTS, weights, true, o.seed, o.lr / 2);
        Net.copyParams(studio, live);
        double liveBudget = Math.max(30, o.minutes * 60 - (System.nanoTime() - t0) / 1e9 - 30);
        long tl = System.nanoTime();
        int liveSteps = Trainer.train(live, trainSampler, o.liveSteps, liveBudget, o.batch, fe.bins, o.frames, o.seed + 2, log);
        double liveSec = (System.nanoTime() - tl) / 1e9;
        double[] liveAuc = Trainer.evaluate(live, held);
        report("live", liveAuc, log);

        Model s = export(studio, "default", "Auralise default (studio)", fe, o, studioSteps, studioSec, studioAuc, null);
        Model l = export(live, "live", "Auralise live (causal)", fe, o, liveSteps, liveSec, liveAuc, "fine-tuned from the studio weights");
        write(s, o.out, log);
        write(l, o.liveOut, log);
        log.printf("total %.0f s%n", (System.nanoTime() - t0) / 1e9);
        return new Model[] {s, l};
    }

    static void write(Model m, Path path, PrintStream log) throws IOException {
        if (path.getParent() != null) {
            Files.createDirectories(path.getParent());
        }
        ModelWriter.write(m, path);
        log.printf("wrote %s (%d bytes, sha256 %s)%n", path, Files.size(path), ModelWriter.sha256(path));
    }

    static void report(String what, double[] auc, PrintStream log) {
        String[] names = MixSampler.labelNames();
        StringBuilder sb = new StringBuilder(what + " held-out AUC:");
        for (int k = 0; k < auc.length; k++) {
            sb.append(String.format(" %s=%.3f", names[k], auc[k]));
        }
        sb.append(String.format("  mean(instruments)=%.3f", meanParts(auc)));
        log.println(sb);
    }

    static double meanParts(double[] auc) {
        double s = 0;
        int c = 0;
        for (int k = 0; k < MixSampler.PARTS; k++) {
            if (Double.isFinite(auc[k])) {
                s += auc[k];
                c++;
            }
        }
        return c == 0 ? Double.NaN : s / c;
    }

    static Model export(MultiLayerNetwork net, String id, String name, ModelSpec.Frontend fe, Options o, int steps,
                        double seconds, double[] auc, String note) throws IOException {
        ModelSpec base = new ModelSpec();
        base.id = id;
        base.name = name;
        base.sampleRate = SAMPLE_RATE;
        base.frontend = fe;
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("trainer", "com.auralise.trainer.train.TrainDefaultModel (DL4J 1.0.0-M2.1, CPU)");
        p.put("command", o.command);
        p.put("date", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        p.put("dataSeed", o.seed);
        p.put("data", Map.of("generatorVersion", com.auralise.trainer.data.ClipGenerator.VERSION, "trainClips", o.trainClips, "evalClips", o.evalClips, "clipSeconds", o.seconds,
                "train", Split.TRAIN.soundFonts() + " " + Split.TRAIN.drumKits(),
                "heldOut", Split.EVAL.soundFonts() + " " + Split.EVAL.drumKits()));
        p.put("task", "multi-label presence of kick, snare, hats, bass, melody, chords in mixes of random stem subsets"
                + " with random gains, plus one-hot style (weight 0.3)");
        p.put("training", new LinkedHashMap<>(Map.of("steps", steps, "batch", o.batch, "cropFrames", o.frames,
                "channels", Arrays.toString(o.channels), "seconds", Math.round(seconds), "optimizer", "Adam",
                "lr", note == null ? o.lr : o.lr / 2)));
        if (note != null) {
            p.put("note", note);
        }
        p.put("determinism", "seeded data, crops and init; DL4J/OpenBLAS CPU reductions are multi-threaded, so"
                + " weights can differ in the last bits between runs, and the wall-clock cap can stop at a different step");
        Map<String, Object> metrics = new LinkedHashMap<>();
        String[] names = MixSampler.labelNames();
        for (int k = 0; k < auc.length; k++) {
            metrics.put("auc:" + names[k], Double.isFinite(auc[k]) ? round(auc[k]) : null);
        }
        metrics.put("meanInstrumentAuc", round(meanParts(auc)));
        metrics.put("examples", o.heldOut);
        p.put("heldOutMetrics", metrics);
        base.provenance = p;
        Model m;
        try {
            m = Dl4jExport.export(net, base);
        } catch (com.auralise.model.ModelFormatException e) {
            throw new IOException(e);
        }
        m.spec().provenance.put("weightsSha256", weightsSha256(m));
        return m;
    }

    static double round(double v) {
        return Math.round(v * 10000) / 10000.0;
    }

    /** sha256 over every conv's kernel then bias, float32 little-endian, block order. */
    public static String weightsSha256(Model m) {
        List<byte[]> parts = new ArrayList<>();
        int total = 0;
        for (int b = 0; b < m.layers(); b++) {
            ConvWeights w = m.conv(b);
            for (float[] arr : new float[][] {w.kernel, w.bias}) {
                ByteBuffer bb = ByteBuffer.allocate(arr.length * 4).order(ByteOrder.LITTLE_ENDIAN);
                for (float f : arr) {
                    bb.putFloat(f);
                }
                parts.add(bb.array());
                total += arr.length * 4;
            }
        }
        byte[] all = new byte[total];
        int off = 0;
        for (byte[] a : parts) {
            System.arraycopy(a, 0, all, off, a.length);
            off += a.length;
        }
        return ModelWriter.sha256(all);
    }
}
