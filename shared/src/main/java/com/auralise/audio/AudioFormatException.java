package com.auralise.audio;

import java.io.IOException;

/** The file is not audio we can read: unsupported format, corrupt or truncated. Message is for users. */
public final class AudioFormatException extends IOException {
    public AudioFormatException(String message) {
        super(message);
    }

    public AudioFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
