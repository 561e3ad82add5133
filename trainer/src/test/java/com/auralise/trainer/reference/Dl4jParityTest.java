package com.auralise.trainer.reference;

import com.auralise.model.ConvWeights;
import com.auralise.model.Model;
import com.auralise.model.TestModels;
import com.auralise.network.OfflineNetwork;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.conf.layers.ZeroPaddingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Our forward pass against DL4J/ND4J's for the same weights: every block's conv+ReLU and pooled
 * activations agree to 1e-5 relative. Causal padding is expressed in DL4J as explicit zero padding
 * (two columns before, none after) followed by an unpadded convolution.
 */
class Dl4jParityTest {

    static MultiLayerNetwork dl4j(Model m, int rows, int frames) {
        boolean causal = m.spec().causal();
        NeuralNetConfiguration.ListBuilder b = new NeuralNetConfiguration.Builder()
                .seed(1).dataType(DataType.FLOAT).list();
        for (int i = 0; i < m.layers(); i++) {
            ConvWeights w = m.conv(i);
            if (causal) {
                b.layer(new ZeroPaddingLayer.Builder((w.kF - 1) / 2, (w.kF - 1) / 2, w.kT - 1, 0).build());
            }
            b.layer(new ConvolutionLayer.Builder(w.kF, w.kT).nOut(w.out).stride(1, 1)
                    .convolutionMode(causal ? ConvolutionMode.Truncate : ConvolutionMode.Same)
                    .activation(Activation.RELU).build());
            b.layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX)
                    .kernelSize(2, 2).stride(2, 2).convolutionMode(ConvolutionMode.Truncate).build());
        }
        MultiLayerConfiguration conf = b.setInputType(InputType.convolutional(rows, frames, 1)).build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        int layer = 0;
        for (int i = 0; i < m.layers(); i++) {
            if (causal) {
                layer++;
            }
            ConvWeights w = m.conv(i);
            net.getLayer(layer).setParam("W", Nd4j.create(w.kernel, new long[] {w.out, w.in, w.kF, w.kT}, 'c'));
            net.getLayer(layer).setParam("b", Nd4j.create(w.bias, new long[] {1, w.out}, 'c'));
            layer += 2;
        }
        return net;
    }

    @ParameterizedTest
    @ValueSource(strings = {"same", "causal"})
    void forwardActivationsEqualDl4j(String padding) {
        Model m = TestModels.tiny(21, 5, 8, padding);
        int rows = 64;
        int frames = 96;
        Random r = new Random(2);
        float[][] spec = new float[rows][frames];
        float[] flat = new float[rows * frames];
        for (int f = 0; f < rows; f++) {
            for (int t = 0; t < frames; t++) {
                spec[f][t] = (float) Math.abs(r.nextGaussian());
                flat[f * frames + t] = spec[f][t];
            }
        }
        OfflineNetwork.Activations ours = OfflineNetwork.forward(m, spec, 5);
        List<INDArray> acts = dl4j(m, rows, frames).feedForward(Nd4j.create(flat, new long[] {1, 1, rows, frames}, 'c'), false);
        // acts.get(0) is the input; then per block: [padding], conv, pool.
        int idx = 1;
        for (int i = 0; i < 5; i++) {
            if (padding.equals("causal")) {
                idx++;
            }
            double convErr = ActivationError.maxRelError(ours.conv[i], acts.get(idx++));
            double poolErr = ActivationError.maxRelError(ours.pooled[i], acts.get(idx++));
            assertTrue(convErr <= 1e-5, "block " + (i + 1) + " conv relative error " + convErr);
            assertTrue(poolErr <= 1e-5, "block " + (i + 1) + " pool relative error " + poolErr);
        }
    }
}
