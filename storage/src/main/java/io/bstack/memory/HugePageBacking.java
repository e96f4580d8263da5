package io.bstack.memory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A bump allocator over a {@code MAP_HUGETLB} mapping of one huge-page size; guarantees the
 * region really is backed by huge pages of that size, or the constructor fails with a message
 * naming the reserved pool ({@code /proc/sys/vm/nr_hugepages}) — there is no silent fallback.
 */
public final class HugePageBacking extends MappedRegionBacking {

    /** The common x86-64 / aarch64 huge-page size, 2 MiB. */
    public static final long DEFAULT_HUGE_PAGE = 2L << 20;

    private HugePageBacking(long address, long length, long hugePage) {
        super("HugePageBacking", address, length, hugePage);
    }

    /** Maps at least {@code capacity} bytes in 2 MiB huge pages. */
    public static HugePageBacking map(long capacity) {
        return map(capacity, DEFAULT_HUGE_PAGE);
    }

    /**
     * Maps at least {@code capacity} bytes, rounded up to {@code hugePage}, from that page size's pool.
     *
     * @param hugePage a power of two of at least 4096 bytes
     * @throws NativeMemoryException if no huge pages are available, naming the pool to reserve
     */
    public static HugePageBacking map(long capacity, long hugePage) {
        if (hugePage < 4096 || Long.bitCount(hugePage) != 1) {
            throw new IllegalArgumentException("huge page size must be a power of two >= 4096, was " + hugePage);
        }
        NativeAccess.requireNative("HugePageBacking");
        long length = MmapBacking.pageRound(capacity, hugePage);
        int sizeBits = Long.numberOfTrailingZeros(hugePage) << LinuxConstants.MAP_HUGE_SHIFT;
        long address;
        try {
            address = mapAnonymous(length, LinuxConstants.MAP_HUGETLB | sizeBits, "HugePageBacking");
        } catch (NativeMemoryException e) {
            throw new NativeMemoryException(e.getMessage() + "; " + poolReport(hugePage)
                    + ". Reserve huge pages (e.g. echo N > /proc/sys/vm/nr_hugepages, as root) or use MmapBacking",
                    e.errno());
        }
        return new HugePageBacking(address, length, hugePage);
    }

    /** Reserved huge pages of the given size, or -1 when the kernel does not expose the pool. */
    public static long reservedPages(long hugePage) {
        return readLong(poolFile(hugePage, "nr_hugepages"));
    }

    private static String poolReport(long hugePage) {
        long kb = hugePage >> 10;
        return "huge pages of " + kb + " kB: /proc/sys/vm/nr_hugepages = "
                + describe(readLong(Path.of("/proc/sys/vm/nr_hugepages")))
                + ", " + poolFile(hugePage, "nr_hugepages") + " = " + describe(reservedPages(hugePage))
                + ", free = " + describe(readLong(poolFile(hugePage, "free_hugepages")));
    }

    private static Path poolFile(long hugePage, String file) {
        return Path.of("/sys/kernel/mm/hugepages/hugepages-" + (hugePage >> 10) + "kB", file);
    }

    private static String describe(long value) {
        return value < 0 ? "unavailable" : Long.toString(value);
    }

    private static long readLong(Path path) {
        try {
            return Long.parseLong(Files.readString(path).trim());
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
    }
}
