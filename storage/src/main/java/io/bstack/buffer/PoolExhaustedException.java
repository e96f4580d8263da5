package io.bstack.buffer;

/**
 * Thrown by {@link BufferPool#pin} when a page must be loaded but every frame is pinned; guarantees
 * the pool is unchanged by the failed call, so the caller may unpin something and retry.
 * Immutable and thread-safe.
 */
public final class PoolExhaustedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** An exception with the given message. */
    public PoolExhaustedException(String message) {
        super(message);
    }
}
