package com.auralise.plugin;

import com.auralise.Golden;
import com.auralise.filter.Control;
import com.auralise.model.Model;
import com.auralise.model.ModelSpec;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The plugin's output bytes against checksums recorded before the control table existed: the
 * bundle's TTL, what the bridge renders for given port values, the state string a host saves and
 * what a restored one gives, and OfflineRender's files (the reference of test-hosts.sh).
 */
class GoldenPluginTest {
    @BeforeAll
    static void noOverride() {
        assumeTrue(System.getenv(ModelSource.ENV) == null, "AURALISE_MODEL is set");
    }

    @Test
    void ttl(@TempDir Path tmp) throws Exception {
        Golden g = new Golden("golden/ttl.txt");
        TtlGenerator.main(new String[] {tmp.toString(), "default", "live"});
        for (String f : new String[] {"manifest.ttl", "auralise.ttl", "auralise_ui.ttl"}) {
            g.file(f, tmp.resolve(f));
        }
        Model m = ModelSource.load("tiny:5:3:6:same");
        ModelSpec.CatalogueEntry e = new ModelSpec.CatalogueEntry();
        e.name = "a \"quoted\" name";
        e.layer = 2;
        e.feature = 5;
        m.spec().catalogue.add(e);
        g.text("tiny-mono", TtlGenerator.plugin(m, 1, false));
        g.text("generic-stereo-live", TtlGenerator.plugin(null, 2, true));
        g.check();
    }

    /** Port values by symbol, written the way the C shim writes changed ports into the slots. */
    static void ports(Lv2BridgeTest.Shim s, String... symValue) {
        for (String kv : symValue) {
            String[] p = kv.split("=");
            s.control(slot(p[0]), Float.parseFloat(p[1]));
        }
    }

    static int slot(String sym) {
        return Control.bySymbol(sym).index();
    }

    static void run(Golden g, String name, Lv2BridgeTest.Shim s, int n) {
        float[][] in = Lv2BridgeTest.noise(s.channels, n, 9);
        float[][] out = new float[s.channels][n];
        for (int pos = 0; pos < n; pos += 700) {
            s.run(in, out, pos, Math.min(700, n - pos));
        }
        g.floats(name, out);
        g.text(name + ".state", Lv2Bridge.stateSettings(s.handle) + " latency " + s.f.get(Control.LATENCY.index()));
    }

    @Test
    void bridge() throws Exception {
        Golden g = new Golden("golden/bridge.txt");
        Lv2BridgeTest.Shim a = new Lv2BridgeTest.Shim(2, 44100);
        g.text("defaults.state", Lv2Bridge.stateSettings(a.handle));
        run(g, "defaults", a, 20000);
        ports(a, "layer=3", "feature=2", "mix=0.7", "gain=-3", "threshold=0.1", "sharpness=2.5", "invert=1");
        run(g, "set", a, 20000);
        ports(a, "layer=7", "feature=40", "mix=1.5", "threshold=2", "sharpness=0.01", "gain=99", "invert=0.5");
        run(g, "clamped", a, 20000);
        ports(a, "enabled=0.5", "mix=NaN", "sharpness=Infinity", "layer=NaN");
        run(g, "odd", a, 20000);
        ports(a, "enabled=0", "gain=-6");
        run(g, "bypassed", a, 20000);
        String saved = "enabled=1.0;filter=0.0;layer=1.0;feature=3.0;mix=0.25;invert=1.0;threshold=0.3;sharpness=4.0;gain=-6.5;";
        assertEquals(0, Lv2Bridge.restore(a.handle, null, saved + "bogus=3;latency=7;"));
        run(g, "restored", a, 20000);
        assertEquals(0, Lv2Bridge.restore(a.handle, null, "mix=0.5;layer=2.0"));
        run(g, "restored-part", a, 20000);
        Lv2Bridge.destroy(a.handle);

        Lv2BridgeTest.Shim b = new Lv2BridgeTest.Shim(1, 48000);
        assertEquals(0, Lv2Bridge.restore(b.handle, "default", null));
        g.text("default.state", Lv2Bridge.stateSettings(b.handle));
        ports(b, "filter=2", "layer=1", "feature=0", "mix=0.8");
        run(g, "default.named", b, 48000 * 3);
        ports(b, "filter=99", "layer=1", "feature=3");
        run(g, "default.manual", b, 48000 * 3);
        Lv2Bridge.destroy(b.handle);
        g.check();
    }

    @Test
    void offlineRender(@TempDir Path tmp) throws Exception {
        Golden g = new Golden("golden/offline-render.txt");
        Path in = tmp.resolve("in.wav");
        OfflineRender.gen(in, 44100, 2, 1.5);
        g.file("gen", in);
        String[][] cases = {
            {},
            {"layer=1", "feature=3", "mix=0.6", "invert=1", "threshold=0.2", "sharpness=2", "gain=-2"},
            {"enabled=0"},
            {"filter=1", "layer=3", "mix=2", "sharpness=50"},
        };
        for (int i = 0; i < cases.length; i++) {
            Path out = tmp.resolve("out" + i + ".wav");
            String[] a = new String[5 + cases[i].length];
            a[0] = "render";
            a[1] = "tiny:5:3:4:same";
            a[2] = in.toString();
            a[3] = out.toString();
            a[4] = i == 1 ? "1" : "333";
            System.arraycopy(cases[i], 0, a, 5, cases[i].length);
            OfflineRender.render(a);
            g.file("render" + i, out);
        }
        g.check();
    }
}
