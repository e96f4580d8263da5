package io.bstack.memory;

import io.bstack.memory.AllocatorMisuseException.Misuse;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Fixed-size slots that never run out while the backing has room: when every {@link Slab} is
 * full, a new one of the same shape is added; guarantees the same slot checks as {@link Slab}
 * (double free, foreign block, non-slot address, wrong layout all throw) across all segments.
 *
 * <p>Segments are kept until {@link #close()}; {@link #reset()} empties them but keeps them. All
 * methods are serialized on the instance, so it may be shared between threads. Capacity is that of
 * the segments added so far.
 */
public final class ExtendableSlab implements Allocator, AutoCloseable {

    private final Allocator backing;
    private final long stride;
    private final int slotsPerSlab;
    private final List<Slab> slabs = new ArrayList<>();
    private final AtomicLong misuses = new AtomicLong();
    private int hint;
    private boolean closed;

    private ExtendableSlab(Allocator backing, long stride, int slotsPerSlab) {
        this.backing = backing;
        this.stride = stride;
        this.slotsPerSlab = slotsPerSlab;
        slabs.add(Slab.create(backing, stride, slotsPerSlab));
    }

    /** Slots of {@code stride} bytes, added {@code slotsPerSlab} at a time from {@code backing}. */
    public static ExtendableSlab create(Allocator backing, long stride, int slotsPerSlab) {
        return new ExtendableSlab(backing, stride, slotsPerSlab);
    }

    /**
     * Takes a slot, adding a segment when all are full.
     *
     * @throws OutOfNativeMemoryException if the backing cannot supply another segment
     */
    @Override
    public synchronized MemorySegment allocate(Layout layout) {
        ensureOpen();
        for (int n = 0; n < slabs.size(); n++) {
            int i = (hint + n) % slabs.size();
            Slab s = slabs.get(i);
            if (!s.isFull()) {
                hint = i;
                return s.allocate(layout);
            }
        }
        Slab added = Slab.create(backing, stride, slotsPerSlab);
        slabs.add(added);
        hint = slabs.size() - 1;
        return added.allocate(layout);
    }

    @Override
    public synchronized void free(MemorySegment block, Layout layout) {
        int i = ownerIndex(block);
        slabs.get(i).free(block, layout);
        hint = i;
    }

    @Override
    public synchronized MemorySegment grow(MemorySegment block, Layout oldLayout, Layout newLayout) {
        Allocator.checkResize(oldLayout, newLayout, true);
        return slabs.get(ownerIndex(block)).grow(block, oldLayout, newLayout);
    }

    @Override
    public synchronized MemorySegment shrink(MemorySegment block, Layout oldLayout, Layout newLayout) {
        Allocator.checkResize(oldLayout, newLayout, false);
        return slabs.get(ownerIndex(block)).shrink(block, oldLayout, newLayout);
    }

    /** Empties every segment (keeping them); earlier blocks become inaccessible. */
    @Override
    public synchronized void reset() {
        ensureOpen();
        for (Slab s : slabs) {
            s.reset();
        }
        hint = 0;
    }

    @Override
    public synchronized OptionalLong usableSize(MemorySegment block, Layout layout) {
        return slabs.get(ownerIndex(block)).usableSize(block, layout);
    }

    @Override
    public synchronized OptionalLong capacityBytes() {
        return OptionalLong.of((long) slabs.size() * slotsPerSlab * stride);
    }

    @Override
    public synchronized long corruptionEvents() {
        long total = misuses.get();
        for (Slab s : slabs) {
            total += s.corruptionEvents();
        }
        return total;
    }

    /** Number of segments added so far. */
    public synchronized int segments() {
        return slabs.size();
    }

    /** Closes every segment; idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (Slab s : slabs) {
            s.close();
        }
    }

    private int ownerIndex(MemorySegment block) {
        ensureOpen();
        for (int i = 0; i < slabs.size(); i++) {
            if (slabs.get(i).owns(block)) {
                return i;
            }
        }
        misuses.incrementAndGet();
        throw new AllocatorMisuseException(block.scope().isAlive() ? Misuse.FOREIGN_BLOCK : Misuse.STALE_AFTER_RESET,
                "block at 0x" + Long.toHexString(block.address()) + " was not issued by this ExtendableSlab");
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("ExtendableSlab is closed");
        }
    }
}
