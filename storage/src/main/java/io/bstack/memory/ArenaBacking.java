package io.bstack.memory;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * A bump allocator over a page-aligned region taken from a shared {@link Arena}; guarantees the
 * same checks as the mmap backings while calling no restricted method, so it works without
 * {@code --enable-native-access}. Each epoch gets a fresh region that is freed at reset or close.
 */
public final class ArenaBacking extends RegionBacking {

    private static final long REGION_ALIGNMENT = 4096;

    private final long capacity;
    private MemorySegment region;

    private ArenaBacking(long capacity) {
        super("ArenaBacking", capacity);
        this.capacity = capacity;
    }

    /** A backing of exactly {@code capacity} bytes; memory is taken on first allocation. */
    public static ArenaBacking create(long capacity) {
        if (capacity <= 0) {
            throw new IllegalArgumentException("capacity must be > 0, was " + capacity);
        }
        return new ArenaBacking(capacity);
    }

    @Override
    long baseAddress() {
        return region.address();
    }

    @Override
    MemorySegment slice(long offset, long size, Arena epoch) {
        return region.asSlice(offset, size);
    }

    @Override
    void epochOpened(Arena epoch) {
        region = epoch.allocate(capacity, REGION_ALIGNMENT);
        NativeMemoryLedger.acquired(capacity);
    }

    @Override
    void epochClosed() {
        region = null;
        NativeMemoryLedger.released(capacity);
    }

    @Override
    void releaseRegion() {
        // The region belongs to the epoch arena, which close() has already closed.
    }
}
