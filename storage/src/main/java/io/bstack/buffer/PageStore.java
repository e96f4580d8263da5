package io.bstack.buffer;

import java.lang.foreign.MemorySegment;

/**
 * The storage layer's side of the buffer pool: moves one page between durable storage and a frame;
 * implementations guarantee that {@link #read} fills all of {@code dst} and {@link #write} persists
 * all of {@code src}, or throw an unchecked exception and leave the pool's frame as it was.
 *
 * <p>Thread-safety: the pool calls both methods while holding its miss lock, so calls are serialized
 * per pool; an implementation shared by several pools must be thread-safe itself.
 */
public interface PageStore {

    /**
     * Copies page {@code pageId} into {@code dst}, which is exactly one page long. A page never
     * written before must read as some defined content (zeros, typically).
     */
    void read(long pageId, MemorySegment dst);

    /** Persists {@code src}, exactly one page long, as the new content of page {@code pageId}. */
    void write(long pageId, MemorySegment src);
}
