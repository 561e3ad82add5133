package com.auralise.trainer.interop;

import com.auralise.model.Model;
import com.auralise.model.ModelFormatException;
import com.auralise.model.ModelSpec;
import org.deeplearning4j.nn.modelimport.keras.KerasModelImport;
import org.deeplearning4j.nn.modelimport.keras.exceptions.InvalidKerasConfigurationException;
import org.deeplearning4j.nn.modelimport.keras.exceptions.UnsupportedKerasConfigurationException;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Imports a Keras Sequential CNN saved as .h5 (Keras 2 {@code model.save}: {@code model_config}
 * attribute + {@code model_weights} groups) through deeplearning4j-modelimport, then exports its
 * convolutional front with {@link Dl4jExport}. Conv2D may be channels_last or channels_first; the
 * input must be (frequency, time[, 1]) so that H = frequency and W = time. For a Choi-style model
 * (conv, batch-norm, ELU) the activations must be ReLU: anything else is refused by name.
 */
public final class KerasImport {
    private KerasImport() {
    }

    /** The whole Keras model as a DL4J network (inference only: the training config is not required). */
    public static MultiLayerNetwork load(Path h5) throws IOException {
        if (!Files.isRegularFile(h5)) {
            throw new IOException(h5 + ": no such file");
        }
        try {
            return KerasModelImport.importKerasSequentialModelAndWeights(h5.toAbsolutePath().toString(), false);
        } catch (InvalidKerasConfigurationException | UnsupportedKerasConfigurationException e) {
            throw new IOException(h5.getFileName() + ": Keras import failed: " + e.getMessage(), e);
        }
    }

    /** Imports and exports in one step; see {@link Dl4jExport#export} for what {@code base} supplies. */
    public static Model importModel(Path h5, ModelSpec base) throws IOException {
        MultiLayerNetwork net = load(h5);
        ModelSpec b = base;
        if (b.provenance != null && !b.provenance.containsKey("source")) {
            b = copyWithSource(base, h5);
        }
        return Dl4jExport.export(net, b);
    }

    private static ModelSpec copyWithSource(ModelSpec base, Path h5) throws ModelFormatException {
        ModelSpec s = new ModelSpec();
        s.id = base.id;
        s.name = base.name;
        s.sampleRate = base.sampleRate;
        s.frontend = base.frontend;
        s.provenance = new java.util.LinkedHashMap<>(base.provenance);
        s.provenance.put("source", "keras:" + h5.getFileName());
        s.catalogue = base.catalogue;
        return s;
    }
}
