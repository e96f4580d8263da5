package io.bstack.memory;

/**
 * Thrown by {@link Canary} when a guard word next to a freed block was overwritten; guarantees the
 * message names the side (before or after the block) but never the secret canary value.
 */
public final class CanaryCorruptionException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    private final boolean underflow;
    private final boolean overflow;

    CanaryCorruptionException(long address, boolean underflow, boolean overflow) {
        super("canary corrupted around block at 0x" + Long.toHexString(address)
                + (underflow ? " (bytes before the block were overwritten)" : "")
                + (overflow ? " (bytes after the block were overwritten)" : ""));
        this.underflow = underflow;
        this.overflow = overflow;
    }

    /** Whether the guard word before the block was overwritten. */
    public boolean underflow() {
        return underflow;
    }

    /** Whether the guard word after the block was overwritten. */
    public boolean overflow() {
        return overflow;
    }
}
