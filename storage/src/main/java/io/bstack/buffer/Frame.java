package io.bstack.buffer;

import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * One page-sized native frame and its state word; guarantees that a frame is either pinned by
 * zero or more holders or held exclusively by the pool while free, being loaded or being evicted,
 * and that the two never overlap (a CAS on one word decides).
 *
 * <p>The state word packs, from the top: the exclusive bit (63), a count of counted pins ever
 * taken (bits 24..62, the pool's hit counter, folded into {@code wrapped} before it overflows)
 * and the current pin count (bits 0..23). So a hit costs one CAS for the pin and the statistic.
 *
 * <p>Thread-safety: {@link #tryPin}, {@link #tryPinUncounted} and {@link #unpin} are lock-free;
 * {@link #tryLock} and {@link #publish} are called only under the pool's miss lock.
 * {@code pageId} is written only while the frame is exclusive and read after a successful pin,
 * which orders it.
 */
final class Frame {

    /** The page id of a frame that holds no page. */
    static final long NO_PAGE = -1;

    private static final long EXCLUSIVE = Long.MIN_VALUE;
    private static final long COUNT_MASK = (1L << 24) - 1;
    private static final int TOTAL_SHIFT = 24;
    private static final long TOTAL_ONE = 1L << TOTAL_SHIFT;
    private static final long TOTAL_MASK = ~EXCLUSIVE & ~COUNT_MASK;
    private static final VarHandle STATE;
    private static final VarHandle WRAPPED;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            STATE = lookup.findVarHandle(Frame.class, "state", long.class);
            WRAPPED = lookup.findVarHandle(Frame.class, "wrapped", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final MemorySegment segment;
    volatile long pageId = NO_PAGE;
    volatile boolean referenced;
    volatile boolean dirty;
    private volatile long state;
    private volatile long wrapped;

    Frame(MemorySegment segment) {
        this(segment, 0);
    }

    /** A free, exclusive frame whose hit count starts at {@code pinsTakenBefore} (tests use this). */
    Frame(MemorySegment segment, long pinsTakenBefore) {
        if (pinsTakenBefore < 0 || pinsTakenBefore > TOTAL_MASK >>> TOTAL_SHIFT) {
            throw new IllegalArgumentException("pins taken out of range: " + pinsTakenBefore);
        }
        this.segment = segment;
        this.state = EXCLUSIVE | (pinsTakenBefore << TOTAL_SHIFT);
    }

    /** Adds a pin and counts it as a hit, unless the frame is exclusive; lock-free. */
    boolean tryPin() {
        long s;
        long next;
        do {
            s = state;
            if (s < 0) {
                return false;
            }
            checkRoom(s);
            next = (s & TOTAL_MASK) == TOTAL_MASK ? (s & COUNT_MASK) + 1 : s + TOTAL_ONE + 1;
        } while (!STATE.weakCompareAndSet(this, s, next));
        if ((s & TOTAL_MASK) == TOTAL_MASK) {
            WRAPPED.getAndAdd(this, (TOTAL_MASK >>> TOTAL_SHIFT) + 1);
        }
        return true;
    }

    /** Adds a pin without counting it, unless the frame is exclusive. */
    boolean tryPinUncounted() {
        long s;
        do {
            s = state;
            if (s < 0) {
                return false;
            }
            checkRoom(s);
        } while (!STATE.weakCompareAndSet(this, s, s + 1));
        return true;
    }

    /** Drops one pin. */
    void unpin() {
        long before = (long) STATE.getAndAdd(this, -1L);
        if (before < 0 || (before & COUNT_MASK) == 0) {
            STATE.getAndAdd(this, 1L);
            throw new IllegalStateException("frame of page " + pageId + " unpinned while not pinned");
        }
    }

    /** Takes the frame exclusively if nobody has it pinned. */
    boolean tryLock() {
        long s = state;
        return s >= 0 && (s & COUNT_MASK) == 0 && STATE.compareAndSet(this, s, s | EXCLUSIVE);
    }

    /** Ends exclusivity, leaving {@code pinCount} (0 or 1) pins; the frame must be exclusive. */
    void publish(int pinCount) {
        long s = state;
        if (s >= 0) {
            throw new IllegalStateException("publish of a frame that is not exclusive");
        }
        state = (s & ~EXCLUSIVE) + pinCount;
    }

    /** The current pin count, or -1 while exclusive. */
    int pins() {
        long s = state;
        return s < 0 ? -1 : (int) (s & COUNT_MASK);
    }

    /** The largest hit count the state word holds before it folds into {@code wrapped}. */
    static long maxPinsInWord() {
        return TOTAL_MASK >>> TOTAL_SHIFT;
    }

    /** Counted pins ever taken on this frame. */
    long pinsTaken() {
        return ((state & TOTAL_MASK) >>> TOTAL_SHIFT) + wrapped;
    }

    private void checkRoom(long s) {
        if ((s & COUNT_MASK) == COUNT_MASK) {
            throw new IllegalStateException("frame of page " + pageId + " has " + COUNT_MASK + " pins");
        }
    }
}
