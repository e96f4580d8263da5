package io.bstack.alloc;

import java.io.IOException;

/**
 * An allocator that can place a region so that a fixed distance into it, the <em>alignment
 * lead</em>, falls on a power-of-two boundary of the payload: a caller that skips the lead gets
 * bytes that start on a boundary (a tree page that sits in exactly one store page). Regions from
 * {@link #allocAligned} are ordinary regions: {@link #realloc}, {@link #dealloc} and {@link #reclaim}
 * treat them like any other, and the lead's bytes read zero like every new byte.
 */
public interface BStackAlignedAllocator extends BStackAllocator {

    /**
     * The distance in bytes from the start of an {@link #allocAligned} region to the boundary: the
     * same for every allocator of this kind on any file, in [0, 255].
     */
    int alignmentLead();

    /**
     * A new zero-filled region of {@code len} bytes starting at an offset {@code o} with
     * {@code (o + alignmentLead()) % align == 0}; {@code allocAligned(0, align)} returns an empty handle.
     *
     * @param align a power of two of at least 64 and at most 2^30
     * @throws io.bstack.stack.BStackInvalidInputException if {@code len} is negative or too long, or
     *     {@code align} is not such a power of two
     */
    RegionHandle allocAligned(long len, long align) throws IOException;
}
