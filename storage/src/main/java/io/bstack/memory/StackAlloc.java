package io.bstack.memory;

import io.bstack.memory.AllocatorMisuseException.Misuse;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A LIFO allocator over one region taken from a backing; guarantees O(1) allocate and free, that
 * a free returns the block's space at once, and that freeing (or growing) any block but the most
 * recent live one throws {@link LifoViolationException} without changing state.
 *
 * <p>The frame stack (offset, previous cursor, layout) lives on the Java heap. Blocks are scoped to
 * a confined epoch arena closed by {@link #reset()} and {@link #close()}. Not thread-safe: use it
 * from the thread that created it. The backing must outlive the allocator.
 */
public final class StackAlloc implements Allocator, AutoCloseable {

    private final Allocator backing;
    private final Layout regionLayout;
    private final MemorySegment region;
    private final long base;
    private final long capacity;
    private final AtomicLong misuses = new AtomicLong();
    private long[] offsets = new long[16];
    private long[] previous = new long[16];
    private Layout[] layouts = new Layout[16];
    private int depth;
    private long cursor;
    private Arena epoch = Arena.ofConfined();
    private boolean closed;

    private StackAlloc(Allocator backing, long capacity) {
        this.backing = backing;
        this.capacity = capacity;
        this.regionLayout = Layout.of(capacity, 64);
        this.region = backing.allocate(regionLayout);
        this.base = region.address();
    }

    /** A stack of {@code capacity} bytes whose region is allocated from {@code backing}. */
    public static StackAlloc create(Allocator backing, long capacity) {
        if (capacity <= 0) {
            throw new IllegalArgumentException("capacity must be > 0, was " + capacity);
        }
        return new StackAlloc(backing, capacity);
    }

    @Override
    public MemorySegment allocate(Layout layout) {
        ensureOpen();
        long start = Layout.roundUp(base + cursor, layout.alignment()) - base;
        if (start > capacity || layout.size() > capacity - start) {
            throw new OutOfNativeMemoryException("StackAlloc: no room for " + layout + " (capacity " + capacity
                    + ", used " + cursor + ")");
        }
        if (depth == offsets.length) {
            offsets = Arrays.copyOf(offsets, depth * 2);
            previous = Arrays.copyOf(previous, depth * 2);
            layouts = Arrays.copyOf(layouts, depth * 2);
        }
        offsets[depth] = start;
        previous[depth] = cursor;
        layouts[depth] = layout;
        depth++;
        cursor = start + layout.size();
        return BlockViews.scoped(base + start, layout.size(), epoch);
    }

    /**
     * Pops the most recent block.
     *
     * @throws LifoViolationException if {@code block} is live but not the most recent block
     */
    @Override
    public void free(MemorySegment block, Layout layout) {
        int frame = checkLive(block, layout);
        requireTop(frame, "freed");
        depth--;
        layouts[depth] = null;
        cursor = previous[depth];
    }

    /** Grows the most recent block in place; growing any other block throws {@link LifoViolationException}. */
    @Override
    public MemorySegment grow(MemorySegment block, Layout oldLayout, Layout newLayout) {
        Allocator.checkResize(oldLayout, newLayout, true);
        int frame = checkLive(block, oldLayout);
        requireTop(frame, "grown");
        long start = offsets[frame];
        if (newLayout.size() > capacity - start) {
            throw new OutOfNativeMemoryException("StackAlloc: no room to grow to " + newLayout);
        }
        layouts[frame] = newLayout;
        cursor = start + newLayout.size();
        return BlockViews.resized(block, newLayout.size());
    }

    /** Shrinks in place; the most recent block also gives its tail back. */
    @Override
    public MemorySegment shrink(MemorySegment block, Layout oldLayout, Layout newLayout) {
        Allocator.checkResize(oldLayout, newLayout, false);
        int frame = checkLive(block, oldLayout);
        layouts[frame] = newLayout;
        if (frame == depth - 1) {
            cursor = offsets[frame] + newLayout.size();
        }
        return block.asSlice(0, newLayout.size());
    }

    /** Pops every frame; earlier blocks become inaccessible. */
    @Override
    public void reset() {
        ensureOpen();
        epoch.close();
        epoch = Arena.ofConfined();
        Arrays.fill(layouts, 0, depth, null);
        depth = 0;
        cursor = 0;
    }

    @Override
    public OptionalLong usableSize(MemorySegment block, Layout layout) {
        checkLive(block, layout);
        return OptionalLong.of(layout.size());
    }

    @Override
    public OptionalLong capacityBytes() {
        return OptionalLong.of(capacity);
    }

    @Override
    public long corruptionEvents() {
        return misuses.get();
    }

    /** Number of live blocks. */
    public int depth() {
        return depth;
    }

    /** Bytes in use, including alignment padding. */
    public long usedBytes() {
        return cursor;
    }

    /** Closes the epoch and returns the region to the backing; idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        epoch.close();
        backing.free(region, regionLayout);
    }

    private void requireTop(int frame, String verb) {
        if (frame != depth - 1) {
            misuses.incrementAndGet();
            throw new LifoViolationException("block at offset " + offsets[frame] + " (frame " + frame
                    + ") " + verb + " out of order: " + (depth - 1 - frame) + " younger block(s) still live");
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("StackAlloc is closed");
        }
    }

    /** The frame index of a live block; frames are sorted by offset, so this is a binary search. */
    private int checkLive(MemorySegment block, Layout layout) {
        String where = "block at 0x" + Long.toHexString(block.address());
        if (!block.scope().isAlive()) {
            throw misuse(Misuse.STALE_AFTER_RESET, where + " was issued before the last reset or close");
        }
        if (closed || !block.scope().equals(epoch.scope())) {
            throw misuse(Misuse.FOREIGN_BLOCK, where + " was not issued by this stack");
        }
        long offset = block.address() - base;
        int frame = Arrays.binarySearch(offsets, 0, depth, offset);
        if (frame < 0) {
            if (offset >= cursor) {
                throw misuse(Misuse.DOUBLE_FREE, where + " is past the top of the stack: already freed");
            }
            throw misuse(Misuse.FOREIGN_BLOCK, where + " is not the start of a live block");
        }
        Layout expected = layouts[frame];
        if (!expected.equals(layout) || block.byteSize() != layout.size()) {
            throw misuse(Misuse.LAYOUT_MISMATCH, where + " was allocated as " + expected + " but handed back as "
                    + layout + " with a segment of " + block.byteSize() + " bytes");
        }
        return frame;
    }

    private AllocatorMisuseException misuse(Misuse kind, String message) {
        misuses.incrementAndGet();
        return new AllocatorMisuseException(kind, message);
    }
}
