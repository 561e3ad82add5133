package com.auralise.trainer.interop;

import com.auralise.model.ConvWeights;
import com.auralise.model.Model;
import com.auralise.model.ModelReader;
import com.auralise.model.ModelSpec;
import com.auralise.model.ModelWriter;
import com.auralise.network.OfflineNetwork;
import com.auralise.trainer.reference.ActivationError;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.conf.layers.ZeroPaddingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * DL4J -> model file: exported weights equal DL4J's parameters (layout [out, in, kH, kW]), the
 * written file reads back and ND4J reads its .npy tensors, our forward pass on the exported model
 * equals DL4J's on the original network, and batch-norm folding reproduces DL4J's conv+BN output.
 */
class Dl4jExportTest {
    static final int ROWS = 32; // frequency (H)
    static final int COLS = 40; // time (W)

    static ModelSpec base() {
        ModelSpec s = new ModelSpec();
        s.id = "dl4j-export-test";
        s.name = "exported";
        s.sampleRate = 22050;
        s.frontend = new ModelSpec.Frontend();
        s.frontend.nFft = 256;
        s.frontend.hop = 64;
        s.provenance.put("seed", 5);
        return s;
    }

    /** Conv blocks [channels...] then a dense/output head that the export must drop. */
    static MultiLayerNetwork net(boolean causal, boolean batchNorm, int... channels) {
        return net(causal, batchNorm, true, channels);
    }

    static MultiLayerNetwork net(boolean causal, boolean batchNorm, boolean logStd, int... channels) {
        NeuralNetConfiguration.ListBuilder b = new NeuralNetConfiguration.Builder()
                .seed(3).dataType(DataType.FLOAT).list();
        for (int c : channels) {
            if (causal) {
                b.layer(new ZeroPaddingLayer.Builder(1, 1, 2, 0).build());
            }
            b.layer(new ConvolutionLayer.Builder(3, 3).nOut(c).stride(1, 1)
                    .convolutionMode(causal ? ConvolutionMode.Truncate : ConvolutionMode.Same)
                    .activation(batchNorm ? Activation.IDENTITY : Activation.RELU).build());
            if (batchNorm) {
                b.layer(new BatchNormalization.Builder().eps(1e-3).useLogStd(logStd).activation(Activation.IDENTITY).build());
                b.layer(new ActivationLayer.Builder().activation(Activation.RELU).build());
            }
            b.layer(new SubsamplingLayer.Builder(PoolingType.MAX).kernelSize(2, 2).stride(2, 2)
                    .convolutionMode(ConvolutionMode.Truncate).build());
        }
        b.layer(new DenseLayer.Builder().nOut(10).activation(Activation.RELU).build());
        b.layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(3).activation(Activation.SOFTMAX).build());
        MultiLayerConfiguration conf = b.setInputType(InputType.convolutional(ROWS, COLS, 1)).build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        // Non-zero biases and non-trivial batch-norm statistics, so neither can be silently lost.
        Random r = new Random(11);
        for (org.deeplearning4j.nn.api.Layer l : net.getLayers()) {
            for (Map.Entry<String, INDArray> p : l.paramTable().entrySet()) {
                INDArray a = p.getValue();
                switch (p.getKey()) {
                    case "b", "beta", "mean" -> a.assign(rand(r, a.length(), 0.0, 0.3).reshape(a.shape()));
                    case "gamma" -> a.assign(rand(r, a.length(), 1.0, 0.4).reshape(a.shape()));
                    case "var" -> a.assign(Nd4j.createFromArray(positive(r, (int) a.length())).reshape(a.shape()));
                    case "log10stdev" -> a.assign(rand(r, a.length(), 0.0, 0.3).reshape(a.shape()));
                    default -> {
                    }
                }
            }
        }
        return net;
    }

    static INDArray rand(Random r, long n, double mean, double sd) {
        float[] v = new float[(int) n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (mean + sd * r.nextGaussian());
        }
        return Nd4j.createFromArray(v);
    }

    static float[] positive(Random r, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (0.2 + 2 * r.nextDouble());
        }
        return v;
    }

    static float[][] input(long seed) {
        Random r = new Random(seed);
        float[][] x = new float[ROWS][COLS];
        for (float[] row : x) {
            for (int t = 0; t < COLS; t++) {
                row[t] = (float) Math.abs(r.nextGaussian());
            }
        }
        return x;
    }

    static INDArray nchw(float[][] x) {
        float[] flat = new float[ROWS * COLS];
        for (int f = 0; f < ROWS; f++) {
            System.arraycopy(x[f], 0, flat, f * COLS, COLS);
        }
        return Nd4j.create(flat, new long[] {1, 1, ROWS, COLS}, 'c');
    }

    /** Indices in the DL4J net of the layer whose output ends each block (the pool). */
    static int[] poolLayers(MultiLayerNetwork net) {
        return java.util.stream.IntStream.range(0, net.getnLayers())
                .filter(i -> net.getLayer(i).conf().getLayer() instanceof SubsamplingLayer).toArray();
    }

    @ParameterizedTest
    @ValueSource(strings = {"same", "causal"})
    void exportedWeightsEqualDl4jParamsAndForwardMatches(String padding, @TempDir Path dir) throws IOException {
        boolean causal = padding.equals("causal");
        MultiLayerNetwork net = net(causal, false, 4, 6, 5);
        Model m = Dl4jExport.export(net, base());
        assertEquals(padding, m.spec().padding);
        assertEquals(3, m.layers(), "the dense and output layers are dropped");
        Path file = dir.resolve("exported.auralise");
        ModelWriter.write(m, file);
        Model r = ModelReader.read(file);

        int block = 0;
        for (int i = 0; i < net.getnLayers(); i++) {
            if (!(net.getLayer(i).conf().getLayer() instanceof ConvolutionLayer)) {
                continue;
            }
            INDArray w = net.getLayer(i).getParam("W");
            INDArray b = net.getLayer(i).getParam("b");
            ConvWeights c = r.conv(block);
            assertEquals(w.size(0), c.out);
            assertEquals(w.size(1), c.in);
            for (int o = 0; o < c.out; o++) {
                assertEquals(b.getFloat(o), c.bias[o], 0f);
                for (int in = 0; in < c.in; in++) {
                    for (int f = 0; f < 3; f++) {
                        for (int t = 0; t < 3; t++) {
                            assertEquals(w.getFloat(o, in, f, t), c.w(o, in, f, t), 0f, "W[" + o + "," + in + "," + f + "," + t + "]");
                        }
                    }
                }
            }
            // ND4J reads the .npy exactly as written.
            Path npy = extract(file, r.spec().blocks.get(block).weights, dir);
            INDArray back = Nd4j.createFromNpyFile(npy.toFile());
            assertEquals(List.of(w.shape()[0], w.shape()[1], 3L, 3L), List.of(back.shape()[0], back.shape()[1], back.shape()[2], back.shape()[3]));
            assertTrue(back.castTo(DataType.FLOAT).equals(w.castTo(DataType.FLOAT)), "ND4J's reading of " + npy.getFileName());
            block++;
        }
        assertEquals(3, block);

        // Our forward pass on the exported file equals DL4J's on the original network, block by block.
        float[][] x = input(9);
        OfflineNetwork.Activations ours = OfflineNetwork.forward(r, x, 3);
        List<INDArray> acts = net.feedForward(nchw(x), false);
        int[] pools = poolLayers(net);
        for (int k = 0; k < 3; k++) {
            double err = ActivationError.maxRelError(ours.pooled[k], acts.get(pools[k] + 1));
            assertTrue(err <= 1e-5, "block " + (k + 1) + " relative error " + err);
        }
    }

    static Path extract(Path zip, String entry, Path dir) throws IOException {
        try (InputStream in = Files.newInputStream(zip); ZipInputStream z = new ZipInputStream(in)) {
            ZipEntry e;
            while ((e = z.getNextEntry()) != null) {
                if (e.getName().equals(entry)) {
                    Path out = dir.resolve(entry.replace('/', '_'));
                    Files.write(out, z.readAllBytes());
                    return out;
                }
            }
        }
        throw new AssertionError(entry + " not in " + zip);
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void batchNormIsFoldedIntoTheConvolution(boolean logStd) throws IOException {
        MultiLayerNetwork net = net(false, true, logStd, 4, 6);
        assertEquals(logStd, net.getLayer(1).paramTable().containsKey("log10stdev"));
        Model m = Dl4jExport.export(net, base());
        assertEquals(List.of(1, 2), ((Map<?, ?>) m.spec().provenance.get("export")).get("foldedBatchNorm"));
        float[][] x = input(4);
        // DL4J's conv -> BN output (before ReLU) against a conv-only DL4J net carrying the folded weights.
        // feedForwardToLayer stops at the BN: the ReLU layer after it would work in place on that array.
        INDArray bnOut = net.feedForwardToLayer(1, nchw(x), false).get(2);
        MultiLayerNetwork folded = foldedConvNet(m);
        List<INDArray> f = folded.feedForward(nchw(x), false);
        double err = relError(bnOut, f.get(1));
        assertTrue(bnOut.minNumber().doubleValue() < 0, "pre-ReLU output has negative values");
        List<INDArray> acts = net.feedForward(nchw(x), false);
        assertTrue(err <= 1e-5, "conv+BN vs folded conv relative error " + err);
        // And end to end: our forward pass on the folded model equals DL4J's conv+BN+ReLU+pool blocks.
        OfflineNetwork.Activations ours = OfflineNetwork.forward(m, x, 2);
        int[] pools = poolLayers(net);
        for (int k = 0; k < 2; k++) {
            double e = ActivationError.maxRelError(ours.pooled[k], acts.get(pools[k] + 1));
            assertTrue(e <= 1e-5, "block " + (k + 1) + " relative error " + e);
        }
    }

    static MultiLayerNetwork foldedConvNet(Model m) {
        ConvWeights w = m.conv(0);
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(1).dataType(DataType.FLOAT).list()
                .layer(new ConvolutionLayer.Builder(w.kF, w.kT).nOut(w.out).stride(1, 1)
                        .convolutionMode(ConvolutionMode.Same).activation(Activation.IDENTITY).build())
                .setInputType(InputType.convolutional(ROWS, COLS, 1)).build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        net.getLayer(0).setParam("W", Nd4j.create(w.kernel, new long[] {w.out, w.in, w.kF, w.kT}, 'c'));
        net.getLayer(0).setParam("b", Nd4j.create(w.bias, new long[] {1, w.out}, 'c'));
        return net;
    }

    static double relError(INDArray expected, INDArray actual) {
        assertTrue(java.util.Arrays.equals(expected.shape(), actual.shape()));
        double peak = expected.amaxNumber().doubleValue();
        assertTrue(peak > 0);
        return expected.sub(actual).amaxNumber().doubleValue() / peak;
    }

    // ------------------------------------------------------------------ refusals

    static MultiLayerNetwork build(NeuralNetConfiguration.ListBuilder b) {
        MultiLayerNetwork net = new MultiLayerNetwork(b.setInputType(InputType.convolutional(ROWS, COLS, 1)).build());
        net.init();
        return net;
    }

    static NeuralNetConfiguration.ListBuilder list() {
        return new NeuralNetConfiguration.Builder().seed(1).dataType(DataType.FLOAT).list();
    }

    static ConvolutionLayer.Builder conv(int k) {
        return new ConvolutionLayer.Builder(k, k).nOut(4).stride(1, 1).convolutionMode(ConvolutionMode.Same)
                .activation(Activation.RELU);
    }

    static void refused(MultiLayerNetwork net, String... fragments) {
        Exception e = assertThrows(Exception.class, () -> Dl4jExport.export(net, base()));
        for (String f : fragments) {
            assertTrue(e.getMessage().contains(f), "\"" + e.getMessage() + "\" should mention \"" + f + "\"");
        }
    }

    @Test
    void refusesWhatTheEngineCannotRun() {
        refused(build(list().layer(conv(3).activation(Activation.IDENTITY).build())
                .layer(new ActivationLayer.Builder().activation(Activation.RELU).build())
                .layer(new BatchNormalization.Builder().build())), "layer 2", "BatchNormalization after the ReLU");
        refused(build(list().layer(conv(3).activation(Activation.TANH).build())), "layer 0", "only relu");
        refused(build(list().layer(conv(3).build())
                .layer(new SubsamplingLayer.Builder(PoolingType.AVG).kernelSize(2, 2).stride(2, 2).build())), "layer 1", "AVG");
        refused(build(list().layer(conv(3).stride(2, 2).build())), "stride");
        refused(build(list().layer(conv(3).convolutionMode(ConvolutionMode.Truncate).build())), "layer 0", "'same'");
        refused(build(list().layer(conv(3).build())
                .layer(new ZeroPaddingLayer.Builder(1, 1, 2, 0).build())
                .layer(conv(3).convolutionMode(ConvolutionMode.Truncate).build())), "layer 2", "padding 'causal'", "'same'");
        refused(build(list().layer(conv(3).build())
                .layer(new SubsamplingLayer.Builder(PoolingType.MAX).kernelSize(3, 3).stride(2, 2).build())), "kernel = stride");
        refused(build(list().layer(new DenseLayer.Builder().nOut(4).build())), "does not start with a ConvolutionLayer");
    }

    @Test
    void convBlocksWithoutPoolingGetPoolOne() throws IOException {
        MultiLayerNetwork net = build(list().layer(conv(3).build()).layer(conv(5).build())
                .layer(new GlobalPoolingLayer.Builder(PoolingType.AVG).build()));
        Model m = Dl4jExport.export(net, base());
        assertEquals(2, m.layers());
        assertEquals(List.of(1, 1), List.of(m.spec().blocks.get(0).pool[0], m.spec().blocks.get(0).pool[1]));
        assertEquals(5, m.conv(1).kF);
        assertEquals(List.of("GlobalPoolingLayer"), ((Map<?, ?>) m.spec().provenance.get("export")).get("droppedLayers"));
    }
}
