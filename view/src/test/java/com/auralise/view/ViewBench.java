package com.auralise.view;

import com.auralise.filter.FeatureFilter;
import com.auralise.model.Model;
import com.auralise.model.ModelReader;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.locks.LockSupport;

/**
 * Frame time of the view: renders N frames uncapped at the given size while a feeder thread runs a
 * FeatureFilter in real time (48 kHz stereo, 256-sample blocks, tone + clicks + noise), and prints
 * the mean and 95th percentile of render + glFinish per frame.
 * Usage: ViewBench [--frames 300] [--width 1280] [--height 720] [--model FILE] [--no-previews] [--no-audio]
 */
public final class ViewBench {
    private ViewBench() {
    }

    public static void main(String[] argv) throws Exception {
        int frames = 300;
        int width = 1280;
        int height = 720;
        String modelPath = null;
        boolean previews = true;
        boolean audio = true;
        for (int i = 0; i < argv.length; i++) {
            switch (argv[i]) {
                case "--frames" -> frames = Integer.parseInt(argv[++i]);
                case "--width" -> width = Integer.parseInt(argv[++i]);
                case "--height" -> height = Integer.parseInt(argv[++i]);
                case "--model" -> modelPath = argv[++i];
                case "--no-previews" -> previews = false;
                case "--no-audio" -> audio = false;
                default -> throw new IllegalArgumentException("unknown option " + argv[i]);
            }
        }
        Model model = modelPath != null ? ModelReader.read(Path.of(modelPath)) : SyntheticModel.build(1, "same");
        int sr = 48000;
        int block = 256;
        FeatureFilter filter = new FeatureFilter(model);
        filter.prepare(sr, block, 2);
        FeatureView.Options o = new FeatureView.Options();
        o.width = width;
        o.height = height;
        o.fpsCap = 0;
        o.previews = previews;
        o.title = "Auralise view bench";
        FeatureView view = FeatureView.open(filter.viewTap(), model, model.spec(), s -> { }, o);
        Thread feeder = new Thread(() -> feed(filter, sr, block), "bench-audio");
        feeder.setDaemon(true);
        if (audio) {
            feeder.start();
        }
        int warm = 60;
        while (view.renderedFrames() < warm + frames && view.isOpen()) {
            Thread.sleep(20);
        }
        double[] t = view.frameTimes(frames);
        double[] c = view.frameCpuTimes(frames);
        String renderer = view.glRenderer();
        System.out.printf(Locale.ROOT, "view bench (%s%s): %dx%d, %d frames, render+glFinish wall mean %.2f ms, p95 %.2f ms (target <= 16 ms), view-thread CPU mean %.2f ms, p95 %.2f ms (LP_NUM_THREADS=%s); "
                        + "previews %d ms per sheet; lost tap frames %d; GL: %s; load avg %s%n",
                audio ? "audio fed" : "no audio", previews ? ", previews" : ", no previews", width, height, frames, t[0], t[1], c[0], c[1], System.getenv("LP_NUM_THREADS"), view.previewMillis(), view.lostFrames(), renderer, loadAverage());
        view.close();
    }

    static String loadAverage() {
        try {
            return java.nio.file.Files.readString(Path.of("/proc/loadavg")).trim().split(" ")[0];
        } catch (Exception e) {
            return "?";
        }
    }

    /** Real-time paced audio: one block per block duration. */
    static void feed(FeatureFilter filter, int sr, int block) {
        float[][] in = new float[2][block];
        float[][] out = new float[2][block];
        Random rnd = new Random(1);
        long n = 0;
        long next = System.nanoTime();
        long period = 1_000_000_000L * block / sr;
        while (true) {
            for (int i = 0; i < block; i++, n++) {
                double click = (n % (sr / 2)) < 200 ? 0.8 * (rnd.nextDouble() - 0.5) : 0;
                float v = (float) (0.2 * Math.sin(2 * Math.PI * 440 * n / sr) + 0.05 * Math.sin(2 * Math.PI * 3000 * n / sr)
                        + click + 0.01 * (rnd.nextDouble() - 0.5));
                in[0][i] = v;
                in[1][i] = v;
            }
            filter.process(in, out, block);
            next += period;
            long wait = next - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
        }
    }
}
