package com.auralise.model;

import java.io.IOException;

/**
 * A model file (or one of its entries) is malformed, hostile or unsupported. The message always
 * names the problem: the entry and/or field, and what was expected versus what was found.
 */
public final class ModelFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    public ModelFormatException(String message) {
        super(message);
    }

    public ModelFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
