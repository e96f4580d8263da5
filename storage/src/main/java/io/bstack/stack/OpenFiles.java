package io.bstack.stack;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The files this JVM has open as stacks, keyed by file identity (device and inode where the file
 * system has them), so the same file under any name — relative, through a symbolic link, or a
 * hard link — is one entry. A second open must fail before a second channel is opened: POSIX
 * record locks belong to the process, so closing any descriptor of the file would silently drop
 * the first stack's lock.
 */
final class OpenFiles {
    private static final Set<Object> OPEN = ConcurrentHashMap.newKeySet();

    /** A claimed file: its real path (for messages) and the identity it is registered under. */
    record Claim(Path path, Object identity) {}

    private OpenFiles() {}

    /**
     * Claims the file for this JVM, creating it first if {@code create} and it is absent, or throws
     * {@link BStackLockedException}. Creation happens under this class's monitor, so no other
     * claim in this JVM can be holding the brand-new file when the creating descriptor closes.
     */
    static synchronized Claim claim(Path path, boolean create) throws IOException {
        Path abs = path.toAbsolutePath().normalize();
        if (create && !Files.exists(abs)) {
            Path parent = abs.getParent();
            if (parent == null || !Files.isDirectory(parent)) {
                throw new BStackInvalidInputException("directory of " + abs + " does not exist");
            }
            try {
                Files.createFile(abs);
            } catch (FileAlreadyExistsException raced) {
                // another process created it meanwhile; its lock decides
            }
        }
        if (!Files.exists(abs)) {
            throw new NoSuchFileException(abs.toString());
        }
        Path real = abs.toRealPath();
        Object key = Files.readAttributes(real, BasicFileAttributes.class).fileKey();
        Object identity = key != null ? key : real;
        if (!OPEN.add(identity)) {
            throw new BStackLockedException(real, "in this JVM");
        }
        return new Claim(real, identity);
    }

    static void release(Claim claim) {
        synchronized (OpenFiles.class) {
            OPEN.remove(claim.identity());
        }
    }

    /**
     * Closes {@code file} (the claimed file's last descriptor) and releases the claim as one step
     * for other claims: once the descriptor closes, the file system may give the freed inode to a
     * file created meanwhile, whose claim must not find this entry still there.
     */
    static void closeAndRelease(Claim claim, java.io.Closeable file) throws IOException {
        synchronized (OpenFiles.class) {
            try {
                file.close();
            } finally {
                OPEN.remove(claim.identity());
            }
        }
    }
}
