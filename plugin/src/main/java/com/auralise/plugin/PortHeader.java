package com.auralise.plugin;

import com.auralise.filter.Control;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Writes the C shim's port header from the control table at build time (the Maven build runs it),
 * so the shim, the TTL and the bridge's slots cannot disagree. Usage: {@code PortHeader OUT.h}.
 */
public final class PortHeader {
    private PortHeader() {
    }

    public static void main(String[] args) throws IOException {
        Path out = Path.of(args[0]);
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, header());
    }

    static String header() {
        if (Lv2Bridge.CHANGED >= Lv2Bridge.PARAMS) {
            throw new IllegalStateException("more control ports than shared-memory slots: raise Lv2Bridge.PARAMS");
        }
        StringBuilder b = new StringBuilder();
        b.append("/* Generated from com.auralise.filter.Control by com.auralise.plugin.PortHeader: do not edit.\n")
                .append("   A control port's index (the TTL's lv2:index) is also its slot in Lv2Bridge's shared memory. */\n")
                .append("#ifndef AURALISE_PORTS_H\n#define AURALISE_PORTS_H\n\nenum {\n");
        StringBuilder outputs = new StringBuilder();
        for (Control c : Control.ALL) {
            b.append("  PORT_").append(c.name()).append(" = ").append(c.index()).append(",\n");
            outputs.append(c.index() == 0 ? "" : ", ").append(c.output() ? 1 : 0);
        }
        int n = Control.ALL.size();
        b.append("  N_CONTROL_PORTS = ").append(n).append(",\n")
                .append("  PORT_AUDIO = ").append(n).append(", /* then in, out (mono) or in_l, out_l, in_r, out_r (stereo), then MIDI out */\n")
                .append("  SLOT_CHANGED = ").append(Lv2Bridge.CHANGED).append(", /* set when an input slot was written; Java clears it */\n")
                .append("  PARAMS = ").append(Lv2Bridge.PARAMS).append(", /* shared-memory floats before the audio regions */\n")
                .append("  MIDI_MAX = ").append(MidiOut.MAX).append(", /* MIDI messages per chunk, after the audio regions: count, then (frame, status, data1, data2) each */\n")
                .append("  MIDI_FLOATS = ").append(MidiOut.FLOATS).append("\n")
                .append("};\n\n")
                .append("/* 1 for output control ports: Java writes their slot, the shim copies it to the host. */\n")
                .append(String.format(Locale.ROOT, "static const unsigned char PORT_OUTPUT[N_CONTROL_PORTS] = {%s};%n", outputs))
                .append("\n#endif\n");
        return b.toString();
    }
}
