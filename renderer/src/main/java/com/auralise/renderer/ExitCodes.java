package com.auralise.renderer;

/** The process exit codes, as documented in the README and in --help. */
public final class ExitCodes {
    /** Everything worked. */
    public static final int OK = 0;
    /** At least one file failed (the others were still processed). */
    public static final int FAILED = 1;
    /** Bad command line: unknown option, bad value, nothing to do. */
    public static final int USAGE = 2;
    /** The model could not be loaded, or has no such layer/feature/filter. */
    public static final int MODEL = 3;

    private ExitCodes() {
    }
}
