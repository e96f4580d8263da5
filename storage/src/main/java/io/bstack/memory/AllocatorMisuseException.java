package io.bstack.memory;

/**
 * Thrown when a caller breaks an allocator's contract; guarantees the allocator's own state is
 * unchanged by the rejected call, so the misuse is reported rather than turned into corruption.
 */
public final class AllocatorMisuseException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    /** What the caller did wrong; each value is undefined behaviour in the Rust original. */
    public enum Misuse {
        /** The block was not issued by this allocator instance. */
        FOREIGN_BLOCK,
        /** The layout differs from the one the block was allocated with. */
        LAYOUT_MISMATCH,
        /** The block was already freed. */
        DOUBLE_FREE,
        /** The block was issued before the last reset (or the allocator was closed). */
        STALE_AFTER_RESET,
        /** A thread other than the owner called an allocator confined to its owner ({@link MemoryDebug}). */
        WRONG_THREAD
    }

    private final Misuse misuse;

    AllocatorMisuseException(Misuse misuse, String message) {
        super(misuse + ": " + message);
        this.misuse = misuse;
    }

    /** The kind of misuse detected. */
    public Misuse misuse() {
        return misuse;
    }
}
