package com.auralise.trainer.catalogue;

import com.auralise.model.Model;
import com.auralise.trainer.train.ClipSet;
import com.auralise.trainer.train.TrainDefaultModel;

import java.nio.file.Path;
import java.util.List;

/**
 * The options Catalogue and QualityReport share: which generated clips they read (data seed, clip
 * length, cache) and which evaluation-split clips are held out. The two default to different clips
 * (catalogue 0..7, report 8..15) so the report's numbers are not the ones the names were chosen on.
 */
final class DataOptions {
    long seed = new TrainDefaultModel.Options().seed;
    double seconds = new TrainDefaultModel.Options().seconds;
    Path cache = ClipSet.defaultCache();
    int first;
    int clips = 8;

    DataOptions(int first) {
        this.first = first;
    }

    /** Takes --seed, --seconds, --cache, --first or --clips; false for any other option. */
    boolean accept(String option, String value) {
        switch (option) {
            case "--seed" -> seed = Long.parseLong(value);
            case "--seconds" -> seconds = Double.parseDouble(value);
            case "--cache" -> cache = Path.of(value);
            case "--first" -> first = Integer.parseInt(value);
            case "--clips" -> clips = Integer.parseInt(value);
            default -> {
                return false;
            }
        }
        return true;
    }

    /** Held-out clips first..first+clips-1 with their truth, analysed with this model's front-end. */
    List<ClipTruth> heldOut(Model m) throws Exception {
        return Catalogue.heldOut(m, cache, seed, seconds, first, clips);
    }
}
