package io.bstack.buffer;

import io.bstack.memory.Allocator;
import io.bstack.memory.Backings;
import io.bstack.memory.Layout;
import io.bstack.memory.RegionBacking;
import java.lang.foreign.MemorySegment;
import java.util.ArrayDeque;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A fixed set of page frames in native memory caching pages of a {@link PageStore}; guarantees a
 * pinned page is never evicted, a dirty page is written back before its frame is reused and at
 * {@link #flush()} and {@link #close()}, a page is resident in at most one frame, and concurrent
 * misses on one page load it once. No page byte is ever held on the Java heap.
 *
 * <p>Thread-safety: all methods may be called from any thread. Pinning a resident page takes no
 * lock (a page-table lookup and a CAS on the frame's pin count); misses, eviction, flush and close
 * are serialized by one lock, under which the {@link PageStore} is called. When a miss finds every
 * frame pinned it throws {@link PoolExhaustedException} at once (no waiting).
 */
public final class BufferPool implements AutoCloseable {

    private static final long FRAME_ALIGNMENT = 4096;

    private final PageStore store;
    private final BufferPoolConfig config;
    private final Frame[] frames;
    private final ConcurrentHashMap<Long, Frame> table;
    private final ReentrantLock missLock = new ReentrantLock();
    private final ArrayDeque<Frame> free; // guarded by missLock
    private final Allocator allocator;
    private final RegionBacking ownedBacking;
    private final MemorySegment block;
    private final Layout blockLayout;
    /** Counted pins that turned out not to be hits (frame reused between lookup and pin). */
    private final LongAdder hitCorrections = new LongAdder();
    private final LongAdder misses = new LongAdder();
    private final LongAdder evictions = new LongAdder();
    private final LongAdder writeBacks = new LongAdder();
    private final AtomicInteger residentFrames = new AtomicInteger();
    private int hand; // guarded by missLock
    private volatile boolean closed;

    private BufferPool(PageStore store, BufferPoolConfig config, Allocator allocator, RegionBacking owned) {
        this.store = java.util.Objects.requireNonNull(store, "store");
        this.config = config;
        this.allocator = allocator;
        this.ownedBacking = owned;
        this.blockLayout = Layout.of(config.capacityBytes(), FRAME_ALIGNMENT);
        this.block = allocator.allocate(blockLayout);
        int n = config.frameCount();
        this.frames = new Frame[n];
        this.free = new ArrayDeque<>(n);
        this.table = new ConcurrentHashMap<>(2 * n);
        for (int i = 0; i < n; i++) {
            frames[i] = new Frame(block.asSlice((long) i * config.pageSize(), config.pageSize()));
            free.addLast(frames[i]);
        }
    }

    /**
     * A pool whose frames come from a region backing it owns ({@link Backings#best}: mmap with
     * native access, an arena otherwise); {@link #close()} returns every native byte.
     */
    public static BufferPool open(PageStore store, BufferPoolConfig config) {
        RegionBacking backing = Backings.best(config.capacityBytes());
        try {
            return new BufferPool(store, config, backing, backing);
        } catch (RuntimeException | Error e) {
            backing.close();
            throw e;
        }
    }

    /**
     * A pool whose frames are one block of {@code allocator}, which the caller keeps owning;
     * {@link #close()} frees the block but does not close the allocator.
     */
    public static BufferPool over(Allocator allocator, PageStore store, BufferPoolConfig config) {
        return new BufferPool(store, config, java.util.Objects.requireNonNull(allocator, "allocator"), null);
    }

    /** The pool's configuration. */
    public BufferPoolConfig config() {
        return config;
    }

    /**
     * Pins page {@code pageId}, loading it through the {@link PageStore} on a miss.
     *
     * @throws PoolExhaustedException if the page is not resident and every frame is pinned
     * @throws IllegalStateException if the pool is closed
     * @throws IllegalArgumentException if {@code pageId} is negative
     */
    public PinnedPage pin(long pageId) {
        if (pageId < 0) {
            throw new IllegalArgumentException("page id must be >= 0, was " + pageId);
        }
        ensureOpen();
        Frame f = table.get(pageId);
        if (f != null && f.tryPin()) {
            if (f.pageId == pageId) {
                if (!f.referenced) {
                    f.referenced = true;
                }
                return new PinnedPage(f, pageId); // the pin CAS counted the hit
            }
            hitCorrections.increment();
            f.unpin(); // the frame was reused for another page since the lookup
        }
        return pinSlow(pageId);
    }

    private PinnedPage pinSlow(long pageId) {
        missLock.lock();
        try {
            ensureOpen();
            Frame resident = table.get(pageId);
            if (resident != null) { // loaded by another thread, or evicting raced with the fast path
                if (!resident.tryPin()) {
                    throw new IllegalStateException("resident frame of page " + pageId + " is exclusive");
                }
                resident.referenced = true;
                return new PinnedPage(resident, pageId);
            }
            Frame f = takeFreeFrame(pageId);
            try {
                topUpFreeFrames();
                store.read(pageId, f.segment);
            } catch (RuntimeException | Error e) {
                free.addFirst(f);
                throw e;
            }
            misses.increment();
            f.pageId = pageId;
            f.dirty = false;
            f.referenced = true;
            f.publish(1);
            table.put(pageId, f);
            residentFrames.incrementAndGet();
            return new PinnedPage(f, pageId);
        } finally {
            missLock.unlock();
        }
    }

    /** A free frame, exclusive; evicts one if none is free. Caller holds the miss lock. */
    private Frame takeFreeFrame(long pageId) {
        Frame f = free.pollFirst();
        if (f == null) {
            f = evictOne();
        }
        if (f == null) {
            throw new PoolExhaustedException("cannot load page " + pageId + ": all " + frames.length
                    + " frames of " + config.pageSize() + " bytes are pinned");
        }
        return f;
    }

    /**
     * Evicts ahead of need until the low-water mark of free frames is met or no victim is left.
     * The memory layer's Watermark will drive this threshold once it exists; for now the pool
     * holds it itself ({@link BufferPoolConfig#lowWaterFrames()}).
     */
    private void topUpFreeFrames() {
        while (free.size() < config.lowWaterFrames()) {
            Frame victim = evictOne();
            if (victim == null) {
                return;
            }
            free.addLast(victim);
        }
    }

    /**
     * CLOCK with second chance: the hand skips pinned and free frames, clears a set reference bit
     * and moves on, and takes the first unreferenced unpinned frame. Two sweeps find a victim if
     * any frame is unpinned. Caller holds the miss lock. Returns an exclusive frame, or null.
     */
    private Frame evictOne() {
        for (int step = 0; step < 2 * frames.length; step++) {
            Frame f = frames[hand];
            hand = hand + 1 == frames.length ? 0 : hand + 1;
            if (f.pins() != 0) {
                continue;
            }
            if (f.referenced) {
                f.referenced = false;
                continue;
            }
            if (!f.tryLock()) {
                continue;
            }
            if (f.dirty) {
                try {
                    writeBack(f);
                } catch (RuntimeException | Error e) {
                    f.publish(0);
                    throw e;
                }
            }
            table.remove(f.pageId, f);
            f.pageId = Frame.NO_PAGE;
            residentFrames.decrementAndGet();
            evictions.increment();
            return f;
        }
        return null;
    }

    /** Writes a frame's page back; the frame is pinned or exclusive. */
    private void writeBack(Frame f) {
        f.dirty = false;
        try {
            store.write(f.pageId, f.segment);
        } catch (RuntimeException | Error e) {
            f.dirty = true;
            throw e;
        }
        writeBacks.increment();
    }

    /**
     * Writes every dirty resident page back through the {@link PageStore}. A page modified while
     * the flush runs may be written before its last change; it stays dirty only if
     * {@link PinnedPage#markDirty} is called after that change.
     */
    public void flush() {
        missLock.lock();
        try {
            ensureOpen();
            flushLocked();
        } finally {
            missLock.unlock();
        }
    }

    private void flushLocked() {
        for (Frame f : frames) {
            if (f.dirty && f.tryPinUncounted()) {
                try {
                    if (f.dirty && f.pageId != Frame.NO_PAGE) {
                        writeBack(f);
                    }
                } finally {
                    f.unpin();
                }
            }
        }
    }

    /** Current counters; cheap, lock-free, approximate under concurrency. */
    public BufferPoolStats stats() {
        int pinned = 0;
        long hits = -hitCorrections.sum();
        for (Frame f : frames) {
            hits += f.pinsTaken();
            if (f.pins() > 0) {
                pinned++;
            }
        }
        return new BufferPoolStats(hits, misses.sum(), evictions.sum(), writeBacks.sum(),
                (long) residentFrames.get() * config.pageSize(), pinned);
    }

    /**
     * Writes back dirty pages, then frees the frames and closes the owned backing; idempotent.
     * The memory is released even if a write-back throws (that exception propagates). Handles
     * still pinned become unusable: their segments are freed.
     */
    @Override
    public void close() {
        missLock.lock();
        try {
            if (closed) {
                return;
            }
            try {
                flushLocked();
            } finally {
                closed = true;
                table.clear();
                free.clear();
                residentFrames.set(0);
                try {
                    allocator.free(block, blockLayout);
                } finally {
                    if (ownedBacking != null) {
                        ownedBacking.close();
                    }
                }
            }
        } finally {
            missLock.unlock();
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("buffer pool is closed");
        }
    }

    @Override
    public String toString() {
        return "BufferPool[" + frames.length + " x " + config.pageSize() + " bytes]";
    }
}
