package com.auralise.view;

import com.auralise.filter.FeatureFilter;
import com.auralise.filter.FilterSettings;
import com.auralise.model.Model;
import com.auralise.model.ModelSpec;
import com.auralise.model.TestModels;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Opens the real view on a display (Xvfb + Mesa under test-view.sh), feeds a 440 Hz tone plus a
 * click every 0.5 s through a FeatureFilter with a mel front-end, reads the frame back and checks
 * the picture: the brightest row of the input panel is where the frequency axis puts 440 Hz, and
 * the clicks are bright columns 0.5 s apart on the time axis.
 */
class FeatureViewTest {
    static final int SR = 22050;
    static final double TONE = 440.0;
    static final double CLICK_PERIOD = 0.5;

    static Model melModel() {
        ModelSpec.Frontend fe = new ModelSpec.Frontend();
        fe.type = "mel";
        fe.nFft = 1024;
        fe.hop = 256;
        fe.bins = 64;
        fe.fMin = 0;
        fe.fMax = 8000;
        return TestModels.build(7, 3, 8, "same", fe, SR);
    }

    /** Tone at -10 dBFS plus 4 ms decaying noise bursts every CLICK_PERIOD seconds. */
    static float[] signal(double seconds) {
        int n = (int) (seconds * SR);
        float[] x = new float[n];
        Random rnd = new Random(3);
        int period = (int) Math.round(CLICK_PERIOD * SR);
        for (int i = 0; i < n; i++) {
            x[i] = (float) (0.3 * Math.sin(2 * Math.PI * TONE * i / SR));
            int k = i % period;
            if (k < 90) {
                x[i] += (float) (0.9 * Math.exp(-k / 20.0) * (rnd.nextDouble() * 2 - 1));
            }
        }
        return x;
    }

    static File artefactDir() {
        String d = System.getenv("AURALISE_VIEW_ARTEFACTS");
        File dir = new File(d != null ? d : "target");
        dir.mkdirs();
        return dir;
    }

    @Test
    void toneRowAndClickColumnsAppearWhereTheAxesSay() throws Exception {
        Assumptions.assumeTrue(System.getenv("DISPLAY") != null, "no DISPLAY: run view/test-view.sh");
        Model model = melModel();
        FeatureFilter filter = new FeatureFilter(model);
        filter.prepare(SR, 512, 1);
        AtomicReference<FilterSettings> pending = new AtomicReference<>();
        FeatureView.Options opt = new FeatureView.Options();
        opt.historySeconds = 5.0;
        FeatureView view = FeatureView.open(filter.viewTap(), model, model.spec(), pending::set, opt);
        try {
            float[] x = signal(4.2);
            float[][] in = new float[1][512];
            float[][] out = new float[1][512];
            for (int pos = 0; pos + 512 <= x.length; pos += 512) {
                System.arraycopy(x, pos, in[0], 0, 512);
                filter.process(in, out, 512);
                // The view reads at 60 fps; keep the producer within the tap's ring of 1024 frames.
                assertTrue(view.awaitFrames(filter.viewTap().inputFrames(), 5000), "view stopped reading");
                FilterSettings s = pending.getAndSet(null);
                if (s != null) {
                    filter.apply(s);
                }
            }
            assertEquals(0, view.lostFrames(), "view lost frames");
            long deadline = System.currentTimeMillis() + 20000;
            while (!view.hasPreviews() && System.currentTimeMillis() < deadline) {
                Thread.sleep(50);
            }
            assertTrue(view.hasPreviews(), "feature previews never arrived");
            Thread.sleep(100); // a frame with previews drawn
            BufferedImage img = view.capture().get(10, TimeUnit.SECONDS);
            File png = new File(artefactDir(), "view-test.png");
            ImageIO.write(img, "png", png);
            assertEquals(1280, img.getWidth());
            assertEquals(720, img.getHeight());

            FeatureView.Rect p = view.panel(FeatureView.Panel.INPUT);
            int hist = view.historyFrames();
            long frames = view.framesSeen();
            double pxPerFrame = p.w() / (double) hist;
            // Only the part of the panel that has audio (the first frames of history are empty).
            int xStart = (int) Math.ceil(p.x() + Math.max(0, hist - frames) * pxPerFrame) + 2;
            int xEnd = p.x() + p.w() - 2;
            assertTrue(xEnd - xStart > 200, "too little audio on screen");

            // Tone: the brightest pixel row, against the axis mapping of 440 Hz.
            double[] rowMean = new double[p.h()];
            for (int y = 0; y < p.h(); y++) {
                double s = 0;
                for (int xx = xStart; xx < xEnd; xx++) {
                    s += luma(img.getRGB(xx, p.y() + y));
                }
                rowMean[y] = s / (xEnd - xStart);
            }
            int bright = argmax(rowMean);
            double rows = view.axis().rows();
            double expected = p.h() - (view.axis().row(TONE) + 0.5) / rows * p.h();
            double bandPx = p.h() / rows;
            System.out.printf("tone: brightest panel row %d, 440 Hz expected at %.1f (band %.1f px)%n", bright, expected, bandPx);
            assertEquals(expected, bright, 1.5 * bandPx, "440 Hz row at the wrong height");
            double[] sorted = rowMean.clone();
            java.util.Arrays.sort(sorted);
            assertTrue(rowMean[bright] > 2 * sorted[sorted.length / 2] + 10, "tone row not bright against the rest");
            // And the row of 2 kHz (no energy there) is dark compared with it.
            int y2k = (int) Math.round(p.h() - (view.axis().row(2000) + 0.5) / rows * p.h());
            assertTrue(rowMean[y2k] < 0.5 * rowMean[bright], "2 kHz row as bright as the tone");

            // Clicks: columns brighter than the rest, spaced CLICK_PERIOD apart on the time axis.
            double[] colMean = new double[xEnd - xStart];
            for (int xx = xStart; xx < xEnd; xx++) {
                double s = 0;
                for (int y = 0; y < p.h(); y++) {
                    s += luma(img.getRGB(xx, p.y() + y));
                }
                colMean[xx - xStart] = s / p.h();
            }
            List<Integer> peaks = peaks(colMean);
            double expectedSpacing = CLICK_PERIOD / view.frameSeconds() * pxPerFrame;
            System.out.printf("clicks: %d columns at %s, expected spacing %.1f px%n", peaks.size(), peaks, expectedSpacing);
            int expectedCount = (int) Math.floor((xEnd - xStart) / expectedSpacing);
            assertTrue(peaks.size() >= expectedCount - 1 && peaks.size() <= expectedCount + 1,
                    "expected about " + expectedCount + " click columns, found " + peaks.size());
            for (int i = 1; i < peaks.size(); i++) {
                double d = peaks.get(i) - peaks.get(i - 1);
                assertEquals(expectedSpacing, d, 3.0, "click spacing");
            }
            // The newest click is at a time on the axis that matches when it was played.
            long lastClickFrame = -1;
            int period = (int) Math.round(CLICK_PERIOD * SR);
            for (long k = 0; k * period < 4.2 * SR; k++) {
                long sample = k * period;
                // An STFT frame t covers samples [t*hop - (nFft - hop), t*hop + hop) at the frame's end.
                long f = (sample + 1024 - 256) / 256;
                if (f < frames) {
                    lastClickFrame = f;
                }
            }
            double lastClickX = p.x() + (lastClickFrame - (frames - hist)) * pxPerFrame - xStart;
            assertEquals(lastClickX, peaks.get(peaks.size() - 1), 4 * pxPerFrame + 3, "newest click at the wrong time");

            // Activation timing: the feature responds to the clicks (it does, for this seed) in
            // columns at the same times as the input's clicks, within one pooled column.
            FeatureView.Rect a = view.panel(FeatureView.Panel.ACTIVATION);
            double[] actMean = new double[xEnd - xStart];
            for (int xx = xStart; xx < xEnd; xx++) {
                double s = 0;
                for (int y = 0; y < a.h(); y++) {
                    s += luma(img.getRGB(xx, a.y() + y));
                }
                actMean[xx - xStart] = s / a.h();
            }
            List<Integer> actPeaks = peaks(actMean);
            double pooledPx = 4 * pxPerFrame; // layer 2: 2 x 2 frames per pooled column
            System.out.printf("activation: %d columns at %s%n", actPeaks.size(), actPeaks);
            int matched = 0;
            double offset = 0;
            for (int pk : peaks) {
                for (int ap : actPeaks) {
                    if (Math.abs(ap - pk) <= pooledPx + 2) {
                        matched++;
                        offset += ap - pk;
                        break;
                    }
                }
            }
            assertTrue(matched >= peaks.size() - 1, matched + " of " + peaks.size() + " clicks have an activation column at their time");
            // On average centred on the clicks: a wrong look-ahead shift (3 frames here) moves them right.
            offset /= Math.max(1, matched);
            System.out.printf("activation: mean offset from the clicks %.1f px (%.1f px per frame)%n", offset, pxPerFrame);
            assertEquals(0.0, offset, 1.5 * pxPerFrame + 0.5, "activation columns shifted in time");

            // Selection: clicking a preview asks the host for that feature; the tap then reports it.
            FeatureView.Rect c = view.cell(5);
            assertNotNull(c);
            view.click(c.x() + c.w() / 2.0, c.y() + c.h() / 2.0);
            FilterSettings chosen = pending.getAndSet(null);
            assertNotNull(chosen, "click did not call back");
            assertEquals(5, chosen.feature);
            assertEquals(filter.viewTap().layer(), chosen.layer);
            filter.apply(chosen);
            assertEquals(5, filter.viewTap().feature());
        } finally {
            view.close();
        }
    }

    static double luma(int rgb) {
        return 0.2126 * (rgb >> 16 & 0xff) + 0.7152 * (rgb >> 8 & 0xff) + 0.0722 * (rgb & 0xff);
    }

    static int argmax(double[] v) {
        int b = 0;
        for (int i = 1; i < v.length; i++) {
            if (v[i] > v[b]) {
                b = i;
            }
        }
        return b;
    }

    /** Centres of runs above mean + 2 sd (clicks span a few pixels). */
    static List<Integer> peaks(double[] v) {
        double mean = 0;
        for (double x : v) {
            mean += x;
        }
        mean /= v.length;
        double var = 0;
        for (double x : v) {
            var += (x - mean) * (x - mean);
        }
        double thr = mean + 2 * Math.sqrt(var / v.length);
        List<Integer> out = new ArrayList<>();
        int i = 0;
        while (i < v.length) {
            if (v[i] > thr) {
                int j = i;
                int best = i;
                while (j < v.length && v[j] > thr) {
                    if (v[j] > v[best]) {
                        best = j;
                    }
                    j++;
                }
                out.add(best);
                i = j;
            } else {
                i++;
            }
        }
        return out;
    }
}
