package io.bstack.memory;

/**
 * Thrown when a bounded allocator has no room for a request; guarantees nothing was allocated and
 * the allocator is still usable (free or reset make room again).
 */
public final class OutOfNativeMemoryException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    OutOfNativeMemoryException(String message) {
        super(message);
    }
}
