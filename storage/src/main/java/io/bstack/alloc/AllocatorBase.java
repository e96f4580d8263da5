package io.bstack.alloc;

import io.bstack.stack.ByteStack;
import io.bstack.stack.BStack;
import io.bstack.stack.BStackInvalidInputException;
import io.bstack.stack.BStackUnsupportedException;
import java.io.IOException;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;

/**
 * What every allocator shares: the stack it owns, one lock that serialises its metadata
 * changes (so every allocator is safe to call from several threads; reads and writes through
 * handles take only the stack's own locks), the open flag that invalidates handles, and the
 * handle bookkeeping of the failure contract.
 */
abstract class AllocatorBase implements BStackAllocator {
    protected final ByteStack stack;
    protected final ReentrantLock lock = new ReentrantLock();
    private volatile boolean open = true;

    AllocatorBase(ByteStack stack) {
        this.stack = Objects.requireNonNull(stack, "stack");
    }

    @Override
    public ByteStack stack() {
        return stack;
    }

    boolean isOpen() {
        return open;
    }

    /** A new handle owned by the caller. */
    final RegionHandle issue(long offset, long len) {
        return new RegionHandle(this, new Region(offset, len));
    }

    /**
     * Takes a handle given to realloc/dealloc: a foreign one is refused and handed back intact; a
     * consumed one, or one of a closed allocator, is an {@link IllegalStateException}.
     */
    final void take(RegionHandle handle) throws BStackAllocException {
        Objects.requireNonNull(handle, "handle");
        if (!handle.isFrom(this)) {
            throw new BStackAllocException("region " + handle.region() + " was not allocated by this allocator",
                    new BStackInvalidInputException("foreign handle " + handle.region()), handle.region(), handle);
        }
        handle.checkLive();
        if (!handle.consume()) {
            throw new IllegalStateException("region " + handle.region() + " was already freed or reallocated through this handle");
        }
    }

    /** How {@link #takeForResize} allocates when the handle is empty. */
    @FunctionalInterface
    interface FreshAllocation {
        RegionHandle allocate(long len) throws IOException;
    }

    /**
     * The start every resize shares: takes the handle, refuses a negative length (handing the
     * handle back), and turns an empty handle into a fresh allocation, which it returns. Returns
     * {@code null} when the allocator has a real region to resize.
     */
    final RegionHandle takeForResize(RegionHandle handle, long newLen, FreshAllocation fresh) throws BStackAllocException {
        take(handle);
        if (newLen < 0) {
            throw untouched(handle, "realloc", new BStackInvalidInputException("negative length " + newLen));
        }
        if (!handle.isEmpty()) {
            return null;
        }
        try {
            return fresh.allocate(newLen);
        } catch (IOException e) {
            throw untouched(handle, "realloc", e);
        }
    }

    /**
     * The start every in-place resize shares: takes the handle, refuses an empty one (it anchors no
     * block; {@link BStackUnsupportedException}) and a resize whose length would be negative or
     * overflow ({@link BStackInvalidInputException}), handing the handle back; returns the new length.
     */
    final long takeForInPlaceResize(RegionHandle handle, long prepend, long append) throws BStackAllocException {
        take(handle);
        if (handle.isEmpty()) {
            throw untouched(handle, "in-place resize", new BStackUnsupportedException("an empty handle has no block to resize"));
        }
        long newLen;
        try {
            newLen = Math.addExact(Math.addExact(handle.len(), prepend), append);
        } catch (ArithmeticException e) {
            newLen = -1;
        }
        if (newLen < 0) {
            throw untouched(handle, "in-place resize", new BStackInvalidInputException(
                    "resizing " + handle.region() + " by (" + prepend + ", " + append + ") gives a negative or overflowing length"));
        }
        return newLen;
    }

    /** The failure that hands the original, untouched region back to the caller. */
    final BStackAllocException untouched(RegionHandle handle, String what, IOException cause) {
        handle.restore();
        return new BStackAllocException(what + " of " + handle.region() + " failed; the region is untouched", cause,
                handle.region(), handle);
    }

    /** The failure after which a new region holds the data and the original is gone. */
    final BStackAllocException moved(Region original, Region now, String what, IOException cause) {
        return new BStackAllocException(what + " of " + original + " failed after moving it to " + now, cause,
                original, new RegionHandle(this, now));
    }

    /** The failure that lost the region until recovery. */
    final BStackAllocException lost(Region original, String what, IOException cause) {
        return new BStackAllocException(what + " of " + original + " failed midway; the region is lost until recovery",
                cause, original, null);
    }

    static void checkLength(long len) throws BStackInvalidInputException {
        if (len < 0) {
            throw new BStackInvalidInputException("length must be in [0, 2^63): " + len);
        }
    }

    @Override
    public ByteStack intoStack() {
        lock.lock();
        try {
            open = false;
            return stack;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() throws IOException {
        intoStack().close();
    }
}
