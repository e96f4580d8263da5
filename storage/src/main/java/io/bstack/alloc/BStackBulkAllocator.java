package io.bstack.alloc;

import java.io.IOException;
import java.util.List;

/**
 * Allocators that can batch many allocations or frees. {@link #allocBulk} is all or nothing;
 * {@link #deallocBulk} is all or nothing where the implementation says so (barring a crash, whose
 * effect each implementation documents).
 */
public interface BStackBulkAllocator extends BStackAllocator {

    /** One zero-filled region per length, in order; all or nothing. */
    List<RegionHandle> allocBulk(long[] lengths) throws IOException;

    /**
     * Frees every handle. A refused call (a foreign, consumed or repeated handle) frees nothing and
     * hands every handle back live; a call that fails midway hands back the handles it did not free
     * (each implementation says whether its frees are all or nothing, or staged).
     */
    void deallocBulk(List<RegionHandle> handles) throws BStackBulkAllocException;
}
