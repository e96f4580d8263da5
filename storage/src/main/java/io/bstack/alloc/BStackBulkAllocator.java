package io.bstack.alloc;

import java.io.IOException;
import java.util.List;

/**
 * Allocators that can batch many allocations or frees into one all-or-nothing step (barring a
 * crash, whose effect each implementation documents).
 */
public interface BStackBulkAllocator extends BStackAllocator {

    /** One zero-filled region per length, in order; all or nothing. */
    List<RegionHandle> allocBulk(long[] lengths) throws IOException;

    /** Frees every handle, all or nothing; on failure every handle is handed back live. */
    void deallocBulk(List<RegionHandle> handles) throws BStackBulkAllocException;
}
