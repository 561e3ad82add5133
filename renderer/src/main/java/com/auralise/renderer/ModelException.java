package com.auralise.renderer;

/** The model could not be loaded or does not fit the request: exit code 3. */
public final class ModelException extends RuntimeException {
    public ModelException(String message) {
        super(message);
    }

    public ModelException(String message, Throwable cause) {
        super(message, cause);
    }
}
