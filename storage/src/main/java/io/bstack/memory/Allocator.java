package io.bstack.memory;

import java.lang.foreign.MemorySegment;
import java.util.OptionalLong;

/**
 * A source of native blocks; guarantees every block it returns is exactly {@code layout.size()}
 * bytes, aligned to {@code layout.alignment()}, writable, and disjoint from every other live block,
 * and that the allocator never writes a live block's bytes itself.
 *
 * <p>Failures of the OS throw {@link NativeMemoryException}; a full bounded allocator throws
 * {@link OutOfNativeMemoryException}; contract breaches throw {@link AllocatorMisuseException}.
 */
public interface Allocator extends Deallocator {

    /** Allocates a block of {@code layout}; its contents are unspecified. */
    MemorySegment allocate(Layout layout);

    /** Allocates a block of {@code layout} whose bytes are all zero. */
    default MemorySegment allocateZeroed(Layout layout) {
        return allocate(layout).fill((byte) 0);
    }

    /**
     * Enlarges a live block to {@code newLayout}, keeping its first {@code oldLayout.size()} bytes.
     * The result may be at a different address; the old block is then freed. On failure the old
     * block is untouched and still live.
     *
     * @throws IllegalArgumentException if the new size is smaller or the alignment differs
     */
    default MemorySegment grow(MemorySegment block, Layout oldLayout, Layout newLayout) {
        checkResize(oldLayout, newLayout, true);
        return moveTo(block, oldLayout, newLayout);
    }

    /**
     * Reduces a live block to {@code newLayout}, keeping its first {@code newLayout.size()} bytes.
     * The result may be at a different address; the old block is then freed.
     *
     * @throws IllegalArgumentException if the new size is larger or the alignment differs
     */
    default MemorySegment shrink(MemorySegment block, Layout oldLayout, Layout newLayout) {
        checkResize(oldLayout, newLayout, false);
        return moveTo(block, oldLayout, newLayout);
    }

    /**
     * Frees every live block at once. Blocks issued before the reset become inaccessible: using
     * them throws {@link IllegalStateException}, freeing them throws {@link AllocatorMisuseException}.
     */
    void reset();

    /**
     * The bytes actually usable in a live block ({@code >= layout.size()}), when the allocator knows.
     *
     * @throws AllocatorMisuseException as {@link #free} does for a block that is not live
     */
    OptionalLong usableSize(MemorySegment block, Layout layout);

    /** The most bytes this allocator can hand out, or empty when it is unbounded. */
    OptionalLong capacityBytes();

    /** How many misuses or corruptions this allocator has detected so far; never decreases. */
    long corruptionEvents();

    /** Allocate-copy-free, the portable way to resize. */
    private MemorySegment moveTo(MemorySegment block, Layout oldLayout, Layout newLayout) {
        usableSize(block, oldLayout); // validates the old block before anything changes
        MemorySegment fresh = allocate(newLayout);
        MemorySegment.copy(block, 0, fresh, 0, Math.min(oldLayout.size(), newLayout.size()));
        free(block, oldLayout);
        return fresh;
    }

    /** Checks the direction and alignment of a resize. */
    static void checkResize(Layout oldLayout, Layout newLayout, boolean growing) {
        if (oldLayout.alignment() != newLayout.alignment()) {
            throw new IllegalArgumentException("resize must keep the alignment: " + oldLayout + " -> " + newLayout);
        }
        if (growing && newLayout.size() < oldLayout.size()) {
            throw new IllegalArgumentException("grow must not shrink: " + oldLayout + " -> " + newLayout);
        }
        if (!growing && newLayout.size() > oldLayout.size()) {
            throw new IllegalArgumentException("shrink must not grow: " + oldLayout + " -> " + newLayout);
        }
    }
}
