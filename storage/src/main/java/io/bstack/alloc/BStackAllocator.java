package io.bstack.alloc;

import io.bstack.stack.ByteStack;
import io.bstack.stack.BStack;
import java.io.IOException;

/**
 * An allocator that owns a {@link BStack} and hands out regions of its payload (the crate's
 * {@code BStackAllocator}). New bytes read as zero. Every allocator documents, per operation,
 * whether it is <em>single-call</em> (one BStack call: crash-safe by inheritance) or
 * <em>multi-call</em> (needs its own recovery, or a transaction around it), and what its
 * recovery does.
 *
 * <p>Handles: {@link #alloc} returns a {@link RegionHandle} owned by the caller; {@link #realloc}
 * and {@link #dealloc} consume it (using it again throws {@link IllegalStateException}). A handle
 * from another allocator is refused with {@link BStackAllocException} that hands it back intact,
 * before any metadata is touched. {@link #close()} and {@link #intoStack()} invalidate every
 * outstanding handle.
 *
 * <p>For implementors: a stack call that throws is all or nothing, but either may have happened
 * (the stack runs its recovery before rethrowing, and that may replay the call). An allocator
 * must not assume a failed call left nothing behind: it re-reads what decides (the stack's
 * length, a header, a flag) before it says what survived.
 */
public interface BStackAllocator extends AutoCloseable {

    /** The stack this allocator owns. */
    ByteStack stack();

    /** A new zero-filled region of {@code len} bytes; {@code alloc(0)} returns an empty handle. */
    RegionHandle alloc(long len) throws IOException;

    /**
     * Resizes: the first {@code min(old, new)} bytes are kept, grown bytes read as zero, and the
     * region may move. Consumes {@code handle}; on failure the exception says what survived.
     */
    RegionHandle realloc(RegionHandle handle, long newLen) throws BStackAllocException;

    /** Frees the region. Consumes {@code handle}; on failure the exception says what survived. */
    void dealloc(RegionHandle handle) throws BStackAllocException;

    /**
     * A handle for a region stored earlier (e.g. in a table) — the crate's {@code from_raw_parts}.
     * The region must be exactly an allocation this allocator issued and that is still live;
     * allocators with per-block metadata verify that and refuse otherwise, the others document
     * what they cannot check. Never hand out two handles for one allocation.
     */
    RegionHandle reclaim(Region region) throws IOException;

    /** The payload length of the stack. */
    default long len() {
        return stack().len();
    }

    default boolean isEmpty() {
        return stack().isEmpty();
    }

    /** Whether {@code handle} was issued by this allocator. */
    default boolean owns(RegionHandle handle) {
        return handle.isFrom(this);
    }

    /** Ends this allocator without closing the stack; outstanding handles become invalid. */
    ByteStack intoStack();

    /** Ends this allocator and closes its stack; outstanding handles become invalid. */
    @Override
    void close() throws IOException;
}
