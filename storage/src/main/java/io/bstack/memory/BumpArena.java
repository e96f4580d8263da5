package io.bstack.memory;

import io.bstack.memory.AllocatorMisuseException.Misuse;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A bump allocator over one region taken from a backing, with O(1) {@link #reset()},
 * {@link #rewindTo(Mark)} and nestable {@link #scope()}s; guarantees blocks never overlap, are
 * aligned as asked, and that every block issued after a mark becomes inaccessible (access throws
 * {@link IllegalStateException}, free throws {@link AllocatorMisuseException}) once the arena
 * rewinds past it or resets.
 *
 * <p>Each mark opens a confined <em>epoch</em> arena; blocks are scoped to the innermost one, and
 * rewinding closes the epochs above the mark. Free makes no room (it only retires the block).
 * Not thread-safe: use it from the thread that created it. The backing must outlive the arena.
 */
public final class BumpArena implements Allocator, AutoCloseable {

    /** A position in the arena to rewind to; valid until the arena rewinds past it or resets. */
    public static final class Mark {
        private final int depth;
        private final long cursor;
        private Arena epoch;

        private Mark(int depth, long cursor, Arena epoch) {
            this.depth = depth;
            this.cursor = cursor;
            this.epoch = epoch;
        }
    }

    /** A try-with-resources guard that rewinds the arena to where it was opened when closed. */
    public final class Scope implements AutoCloseable {
        private final Mark mark;
        private boolean closed;

        private Scope(Mark mark) {
            this.mark = mark;
        }

        /** Rewinds to the scope's start and ends it; idempotent. */
        @Override
        public void close() {
            if (!closed) {
                closed = true;
                unwind(mark, false);
            }
        }
    }

    private final Allocator backing;
    private final Layout regionLayout;
    private final MemorySegment region;
    private final long base;
    private final long capacity;
    private final List<Arena> epochs = new ArrayList<>();
    private final List<Mark> marks = new ArrayList<>();
    private final TreeMap<Long, Layout> live = new TreeMap<>();
    private final TreeSet<Long> freed = new TreeSet<>();
    private final AtomicLong misuses = new AtomicLong();
    private long cursor;
    private boolean closed;

    private BumpArena(Allocator backing, long capacity) {
        this.backing = backing;
        this.capacity = capacity;
        this.regionLayout = Layout.of(capacity, 64);
        this.region = backing.allocate(regionLayout);
        this.base = region.address();
        epochs.add(Arena.ofConfined());
    }

    /** An arena of {@code capacity} bytes whose region is allocated from {@code backing}. */
    public static BumpArena create(Allocator backing, long capacity) {
        if (capacity <= 0) {
            throw new IllegalArgumentException("capacity must be > 0, was " + capacity);
        }
        return new BumpArena(backing, capacity);
    }

    @Override
    public MemorySegment allocate(Layout layout) {
        ensureOpen();
        long start = Layout.roundUp(base + cursor, layout.alignment()) - base;
        if (start > capacity || layout.size() > capacity - start) {
            throw new OutOfNativeMemoryException("BumpArena: no room for " + layout + " (capacity " + capacity
                    + ", used " + cursor + ")");
        }
        cursor = start + layout.size();
        live.put(start, layout);
        freed.remove(start);
        return BlockViews.scoped(base + start, layout.size(), top());
    }

    /** Retires the block; the space is reclaimed only by rewind or reset. */
    @Override
    public void free(MemorySegment block, Layout layout) {
        long offset = checkLive(block, layout);
        live.remove(offset);
        freed.add(offset);
    }

    /** Grows in place when the block ends at the cursor and was issued in the innermost epoch. */
    @Override
    public MemorySegment grow(MemorySegment block, Layout oldLayout, Layout newLayout) {
        Allocator.checkResize(oldLayout, newLayout, true);
        long offset = checkLive(block, oldLayout);
        if (offset + oldLayout.size() == cursor && block.scope().equals(top().scope())
                && newLayout.size() <= capacity - offset) {
            cursor = offset + newLayout.size();
            live.put(offset, newLayout);
            return BlockViews.resized(block, newLayout.size());
        }
        return Allocator.super.grow(block, oldLayout, newLayout);
    }

    /** Shrinks in place, giving the tail back when the block ends at the cursor in the innermost epoch. */
    @Override
    public MemorySegment shrink(MemorySegment block, Layout oldLayout, Layout newLayout) {
        Allocator.checkResize(oldLayout, newLayout, false);
        long offset = checkLive(block, oldLayout);
        if (offset + oldLayout.size() == cursor && block.scope().equals(top().scope())) {
            cursor = offset + newLayout.size();
        }
        live.put(offset, newLayout);
        return block.asSlice(0, newLayout.size());
    }

    /** The current position; rewinding to it retires every block allocated after this call. */
    public Mark mark() {
        ensureOpen();
        Arena epoch = Arena.ofConfined();
        epochs.add(epoch);
        Mark mark = new Mark(epochs.size() - 1, cursor, epoch);
        marks.add(mark);
        return mark;
    }

    /**
     * Rewinds to {@code mark}: blocks allocated since become inaccessible; the mark stays usable.
     *
     * @throws IllegalStateException if the arena already rewound past the mark or reset
     */
    public void rewindTo(Mark mark) {
        unwind(mark, true);
    }

    /** A nestable guard that rewinds to the current position when closed. */
    public Scope scope() {
        return new Scope(mark());
    }

    /** Frees every block and drops every mark; earlier blocks become inaccessible. */
    @Override
    public void reset() {
        ensureOpen();
        closeEpochsFrom(0);
        marks.clear();
        epochs.add(Arena.ofConfined());
        cursor = 0;
        live.clear();
        freed.clear();
    }

    @Override
    public OptionalLong usableSize(MemorySegment block, Layout layout) {
        checkLive(block, layout);
        return OptionalLong.of(layout.size());
    }

    @Override
    public OptionalLong capacityBytes() {
        return OptionalLong.of(capacity);
    }

    @Override
    public long corruptionEvents() {
        return misuses.get();
    }

    /** Bytes consumed since the last reset, including padding and retired blocks. */
    public long usedBytes() {
        return cursor;
    }

    /** Closes every epoch and returns the region to the backing; idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        closeEpochsFrom(0);
        marks.clear();
        backing.free(region, regionLayout);
    }

    private void unwind(Mark mark, boolean keep) {
        ensureOpen();
        if (mark.epoch == null || mark.depth >= epochs.size() || epochs.get(mark.depth) != mark.epoch) {
            throw new IllegalStateException("mark is stale: the arena rewound past it or reset");
        }
        closeEpochsFrom(mark.depth);
        while (!marks.isEmpty() && marks.getLast().depth >= mark.depth) {
            Mark dropped = marks.removeLast();
            dropped.epoch = null;
        }
        cursor = mark.cursor;
        live.tailMap(cursor, true).clear();
        freed.tailSet(cursor, true).clear();
        if (keep) {
            mark.epoch = Arena.ofConfined();
            epochs.add(mark.epoch);
            marks.add(mark);
        }
    }

    private void closeEpochsFrom(int depth) {
        while (epochs.size() > depth) {
            epochs.removeLast().close();
        }
    }

    private Arena top() {
        return epochs.getLast();
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("BumpArena is closed");
        }
    }

    private long checkLive(MemorySegment block, Layout layout) {
        String where = "block at 0x" + Long.toHexString(block.address());
        if (!block.scope().isAlive()) {
            throw misuse(Misuse.STALE_AFTER_RESET, where + " was issued before a rewind, reset or close");
        }
        boolean ours = false;
        for (Arena e : epochs) {
            if (block.scope().equals(e.scope())) {
                ours = true;
                break;
            }
        }
        if (!ours) {
            throw misuse(Misuse.FOREIGN_BLOCK, where + " was not issued by this arena");
        }
        long offset = block.address() - base;
        Layout expected = live.get(offset);
        if (expected == null) {
            if (freed.contains(offset)) {
                throw misuse(Misuse.DOUBLE_FREE, where + " was already freed");
            }
            throw misuse(Misuse.FOREIGN_BLOCK, where + " is not the start of a live block");
        }
        if (!expected.equals(layout) || block.byteSize() != layout.size()) {
            throw misuse(Misuse.LAYOUT_MISMATCH, where + " was allocated as " + expected + " but handed back as "
                    + layout + " with a segment of " + block.byteSize() + " bytes");
        }
        return offset;
    }

    private AllocatorMisuseException misuse(Misuse kind, String message) {
        misuses.incrementAndGet();
        return new AllocatorMisuseException(kind, message);
    }
}
