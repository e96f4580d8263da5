package io.bstack.buffer;

/**
 * The shape of a buffer pool; guarantees a power-of-two page size between 4 KiB and 64 KiB, a
 * capacity that is a positive whole number of pages, and a low-water mark below the frame count.
 * Immutable and thread-safe.
 *
 * @param pageSize bytes per frame, a power of two in [{@value #MIN_PAGE_SIZE}, {@value #MAX_PAGE_SIZE}]
 * @param capacityBytes native bytes of frames, a multiple of {@code pageSize}
 * @param lowWaterFrames the pool evicts ahead of need until at least this many frames are free
 *     (0 disables eviction ahead of need); must be below the frame count
 */
public record BufferPoolConfig(int pageSize, long capacityBytes, int lowWaterFrames) {

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
        if (lowWaterFrames < 0 || lowWaterFrames >= capacityBytes / pageSize) {
            throw new IllegalArgumentException("low-water mark must be in [0, " + capacityBytes / pageSize
                    + "), was " + lowWaterFrames);
        }
    }

    /** A config with no eviction ahead of need. */
    public static BufferPoolConfig of(int pageSize, long capacityBytes) {
        return new BufferPoolConfig(pageSize, capacityBytes, 0);
    }

    /** The number of frames, {@code capacityBytes / pageSize}. */
    public int frameCount() {
        return (int) (capacityBytes / pageSize);
    }
}
