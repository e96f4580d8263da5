package io.bstack.memory;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * A region backing over an anonymous private mapping; guarantees the mapping is unmapped exactly
 * once at close (its bytes leave the {@link NativeMemoryLedger} only then) and that page
 * operations are checked against the page granule and the live blocks before reaching the kernel.
 */
public abstract sealed class MappedRegionBacking extends RegionBacking implements OsBacked
        permits MmapBacking, HugePageBacking, LockedMmapBacking {

    private final long address;
    private final long length;
    private final long granule;

    /** Takes ownership of a mapping already counted in the ledger. */
    MappedRegionBacking(String name, long address, long length, long granule) {
        super(name, length);
        this.address = address;
        this.length = length;
        this.granule = granule;
    }

    /** Maps {@code length} bytes read-write, counting them in the ledger; throws with errno on refusal. */
    static long mapAnonymous(long length, int extraFlags, String what) {
        long address = Libc.mmap(length, LinuxConstants.PROT_READ | LinuxConstants.PROT_WRITE,
                LinuxConstants.MAP_PRIVATE | LinuxConstants.MAP_ANONYMOUS | extraFlags, what);
        NativeMemoryLedger.acquired(length);
        return address;
    }

    /** Unmaps a mapping counted in the ledger; throws with errno if the kernel refuses. */
    static void unmap(long address, long length, String what) {
        int errno = Libc.munmap(address, length);
        if (errno != 0) {
            throw new NativeMemoryException(what + ": munmap of " + length + " bytes failed: "
                    + Libc.describe(errno), errno);
        }
        NativeMemoryLedger.released(length);
    }

    /** The absolute address of the mapping. */
    public final long address() {
        return address;
    }

    @Override
    public final long pageSize() {
        return granule;
    }

    @Override
    public void releasePages(long offset, long length) {
        checkPages(offset, length);
        int errno = Libc.madvise(address + offset, length, LinuxConstants.MADV_DONTNEED);
        if (errno != 0) {
            throw new NativeMemoryException(name() + ": madvise(MADV_DONTNEED) of " + length + " bytes at offset "
                    + offset + " failed: " + Libc.describe(errno), errno);
        }
    }

    @Override
    public final void protect(long offset, long length, Protection protection) {
        checkPages(offset, length);
        int errno = Libc.mprotect(address + offset, length, protection.bits());
        if (errno != 0) {
            throw new NativeMemoryException(name() + ": mprotect(" + protection + ") of " + length
                    + " bytes at offset " + offset + " failed: " + Libc.describe(errno), errno);
        }
    }

    /** Validates a page range: granule-aligned, inside the mapping, touching no live block. */
    final void checkPages(long offset, long length) {
        if (offset % granule != 0 || length % granule != 0) {
            throw new IllegalArgumentException(name() + ": range [" + offset + ", +" + length
                    + ") is not aligned to the page size " + granule);
        }
        checkUnused(offset, length);
    }

    @Override
    final long baseAddress() {
        return address;
    }

    @Override
    @SuppressWarnings("restricted") // the mapping is ours and native access was checked at map time
    final MemorySegment slice(long offset, long size, Arena epoch) {
        return MemorySegment.ofAddress(address + offset).reinterpret(size, epoch, null);
    }

    @Override
    final void epochOpened(Arena epoch) {
        // The mapping outlives epochs; only the views are re-scoped.
    }

    @Override
    final void epochClosed() {
        // Nothing to give back: the pages stay mapped for the next epoch.
    }

    @Override
    void releaseRegion() {
        unmap(address, length, name());
    }
}
