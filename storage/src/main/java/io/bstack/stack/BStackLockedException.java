package io.bstack.stack;

import java.nio.file.Path;

/**
 * The file is already open, in this JVM or in another process. Raised at once, never after a
 * wait. The crate reports this as {@code WouldBlock}.
 */
public class BStackLockedException extends BStackException {
    private static final long serialVersionUID = 1L;
    private final transient Path file;

    public BStackLockedException(Path file, String holder) {
        super("BStack file " + file + " is already open " + holder);
        this.file = file;
    }

    /** The file that could not be locked. */
    public Path file() {
        return file;
    }
}
