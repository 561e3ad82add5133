package com.auralise.plugin;

import com.auralise.filter.Control;
import com.auralise.model.Model;
import com.auralise.model.ModelSpec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Writes the bundle's manifest.ttl and auralise.ttl at build time. The filter enumeration and the
 * layer/feature ranges come from the model the bundle is built for (its catalogue); without a
 * catalogue the enumeration only offers "none/manual". The control ports are {@link Control}'s
 * lines, in its order (the C shim's generated port header has the same numbers).
 *
 * <p>Four plugins: mono and stereo, studio (the default model) and live (the causal "live" model,
 * low latency).
 *
 * <p>Usage: {@code TtlGenerator BUNDLE_DIR [STUDIO_MODEL [LIVE_MODEL]]} (default: the core's embedded
 * models; a model that cannot be loaded gets generic ranges, with a warning).
 */
public final class TtlGenerator {
    public static final String URI_BASE = "http://auralise.org/plugins/auralise";
    public static final String BINARY = "auralise_lv2.so";
    /** The UI (Lv2Ui): the feature view in a window of its own, shown through ui:showInterface. */
    public static final String UI_URI = URI_BASE + "#view";
    /**
     * The same UI through the kxstudio external-UI extension (kx:Widget), the kind of separate-window
     * UI Ardour (and Qtractor, Carla) open; they do not drive ui:showInterface.
     */
    public static final String UI_KX_URI = URI_BASE + "#view-kx";
    static final String KX_WIDGET = "http://kxstudio.sf.net/ns/lv2ext/external-ui#Widget";

    private TtlGenerator() {
    }

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]);
        Model studio = tryLoad(args.length > 1 ? args[1] : ModelSource.DEFAULT);
        Model live = tryLoad(args.length > 2 ? args[2] : ModelSource.LIVE);
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("manifest.ttl"), manifest());
        StringBuilder b = new StringBuilder(prefixes());
        b.append("""
                <http://auralise.org/people/team>
                    a foaf:Person ;
                    foaf:name "Auralise developers" .

                """);
        for (int ch = 1; ch <= 2; ch++) {
            b.append(plugin(studio, ch, false));
            b.append(plugin(live, ch, true));
        }
        Files.writeString(dir.resolve("auralise.ttl"), b.toString());
        Files.writeString(dir.resolve("auralise_ui.ttl"), ui());
    }

    /**
     * The UI's details, in a file of its own that hosts load only when they look at the UI (jalv loads
     * it to find ui:showInterface). Typed plain ui:UI: it has no widget to embed, so toolkit hosts
     * (jalv.gtk) do not try to wrap it, and show-interface hosts (console jalv) select it by its
     * extension data. The binary is the plugin's own (see auralise_lv2.c for why).
     */
    static String ui() {
        return prefixes() + "<" + UI_URI + ">\n"
                + "    a ui:UI ;\n"
                + "    ui:binary <" + BINARY + "> ;\n"
                + "    lv2:requiredFeature <http://lv2plug.in/ns/ext/instance-access> , ui:idleInterface ;\n"
                + "    lv2:optionalFeature log:log , urid:map ;\n"
                + "    lv2:extensionData ui:showInterface , ui:idleInterface .\n\n"
                // The kxstudio extension ships no schema Debian installs: say what the class is,
                // so validators (lv2_validate) know it is a kind of UI.
                + "<" + KX_WIDGET + ">\n"
                + "    a rdfs:Class ;\n"
                + "    rdfs:subClassOf ui:UI ;\n"
                + "    rdfs:label \"kxstudio external UI widget\" .\n\n"
                + "<" + UI_KX_URI + ">\n"
                + "    a <" + KX_WIDGET + "> ;\n"
                + "    ui:binary <" + BINARY + "> ;\n"
                + "    lv2:requiredFeature <http://lv2plug.in/ns/ext/instance-access> ;\n"
                + "    lv2:optionalFeature log:log , urid:map .\n";
    }

    /** Plugin URI suffixes, in the C shim's descriptor order. */
    static final String[] VARIANTS = {"mono", "stereo", "live-mono", "live-stereo"};

    private static Model tryLoad(String source) {
        try {
            return ModelSource.load(source);
        } catch (Exception e) {
            System.err.println("warning: model '" + source + "' not loadable (" + e.getMessage() + "); generic ranges, no catalogue");
            return null;
        }
    }

    static String manifest() {
        StringBuilder b = new StringBuilder(prefixes());
        for (String v : VARIANTS) {
            b.append("<").append(URI_BASE).append("-").append(v).append(">\n")
                    .append("    a lv2:Plugin ;\n")
                    .append("    lv2:binary <").append(BINARY).append("> ;\n")
                    .append("    ui:ui <").append(UI_URI).append("> , <").append(UI_KX_URI).append("> ;\n")
                    .append("    rdfs:seeAlso <auralise.ttl> .\n\n");
        }
        b.append("<").append(UI_URI).append(">\n")
                .append("    a ui:UI ;\n")
                .append("    ui:binary <").append(BINARY).append("> ;\n")
                .append("    rdfs:seeAlso <auralise_ui.ttl> .\n\n");
        b.append("<").append(UI_KX_URI).append(">\n")
                .append("    a <").append(KX_WIDGET).append("> ;\n")
                .append("    ui:binary <").append(BINARY).append("> ;\n")
                .append("    rdfs:seeAlso <auralise_ui.ttl> .\n\n");
        return b.toString();
    }

    static String prefixes() {
        return """
                @prefix atom:  <http://lv2plug.in/ns/ext/atom#> .
                @prefix doap:  <http://usefulinc.com/ns/doap#> .
                @prefix foaf:  <http://xmlns.com/foaf/0.1/> .
                @prefix log:   <http://lv2plug.in/ns/ext/log#> .
                @prefix lv2:   <http://lv2plug.in/ns/lv2core#> .
                @prefix midi:  <http://lv2plug.in/ns/ext/midi#> .
                @prefix rdf:   <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
                @prefix rdfs:  <http://www.w3.org/2000/01/rdf-schema#> .
                @prefix state: <http://lv2plug.in/ns/ext/state#> .
                @prefix ui:    <http://lv2plug.in/ns/extensions/ui#> .
                @prefix units: <http://lv2plug.in/ns/extensions/units#> .
                @prefix urid:  <http://lv2plug.in/ns/ext/urid#> .

                """;
    }

    static String plugin(Model model, int ch, boolean live) {
        int layers = (int) Control.LAYER.maxFor(model);
        List<String> names = new ArrayList<>();
        if (model != null) {
            for (ModelSpec.CatalogueEntry e : model.spec().catalogue) {
                names.add(e.name + " (L" + e.layer + " #" + e.feature + ")");
            }
        }
        StringBuilder b = new StringBuilder();
        String v = (live ? "live-" : "") + (ch == 1 ? "mono" : "stereo");
        b.append("<").append(URI_BASE).append("-").append(v).append(">\n")
                .append("    a lv2:Plugin , lv2:FilterPlugin , doap:Project ;\n")
                .append("    doap:name \"Auralise ").append(live ? "Live " : "").append(ch == 1 ? "(mono)" : "(stereo)").append("\" ;\n")
                .append("    doap:license <https://opensource.org/licenses/MIT> ;\n")
                .append("    doap:maintainer <http://auralise.org/people/team> ;\n")
                .append("    rdfs:comment \"Keeps (or removes) what one learned CNN feature hears: a time-frequency mask from the feature's deconvolution.")
                .append(live ? " Live: the causal model, for low latency on stage." : "")
                .append(model == null ? "" : " Built for model " + esc(model.spec().id) + ".")
                .append("\" ;\n")
                .append("    lv2:minorVersion 1 ;\n    lv2:microVersion 0 ;\n")
                .append("    lv2:optionalFeature log:log , urid:map ;\n")
                .append("    lv2:extensionData state:interface ;\n")
                .append("    lv2:port ");
        List<String> ports = new ArrayList<>();
        for (Control c : Control.ALL) {
            ports.add(control(c, c.defaultFor(layers), c.maxFor(model), names));
        }
        int i = Control.ALL.size();
        String[] side = ch == 1 ? new String[] {""} : new String[] {"_l", "_r"};
        String[] label = ch == 1 ? new String[] {""} : new String[] {" L", " R"};
        for (int c = 0; c < ch; c++) {
            ports.add(audio(i++, true, "in" + side[c], "In" + label[c]));
            ports.add(audio(i++, false, "out" + side[c], "Out" + label[c]));
        }
        ports.add(midiOut(i));
        b.append(String.join(" , ", ports)).append(" .\n\n");
        return b.toString();
    }

    /** A control port from its table line; an enumeration's scale points are the catalogue names (0 = manual). */
    private static String control(Control c, double def, double max, List<String> names) {
        StringBuilder b = new StringBuilder("[\n        a lv2:").append(c.output() ? "OutputPort" : "InputPort")
                .append(" , lv2:ControlPort ;\n        lv2:index ").append(c.index()).append(" ;\n")
                .append("        lv2:symbol \"").append(c.symbol()).append("\" ;\n        lv2:name \"").append(c.label()).append("\" ;\n");
        if (c.bypass() || c.reportsLatency()) {
            b.append("        lv2:designation lv2:").append(c.bypass() ? "enabled" : "latency").append(" ;\n");
        }
        List<String> props = new ArrayList<>();
        if (c.reportsLatency()) {
            props.add("lv2:reportsLatency");
        }
        if (c.integer()) {
            props.add("lv2:integer");
        }
        if (c.enumeration()) {
            props.add("lv2:enumeration");
        }
        if (c.toggle()) {
            props.add("lv2:toggled");
        }
        if (c.logarithmic()) {
            props.add("<http://lv2plug.in/ns/ext/port-props#logarithmic>");
        }
        if (!props.isEmpty()) {
            b.append("        lv2:portProperty ").append(String.join(" , ", props)).append(" ;\n");
        }
        if (c == Control.NOTE || c == Control.CHANNEL) {
            b.append("        lv2:scalePoint [ rdfs:label \"from the filter\" ; rdf:value 0 ] ;\n");
        }
        if (c.enumeration()) {
            b.append("        lv2:scalePoint [ rdfs:label \"none/manual\" ; rdf:value 0 ]");
            for (int k = 0; k < names.size(); k++) {
                b.append(" ,\n            [ rdfs:label \"").append(esc(names.get(k))).append("\" ; rdf:value ").append(k + 1).append(" ]");
            }
            b.append(" ;\n");
        }
        String unit = c.unit() == null ? null : LV2_UNITS.get(c.unit());
        if (unit != null) {
            b.append("        units:unit ").append(unit).append(" ;\n");
        }
        if (!c.output()) {
            b.append("        lv2:default ").append(num(def)).append(" ;\n");
        }
        return b.append("        lv2:minimum ").append(num(c.min())).append(" ;\n")
                .append("        lv2:maximum ").append(num(max)).append(" ;\n    ]").toString();
    }

    /** LV2 units for the table's units (the others have no LV2 unit). */
    private static final java.util.Map<String, String> LV2_UNITS = java.util.Map.of("dB", "units:db", "frame", "units:frame");

    private static String audio(int index, boolean input, String sym, String name) {
        return "[\n        a lv2:" + (input ? "InputPort" : "OutputPort") + " , lv2:AudioPort ;\n"
                + "        lv2:index " + index + " ;\n        lv2:symbol \"" + sym + "\" ;\n"
                + "        lv2:name \"" + name + "\" ;\n    ]";
    }

    /** A note per event of the selected feature; optional, so audio-only hosts (lv2apply) need not connect it. */
    private static String midiOut(int index) {
        return "[\n        a lv2:OutputPort , atom:AtomPort ;\n        atom:bufferType atom:Sequence ;\n"
                + "        atom:supports midi:MidiEvent ;\n        lv2:portProperty lv2:connectionOptional ;\n"
                + "        lv2:index " + index + " ;\n        lv2:symbol \"midi_out\" ;\n"
                + "        lv2:name \"MIDI out\" ;\n        rdfs:comment \"A note per event of the selected feature (note and channel ports; 0 = from the filter)\" ;\n    ]";
    }

    /** Integers as integers (for lv2:integer ports), others as decimals: Turtle keeps both exact. */
    private static String num(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : String.format(Locale.ROOT, "%.6f", v);
    }

    private static String esc(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
