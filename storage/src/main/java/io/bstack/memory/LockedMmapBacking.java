package io.bstack.memory;

/**
 * A bump allocator over a populated mapping locked in RAM with {@code mlock}; guarantees it never
 * exists unlocked: if the size exceeds the soft {@code RLIMIT_MEMLOCK} or {@code mlock} fails, the
 * mapping is unmapped and the constructor throws with the errno text and the limit (fail closed).
 * Close runs {@code munlock} before {@code munmap}; {@link #releasePages} drops nothing, so locked
 * pages are never given back while the region lives.
 */
public final class LockedMmapBacking extends MappedRegionBacking {

    private LockedMmapBacking(long address, long length) {
        super("LockedMmapBacking", address, length, Libc.PAGE_SIZE);
    }

    /**
     * Maps and locks at least {@code capacity} bytes. The limit is checked even for processes with
     * {@code CAP_IPC_LOCK}, so the outcome does not depend on privileges.
     *
     * @throws NativeMemoryException if the lock cannot be taken; the message names errno and the limit
     */
    public static LockedMmapBacking map(long capacity) {
        NativeAccess.requireNative("LockedMmapBacking");
        long length = MmapBacking.pageRound(capacity, Libc.PAGE_SIZE);
        long limit = Libc.softLimit(LinuxConstants.RLIMIT_MEMLOCK);
        if (limit != LinuxConstants.RLIM_INFINITY && Long.compareUnsigned(length, limit) > 0) {
            throw new NativeMemoryException("LockedMmapBacking: cannot lock " + length
                    + " bytes: above RLIMIT_MEMLOCK soft limit of " + limit + " bytes (" + Libc.describe(LinuxConstants.ENOMEM)
                    + "); raise it with ulimit -l or limits.conf", LinuxConstants.ENOMEM);
        }
        long address = mapAnonymous(length, LinuxConstants.MAP_POPULATE, "LockedMmapBacking");
        int errno = Libc.mlock(address, length);
        if (errno != 0) {
            try {
                unmap(address, length, "LockedMmapBacking");
            } catch (NativeMemoryException suppressed) {
                // Keep the lock's errno, as the crate does; the unmap failure is attached below.
                NativeMemoryException failure = lockFailure(length, limit, errno);
                failure.addSuppressed(suppressed);
                throw failure;
            }
            throw lockFailure(length, limit, errno);
        }
        Libc.madvise(address, length, LinuxConstants.MADV_DONTDUMP); // best effort: keep secrets out of core dumps
        return new LockedMmapBacking(address, length);
    }

    /** Validates the range, then deliberately keeps the locked pages (as the crate does). */
    @Override
    public void releasePages(long offset, long length) {
        checkPages(offset, length);
    }

    @Override
    void releaseRegion() {
        int errno = Libc.munlock(address(), capacityBytes().orElseThrow());
        super.releaseRegion();
        if (errno != 0) {
            throw new NativeMemoryException(name() + ": munlock failed: " + Libc.describe(errno), errno);
        }
    }

    private static NativeMemoryException lockFailure(long length, long limit, int errno) {
        return new NativeMemoryException("LockedMmapBacking: mlock of " + length + " bytes failed: "
                + Libc.describe(errno) + "; RLIMIT_MEMLOCK soft limit is "
                + (limit == LinuxConstants.RLIM_INFINITY ? "unlimited" : limit + " bytes"), errno);
    }
}
