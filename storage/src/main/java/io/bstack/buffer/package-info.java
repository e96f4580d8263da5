/**
 * The buffer pool: page frames in native memory between the trees above and the page store below.
 *
 * <h2>What it gives you</h2>
 * A {@link io.bstack.buffer.BufferPool} carves one native block (from an
 * {@link io.bstack.memory.Allocator}, by default {@link io.bstack.memory.Backings#best}) into
 * fixed frames of a power-of-two page size between 4 and 64 KiB. {@code pin(pageId)} returns a
 * {@link io.bstack.buffer.PinnedPage}; a miss loads the page through the storage layer's
 * {@link io.bstack.buffer.PageStore}. {@code markDirty} queues a write-back, which happens when the
 * frame is reused, at {@code flush()} and at {@code close()}. No page byte lives on the Java heap:
 * the heap holds only the page table and one small object per frame.
 *
 * <h2>How it stays consistent</h2>
 * <ul>
 *   <li><b>One word per frame</b> decides who owns it: {@code pins >= 0} means that many pinners,
 *       {@code -1} means the pool holds it exclusively (free, loading or evicting). Pinners add to
 *       the count with a CAS that fails on {@code -1}; the evictor takes a frame only by CAS from
 *       {@code 0} to {@code -1}. So a pinned page is never evicted, and an evicted frame is never
 *       pinned. The same word counts hits in its upper bits, so a hit costs one CAS to pin and
 *       one atomic add to unpin, and statistics cost no extra shared write.</li>
 *   <li><b>Hits take no lock</b>: look the page up in a {@code ConcurrentHashMap}, CAS the pin
 *       count, then re-read the frame's page id (written only while exclusive) to catch a frame
 *       reused between the lookup and the CAS; on a mismatch, unpin and take the slow path.</li>
 *   <li><b>Misses are serialized</b> by one lock, which re-checks the table first: two threads
 *       missing the same page load it once. The page is published in the table only after it is
 *       read and its pin count set, so no one sees a half-loaded frame.</li>
 *   <li><b>Eviction is CLOCK</b> (second chance): a hit sets the frame's reference bit; the hand
 *       clears set bits and takes the first unpinned frame whose bit is clear. A dirty victim is
 *       written back before it leaves the table; if that write throws, the frame stays resident
 *       and dirty.</li>
 *   <li><b>Frames are slab slots, and a watermark drives eviction ahead of need</b>: frames are the
 *       page-size, page-aligned slots of a memory-layer {@link io.bstack.memory.Slab}; a resident page
 *       holds a slot. Optionally ({@link io.bstack.buffer.BufferPoolConfig#evictAheadAt()}) a
 *       {@link io.bstack.memory.Watermark} over the slab measures the frames in use; from its warn
 *       edge until it re-arms, misses evict unpinned pages and free their slots, so later misses find a
 *       free frame without a write-back on their path. With {@link io.bstack.memory.MemoryDebug} on,
 *       the frame region carries canaries and frames freed ahead are poisoned.</li>
 *   <li><b>Invalidate</b> ({@code invalidate(pageId)}) drops a resident, unpinned page when the
 *       store was rewritten behind the pool: under the miss lock it takes the frame by the same
 *       CAS from {@code 0} to {@code -1} (so a racing pin either got the old frame first, and the
 *       call throws, or fails its CAS and reloads), removes it from the table, discards its dirty
 *       state and frees its slot.</li>
 *   <li><b>All frames pinned</b>: a miss throws {@link io.bstack.buffer.PoolExhaustedException}
 *       at once rather than waiting, so a caller holding pins cannot deadlock the pool.</li>
 *   <li><b>Close</b> writes dirty pages back, frees the block and closes the backing it owns, so
 *       {@link io.bstack.memory.NativeMemoryLedger} returns to its earlier value.</li>
 * </ul>
 *
 * <h2>What hurts it</h2>
 * Misses, evictions and flushes share one lock, and the page store is called under it: a slow
 * store stalls every miss (but no hit). Many threads pinning the same page contend on one cache
 * line. The pool latches frames, not bytes: two writers of one page, or a writer racing a flush,
 * must coordinate above the pool, and {@code markDirty} belongs after the last write. A
 * {@code PinnedPage}'s accessors refuse use after unpin, but a raw segment kept past the pin is
 * not revoked (an arena per pin would cost more than the pin). Long-held pins shrink the pool;
 * when every frame is pinned, misses fail.
 */
package io.bstack.buffer;
