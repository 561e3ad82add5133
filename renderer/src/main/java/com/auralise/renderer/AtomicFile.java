package com.auralise.renderer;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * An output written under a hidden temporary name in the target folder and renamed into place
 * only when complete, so a reader never sees a partial file: not after an error, not after
 * Ctrl-C (a shutdown hook deletes the temporaries still open). Only SIGKILL can leave a
 * ".NAME.*.part" file behind.
 */
public final class AtomicFile {
    private static final Set<Path> OPEN = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(AtomicFile::deleteAllOpen, "auralise-temp-cleanup"));
    }

    private final Path target;
    private final Path temp;

    public AtomicFile(Path target) {
        this.target = target;
        Path dir = target.toAbsolutePath().getParent();
        this.temp = dir.resolve("." + target.getFileName() + "." + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 16) + ".part");
        OPEN.add(temp);
    }

    public Path temp() {
        return temp;
    }

    /**
     * Moves the finished temp file into place. Without force an existing target is never replaced,
     * even if it appeared while we rendered: a hard link fails atomically if the name exists.
     */
    public void commit(boolean force) throws IOException {
        try {
            if (force) {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } else {
                try {
                    Files.createLink(target, temp);
                    Files.delete(temp);
                } catch (UnsupportedOperationException | java.nio.file.FileSystemException e) {
                    if (e instanceof FileAlreadyExistsException) {
                        throw e;
                    }
                    // File systems without hard links: check, then rename (a small race, documented).
                    if (Files.exists(target)) {
                        throw new FileAlreadyExistsException(target.toString());
                    }
                    Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
                }
            }
        } finally {
            abort();
        }
    }

    /** Deletes the temporary file (if still there). */
    public void abort() {
        try {
            Files.deleteIfExists(temp);
        } catch (IOException ignored) {
            // Best effort; the shutdown hook tries again.
        }
        OPEN.remove(temp);
    }

    static void deleteAllOpen() {
        for (Path p : OPEN) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException ignored) {
                // Nothing more we can do while the JVM exits.
            }
        }
    }
}
