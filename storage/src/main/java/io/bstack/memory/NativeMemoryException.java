package io.bstack.memory;

/**
 * Thrown when the operating system refuses memory (or a memory operation); guarantees the message
 * names the call, the size and, where there is one, the captured errno with its text.
 */
public final class NativeMemoryException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int errno;

    NativeMemoryException(String message, int errno) {
        super(message);
        this.errno = errno;
    }

    NativeMemoryException(String message) {
        this(message, 0);
    }

    /** The errno captured right after the failing call, or 0 when the failure was not an OS error. */
    public int errno() {
        return errno;
    }
}
