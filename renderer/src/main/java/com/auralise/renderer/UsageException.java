package com.auralise.renderer;

/** A bad command line found after parsing (a value out of range, a bad preset): exit code 2. */
public final class UsageException extends RuntimeException {
    public UsageException(String message) {
        super(message);
    }
}
