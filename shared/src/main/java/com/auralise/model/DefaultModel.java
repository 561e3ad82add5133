package com.auralise.model;

import java.io.IOException;
import java.io.InputStream;

/**
 * The models shipped inside the core jar (copied at build time from presets/models/): "default"
 * (studio: same padding) and "live" (causal). Everything uses the default when no model is given.
 */
public final class DefaultModel {
    public static final String STUDIO = "default";
    public static final String LIVE = "live";

    private DefaultModel() {
    }

    public static Model load() throws ModelFormatException {
        return load(STUDIO);
    }

    /** Loads an embedded model by name ("default" or "live"). */
    public static Model load(String name) throws ModelFormatException {
        String resource = "/com/auralise/model/" + name + ".auralise";
        try (InputStream in = DefaultModel.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new ModelFormatException("no embedded model '" + name + "' in this build (" + resource
                        + " missing: train it with ./build.sh train, or pass a model file)");
            }
            return ModelReader.read(in);
        } catch (ModelFormatException e) {
            throw e;
        } catch (IOException e) {
            throw new ModelFormatException("cannot read embedded model '" + name + "': " + e.getMessage());
        }
    }

    public static boolean available(String name) {
        return DefaultModel.class.getResource("/com/auralise/model/" + name + ".auralise") != null;
    }
}
