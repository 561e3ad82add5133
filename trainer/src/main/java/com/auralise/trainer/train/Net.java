package com.auralise.trainer.train;

import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
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
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.impl.LossBinaryXENT;

/**
 * The trained network: 5 blocks of [3x3 conv, batch-norm (folded into the conv on export), ReLU,
 * 2x2 max-pool (truncating)] on a (1, bins, frames) spectrogram with H = frequency, W = time, then
 * global max pooling, a small dense layer and sigmoid outputs (multi-label). Studio blocks use
 * ConvolutionMode.Same; live blocks pad only the past in time: ZeroPaddingLayer(1, 1, 2, 0) + an
 * unpadded Truncate conv, which is the form Dl4jExport reads as "causal".
 * Layer names (conv1, bn1, ...) are the same in both variants so weights can be copied across.
 */
public final class Net {
    private Net() {
    }

    public static MultiLayerNetwork build(int bins, int frames, int[] channels, int outputs, double[] labelWeights,
                                          boolean causal, long seed, double lr) {
        NeuralNetConfiguration.ListBuilder b = new NeuralNetConfiguration.Builder()
                .seed(seed)
                .dataType(DataType.FLOAT)
                .updater(new Adam(lr))
                .weightInit(WeightInit.RELU)
                .l2(1e-5)
                .trainingWorkspaceMode(WorkspaceMode.ENABLED)
                .inferenceWorkspaceMode(WorkspaceMode.ENABLED)
                .list();
        for (int i = 0; i < channels.length; i++) {
            int n = i + 1;
            if (causal) {
                b.layer(new ZeroPaddingLayer.Builder(1, 1, 2, 0).name("pad" + n).build());
                b.layer(new ConvolutionLayer.Builder(3, 3).nOut(channels[i]).stride(1, 1).padding(0, 0)
                        .convolutionMode(ConvolutionMode.Truncate).activation(Activation.IDENTITY).name("conv" + n).build());
            } else {
                b.layer(new ConvolutionLayer.Builder(3, 3).nOut(channels[i]).stride(1, 1)
                        .convolutionMode(ConvolutionMode.Same).activation(Activation.IDENTITY).name("conv" + n).build());
            }
            b.layer(new BatchNormalization.Builder().name("bn" + n).build());
            b.layer(new ActivationLayer.Builder().activation(Activation.RELU).name("relu" + n).build());
            b.layer(new SubsamplingLayer.Builder(PoolingType.MAX).kernelSize(2, 2).stride(2, 2)
                    .convolutionMode(ConvolutionMode.Truncate).name("pool" + n).build());
        }
        b.layer(new GlobalPoolingLayer.Builder(PoolingType.MAX).name("gpool").build());
        b.layer(new DenseLayer.Builder().nOut(64).activation(Activation.RELU).name("dense").build());
        INDArray w = Nd4j.createFromArray(toFloat(labelWeights));
        b.layer(new OutputLayer.Builder(new LossBinaryXENT(w)).nOut(outputs).activation(Activation.SIGMOID).name("out").build());
        b.setInputType(InputType.convolutional(bins, frames, 1));
        MultiLayerConfiguration conf = b.build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    /** Copies every named parameterised layer's parameters (conv, bn, dense, out) from one net to another. */
    public static void copyParams(MultiLayerNetwork from, MultiLayerNetwork to) {
        for (org.deeplearning4j.nn.api.Layer l : to.getLayers()) {
            String name = l.conf().getLayer().getLayerName();
            if (l.numParams() == 0) {
                continue;
            }
            org.deeplearning4j.nn.api.Layer src = from.getLayer(name);
            if (src == null || src.numParams() != l.numParams()) {
                throw new IllegalArgumentException("no matching layer " + name);
            }
            l.setParams(src.params().dup());
        }
    }

    private static float[] toFloat(double[] d) {
        float[] f = new float[d.length];
        for (int i = 0; i < d.length; i++) {
            f[i] = (float) d[i];
        }
        return f;
    }
}
