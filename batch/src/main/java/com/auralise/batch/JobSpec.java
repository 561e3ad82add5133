package com.auralise.batch;

import com.auralise.filter.FilterSettings;
import com.auralise.renderer.Batch;

import java.io.Serializable;
import java.util.Locale;

/**
 * What every worker needs to render a track exactly as the driver resolved it: where to load the
 * model from (the --model value and/or --preset, resolved again on the worker and checked against
 * the driver's sha256), the filter settings as numbers, the output encoding. Plain values, so the
 * runner can ship it to other JVMs.
 */
public record JobSpec(String modelArg, String presetArg, String modelSha256,
                      int layer, int feature, double mix, boolean invert, double threshold, double sharpness,
                      double gainDb, boolean bypass, String format, int bits, boolean force,
                      String version, String jobId, int tracks, long startMillis) implements Serializable {

    static JobSpec of(String modelArg, String presetArg, String modelSha256, FilterSettings s, Batch.OutputFormat f,
                      boolean force, String version, String jobId, int tracks) {
        return new JobSpec(modelArg, presetArg, modelSha256, s.layer, s.feature, s.mix, s.invert, s.threshold,
                s.sharpness, s.gainDb, s.bypass, f.format(), f.bits(), force, version, jobId, tracks, System.currentTimeMillis());
    }

    FilterSettings settings() {
        FilterSettings s = new FilterSettings();
        s.layer = layer;
        s.feature = feature;
        s.mix = mix;
        s.invert = invert;
        s.threshold = threshold;
        s.sharpness = sharpness;
        s.gainDb = gainDb;
        s.bypass = bypass;
        return s;
    }

    Batch.OutputFormat outputFormat() {
        return new Batch.OutputFormat(format, bits);
    }

    /**
     * Everything that decides an output's bytes besides the input: a sidecar with another key
     * describes another render, so the track is rendered again. The program version is recorded in
     * the sidecar but not part of the key (an upgrade does not re-render a catalogue by itself).
     */
    String renderKey() {
        return String.format(Locale.ROOT, "model=%s layer=%d feature=%d mix=%s invert=%b threshold=%s sharpness=%s gainDb=%s bypass=%b format=%s bits=%d",
                modelSha256, layer, feature, mix, invert, threshold, sharpness, gainDb, bypass, format, bits);
    }
}
