package io.bstack.alloc;

import io.bstack.stack.BStackException;
import java.util.List;

/**
 * A failed bulk call (the crate's {@code BStackBulkAllocError}). A failed {@code allocBulk}
 * allocated nothing; after a failed {@code deallocBulk}, {@link #notFreed()} hands back, live,
 * every handle that was not freed — all of them when the call was refused or nothing was freed.
 */
public class BStackBulkAllocException extends BStackException {
    private static final long serialVersionUID = 1L;
    private final transient List<RegionHandle> notFreed;

    public BStackBulkAllocException(String message, Throwable cause, List<RegionHandle> notFreed) {
        super(message, cause);
        this.notFreed = List.copyOf(notFreed);
    }

    /** The handles that were not freed and are owned by the caller again. */
    public List<RegionHandle> notFreed() {
        return notFreed;
    }
}
