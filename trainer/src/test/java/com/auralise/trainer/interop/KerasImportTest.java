package com.auralise.trainer.interop;

import com.auralise.model.ConvWeights;
import com.auralise.model.Model;
import com.auralise.model.ModelReader;
import com.auralise.model.ModelSpec;
import com.auralise.model.ModelWriter;
import com.auralise.network.OfflineNetwork;
import com.auralise.trainer.reference.ActivationError;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A real Keras-2 .h5 (written here with the HDF5 library, see {@link KerasH5}) of a Choi-style
 * Sequential CNN — Conv2D, BatchNormalization, ReLU, MaxPooling2D, Conv2D(relu), MaxPooling2D,
 * GlobalMaxPooling2D, Dense — goes through deeplearning4j-modelimport and {@link Dl4jExport}.
 * The exported weights must equal the ones computed here by hand from the Keras tensors (HWIO
 * kernel transposed to (out, in, kF, kT), batch-norm folded), and our forward pass must equal the
 * imported DL4J network's, for channels_last and channels_first files.
 */
class KerasImportTest {
    static final int H = 32; // frequency
    static final int W = 40; // time
    static final double EPS = 1e-3;
    static final ObjectMapper JSON = new ObjectMapper();

    static Map<String, Object> layer(String cls, Map<String, Object> config) {
        Map<String, Object> l = new LinkedHashMap<>();
        l.put("class_name", cls);
        l.put("config", config);
        return l;
    }

    static Map<String, Object> cfg(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    static Map<String, Object> init(String cls) {
        return cfg("class_name", cls, "config", Map.of());
    }

    static Map<String, Object> conv(String name, int filters, String activation, String format, List<Object> inputShape) {
        // Keras writes more (regularizers, constraints, ...); DL4J needs only these.
        Map<String, Object> c = cfg("name", name, "filters", filters, "kernel_size", List.of(3, 3),
                "strides", List.of(1, 1), "padding", "same", "data_format", format, "dilation_rate", List.of(1, 1),
                "activation", activation, "use_bias", true, "kernel_initializer", init("Zeros"),
                "bias_initializer", init("Zeros"));
        if (inputShape != null) {
            c.put("batch_input_shape", inputShape);
            c.put("dtype", "float32");
        }
        return layer("Conv2D", c);
    }

    static Map<String, Object> pool(String name, String format) {
        return layer("MaxPooling2D", cfg("name", name, "pool_size", List.of(2, 2),
                "padding", "valid", "strides", List.of(2, 2), "data_format", format));
    }

    static String modelConfig(String format) throws IOException {
        boolean last = format.equals("channels_last");
        List<Object> shape = new ArrayList<>();
        shape.add(null);
        shape.addAll(last ? List.of(H, W, 1) : List.of(1, H, W));
        List<Object> layers = List.of(
                conv("conv1", 4, "linear", format, shape),
                layer("BatchNormalization", cfg("name", "bn1", "axis", last ? 3 : 1,
                        "momentum", 0.99, "epsilon", EPS, "center", true, "scale", true)),
                layer("Activation", cfg("name", "relu1", "activation", "relu")),
                pool("pool1", format),
                conv("conv2", 6, "relu", format, null),
                pool("pool2", format),
                layer("GlobalMaxPooling2D", cfg("name", "gmp", "data_format", format)),
                layer("Dense", cfg("name", "dense", "units", 3, "activation", "softmax",
                        "use_bias", true, "kernel_initializer", init("Zeros"), "bias_initializer", init("Zeros"))));
        return JSON.writeValueAsString(cfg("class_name", "Sequential", "config", cfg("name", "choi_style", "layers", layers),
                "keras_version", "2.2.4", "backend", "tensorflow"));
    }

    static float[] rand(Random r, int n, double mean, double sd) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (mean + sd * r.nextGaussian());
        }
        return v;
    }

    static KerasH5.Tensor t(String name, float[] data, long... shape) {
        return new KerasH5.Tensor(name, shape, data);
    }

    @ParameterizedTest
    @ValueSource(strings = {"channels_last", "channels_first"})
    void importsAChoiStyleKerasModel(String format, @TempDir Path dir) throws IOException {
        Random r = new Random(format.length());
        float[] k1 = rand(r, 3 * 3 * 1 * 4, 0, 0.5);   // Keras kernels are (kH, kW, in, out)
        float[] b1 = rand(r, 4, 0, 0.2);
        float[] gamma = rand(r, 4, 1, 0.3);
        float[] beta = rand(r, 4, 0, 0.2);
        float[] mean = rand(r, 4, 0.1, 0.2);
        float[] var = new float[4];
        for (int i = 0; i < 4; i++) {
            var[i] = (float) (0.3 + r.nextDouble());
        }
        float[] k2 = rand(r, 3 * 3 * 4 * 6, 0, 0.3);
        float[] b2 = rand(r, 6, 0.05, 0.1);
        Map<String, List<KerasH5.Tensor>> weights = KerasH5.weights();
        weights.put("conv1", List.of(t("kernel", k1, 3, 3, 1, 4), t("bias", b1, 4)));
        weights.put("bn1", List.of(t("gamma", gamma, 4), t("beta", beta, 4), t("moving_mean", mean, 4),
                t("moving_variance", var, 4)));
        weights.put("conv2", List.of(t("kernel", k2, 3, 3, 4, 6), t("bias", b2, 6)));
        weights.put("dense", List.of(t("kernel", rand(r, 18, 0, 0.3), 6, 3), t("bias", rand(r, 3, 0, 0.1), 3)));
        String config = modelConfig(format);
        Path h5 = dir.resolve("choi_" + format + ".h5");
        KerasH5.write(h5, config, weights);

        ModelSpec base = Dl4jExportTest.base();
        Model m = KerasImport.importModel(h5, base);
        Path file = dir.resolve("keras.auralise");
        ModelWriter.write(m, file);
        Model back = ModelReader.read(file);
        assertEquals(2, back.layers());
        assertEquals("same", back.spec().padding);
        assertEquals("keras:" + h5.getFileName(), back.spec().provenance.get("source"));

        // Hand-computed expectation: transpose HWIO -> (out, in, kF, kT), fold BN into block 1.
        ConvWeights c1 = back.conv(0);
        ConvWeights c2 = back.conv(1);
        for (int o = 0; o < 4; o++) {
            double s = gamma[o] / Math.sqrt(var[o] + EPS);
            assertEquals((b1[o] - mean[o]) * s + beta[o], c1.bias[o], 1e-5, "folded bias " + o);
            for (int f = 0; f < 3; f++) {
                for (int tt = 0; tt < 3; tt++) {
                    assertEquals(k1[((f * 3 + tt) * 1) * 4 + o] * s, c1.w(o, 0, f, tt), 1e-5, "folded W[" + o + ",0," + f + "," + tt + "]");
                }
            }
        }
        for (int o = 0; o < 6; o++) {
            assertEquals(b2[o], c2.bias[o], 0f);
            for (int i = 0; i < 4; i++) {
                for (int f = 0; f < 3; f++) {
                    for (int tt = 0; tt < 3; tt++) {
                        assertEquals(k2[((f * 3 + tt) * 4 + i) * 6 + o], c2.w(o, i, f, tt), 0f);
                    }
                }
            }
        }

        // The command line produces the same tensors.
        Path cli = dir.resolve("cli.auralise");
        KerasImport.main(new String[] {h5.toString(), cli.toString(), "--id=choi", "--sample-rate=11025",
            "--frontend=mel", "--nfft=512", "--hop=256", "--bins=96", "--fmin=0", "--fmax=5512.5"});
        Model viaCli = ModelReader.read(cli);
        assertEquals("mel", viaCli.spec().frontend.type);
        assertTrue(java.util.Arrays.equals(c1.kernel, viaCli.conv(0).kernel));

        // Our forward pass on the exported file equals the imported DL4J network's.
        MultiLayerNetwork net = KerasImport.load(h5);
        float[][] x = new float[H][W];
        float[] flat = new float[H * W];
        for (int f = 0; f < H; f++) {
            for (int tt = 0; tt < W; tt++) {
                x[f][tt] = (float) Math.abs(r.nextGaussian());
                flat[f * W + tt] = x[f][tt];
            }
        }
        boolean last = format.equals("channels_last");
        INDArray in = Nd4j.create(flat, last ? new long[] {1, H, W, 1} : new long[] {1, 1, H, W}, 'c');
        List<INDArray> acts = net.feedForward(in, false);
        OfflineNetwork.Activations ours = OfflineNetwork.forward(back, x, 2);
        int k = 0;
        for (int i = 0; i < net.getnLayers(); i++) {
            if (net.getLayer(i).conf().getLayer() instanceof SubsamplingLayer) {
                INDArray theirs = acts.get(i + 1);
                if (last) {
                    theirs = theirs.permute(0, 3, 1, 2);
                }
                double err = ActivationError.maxRelError(ours.pooled[k], theirs);
                assertTrue(err <= 1e-5, format + " block " + (k + 1) + " relative error " + err);
                k++;
            }
        }
        assertEquals(2, k);
    }
}
