package io.bstack.alloc;

import io.bstack.stack.ByteStack;
import io.bstack.stack.BStack;
import io.bstack.stack.BStackInvalidInputException;
import io.bstack.stack.BStackUnsupportedException;
import java.io.IOException;

/**
 * Typed handles over raw ranges the caller manages itself (the crate's {@code ManualAllocator}
 * of the 0.2 line): it never allocates. {@link #reclaim} turns a range of the stack into a
 * handle with bounds-checked I/O; {@link #alloc} and {@link #realloc} are refused with
 * {@link BStackUnsupportedException}; {@link #dealloc} only consumes the handle. It writes no
 * metadata, so every operation is zero stack calls and crash-safe trivially.
 *
 * <p>Where the crate's version had no stack and panicked on I/O, this one views the stack it is
 * given, so its handles can read and write. Nothing stops two handles for overlapping ranges:
 * that bookkeeping is the caller's, by design. No lock contention: nothing is shared but the
 * stack's own locks.
 */
public final class ManualAllocator extends AllocatorBase {

    public ManualAllocator(ByteStack stack) {
        super(stack);
    }

    /** Refused: a manual allocator hands out ranges the caller names, through {@link #reclaim}. */
    @Override
    public RegionHandle alloc(long len) throws IOException {
        checkLength(len);
        throw new BStackUnsupportedException("a manual allocator does not allocate; name the range with reclaim(Region)");
    }

    /** Refused; the handle is handed back untouched. */
    @Override
    public RegionHandle realloc(RegionHandle handle, long newLen) throws BStackAllocException {
        take(handle);
        throw untouched(handle, "realloc", new BStackUnsupportedException("a manual allocator does not resize"));
    }

    /** Consumes the handle; the bytes stay as they are. */
    @Override
    public void dealloc(RegionHandle handle) throws BStackAllocException {
        take(handle);
    }

    /** A handle for any range inside the stack's current payload. */
    @Override
    public RegionHandle reclaim(Region region) throws IOException {
        if (region.end() > stack.len()) {
            throw new BStackInvalidInputException(region + " lies beyond the stack's " + stack.len() + " bytes");
        }
        return issue(region.offset(), region.len());
    }
}
