package com.auralise.trainer.interop;

import com.auralise.model.Model;
import com.auralise.model.ModelSpec;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.modelimport.keras.Hdf5Archive;
import org.deeplearning4j.nn.modelimport.keras.KerasModelImport;
import org.deeplearning4j.nn.modelimport.keras.exceptions.InvalidKerasConfigurationException;
import org.deeplearning4j.nn.modelimport.keras.exceptions.UnsupportedKerasConfigurationException;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;

/**
 * Imports a Keras Sequential CNN saved as .h5 (Keras 2 {@code model.save}: {@code model_config}
 * attribute + {@code model_weights} groups) through deeplearning4j-modelimport, then exports its
 * convolutional front with {@link Dl4jExport}. The input must be (frequency, time) so that
 * H = frequency and W = time; activations must be ReLU (a Choi-style ELU model is refused by name).
 *
 * <p>channels_first: Keras 2 stores every Conv2D kernel as (kH, kW, in, out) whatever the
 * data_format, but modelimport 1.0.0-M2.1 reads channels_first kernels as Keras-1/Theano
 * (out, in, kH, kW) rotated by 180 degrees, which scrambles them. For Keras 2 files we therefore
 * re-read those kernels from the file and transpose them ourselves (tested against hand-computed
 * weights in KerasImportTest). Keras 1 files keep modelimport's Theano handling.
 */
public final class KerasImport {
    private KerasImport() {
    }

    /**
     * Command line: {@code KerasImport model.h5 out.auralise --id=ID --sample-rate=11025
     * [--name=..] [--frontend=linear|logfreq|mel] [--nfft=512] [--hop=256] [--bins=..] [--fmin=..] [--fmax=..]}.
     */
    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            System.err.println("usage: KerasImport model.h5 out.auralise --id=ID --sample-rate=HZ [--name=..]"
                    + " [--frontend=linear|logfreq|mel] [--nfft=N] [--hop=N] [--bins=N] [--fmin=HZ] [--fmax=HZ]");
            System.exit(2);
        }
        java.util.Map<String, String> opt = new java.util.HashMap<>();
        for (int i = 2; i < args.length; i++) {
            String[] kv = args[i].replaceFirst("^--", "").split("=", 2);
            if (kv.length != 2) {
                throw new IllegalArgumentException("expected --key=value, got " + args[i]);
            }
            opt.put(kv[0], kv[1]);
        }
        ModelSpec base = new ModelSpec();
        base.id = opt.get("id");
        base.name = opt.getOrDefault("name", base.id);
        base.sampleRate = Integer.parseInt(opt.getOrDefault("sample-rate", "0"));
        base.frontend = new ModelSpec.Frontend();
        base.frontend.type = opt.getOrDefault("frontend", "linear");
        base.frontend.nFft = Integer.parseInt(opt.getOrDefault("nfft", "512"));
        base.frontend.hop = Integer.parseInt(opt.getOrDefault("hop", "256"));
        base.frontend.bins = Integer.parseInt(opt.getOrDefault("bins", "0"));
        base.frontend.fMin = Double.parseDouble(opt.getOrDefault("fmin", "0"));
        base.frontend.fMax = Double.parseDouble(opt.getOrDefault("fmax", "0"));
        base.provenance.put("command", "KerasImport " + String.join(" ", args));
        Path out = Path.of(args[1]);
        com.auralise.model.ModelWriter.write(importModel(Path.of(args[0]), base), out);
        System.out.println(out + " sha256 " + com.auralise.model.ModelWriter.sha256(out));
    }

    /** The whole Keras model as a DL4J network (inference only: the training config is not required). */
    public static MultiLayerNetwork load(Path h5) throws IOException {
        if (!Files.isRegularFile(h5)) {
            throw new IOException(h5 + ": no such file");
        }
        String path = h5.toAbsolutePath().toString();
        try {
            MultiLayerNetwork net = KerasModelImport.importKerasSequentialModelAndWeights(path, false);
            fixChannelsFirstKernels(path, net);
            return net;
        } catch (InvalidKerasConfigurationException | UnsupportedKerasConfigurationException e) {
            throw new IOException(h5.getFileName() + ": Keras import failed: " + e.getMessage(), e);
        }
    }

    /** Imports and exports in one step; see {@link Dl4jExport#export} for what {@code base} supplies. */
    public static Model importModel(Path h5, ModelSpec base) throws IOException {
        MultiLayerNetwork net = load(h5);
        ModelSpec s = new ModelSpec();
        s.id = base.id;
        s.name = base.name;
        s.sampleRate = base.sampleRate;
        s.frontend = base.frontend;
        s.provenance = new LinkedHashMap<>(base.provenance == null ? java.util.Map.of() : base.provenance);
        s.provenance.putIfAbsent("source", "keras:" + h5.getFileName());
        s.catalogue = base.catalogue;
        return Dl4jExport.export(net, s);
    }

    private static void fixChannelsFirstKernels(String path, MultiLayerNetwork net)
            throws IOException, UnsupportedKerasConfigurationException {
        try (Hdf5Archive a = new Hdf5Archive(path)) {
            String version = a.readAttributeAsFixedLengthString("keras_version", 5);
            if (!version.startsWith("2")) {
                return;
            }
            JsonNode config = new ObjectMapper().readTree(a.readAttributeAsJson("model_config").replace("\u0000", ""));
            JsonNode layers = config.path("config").has("layers") ? config.path("config").path("layers") : config.path("config");
            for (JsonNode l : layers) {
                String cls = l.path("class_name").asText();
                JsonNode c = l.path("config");
                if (!(cls.equals("Conv2D") || cls.equals("Convolution2D"))
                        || !"channels_first".equals(c.path("data_format").asText())) {
                    continue;
                }
                String name = c.path("name").asText();
                INDArray kernel = a.readDataSet("kernel:0", "model_weights", name, name);
                Layer target = null;
                for (Layer dl : net.getLayers()) {
                    if (name.equals(dl.conf().getLayer().getLayerName())) {
                        target = dl;
                    }
                }
                if (target == null || kernel.rank() != 4) {
                    throw new IOException("channels_first Conv2D '" + name + "': cannot re-read its kernel ("
                            + (target == null ? "no DL4J layer of that name" : "rank " + kernel.rank()) + ")");
                }
                INDArray w = kernel.permute(3, 2, 0, 1).dup('c'); // (kH, kW, in, out) -> (out, in, kH, kW)
                INDArray current = target.getParam("W");
                if (!Arrays.equals(w.shape(), current.shape())) {
                    throw new IOException("channels_first Conv2D '" + name + "': kernel " + Arrays.toString(kernel.shape())
                            + " does not fit DL4J's weights " + Arrays.toString(current.shape()));
                }
                target.setParam("W", w.castTo(current.dataType()));
            }
        }
    }
}
