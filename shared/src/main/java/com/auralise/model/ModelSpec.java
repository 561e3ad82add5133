package com.auralise.model;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The architecture and metadata of a model: the content of {@code model.json} inside a model zip.
 * Plain data bound by Jackson; {@link ModelReader} validates it before anything else sees it.
 *
 * <p>Tensor layout everywhere is (channels, frequency, time); conv kernels are
 * (out, in, kFreq, kTime) as in ND4J's NCHW conv2d with H = frequency and W = time.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public final class ModelSpec {
    public static final String FORMAT = "auralise-model";
    public static final int FORMAT_VERSION = 1;

    public String format = FORMAT;
    public int formatVersion = FORMAT_VERSION;
    /** Stable identifier, used by presets to name the model they need. */
    public String id;
    public String name;
    /** Rate the network was trained at, in Hz; the analysis path runs at this rate. */
    public int sampleRate;
    public Frontend frontend;
    /** "same" (studio, symmetric) or "causal" (live: past-only padding in time). */
    public String padding = "same";
    public List<Block> blocks = new ArrayList<>();
    /** Free-form: data seed, command, metrics, sha256 of weights. */
    public Map<String, Object> provenance = new LinkedHashMap<>();
    public List<CatalogueEntry> catalogue = new ArrayList<>();

    /** How audio becomes the network input. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static final class Frontend {
        /** "linear", "logfreq" or "mel". */
        public String type = "linear";
        public int nFft = 1024;
        public int hop = 256;
        /** Number of network input bins (ignored for linear, which has nFft/2+1). */
        public int bins;
        public double fMin;
        public double fMax;
        /** Log-amplitude compression: y = ln(1 + gain * magnitude). */
        public double logGain = 1000.0;

        /**
         * The reference front-end, at 22.05 kHz: the one the shipped models are trained with (mel, 96
         * bands from 30 Hz to 11.025 kHz, nFft 1024, hop 256). Random models of the reference shape
         * use it too, so that their speed and latency are the shipped models'.
         */
        public static Frontend reference() {
            Frontend fe = new Frontend();
            fe.type = "mel";
            fe.bins = 96;
            fe.nFft = 1024;
            fe.hop = 256;
            fe.fMin = 30;
            fe.fMax = 11025;
            return fe;
        }
    }

    /** One [conv 3x3 -> ReLU -> 2x2 max-pool] block. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static final class Block {
        public int inChannels;
        public int outChannels;
        /** Kernel size as [frequency, time]; odd sizes only. */
        public int[] kernel = {3, 3};
        /** Pool size as [frequency, time]. */
        public int[] pool = {2, 2};
        public String activation = "relu";
        /** Zip entry names of the .npy tensors: weights (out,in,kF,kT) and bias (out). */
        public String weights;
        public String bias;
    }

    /** A named feature, measured by the trainer's catalogue analysis. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static final class CatalogueEntry {
        /** e.g. "kick selector", "onset detector". */
        public String name;
        /** 1-based layer (block) index. */
        public int layer;
        /** 0-based feature (channel) index within the layer. */
        public int feature;
        /** 0..1. */
        public double confidence;
        /** Typical peak of this feature's deconvolution: divides the raw mask so 1.0 means "fully on". */
        public double maskScale;
        public Map<String, Double> scores = new LinkedHashMap<>();
    }

    public int layers() {
        return blocks.size();
    }

    public boolean causal() {
        return "causal".equals(padding);
    }
}
