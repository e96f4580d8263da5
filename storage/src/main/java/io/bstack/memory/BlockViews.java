package io.bstack.memory;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * The layout primitives' one place that re-scopes native memory; guarantees a view covers exactly
 * the bytes of one block of a region the caller owns. Stateless and thread-safe.
 */
final class BlockViews {

    private BlockViews() {
    }

    /** A view of {@code size} bytes at {@code address} whose lifetime is {@code epoch}. */
    @SuppressWarnings("restricted") // the address lies in a region the caller owns for the epoch's life
    static MemorySegment scoped(long address, long size, Arena epoch) {
        return MemorySegment.ofAddress(address).reinterpret(size, epoch, null);
    }

    /** The same block, same scope, with a new length the caller has reserved. */
    @SuppressWarnings("restricted") // the caller reserved the new length in its region
    static MemorySegment resized(MemorySegment block, long newSize) {
        return block.reinterpret(newSize);
    }
}
