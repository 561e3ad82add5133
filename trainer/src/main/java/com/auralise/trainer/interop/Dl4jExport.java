package com.auralise.trainer.interop;

import com.auralise.model.ConvWeights;
import com.auralise.model.Model;
import com.auralise.model.ModelFormatException;
import com.auralise.model.ModelReader;
import com.auralise.model.ModelSpec;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.conf.layers.ZeroPaddingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns the convolutional front of a DL4J {@link MultiLayerNetwork} into our {@link Model}.
 *
 * <p>Accepted, in order, per block: [ZeroPaddingLayer] ConvolutionLayer (stride 1, no dilation,
 * odd kernel) [BatchNormalization] [ActivationLayer relu] [SubsamplingLayer MAX, kernel = stride,
 * no padding]; DropoutLayers are skipped (identity at inference). The first layer of any other
 * kind (dense, global pooling, output, ...) ends the export: the classifier head is dropped.
 * Input layout is NCHW (or NHWC) with H = frequency and W = time; DL4J keeps conv weights as
 * [out, in, kH, kW] in both layouts, which is exactly our (out, in, kF, kT).
 *
 * <p>Padding: {@code ConvolutionMode.Same}, or Truncate/Strict with explicit symmetric padding,
 * is our "same". Causal-in-time is expressed in DL4J 2-D nets (which have no 2-D causal mode) as a
 * ZeroPaddingLayer of (kF-1)/2 rows above and below, kT-1 columns before and none after, followed
 * by an unpadded Truncate convolution; {@code ConvolutionMode.Causal} on a 2-D layer is refused
 * because DL4J only defines it for 1-D convolutions. All blocks must use the same padding mode.
 *
 * <p>BatchNormalization right after a conv (before its ReLU) is folded into the conv:
 * {@code s = gamma / sqrt(var + eps)}, {@code W' = s W}, {@code b' = s (b - mean) + beta}.
 */
public final class Dl4jExport {
    private Dl4jExport() {
    }

    /** A network this exporter cannot express as our blocks; the message names the layer. */
    public static final class UnsupportedNetworkException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        UnsupportedNetworkException(String message) {
            super(message);
        }
    }

    /**
     * Exports the conv blocks of {@code net}. From {@code base} the id, name, sampleRate, frontend,
     * provenance and catalogue are taken (base itself is not modified); padding and blocks come
     * from the network. The result is validated as {@link ModelReader} would validate the file.
     */
    public static Model export(MultiLayerNetwork net, ModelSpec base) throws ModelFormatException {
        List<Pending> blocks = new ArrayList<>();
        Pending cur = null;
        int[] pad = null;
        String padding = null;
        List<String> dropped = new ArrayList<>();
        Layer[] layers = net.getLayers();
        int i = 0;
        for (; i < layers.length; i++) {
            org.deeplearning4j.nn.conf.layers.Layer conf = layers[i].conf().getLayer();
            String where = "layer " + i + " (" + conf.getClass().getSimpleName()
                    + (conf.getLayerName() != null ? " '" + conf.getLayerName() + "'" : "") + ")";
            if (conf instanceof ZeroPaddingLayer z) {
                if (pad != null) {
                    throw new UnsupportedNetworkException(where + ": two padding layers in a row");
                }
                pad = z.getPadding().clone();
            } else if (conf.getClass() == ConvolutionLayer.class) {
                if (cur != null) {
                    blocks.add(cur.close());
                }
                ConvolutionLayer c = (ConvolutionLayer) conf;
                String mode = paddingMode(c, pad, where);
                if (padding != null && !padding.equals(mode)) {
                    throw new UnsupportedNetworkException(where + ": padding '" + mode + "' but earlier blocks use '"
                            + padding + "'; one model has one padding mode");
                }
                padding = mode;
                pad = null;
                cur = new Pending(layers[i], c, blocks.size() + 1, where);
            } else if (pad != null) {
                throw new UnsupportedNetworkException(where + ": a ZeroPaddingLayer must be followed by a ConvolutionLayer");
            } else if (conf instanceof DropoutLayer) {
                continue;
            } else if (cur == null) {
                break; // the network does not start with a conv: nothing to export (reported below)
            } else if (conf instanceof BatchNormalization bn) {
                cur.foldBatchNorm(layers[i], bn, where);
            } else if (conf instanceof ActivationLayer a) {
                cur.activation(a.getActivationFn(), where);
            } else if (conf.getClass() == SubsamplingLayer.class && conf instanceof SubsamplingLayer s) {
                cur.pool(s, where);
            } else {
                break;
            }
        }
        if (cur != null) {
            blocks.add(cur.close());
        }
        for (int j = i; j < layers.length; j++) {
            dropped.add(layers[j].conf().getLayer().getClass().getSimpleName());
        }
        if (blocks.isEmpty()) {
            throw new UnsupportedNetworkException("the network does not start with a ConvolutionLayer"
                    + " (optionally after ZeroPadding/Dropout); nothing to export");
        }

        ModelSpec spec = new ModelSpec();
        spec.id = base.id;
        spec.name = base.name;
        spec.sampleRate = base.sampleRate;
        spec.frontend = base.frontend;
        spec.padding = padding;
        spec.provenance = new LinkedHashMap<>(base.provenance == null ? Map.of() : base.provenance);
        spec.catalogue = new ArrayList<>(base.catalogue == null ? List.of() : base.catalogue);
        Map<String, Object> export = new LinkedHashMap<>();
        export.put("from", "dl4j");
        List<Integer> folded = new ArrayList<>();
        List<ConvWeights> convs = new ArrayList<>();
        int in = 1;
        for (Pending p : blocks) {
            if (p.in != in) {
                throw new UnsupportedNetworkException(p.where + ": " + p.in + " input channels, expected " + in
                        + (in == 1 ? " (the spectrogram is one channel)" : ""));
            }
            ModelSpec.Block b = new ModelSpec.Block();
            b.inChannels = p.in;
            b.outChannels = p.out;
            b.kernel = new int[] {p.kF, p.kT};
            b.pool = p.poolSize;
            b.activation = "relu";
            b.weights = "weights/conv" + p.index + ".W.npy";
            b.bias = "weights/conv" + p.index + ".b.npy";
            spec.blocks.add(b);
            convs.add(new ConvWeights(p.out, p.in, p.kF, p.kT, p.w, p.b));
            if (p.foldedBn) {
                folded.add(p.index);
            }
            in = p.out;
        }
        export.put("foldedBatchNorm", folded);
        export.put("droppedLayers", dropped);
        spec.provenance.put("export", export);
        Model m = new Model(spec, convs);
        ModelReader.validate(m);
        return m;
    }

    private static String paddingMode(ConvolutionLayer c, int[] pad, String where) {
        int[] k = c.getKernelSize();
        if (k[0] % 2 == 0 || k[1] % 2 == 0) {
            throw new UnsupportedNetworkException(where + ": kernel " + Arrays.toString(k) + ", only odd kernels are supported");
        }
        if (c.getStride()[0] != 1 || c.getStride()[1] != 1) {
            throw new UnsupportedNetworkException(where + ": stride " + Arrays.toString(c.getStride()) + ", expected [1, 1]");
        }
        if (c.getDilation() != null && (c.getDilation()[0] != 1 || c.getDilation()[1] != 1)) {
            throw new UnsupportedNetworkException(where + ": dilation " + Arrays.toString(c.getDilation()) + ", expected [1, 1]");
        }
        int pf = (k[0] - 1) / 2;
        int pt = (k[1] - 1) / 2;
        ConvolutionMode mode = c.getConvolutionMode();
        if (mode == ConvolutionMode.Same) {
            if (pad != null) {
                throw new UnsupportedNetworkException(where + ": ZeroPaddingLayer before a Same-mode convolution");
            }
            return "same";
        }
        if (mode == ConvolutionMode.Causal) {
            throw new UnsupportedNetworkException(where + ": ConvolutionMode.Causal is defined by DL4J for 1-D convolutions"
                    + " only; express causal-in-time as ZeroPaddingLayer(" + pf + ", " + pf + ", " + (k[1] - 1)
                    + ", 0) + a Truncate convolution");
        }
        int[] own = c.getPadding() == null ? new int[] {0, 0} : c.getPadding();
        if (pad == null && own[0] == pf && own[1] == pt) {
            return "same";
        }
        if (pad != null && own[0] == 0 && own[1] == 0) {
            // ZeroPaddingLayer padding is [top, bottom, left, right] = [freq low, freq high, past, future].
            if (pad[0] == pf && pad[1] == pf && pad[2] == k[1] - 1 && pad[3] == 0) {
                return "causal";
            }
            if (pad[0] == pf && pad[1] == pf && pad[2] == pt && pad[3] == pt) {
                return "same";
            }
        }
        throw new UnsupportedNetworkException(where + ": padding " + (pad == null ? "" : "ZeroPadding " + Arrays.toString(pad)
                + " + ") + "conv padding " + Arrays.toString(own) + " in mode " + mode
                + " neither keeps the map size ('same') nor pads only the past in time ('causal')");
    }

    /** One block under construction. */
    private static final class Pending {
        final int index;
        final String where;
        final int out;
        final int in;
        final int kF;
        final int kT;
        final float[] w;
        final float[] b;
        boolean relu;
        boolean foldedBn;
        int[] poolSize;

        Pending(Layer layer, ConvolutionLayer c, int index, String where) {
            this.index = index;
            this.where = where;
            INDArray wp = layer.getParam("W");
            long[] s = wp.shape();
            if (s.length != 4) {
                throw new UnsupportedNetworkException(where + ": weight rank " + s.length + ", expected 4");
            }
            out = (int) s[0];
            in = (int) s[1];
            kF = (int) s[2];
            kT = (int) s[3];
            w = wp.castTo(DataType.FLOAT).dup('c').ravel().toFloatVector();
            b = c.hasBias() ? layer.getParam("b").castTo(DataType.FLOAT).dup('c').ravel().toFloatVector() : new float[out];
            activation(c.getActivationFn(), where);
        }

        void activation(IActivation fn, String where) {
            if (fn == null || fn instanceof ActivationIdentity) {
                return;
            }
            if (fn instanceof ActivationReLU r && isPlainRelu(r)) {
                relu = true;
                return;
            }
            throw new UnsupportedNetworkException(where + ": activation " + fn + ", only relu is supported");
        }

        static boolean isPlainRelu(ActivationReLU r) {
            // ActivationReLU can be configured as a clipped/leaky/thresholded ReLU; we need max(0, x).
            return (r.getMax() == null || Double.isInfinite(r.getMax()))
                    && (r.getThreshold() == null || r.getThreshold() == 0)
                    && (r.getNegativeSlope() == null || r.getNegativeSlope() == 0);
        }

        void foldBatchNorm(Layer layer, BatchNormalization bn, String where) {
            if (relu) {
                throw new UnsupportedNetworkException(where + ": BatchNormalization after the ReLU cannot be folded"
                        + " into the convolution; put it between conv and activation");
            }
            if (poolSize != null || foldedBn) {
                throw new UnsupportedNetworkException(where + ": BatchNormalization must directly follow its convolution");
            }
            float[] mean = param(layer, "mean");
            // DL4J stores either the running variance or (useLogStd, the default) log10 of a standard
            // deviation s; its inference uses var = s^2 either way, then divides by sqrt(var + eps).
            double[] std = new double[mean.length];
            boolean logStd = layer.paramTable().containsKey("log10stdev");
            float[] v = param(layer, logStd ? "log10stdev" : "var");
            for (int c = 0; c < std.length && c < v.length; c++) {
                double var = logStd ? Math.pow(10, 2.0 * v[c]) : v[c];
                std[c] = Math.sqrt(var + bn.getEps());
            }
            float[] gamma = new float[out];
            float[] beta = new float[out];
            if (bn.isLockGammaBeta()) {
                Arrays.fill(gamma, (float) bn.getGamma());
                Arrays.fill(beta, (float) bn.getBeta());
            } else {
                gamma = param(layer, "gamma");
                beta = param(layer, "beta");
            }
            if (mean.length != out || gamma.length != out || beta.length != out) {
                throw new UnsupportedNetworkException(where + ": BatchNormalization over " + mean.length
                        + " channels after a conv with " + out);
            }
            int per = in * kF * kT;
            for (int o = 0; o < out; o++) {
                double s = gamma[o] / std[o];
                for (int j = 0; j < per; j++) {
                    w[o * per + j] = (float) (w[o * per + j] * s);
                }
                b[o] = (float) ((b[o] - mean[o]) * s + beta[o]);
            }
            // No activation here: DL4J's BatchNormalization layer returns its pre-output and ignores its
            // configured activation (Keras import leaves it at the global default, sigmoid).
            foldedBn = true;
        }

        static float[] param(Layer layer, String name) {
            return layer.getParam(name).castTo(DataType.FLOAT).dup('c').ravel().toFloatVector();
        }

        void pool(SubsamplingLayer s, String where) {
            if (poolSize != null) {
                throw new UnsupportedNetworkException(where + ": two pooling layers in one block");
            }
            if (s.getPoolingType() != PoolingType.MAX) {
                throw new UnsupportedNetworkException(where + ": " + s.getPoolingType() + " pooling, only MAX is supported");
            }
            int[] k = s.getKernelSize();
            int[] st = s.getStride();
            int[] p = s.getPadding() == null ? new int[] {0, 0} : s.getPadding();
            if (k[0] != st[0] || k[1] != st[1]) {
                throw new UnsupportedNetworkException(where + ": pool kernel " + Arrays.toString(k) + " with stride "
                        + Arrays.toString(st) + ", expected non-overlapping pooling (kernel = stride)");
            }
            if (p[0] != 0 || p[1] != 0 || s.getConvolutionMode() == ConvolutionMode.Same) {
                throw new UnsupportedNetworkException(where + ": padded pooling (" + s.getConvolutionMode() + ", "
                        + Arrays.toString(p) + "); our pooling truncates like ConvolutionMode.Truncate");
            }
            if (!relu) {
                throw new UnsupportedNetworkException(where + ": pooling before any ReLU; blocks are conv -> relu -> pool");
            }
            poolSize = new int[] {k[0], k[1]};
        }

        Pending close() {
            if (!relu) {
                throw new UnsupportedNetworkException(where + ": block " + index + " has no ReLU; blocks are conv -> relu -> pool");
            }
            if (poolSize == null) {
                poolSize = new int[] {1, 1}; // a conv block without pooling
            }
            return this;
        }
    }
}
