package com.auralise.plugin;

import com.auralise.model.ModelReader;
import com.auralise.model.ModelWriter;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Loads the classes a plugin instance needs (model reading with Jackson, the filter, the bridge), so
 * that {@code make-cds.sh} can record them in a class-data-sharing archive: the JVM the shim starts
 * then maps them instead of parsing and verifying them, which shortens the cold instantiate.
 */
public final class CdsTraining {
    private CdsTraining() {
    }

    public static void main(String[] args) throws Exception {
        Path tmp = Files.createTempFile("auralise-cds", ".auralise");
        try {
            ModelWriter.write(ModelSource.tiny(1, 3, 4, "same"), tmp);
            ModelReader.read(tmp);
        } finally {
            Files.deleteIfExists(tmp);
        }
        try {
            ModelSource.load(ModelSource.DEFAULT);
        } catch (Exception e) {
            // No embedded model in this build: nothing more to load.
        }
        for (int ch = 1; ch <= 2; ch++) {
            ByteBuffer mem = ByteBuffer.allocateDirect(4 * Lv2Bridge.floats(ch, 1024));
            int h = Lv2Bridge.create("", "tiny:1:3:4:same", ch, 48000, mem, 1024);
            for (int i = 0; i < 50; i++) {
                Lv2Bridge.process(h, 256);
            }
            Lv2Bridge.stateSettings(h);
            Lv2Bridge.restore(h, "tiny:1:2:4:causal", "layer=1;");
            Lv2Bridge.destroy(h);
        }
    }
}
