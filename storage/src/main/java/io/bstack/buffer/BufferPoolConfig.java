package io.bstack.buffer;

/**
 * The shape of a buffer pool; guarantees a power-of-two page size between 4 KiB and 64 KiB, a
 * capacity that is a positive whole number of pages, and eviction-ahead fractions that a
 * {@link io.bstack.memory.Watermark} accepts. Immutable and thread-safe.
 *
 * <p>Eviction ahead of need: a {@code Watermark} measures the frames in use; when they reach
 * {@code evictAheadAt} of the capacity (its rising edge), misses evict unpinned pages ahead of need
 * until fewer than {@code evictDownTo} of the frames are in use, so later misses find a free frame
 * without writing a dirty victim back first. Both fractions 0 disables eviction ahead of need.
 *
 * @param pageSize bytes per frame, a power of two in [{@value #MIN_PAGE_SIZE}, {@value #MAX_PAGE_SIZE}]
 * @param capacityBytes native bytes of frames, a multiple of {@code pageSize}
 * @param evictAheadAt fraction of the frames in use that starts eviction ahead of need, in (0, 1], or 0
 * @param evictDownTo fraction of the frames in use that eviction ahead of need goes below, in
 *     (0, evictAheadAt], or 0 when {@code evictAheadAt} is 0
 */
public record BufferPoolConfig(int pageSize, long capacityBytes, double evictAheadAt, double evictDownTo) {

    /** Smallest page size accepted. */
    public static final int MIN_PAGE_SIZE = 4096;
    /** Largest page size accepted. */
    public static final int MAX_PAGE_SIZE = 65536;

    /** Checks the invariants; throws {@link IllegalArgumentException} naming the bad value. */
    public BufferPoolConfig {
        if (pageSize < MIN_PAGE_SIZE || pageSize > MAX_PAGE_SIZE || Integer.bitCount(pageSize) != 1) {
            throw new IllegalArgumentException("page size must be a power of two in [" + MIN_PAGE_SIZE + ", "
                    + MAX_PAGE_SIZE + "], was " + pageSize);
        }
        if (capacityBytes < pageSize || capacityBytes % pageSize != 0) {
            throw new IllegalArgumentException("capacity must be a positive multiple of the page size "
                    + pageSize + ", was " + capacityBytes);
        }
        if (capacityBytes / pageSize > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("capacity " + capacityBytes + " holds too many frames");
        }
        boolean off = evictAheadAt == 0 && evictDownTo == 0;
        if (!off && !(evictDownTo > 0 && evictDownTo <= evictAheadAt && evictAheadAt <= 1)) {
            throw new IllegalArgumentException("eviction ahead needs 0 < evictDownTo <= evictAheadAt <= 1 (or both 0),"
                    + " was evictAheadAt=" + evictAheadAt + " evictDownTo=" + evictDownTo);
        }
    }

    /** A config with no eviction ahead of need. */
    public static BufferPoolConfig of(int pageSize, long capacityBytes) {
        return new BufferPoolConfig(pageSize, capacityBytes, 0, 0);
    }

    /** A config that starts evicting ahead at 90 % of the frames in use and stops below 80 %. */
    public static BufferPoolConfig withEvictionAhead(int pageSize, long capacityBytes) {
        return new BufferPoolConfig(pageSize, capacityBytes, 0.90, 0.80);
    }

    /** Whether misses evict ahead of need. */
    public boolean evictsAhead() {
        return evictAheadAt > 0;
    }

    /** The number of frames, {@code capacityBytes / pageSize}. */
    public int frameCount() {
        return (int) (capacityBytes / pageSize);
    }
}
