package io.bstack.stack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The files this JVM has open as stacks. A second open of the same file must fail before a
 * second channel is opened: POSIX record locks belong to the process, so closing any channel on
 * the file would silently drop the first stack's lock.
 */
final class OpenFiles {
    private static final Set<Path> OPEN = ConcurrentHashMap.newKeySet();

    private OpenFiles() {}

    /** Claims the file for this JVM, or throws {@link BStackLockedException}; returns the key to release. */
    static Path claim(Path path) throws IOException {
        Path key = canonical(path);
        if (!OPEN.add(key)) {
            throw new BStackLockedException(key, "in this JVM");
        }
        return key;
    }

    static void release(Path key) {
        OPEN.remove(key);
    }

    /** The real path of the file, or of its directory plus its name while it does not exist yet. */
    static Path canonical(Path path) throws IOException {
        Path abs = path.toAbsolutePath().normalize();
        if (Files.exists(abs)) {
            return abs.toRealPath();
        }
        Path parent = abs.getParent();
        if (parent == null || !Files.isDirectory(parent)) {
            throw new BStackInvalidInputException("directory of " + abs + " does not exist");
        }
        return parent.toRealPath().resolve(abs.getFileName());
    }
}
