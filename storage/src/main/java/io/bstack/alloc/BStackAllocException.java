package io.bstack.alloc;

import io.bstack.stack.BStackException;
import java.util.Optional;

/**
 * A failed {@code realloc} or {@code dealloc} (the crate's {@code BStackAllocError}): the cause,
 * and the allocation that survived it, if any, so the caller can tell the three outcomes apart:
 * <ul>
 * <li>{@link Outcome#UNTOUCHED} — the original region is intact and owned by the caller again
 *     (the returned handle covers it);</li>
 * <li>{@link Outcome#MOVED} — a new region was fully committed (the returned handle covers it;
 *     the original is gone);</li>
 * <li>{@link Outcome#LOST} — the region was consumed mid-operation; only the allocator's
 *     recovery (or the transaction layer) can reclaim its bytes.</li>
 * </ul>
 */
public class BStackAllocException extends BStackException {
    private static final long serialVersionUID = 1L;

    /** What became of the region the failed call was given. */
    public enum Outcome {
        UNTOUCHED,
        MOVED,
        LOST
    }

    private final transient RegionHandle survivor;
    private final transient Region original;

    public BStackAllocException(String message, Throwable cause, Region original, RegionHandle survivor) {
        super(message, cause);
        this.original = original;
        this.survivor = survivor;
    }

    /** The surviving allocation, owned by the caller again; empty when the region was lost. */
    public Optional<RegionHandle> handle() {
        return Optional.ofNullable(survivor);
    }

    /** The region the failed call was given. */
    public Region original() {
        return original;
    }

    public Outcome outcome() {
        if (survivor == null) {
            return Outcome.LOST;
        }
        return survivor.region().equals(original) ? Outcome.UNTOUCHED : Outcome.MOVED;
    }
}
