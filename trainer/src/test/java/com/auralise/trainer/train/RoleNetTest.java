package com.auralise.trainer.train;

import com.auralise.deconvolution.OfflineDeconvolution;
import com.auralise.filter.FeatureFilter;
import com.auralise.filter.FilterSettings;
import com.auralise.filter.ViewTap;
import com.auralise.model.DefaultModel;
import com.auralise.model.Model;
import com.auralise.model.ModelSpec;
import com.auralise.model.RandomModel;
import com.auralise.network.OfflineNetwork;
import com.auralise.stft.Spectrogram;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RoleNetTest {
    private static Model tiny(String padding, long seed) {
        ModelSpec spec = new ModelSpec();
        spec.id = "tiny";
        spec.sampleRate = 8000;
        spec.padding = padding;
        spec.frontend = new ModelSpec.Frontend();
        spec.frontend.type = "mel";
        spec.frontend.bins = 12;
        spec.frontend.nFft = 64;
        spec.frontend.hop = 16;
        spec.frontend.fMin = 30;
        return RandomModel.build(spec, new int[] {3, 4}, new Random(seed));
    }

    private static float[] positive(Random rnd, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) (3 * rnd.nextDouble());
        }
        return x;
    }

    /** The analytic gradient of two roles (layers 1 and 2) agrees with central differences. */
    @Test
    void gradientMatchesFiniteDifferences() {
        for (String padding : new String[] {"same", "causal"}) {
            Model m = tiny(padding, 7);
            RoleNet net = new RoleNet(m, 2, 12, 16, 8000);
            net.leak = 0f;
            Random rnd = new Random(3);
            float[] x = positive(rnd, 12 * 16);
            int bins = net.map.stftBins;
            float[] mix = positive(rnd, bins * 16);
            float[][] target = {positive(rnd, bins * 16), positive(rnd, bins * 16)};
            RoleNet.Work w = net.new Work();
            w.forward(x);
            RoleNet.Role[] roles = {new RoleNet.Role("a", 2, 1, 1e9, 1), new RoleNet.Role("b", 1, 0, 1e9, 1)};
            for (int r = 0; r < 2; r++) {
                double scale = 0;
                float[] raw = w.reconstruct(roles[r].layer(), roles[r].channel());
                for (float v : raw) {
                    scale = Math.max(scale, v);
                }
                roles[r] = new RoleNet.Role(roles[r].name(), roles[r].layer(), roles[r].channel(), 2 * scale, 1);
            }
            w.clearGradients();
            for (int r = 0; r < 2; r++) {
                w.roleLoss(roles[r], mix, target[r], r, true);
            }
            w.backwardForward();
            int checked = 0;
            int agree = 0;
            for (int b = 0; b < 2; b++) {
                for (int k = 0; k < net.w[b].length; k += 3) {
                    double num = numeric(net, net.w[b], k, x, roles, mix, target);
                    double ana = w.gw[b][k];
                    checked++;
                    if (Math.abs(num - ana) <= 1e-3 + 0.03 * Math.max(Math.abs(num), Math.abs(ana))) {
                        agree++;
                    }
                }
                for (int k = 0; k < net.b[b].length; k++) {
                    double num = numeric(net, net.b[b], k, x, roles, mix, target);
                    checked++;
                    if (Math.abs(num - w.gb[b][k]) <= 1e-3 + 0.03 * Math.max(Math.abs(num), Math.abs(w.gb[b][k]))) {
                        agree++;
                    }
                }
            }
            // A few may sit on a ReLU, clamp or max-pool kink where differences are not derivatives.
            assertTrue(agree >= 0.95 * checked, padding + ": " + agree + " of " + checked + " gradients agree");
        }
    }

    private static double numeric(RoleNet net, float[] p, int k, float[] x, RoleNet.Role[] roles, float[] mix, float[][] target) {
        float keep = p[k];
        float h = 1e-2f * Math.max(1e-2f, Math.abs(keep));
        p[k] = keep + h;
        double up = loss(net, x, roles, mix, target);
        p[k] = keep - h;
        double down = loss(net, x, roles, mix, target);
        p[k] = keep;
        return (up - down) / (2.0 * h);
    }

    private static double loss(RoleNet net, float[] x, RoleNet.Role[] roles, float[] mix, float[][] target) {
        RoleNet.Work w = net.new Work();
        w.forward(x);
        double s = 0;
        for (int r = 0; r < roles.length; r++) {
            s += w.roleLoss(roles[r], mix, target[r], r, false);
        }
        return s;
    }

    /** The training graph's reconstruction is the engine's offline deconvolution. */
    @Test
    void reconstructionEqualsOfflineDeconvolution() {
        for (String padding : new String[] {"same", "causal"}) {
            Model m = tiny(padding, 11);
            Random rnd = new Random(5);
            float[][] spec = new float[12][40];
            float[] flat = new float[12 * 40];
            for (int f = 0; f < 12; f++) {
                for (int t = 0; t < 40; t++) {
                    spec[f][t] = (float) (2 * rnd.nextDouble());
                    flat[f * 40 + t] = spec[f][t];
                }
            }
            RoleNet net = new RoleNet(m, 2, 12, 40, 8000);
            RoleNet.Work w = net.new Work();
            w.forward(flat);
            OfflineNetwork.Activations a = OfflineNetwork.forward(m, spec, 2);
            for (int layer = 1; layer <= 2; layer++) {
                for (int c = 0; c < m.channels(layer); c++) {
                    float[][] ref = OfflineDeconvolution.deconvolve(m, a, layer, c);
                    float[] got = w.reconstruct(layer, c);
                    for (int f = 0; f < 12; f++) {
                        for (int t = 0; t < 40; t++) {
                            assertEquals(ref[f][t], got[f * 40 + t], 1e-5 * (1 + Math.abs(ref[f][t])), padding + " L" + layer + "#" + c);
                        }
                    }
                }
            }
        }
    }

    /**
     * The plugin runs what was trained: the normalised mask FeatureFilter computes for a role channel
     * (read from its view tap) equals the training graph's clamp(D / maskScale, 0, 1) on the same audio.
     */
    @Test
    void trainedMaskIsFeatureFilterMask() throws Exception {
        Model m = DefaultModel.load();
        int sr = m.spec().sampleRate;
        int layer = 3;
        int channel = 5;
        float[] audio = new float[sr * 3];
        Random rnd = new Random(1);
        for (int i = 0; i < audio.length; i++) {
            double t = i / (double) sr;
            audio[i] = (float) (0.2 * Math.sin(2 * Math.PI * 110 * t) + 0.1 * Math.sin(2 * Math.PI * 880 * t)
                    + (i % 5512 < 300 ? 0.5 * rnd.nextGaussian() : 0.01 * rnd.nextGaussian()));
        }
        float[][] spec = Spectrogram.compute(audio, m.spec().frontend, sr);
        int rows = spec.length;
        int frames = spec[0].length;
        float[] flat = new float[rows * frames];
        for (int f = 0; f < rows; f++) {
            System.arraycopy(spec[f], 0, flat, f * frames, frames);
        }
        RoleNet net = new RoleNet(m, layer, rows, frames, sr);
        RoleNet.Work w = net.new Work();
        w.forward(flat);
        float[] raw = w.reconstruct(layer, channel).clone();
        double scale = TrainRoles.robustPeak(new float[][] {raw});
        ModelSpec.CatalogueEntry e = new ModelSpec.CatalogueEntry();
        e.name = "test role";
        e.layer = layer;
        e.feature = channel;
        e.maskScale = scale;
        m.spec().catalogue.clear();
        m.spec().catalogue.add(e);

        FeatureFilter filter = new FeatureFilter(m);
        filter.setMaxLayer(layer);
        filter.prepare(sr, 256, 1);
        FilterSettings s = new FilterSettings();
        s.layer = layer;
        s.feature = channel;
        filter.apply(s);
        filter.reset();
        float[][] in = {new float[256]};
        float[][] out = {new float[256]};
        int total = audio.length + filter.latencySamples() + 4096;
        for (int pos = 0; pos < total; pos += 256) {
            for (int i = 0; i < 256; i++) {
                in[0][i] = pos + i < audio.length ? audio[pos + i] : 0f;
            }
            filter.process(in, out, 256);
        }
        ViewTap tap = filter.viewTap();
        float[] col = new float[rows];
        double maxErr = 0;
        double maxVal = 0;
        int edge = 4 << layer; // the clip's last columns (receptive field): offline pools truncate, the stream goes on
        for (int c = 0; c < frames - edge; c++) {
            assertTrue(tap.readMask(c, col), "mask column " + c);
            for (int f = 0; f < rows; f++) {
                float v = raw[f * frames + c] / (float) scale;
                float expect = v > 0f ? Math.min(v, 1f) : 0f;
                maxErr = Math.max(maxErr, Math.abs(expect - col[f]));
                maxVal = Math.max(maxVal, expect);
            }
        }
        assertTrue(maxVal > 0.5, "the feature is active on this input");
        assertTrue(maxErr <= 1e-4, "max |training mask - FeatureFilter mask| = " + maxErr);
    }

    /** A continued run keeps the channel and scale the initial model was trained with, per name and layer. */
    @Test
    void trainedRoleComesFromTheInitialModelsProvenance() {
        ModelSpec spec = new ModelSpec();
        spec.provenance.put(TrainRoles.ROLES, List.of(
                Map.of("role", "kick", "layer", 3, "feature", 7, "maskScale", 0.625),
                Map.of("role", "onset", "layer", 2, "feature", 29, "maskScale", 4.75)));
        RoleNet.Role kick = TrainRoles.trainedRole(spec, "kick", 3);
        assertEquals(7, kick.channel());
        assertEquals(0.625, kick.scale());
        assertNull(TrainRoles.trainedRole(spec, "kick", 2), "another layer is a new role");
        assertNull(TrainRoles.trainedRole(spec, "bass", 3));
        assertNull(TrainRoles.trainedRole(new ModelSpec(), "kick", 3));
    }
}
