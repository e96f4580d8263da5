package io.bstack.buffer;

/**
 * A snapshot of a pool's counters; guarantees each counter is monotonic across snapshots except
 * {@code bytesResident} and {@code framesPinned}, which are gauges. The counters are read one by one
 * without a lock, so under concurrency a snapshot is approximate. Immutable and thread-safe.
 *
 * @param hits pins served from a resident frame
 * @param misses pins that loaded the page through the {@link PageStore}
 * @param evictions resident pages dropped to make room
 * @param dirtyWriteBacks pages written back through the {@link PageStore}
 * @param bytesResident bytes of frames currently holding a page
 * @param framesPinned frames with at least one pin at snapshot time
 */
public record BufferPoolStats(long hits, long misses, long evictions, long dirtyWriteBacks, long bytesResident,
        int framesPinned) {
}
