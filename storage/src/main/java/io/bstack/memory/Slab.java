package io.bstack.memory;

import io.bstack.memory.AllocatorMisuseException.Misuse;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Fixed-size slots over one region taken from a backing; guarantees O(1) allocate and free, slots
 * aligned to the (power-of-two) stride, and that a double free, a foreign block, a block that is not
 * a slot start or a layout that differs from the allocation's throws {@link AllocatorMisuseException}.
 *
 * <p>All slot state (the layout of each live slot and the free stack) lives on the Java heap, so
 * user bytes are never overwritten. Blocks are scoped to a shared epoch arena closed by
 * {@link #reset()} and {@link #close()}. All methods are serialized on the instance, so a slab may
 * be shared between threads. The backing must outlive the slab.
 */
public final class Slab implements Allocator, AutoCloseable {

    private final Allocator backing;
    private final long stride;
    private final int shift;
    private final int slots;
    private final Layout regionLayout;
    private final MemorySegment region;
    private final long base;
    private final Layout[] live;
    private final int[] freeStack;
    private final AtomicLong misuses = new AtomicLong();
    private int freeTop;
    private int carved;
    private int liveCount;
    private Arena epoch = Arena.ofShared();
    private boolean closed;

    private Slab(Allocator backing, long stride, int slots) {
        this.backing = backing;
        this.stride = stride;
        this.shift = Long.numberOfTrailingZeros(stride);
        this.slots = slots;
        this.regionLayout = Layout.of(Math.multiplyExact(stride, (long) slots), stride);
        this.region = backing.allocate(regionLayout);
        this.base = region.address();
        this.live = new Layout[slots];
        this.freeStack = new int[slots];
    }

    /**
     * A slab of {@code slots} slots of {@code stride} bytes, its region allocated from {@code backing}.
     *
     * @throws IllegalArgumentException if the stride is not a power of two or slots is not positive
     */
    public static Slab create(Allocator backing, long stride, int slots) {
        if (stride <= 0 || Long.bitCount(stride) != 1) {
            throw new IllegalArgumentException("stride must be a positive power of two, was " + stride);
        }
        if (slots <= 0) {
            throw new IllegalArgumentException("slots must be > 0, was " + slots);
        }
        return new Slab(backing, stride, slots);
    }

    /** Whether a request of {@code layout} fits one slot. */
    public boolean fits(Layout layout) {
        return layout.size() <= stride && layout.alignment() <= stride;
    }

    /**
     * Takes a free slot; never-used slots are carved only when the free stack is empty.
     *
     * @throws IllegalArgumentException if the layout does not fit a slot
     * @throws OutOfNativeMemoryException if every slot is live
     */
    @Override
    public synchronized MemorySegment allocate(Layout layout) {
        ensureOpen();
        if (!fits(layout)) {
            throw new IllegalArgumentException(layout + " does not fit a slab slot of " + stride + " bytes");
        }
        int index;
        if (freeTop > 0) {
            index = freeStack[--freeTop];
        } else if (carved < slots) {
            index = carved++;
        } else {
            throw new OutOfNativeMemoryException("slab of " + slots + " x " + stride + " bytes is full");
        }
        live[index] = layout;
        liveCount++;
        return BlockViews.scoped(base + ((long) index << shift), layout.size(), epoch);
    }

    @Override
    public synchronized void free(MemorySegment block, Layout layout) {
        int index = checkLive(block, layout);
        live[index] = null;
        liveCount--;
        freeStack[freeTop++] = index;
    }

    @Override
    public synchronized MemorySegment grow(MemorySegment block, Layout oldLayout, Layout newLayout) {
        Allocator.checkResize(oldLayout, newLayout, true);
        int index = checkLive(block, oldLayout);
        if (newLayout.size() > stride) {
            return Allocator.super.grow(block, oldLayout, newLayout);
        }
        live[index] = newLayout;
        return BlockViews.resized(block, newLayout.size());
    }

    @Override
    public synchronized MemorySegment shrink(MemorySegment block, Layout oldLayout, Layout newLayout) {
        Allocator.checkResize(oldLayout, newLayout, false);
        int index = checkLive(block, oldLayout);
        live[index] = newLayout;
        return block.asSlice(0, newLayout.size());
    }

    /** Frees every slot; earlier blocks become inaccessible. */
    @Override
    public synchronized void reset() {
        ensureOpen();
        epoch.close();
        epoch = Arena.ofShared();
        Arrays.fill(live, null);
        liveCount = 0;
        freeTop = 0;
        carved = 0;
    }

    /** The full slot size, so scrubbing wrappers may wipe the slack too. */
    @Override
    public synchronized OptionalLong usableSize(MemorySegment block, Layout layout) {
        checkLive(block, layout);
        return OptionalLong.of(stride);
    }

    @Override
    public OptionalLong capacityBytes() {
        return OptionalLong.of(regionLayout.size());
    }

    @Override
    public long corruptionEvents() {
        return misuses.get();
    }

    /** The slot size in bytes. */
    public long stride() {
        return stride;
    }

    /** Number of slots. */
    public int slots() {
        return slots;
    }

    /** Number of live slots. */
    public synchronized int liveSlots() {
        return liveCount;
    }

    /** Whether every slot is live. */
    public synchronized boolean isFull() {
        return liveCount == slots;
    }

    /** Whether {@code block} was issued by this slab in its current epoch (live or not). */
    public synchronized boolean owns(MemorySegment block) {
        return !closed && block.scope().equals(epoch.scope())
                && Long.compareUnsigned(block.address() - base, regionLayout.size()) < 0;
    }

    /** Closes the epoch and returns the region to the backing; idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        epoch.close();
        backing.free(region, regionLayout);
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("slab is closed");
        }
    }

    private int checkLive(MemorySegment block, Layout layout) {
        if (!block.scope().isAlive()) {
            throw misuse(Misuse.STALE_AFTER_RESET, where(block) + " was issued before the last reset or close of the slab");
        }
        if (closed || !block.scope().equals(epoch.scope())) {
            throw misuse(Misuse.FOREIGN_BLOCK, where(block) + " was not issued by this slab");
        }
        long offset = block.address() - base;
        if (offset < 0 || offset >= regionLayout.size() || (offset & (stride - 1)) != 0) {
            throw misuse(Misuse.FOREIGN_BLOCK, where(block) + " is not the start of a slot of stride " + stride);
        }
        int index = (int) (offset >>> shift);
        Layout expected = live[index];
        if (expected == null) {
            throw misuse(Misuse.DOUBLE_FREE, "slot " + index + " is not live");
        }
        if (!expected.equals(layout) || block.byteSize() != layout.size()) {
            throw misuse(Misuse.LAYOUT_MISMATCH, "slot " + index + " was allocated as " + expected
                    + " but handed back as " + layout + " with a segment of " + block.byteSize() + " bytes");
        }
        return index;
    }

    /** The block's name in a misuse message (built only when one is thrown). */
    private static String where(MemorySegment block) {
        return "block at 0x" + Long.toHexString(block.address());
    }

    private AllocatorMisuseException misuse(Misuse kind, String message) {
        misuses.incrementAndGet();
        return new AllocatorMisuseException(kind, message);
    }
}
