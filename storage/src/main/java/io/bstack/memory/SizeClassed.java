package io.bstack.memory;

import io.bstack.memory.AllocatorMisuseException.Misuse;
import java.lang.foreign.MemorySegment;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Power-of-two size classes from 64 B to 8 KiB, each a {@link Slab}, over one backing; guarantees
 * the class is chosen in O(1) from the request's bit length (no loop over classes), and that a
 * request larger than 8 KiB, or one whose class is full, is served by the backing instead.
 *
 * <p>Frees go to the slab whose region holds the block, otherwise to the backing if this allocator
 * issued the block there; anything else throws {@link AllocatorMisuseException}. All methods are
 * serialized on the instance (and the slabs), so it may be shared between threads.
 */
public final class SizeClassed implements Allocator, AutoCloseable {

    /** The smallest class, 64 bytes. */
    public static final long MIN_CLASS = 64;
    /** The largest class, 8 KiB. */
    public static final long MAX_CLASS = 8192;

    private static final int MIN_SHIFT = Long.numberOfTrailingZeros(MIN_CLASS);
    private static final int CLASSES = Long.numberOfTrailingZeros(MAX_CLASS) - MIN_SHIFT + 1;

    private final Allocator backing;
    private final Slab[] slabs = new Slab[CLASSES];
    /** A block served by the backing, kept so reset can hand it back. */
    private record Issued(MemorySegment block, Layout layout) {
    }

    private final Map<Long, Issued> overflow = new HashMap<>();
    private final AtomicLong misuses = new AtomicLong();
    private boolean closed;

    private SizeClassed(Allocator backing, int slotsPerClass) {
        this.backing = backing;
        try {
            for (int i = 0; i < CLASSES; i++) {
                slabs[i] = Slab.create(backing, MIN_CLASS << i, slotsPerClass);
            }
        } catch (RuntimeException e) {
            for (Slab s : slabs) {
                if (s != null) {
                    s.close();
                }
            }
            throw e;
        }
    }

    /**
     * Eight classes (64 B .. 8 KiB) of {@code slotsPerClass} slots each, all taken from {@code backing};
     * if a class region cannot be taken, the ones already taken are handed back.
     */
    public static SizeClassed create(Allocator backing, int slotsPerClass) {
        if (slotsPerClass <= 0) {
            throw new IllegalArgumentException("slotsPerClass must be > 0, was " + slotsPerClass);
        }
        return new SizeClassed(backing, slotsPerClass);
    }

    /** The class index for {@code layout} (0 for 64 B), or -1 when it is larger than 8 KiB. O(1). */
    public static int classIndex(Layout layout) {
        long req = Math.max(layout.size(), layout.alignment());
        if (req > MAX_CLASS) {
            return -1;
        }
        int bits = 64 - Long.numberOfLeadingZeros(req - 1);
        return Math.max(0, bits - MIN_SHIFT);
    }

    @Override
    public synchronized MemorySegment allocate(Layout layout) {
        ensureOpen();
        int c = classIndex(layout);
        if (c >= 0 && !slabs[c].isFull()) {
            return slabs[c].allocate(layout);
        }
        MemorySegment block = backing.allocate(layout);
        overflow.put(block.address(), new Issued(block, layout));
        return block;
    }

    @Override
    public synchronized void free(MemorySegment block, Layout layout) {
        ensureOpen();
        Slab owner = owner(block);
        if (owner != null) {
            owner.free(block, layout);
            return;
        }
        if (!overflow.containsKey(block.address())) {
            misuses.incrementAndGet();
            throw new AllocatorMisuseException(block.scope().isAlive() ? Misuse.FOREIGN_BLOCK : Misuse.STALE_AFTER_RESET,
                    "block at 0x" + Long.toHexString(block.address()) + " was not issued by this allocator");
        }
        backing.free(block, layout);
        overflow.remove(block.address());
    }

    @Override
    public synchronized OptionalLong usableSize(MemorySegment block, Layout layout) {
        ensureOpen();
        Slab owner = owner(block);
        if (owner != null) {
            return owner.usableSize(block, layout);
        }
        if (!overflow.containsKey(block.address())) {
            misuses.incrementAndGet();
            throw new AllocatorMisuseException(block.scope().isAlive() ? Misuse.FOREIGN_BLOCK : Misuse.STALE_AFTER_RESET,
                    "block at 0x" + Long.toHexString(block.address()) + " was not issued by this allocator");
        }
        return backing.usableSize(block, layout);
    }

    /** Resets every class and frees every overflow block to the backing. */
    @Override
    public synchronized void reset() {
        ensureOpen();
        for (Slab s : slabs) {
            s.reset();
        }
        for (Issued issued : overflow.values()) {
            backing.free(issued.block(), issued.layout());
        }
        overflow.clear();
    }

    /** The class regions only, as in the crate (overflow is not counted). */
    @Override
    public OptionalLong capacityBytes() {
        long total = 0;
        for (Slab s : slabs) {
            total += s.capacityBytes().orElseThrow();
        }
        return OptionalLong.of(total);
    }

    @Override
    public long corruptionEvents() {
        long total = misuses.get();
        for (Slab s : slabs) {
            total += s.corruptionEvents();
        }
        return total;
    }

    /** Live blocks served by the backing because they were too large or their class was full. */
    public synchronized int overflowBlocks() {
        return overflow.size();
    }

    /** Closes every class slab and frees overflow blocks; idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        reset();
        closed = true;
        for (Slab s : slabs) {
            s.close();
        }
    }

    private Slab owner(MemorySegment block) {
        for (Slab s : slabs) {
            if (s.owns(block)) {
                return s;
            }
        }
        return null;
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("SizeClassed is closed");
        }
    }
}
