package io.bstack.memory;

/**
 * An allocator over an OS mapping; guarantees {@link #releasePages} and {@link #protect} only act
 * on whole pages inside the mapping that hold no live block, and report OS refusals with errno.
 */
public interface OsBacked extends Allocator {

    /** The page granule of the mapping (the base or huge page size). */
    long pageSize();

    /**
     * Drops the physical pages of {@code [offset, offset+length)} but keeps the range mapped; on Linux
     * the next read of a released private page sees zeros.
     *
     * @throws IllegalArgumentException if the range is unaligned, outside, or overlaps a live block
     */
    void releasePages(long offset, long length);

    /**
     * Changes the access of {@code [offset, offset+length)}.
     *
     * @throws IllegalArgumentException if the range is unaligned, outside, or overlaps a live block
     */
    void protect(long offset, long length, Protection protection);
}
