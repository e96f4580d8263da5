package io.bstack.buffer;

import io.bstack.memory.Allocator;
import io.bstack.memory.Backings;
import io.bstack.memory.Layout;
import io.bstack.memory.MemoryDebug;
import io.bstack.memory.PoisonOnFree;
import io.bstack.memory.RegionBacking;
import io.bstack.memory.Slab;
import io.bstack.memory.Watermark;
import io.bstack.memory.WatermarkHandler;
import java.lang.foreign.MemorySegment;
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
 *
 * <p>Frames are the slots of a memory-layer {@link Slab} of page-size, page-aligned slots; a frame in
 * use holds a slot, a free frame's slot is on the slab's free stack. When the config asks for eviction
 * ahead of need, the slab is wrapped in a {@link Watermark}: its warn threshold is
 * {@link BufferPoolConfig#evictAheadAt()}, its re-arm level {@link BufferPoolConfig#evictDownTo()}, and
 * while the warn threshold is fired each miss evicts unpinned pages until usage falls below the re-arm
 * level (which clears it).
 *
 * <p>With {@link MemoryDebug} on, the frames' region carries canary guard words (checked at close)
 * and frames freed by eviction ahead of need are poisoned.
 */
public final class BufferPool implements AutoCloseable {

    private static final WatermarkHandler NO_CALLBACKS = new WatermarkHandler() {
    };

    private final PageStore store;
    private final BufferPoolConfig config;
    private final Frame[] frames;
    private final ConcurrentHashMap<Long, Frame> table;
    private final ReentrantLock missLock = new ReentrantLock();
    private final RegionBacking ownedBacking;
    private final Layout pageLayout;
    private final Slab slots; // guarded by missLock (and thread-safe itself)
    private final Allocator frameAllocator; // the slab, or the watermark over it; guarded by missLock
    private final Watermark watermark; // null without eviction ahead
    private final long firstFrameAddress;
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
        this.ownedBacking = owned;
        this.pageLayout = Layout.of(config.pageSize(), config.pageSize());
        int n = config.frameCount();
        this.slots = Slab.create(MemoryDebug.shared(allocator), config.pageSize(), n);
        this.frames = new Frame[n];
        this.table = new ConcurrentHashMap<>(2 * n);
        // Carve every slot once, in order, to give each frame its fixed segment; then free them all,
        // last first, so the slab hands out frame 0 first. A freed slot's segment stays valid until
        // the slab closes.
        for (int i = 0; i < n; i++) {
            frames[i] = new Frame(slots.allocate(pageLayout));
        }
        for (int i = n - 1; i >= 0; i--) {
            slots.free(frames[i].segment, pageLayout);
        }
        this.firstFrameAddress = frames[0].segment.address();
        this.watermark = config.evictsAhead()
                ? Watermark.wrap(slots, NO_CALLBACKS, config.evictAheadAt(), config.evictAheadAt(), config.evictDownTo())
                : null;
        Allocator frameSlots = watermark != null ? watermark : slots;
        this.frameAllocator = MemoryDebug.enabled() ? PoisonOnFree.wrap(frameSlots) : frameSlots;
    }

    /**
     * A pool whose frames come from a region backing it owns ({@link Backings#best}: mmap with
     * native access, an arena otherwise); {@link #close()} returns every native byte.
     */
    public static BufferPool open(PageStore store, BufferPoolConfig config) {
        // a page of room to align the frames when the backing's base is only OS-page aligned, and two
        // for the guard words MemoryDebug's canary puts around them (virtual only: mmap is lazy)
        RegionBacking backing = Backings.best(config.capacityBytes() + 3L * config.pageSize());
        try {
            return new BufferPool(store, config, backing, backing);
        } catch (RuntimeException | Error e) {
            backing.close();
            throw e;
        }
    }

    /**
     * A pool whose frames are one page-aligned block of {@code allocator}, which the caller keeps
     * owning; {@link #close()} frees the block but does not close the allocator. The allocator needs
     * room for {@code capacityBytes} at page-size alignment (a region backing: up to one page more
     * for the alignment, and two more when {@link MemoryDebug} adds its guard words).
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
                evictAhead();
                store.read(pageId, f.segment);
            } catch (RuntimeException | Error e) {
                frameAllocator.free(f.segment, pageLayout);
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
        if (!slots.isFull()) {
            MemorySegment slot = frameAllocator.allocate(pageLayout);
            return frames[(int) ((slot.address() - firstFrameAddress) / config.pageSize())];
        }
        Frame f = evictOne(); // its slot stays taken: it passes straight to the new page
        if (f == null) {
            throw new PoolExhaustedException("cannot load page " + pageId + ": all " + frames.length
                    + " frames of " + config.pageSize() + " bytes are pinned");
        }
        return f;
    }

    /**
     * While the watermark's warn threshold is fired, evicts unpinned pages and gives their slots back;
     * each free lowers the watermark's usage, and falling below the re-arm level clears the threshold
     * and ends the loop. Stops early when no victim is left. Caller holds the miss lock.
     */
    private void evictAhead() {
        while (watermark != null && watermark.warnFired()) {
            Frame victim = evictOne();
            if (victim == null) {
                return;
            }
            frameAllocator.free(victim.segment, pageLayout);
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
     * Drops page {@code pageId} from the pool if it is resident, discarding its dirty state: the
     * caller declares the {@link PageStore}'s copy authoritative (it rewrote the page behind the
     * pool's back). The frame goes back to the free frames. A pin racing this call either got the
     * frame before it was dropped (then this call sees the pin and throws) or misses afterwards
     * and reloads the page from the store; it never sees the dropped frame under another page.
     *
     * @return whether the page was resident
     * @throws IllegalStateException if the page is pinned, or the pool is closed
     * @throws IllegalArgumentException if {@code pageId} is negative
     */
    public boolean invalidate(long pageId) {
        if (pageId < 0) {
            throw new IllegalArgumentException("page id must be >= 0, was " + pageId);
        }
        missLock.lock();
        try {
            ensureOpen();
            Frame f = table.get(pageId);
            if (f == null) {
                return false;
            }
            // Under the miss lock no frame is exclusive, so tryLock fails only on a pin.
            if (!f.tryLock()) {
                throw new IllegalStateException("cannot invalidate page " + pageId + ": it is pinned ("
                        + Math.max(0, f.pins()) + " pins)");
            }
            table.remove(pageId, f);
            f.pageId = Frame.NO_PAGE;
            f.dirty = false;
            f.referenced = false;
            residentFrames.decrementAndGet();
            frameAllocator.free(f.segment, pageLayout); // the frame stays exclusive while free
            return true;
        } finally {
            missLock.unlock();
        }
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
                residentFrames.set(0);
                try {
                    slots.close();
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
