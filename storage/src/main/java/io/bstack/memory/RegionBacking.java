package io.bstack.memory;

import io.bstack.memory.AllocatorMisuseException.Misuse;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A bump allocator over one fixed region; guarantees blocks never overlap, are aligned as asked,
 * are never reissued before a reset (so a double free is always detected), and become
 * inaccessible at reset or close because each block is scoped to the current <em>epoch</em> arena.
 *
 * <p>File layout of the state: {@code cursor} is the offset of the first never-used byte; {@code
 * live} maps a live block's offset to its layout; {@code freed} holds offsets freed in this epoch.
 * Free does not make room (as in the crate's bump backings): {@link #reset()} does. All methods are
 * serialized on the instance, so a backing may be shared between threads.
 */
public abstract sealed class RegionBacking implements Allocator, AutoCloseable
        permits MappedRegionBacking, ArenaBacking {

    private final String name;
    private final long capacity;
    private final Map<Long, Layout> live = new HashMap<>();
    private final Set<Long> freed = new HashSet<>();
    private final AtomicLong misuses = new AtomicLong();
    private Arena epoch;
    private long cursor;
    private boolean closed;

    RegionBacking(String name, long capacity) {
        this.name = name;
        this.capacity = capacity;
    }

    /** The absolute address of the region's first byte while an epoch is open. */
    abstract long baseAddress();

    /** A view of {@code [offset, offset+size)} whose scope is {@code epoch}. */
    abstract MemorySegment slice(long offset, long size, Arena epoch);

    /** Called when a new epoch arena opens, before any block of it is handed out. */
    abstract void epochOpened(Arena epoch);

    /** Called after the current epoch arena closed. */
    abstract void epochClosed();

    /** Gives the region back to the OS; called once, at close, after the last epoch closed. */
    abstract void releaseRegion();

    @Override
    public final synchronized MemorySegment allocate(Layout layout) {
        ensureEpoch();
        long base = baseAddress();
        long start = Layout.roundUp(base + cursor, layout.alignment()) - base;
        if (start > capacity || layout.size() > capacity - start) {
            throw new OutOfNativeMemoryException(name + ": no room for " + layout + " (capacity " + capacity
                    + ", used " + cursor + ")");
        }
        cursor = start + layout.size();
        live.put(start, layout);
        freed.remove(start);
        return slice(start, layout.size(), epoch);
    }

    @Override
    public final synchronized void free(MemorySegment block, Layout layout) {
        long offset = checkLive(block, layout);
        live.remove(offset);
        freed.add(offset);
    }

    @Override
    public final synchronized MemorySegment grow(MemorySegment block, Layout oldLayout, Layout newLayout) {
        Allocator.checkResize(oldLayout, newLayout, true);
        long offset = checkLive(block, oldLayout);
        if (offset + oldLayout.size() == cursor && newLayout.size() <= capacity - offset) {
            cursor = offset + newLayout.size();
            live.put(offset, newLayout);
            return slice(offset, newLayout.size(), epoch);
        }
        return Allocator.super.grow(block, oldLayout, newLayout);
    }

    @Override
    public final synchronized MemorySegment shrink(MemorySegment block, Layout oldLayout, Layout newLayout) {
        Allocator.checkResize(oldLayout, newLayout, false);
        long offset = checkLive(block, oldLayout);
        live.put(offset, newLayout);
        return slice(offset, newLayout.size(), epoch);
    }

    @Override
    public final synchronized void reset() {
        ensureOpen();
        closeEpoch();
    }

    @Override
    public final synchronized OptionalLong usableSize(MemorySegment block, Layout layout) {
        checkLive(block, layout);
        return OptionalLong.of(layout.size());
    }

    @Override
    public final OptionalLong capacityBytes() {
        return OptionalLong.of(capacity);
    }

    @Override
    public final long corruptionEvents() {
        return misuses.get();
    }

    /** Bytes consumed since the last reset, including alignment padding and freed blocks. */
    public final synchronized long usedBytes() {
        return cursor;
    }

    /** Number of blocks currently live. */
    public final synchronized int liveBlocks() {
        return live.size();
    }

    /** Closes the current epoch and gives the region back; idempotent. Live blocks become inaccessible. */
    @Override
    public final synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        closeEpoch();
        releaseRegion();
    }

    /** The backing's name for messages. */
    public final String name() {
        return name;
    }

    @Override
    public String toString() {
        return name + "[capacity=" + capacity + "]";
    }

    /** Throws unless {@code [offset, offset+length)} lies in the region and touches no live block. */
    final synchronized void checkUnused(long offset, long length) {
        ensureOpen();
        if (offset < 0 || length <= 0 || offset > capacity || length > capacity - offset) {
            throw new IllegalArgumentException(name + ": range [" + offset + ", +" + length
                    + ") is outside the region of " + capacity + " bytes");
        }
        for (Map.Entry<Long, Layout> e : live.entrySet()) {
            long start = e.getKey();
            long end = start + e.getValue().size();
            if (start < offset + length && offset < end) {
                throw new IllegalArgumentException(name + ": range [" + offset + ", +" + length
                        + ") overlaps the live block at offset " + start);
            }
        }
    }

    final void ensureOpen() {
        if (closed) {
            throw new IllegalStateException(name + " is closed");
        }
    }

    private void ensureEpoch() {
        ensureOpen();
        if (epoch == null) {
            epoch = Arena.ofShared();
            epochOpened(epoch);
        }
    }

    private void closeEpoch() {
        if (epoch != null) {
            epoch.close();
            epoch = null;
            epochClosed();
        }
        cursor = 0;
        live.clear();
        freed.clear();
    }

    /** Returns the block's offset if it is live with exactly {@code layout}; otherwise throws. */
    private long checkLive(MemorySegment block, Layout layout) {
        if (!block.scope().isAlive()) {
            throw misuse(Misuse.STALE_AFTER_RESET, "block at 0x" + Long.toHexString(block.address())
                    + " was issued before the last reset or close of " + name);
        }
        if (epoch == null || !block.scope().equals(epoch.scope())) {
            throw misuse(Misuse.FOREIGN_BLOCK, "block at 0x" + Long.toHexString(block.address())
                    + " was not issued by " + name);
        }
        long offset = block.address() - baseAddress();
        Layout expected = live.get(offset);
        if (expected == null) {
            if (freed.contains(offset)) {
                throw misuse(Misuse.DOUBLE_FREE, "block at offset " + offset + " of " + name + " was already freed");
            }
            throw misuse(Misuse.FOREIGN_BLOCK, "offset " + offset + " is not the start of a live block of " + name);
        }
        if (!expected.equals(layout) || block.byteSize() != layout.size()) {
            throw misuse(Misuse.LAYOUT_MISMATCH, "block at offset " + offset + " of " + name + " was allocated as "
                    + expected + " but handed back as " + layout + " with a segment of " + block.byteSize() + " bytes");
        }
        return offset;
    }

    private AllocatorMisuseException misuse(Misuse kind, String message) {
        misuses.incrementAndGet();
        return new AllocatorMisuseException(kind, message);
    }
}
