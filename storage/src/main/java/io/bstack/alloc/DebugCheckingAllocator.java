package io.bstack.alloc;

import io.bstack.stack.ByteStack;
import io.bstack.stack.BStack;
import java.io.IOException;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A test wrapper that checks any allocator at run time (the crate's {@code DebugCheckingAllocator}):
 * it keeps the live and freed regions in memory and throws {@link IllegalStateException} when the
 * inner allocator hands out a region overlapping a live one, or when a handle obtained through
 * {@link #reclaim} would free or resize something that is not exactly one live allocation — a
 * double free, a use after free, a partial free, or a free spanning two allocations. When the
 * inner allocator fails, a surviving handle is wrapped again; a lost one is forgotten, not marked
 * freed. The overlap checks are O(log n) per call; the wrapper adds no stack calls, so crash
 * classes are the inner allocator's. Bulk and uninitialised allocation are offered through
 * {@link #bulk()} and {@link #uninit()} only when the inner allocator has them.
 */
public final class DebugCheckingAllocator extends AllocatorBase {
    private final BStackAllocator inner;
    private final Map<RegionHandle, RegionHandle> innerOf = new IdentityHashMap<>();
    private final NavigableMap<Long, Region> live = new TreeMap<>();
    private final NavigableMap<Long, Region> freed = new TreeMap<>();

    public DebugCheckingAllocator(BStackAllocator inner) {
        super(inner.stack());
        this.inner = inner;
    }

    /** The wrapped allocator. */
    public BStackAllocator inner() {
        return inner;
    }

    @Override
    public RegionHandle alloc(long len) throws IOException {
        lock.lock();
        try {
            return adopt(inner.alloc(len));
        } finally {
            lock.unlock();
        }
    }

    @Override
    public RegionHandle realloc(RegionHandle handle, long newLen) throws BStackAllocException {
        take(handle);
        lock.lock();
        try {
            RegionHandle in = innerOf.remove(handle);
            forget(handle.region());
            try {
                return adopt(inner.realloc(in, newLen));
            } catch (BStackAllocException e) {
                throw rewrap(handle, e);
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void dealloc(RegionHandle handle) throws BStackAllocException {
        take(handle);
        lock.lock();
        try {
            RegionHandle in = innerOf.remove(handle);
            forget(handle.region());
            try {
                inner.dealloc(in);
            } catch (BStackAllocException e) {
                throw rewrap(handle, e);
            }
            if (!handle.isEmpty()) {
                freed.put(handle.offset(), handle.region());
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Reclaims exactly one live allocation, or a region this wrapper has not seen (allocated before
     * it was created, e.g. in an earlier session); a region that overlaps a known live or freed one
     * without being exactly a live allocation is a misuse.
     */
    @Override
    public RegionHandle reclaim(Region region) throws IOException {
        lock.lock();
        try {
            if (!region.isEmpty()) {
                Region exact = live.get(region.offset());
                if (exact == null) {
                    IllegalStateException wrong = misuse(region);
                    if (wrong != null) {
                        throw wrong;
                    }
                    RegionHandle in = inner.reclaim(region);
                    live.put(region.offset(), region);
                    RegionHandle mine = issue(region.offset(), region.len());
                    innerOf.put(mine, in);
                    return mine;
                }
                if (!exact.equals(region)) {
                    throw misuse(region);
                }
                for (Map.Entry<RegionHandle, RegionHandle> e : innerOf.entrySet()) {
                    if (e.getKey().region().equals(region) && e.getKey().isLive()) {
                        throw new IllegalStateException("a second handle for live region " + region + " would allow a double free");
                    }
                }
            }
            RegionHandle in = inner.reclaim(region);
            RegionHandle mine = issue(region.offset(), region.len());
            innerOf.put(mine, in);
            return mine;
        } finally {
            lock.unlock();
        }
    }

    /** Bulk calls, when the inner allocator has them. */
    public Optional<BStackBulkAllocator> bulk() {
        if (!(inner instanceof BStackBulkAllocator b)) {
            return Optional.empty();
        }
        return Optional.of(new DebugBulk(b));
    }

    /** Uninitialised allocation, when the inner allocator has it. */
    public Optional<BStackUninitAllocator> uninit() {
        if (!(inner instanceof BStackUninitAllocator u)) {
            return Optional.empty();
        }
        return Optional.of(new DebugUninit(u));
    }

    @Override
    public ByteStack intoStack() {
        inner.intoStack();
        return super.intoStack();
    }

    private RegionHandle adopt(RegionHandle in) {
        checkNoOverlap(in.region());
        if (!in.isEmpty()) {
            live.put(in.offset(), in.region());
            freed.subMap(in.offset(), in.end()).clear();
            Map.Entry<Long, Region> before = freed.lowerEntry(in.offset());
            if (before != null && before.getValue().overlaps(in.region())) {
                freed.remove(before.getKey());
            }
        }
        RegionHandle mine = issue(in.offset(), in.len());
        innerOf.put(mine, in);
        return mine;
    }

    private void forget(Region region) {
        if (!region.isEmpty()) {
            live.remove(region.offset());
        }
    }

    /** The inner failure, with the caller's own handle given back when the region is untouched. */
    private BStackAllocException rewrap(RegionHandle mine, BStackAllocException e) {
        if (e.handle().isEmpty()) {
            return new BStackAllocException(e.getMessage(), e.getCause(), mine.region(), null);
        }
        RegionHandle survivor = e.handle().get();
        if (!survivor.region().equals(mine.region())) {
            return new BStackAllocException(e.getMessage(), e.getCause(), mine.region(), adopt(survivor));
        }
        if (!mine.isEmpty()) {
            live.put(mine.offset(), mine.region());
        }
        innerOf.put(mine, survivor);
        mine.restore();
        return new BStackAllocException(e.getMessage(), e.getCause(), mine.region(), mine);
    }

    private void checkNoOverlap(Region region) {
        if (region.isEmpty()) {
            return;
        }
        for (Map.Entry<Long, Region> e : java.util.Arrays.asList(live.floorEntry(region.offset()),
                live.ceilingEntry(region.offset()))) {
            if (e != null && e.getValue().overlaps(region)) {
                throw new IllegalStateException("the allocator handed out " + region + ", which overlaps live region " + e.getValue());
            }
        }
    }

    private IllegalStateException misuse(Region region) {
        Map.Entry<Long, Region> below = live.floorEntry(region.offset());
        if (below != null && below.getValue().overlaps(region)) {
            return new IllegalStateException(region.end() > below.getValue().end()
                    ? region + " spans more than one allocation (starting in " + below.getValue() + ")"
                    : region + " is only part of live allocation " + below.getValue() + ": a partial free");
        }
        Map.Entry<Long, Region> above = live.ceilingEntry(region.offset());
        if (above != null && above.getValue().overlaps(region)) {
            return new IllegalStateException(region + " spans more than one allocation (reaching into " + above.getValue() + ")");
        }
        Map.Entry<Long, Region> gone = freed.floorEntry(region.offset());
        if (gone == null || !gone.getValue().overlaps(region)) {
            gone = freed.ceilingEntry(region.offset());
        }
        if (gone != null && gone.getValue().overlaps(region)) {
            return new IllegalStateException(region + " was already freed: a double free or use after free");
        }
        return null;
    }

    private final class DebugBulk extends AllocatorView implements BStackBulkAllocator {
        private final BStackBulkAllocator bulk;

        DebugBulk(BStackBulkAllocator bulk) {
            this.bulk = bulk;
        }

        @Override
        public List<RegionHandle> allocBulk(long[] lengths) throws IOException {
            lock.lock();
            try {
                List<RegionHandle> out = new ArrayList<>();
                for (RegionHandle in : bulk.allocBulk(lengths)) {
                    out.add(adopt(in));
                }
                return out;
            } finally {
                lock.unlock();
            }
        }

        @Override
        public void deallocBulk(List<RegionHandle> handles) throws BStackBulkAllocException {
            lock.lock();
            try {
                List<RegionHandle> ins = new ArrayList<>();
                for (RegionHandle h : handles) {
                    if (!h.isFrom(DebugCheckingAllocator.this) || !h.isLive()) {
                        throw new BStackBulkAllocException("deallocBulk refused: " + h + " is not a live handle of this allocator",
                                null, handles);
                    }
                    ins.add(innerOf.get(h));
                }
                bulk.deallocBulk(ins);
                for (RegionHandle h : handles) {
                    h.consume();
                    innerOf.remove(h);
                    forget(h.region());
                    if (!h.isEmpty()) {
                        freed.put(h.offset(), h.region());
                    }
                }
            } finally {
                lock.unlock();
            }
        }
    }

    private final class DebugUninit extends AllocatorView implements BStackUninitAllocator {
        private final BStackUninitAllocator uninit;

        DebugUninit(BStackUninitAllocator uninit) {
            this.uninit = uninit;
        }

        @Override
        public RegionHandle allocUninit(long len) throws IOException {
            lock.lock();
            try {
                return adopt(uninit.allocUninit(len));
            } finally {
                lock.unlock();
            }
        }

        @Override
        public RegionHandle reallocUninit(RegionHandle handle, long newLen) throws BStackAllocException {
            take(handle);
            lock.lock();
            try {
                RegionHandle in = innerOf.remove(handle);
                forget(handle.region());
                try {
                    return adopt(uninit.reallocUninit(in, newLen));
                } catch (BStackAllocException e) {
                    throw rewrap(handle, e);
                }
            } finally {
                lock.unlock();
            }
        }
    }

    /** The plain operations of the extension views, forwarded to the wrapper. */
    private abstract class AllocatorView implements BStackAllocator {
        @Override
        public ByteStack stack() {
            return DebugCheckingAllocator.this.stack();
        }

        @Override
        public RegionHandle alloc(long len) throws IOException {
            return DebugCheckingAllocator.this.alloc(len);
        }

        @Override
        public RegionHandle realloc(RegionHandle handle, long newLen) throws BStackAllocException {
            return DebugCheckingAllocator.this.realloc(handle, newLen);
        }

        @Override
        public void dealloc(RegionHandle handle) throws BStackAllocException {
            DebugCheckingAllocator.this.dealloc(handle);
        }

        @Override
        public RegionHandle reclaim(Region region) throws IOException {
            return DebugCheckingAllocator.this.reclaim(region);
        }

        @Override
        public boolean owns(RegionHandle handle) {
            return handle.isFrom(DebugCheckingAllocator.this);
        }

        @Override
        public ByteStack intoStack() {
            return DebugCheckingAllocator.this.intoStack();
        }

        @Override
        public void close() throws IOException {
            DebugCheckingAllocator.this.close();
        }
    }
}
