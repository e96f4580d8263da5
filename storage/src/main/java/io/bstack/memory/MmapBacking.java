package io.bstack.memory;

/**
 * A bump allocator over an anonymous private {@code mmap} rounded up to whole pages; guarantees
 * fresh memory reads as zero, and with {@code populate} that every page is faulted in before the
 * constructor returns ({@code MAP_POPULATE}).
 */
public final class MmapBacking extends MappedRegionBacking {

    private final boolean populated;

    private MmapBacking(long address, long length, boolean populated) {
        super("MmapBacking", address, length, Libc.PAGE_SIZE);
        this.populated = populated;
    }

    /**
     * Maps at least {@code capacity} bytes.
     *
     * @param populate pre-fault every page now instead of on first touch
     * @throws NativeMemoryException if native access is not granted or the kernel refuses
     */
    public static MmapBacking map(long capacity, boolean populate) {
        NativeAccess.requireNative("MmapBacking");
        long length = pageRound(capacity, Libc.PAGE_SIZE);
        long address = mapAnonymous(length, populate ? LinuxConstants.MAP_POPULATE : 0, "MmapBacking");
        return new MmapBacking(address, length, populate);
    }

    /** Whether the pages were pre-faulted with {@code MAP_POPULATE}. */
    public boolean populated() {
        return populated;
    }

    static long pageRound(long capacity, long page) {
        if (capacity <= 0) {
            throw new IllegalArgumentException("capacity must be > 0, was " + capacity);
        }
        return Layout.roundUp(capacity, page);
    }
}
