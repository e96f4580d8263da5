package io.bstack.memory;

import java.lang.foreign.MemorySegment;

/**
 * The freeing half of an allocator; guarantees that a block handed back with the layout it was
 * allocated with is released exactly once, and that every other hand-back (a foreign block, a wrong
 * layout, a second free, a block from before a reset) throws {@link AllocatorMisuseException}
 * instead of corrupting state.
 */
public interface Deallocator {

    /**
     * Returns {@code block} to this allocator. After the call the block must not be used.
     *
     * @param block a segment returned by this allocator's allocate, allocateZeroed, grow or shrink
     * @param layout the layout used to obtain it (same size and alignment)
     * @throws AllocatorMisuseException if the block is foreign, already freed, stale after a reset,
     *     or the layout differs
     */
    void free(MemorySegment block, Layout layout);
}
