package com.auralise.bench;

import com.auralise.model.Model;
import com.auralise.model.ModelSpec;
import com.auralise.model.TestModels;

/** The architecture benchmarks run on: the shipped model's shape (mel 96 bins at 22.05 kHz, 5 blocks). */
final class BenchModels {
    private BenchModels() {
    }

    static Model named(String name) {
        if (name.equals("default")) {
            try {
                return com.auralise.model.DefaultModel.load();
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        }
        return reference(Integer.parseInt(name.replace("ref", "")), "same");
    }

    static Model reference(int channels, String padding) {
        ModelSpec.Frontend fe = ModelSpec.Frontend.reference();
        return TestModels.build(42, 5, channels, padding, fe, 22050);
    }
}
