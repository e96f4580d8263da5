package io.bstack.memory;

import java.lang.foreign.MemorySegment;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Serves each request from a primary allocator and, when the primary is out of room, from a
 * secondary; guarantees every free, usable-size query and resize reaches the allocator that
 * issued the block (the secondary's live blocks are remembered by address).
 *
 * <p>Thread-safe whenever both inner allocators are. Capacity is the sum of both when both are
 * bounded, otherwise unbounded.
 */
public final class WithFallback implements Allocator {

    private final Allocator primary;
    private final Allocator secondary;
    private final ConcurrentHashMap<Long, Boolean> fromSecondary = new ConcurrentHashMap<>();

    private WithFallback(Allocator primary, Allocator secondary) {
        this.primary = primary;
        this.secondary = secondary;
    }

    /** Tries {@code primary} first, then {@code secondary}. */
    public static WithFallback of(Allocator primary, Allocator secondary) {
        if (primary == secondary) {
            throw new IllegalArgumentException("primary and secondary must be different allocators");
        }
        return new WithFallback(primary, secondary);
    }

    @Override
    public MemorySegment allocate(Layout layout) {
        try {
            return primary.allocate(layout);
        } catch (OutOfNativeMemoryException e) {
            MemorySegment block = secondary.allocate(layout);
            fromSecondary.put(block.address(), Boolean.TRUE);
            return block;
        }
    }

    @Override
    public void free(MemorySegment block, Layout layout) {
        if (fromSecondary.containsKey(block.address())) {
            secondary.free(block, layout);
            fromSecondary.remove(block.address());
        } else {
            primary.free(block, layout);
        }
    }

    /** Resets both allocators. */
    @Override
    public void reset() {
        primary.reset();
        secondary.reset();
        fromSecondary.clear();
    }

    @Override
    public OptionalLong usableSize(MemorySegment block, Layout layout) {
        return owner(block).usableSize(block, layout);
    }

    @Override
    public OptionalLong capacityBytes() {
        OptionalLong p = primary.capacityBytes();
        OptionalLong s = secondary.capacityBytes();
        return p.isPresent() && s.isPresent() ? OptionalLong.of(p.getAsLong() + s.getAsLong()) : OptionalLong.empty();
    }

    @Override
    public long corruptionEvents() {
        return primary.corruptionEvents() + secondary.corruptionEvents();
    }

    /** Whether {@code block} (live) was served by the secondary. */
    public boolean servedBySecondary(MemorySegment block) {
        return fromSecondary.containsKey(block.address());
    }

    private Allocator owner(MemorySegment block) {
        return fromSecondary.containsKey(block.address()) ? secondary : primary;
    }
}
