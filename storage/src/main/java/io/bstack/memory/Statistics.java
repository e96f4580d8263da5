package io.bstack.memory;

import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.OptionalLong;

/**
 * Counts allocations, frees, failures, live bytes and the peak of live bytes of an inner allocator
 * (by the caller's layout sizes); guarantees every counter is exact once the threads that touched
 * it are done, and that {@link #peakBytes()} is never below any live-bytes value it reached.
 *
 * <p>Thread-safe whenever the inner allocator is: counters are {@link VarHandle} atomics and the
 * peak is raised by compare-and-set. Resizes go through allocate-copy-free and count as such.
 */
public final class Statistics extends ForwardingAllocator {

    private static final VarHandle ALLOCATIONS;
    private static final VarHandle FREES;
    private static final VarHandle FAILURES;
    private static final VarHandle LIVE;
    private static final VarHandle PEAK;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            ALLOCATIONS = l.findVarHandle(Statistics.class, "allocations", long.class);
            FREES = l.findVarHandle(Statistics.class, "frees", long.class);
            FAILURES = l.findVarHandle(Statistics.class, "failures", long.class);
            LIVE = l.findVarHandle(Statistics.class, "liveBytes", long.class);
            PEAK = l.findVarHandle(Statistics.class, "peakBytes", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @SuppressWarnings("unused") // accessed through ALLOCATIONS
    private volatile long allocations;
    @SuppressWarnings("unused") // accessed through FREES
    private volatile long frees;
    @SuppressWarnings("unused") // accessed through FAILURES
    private volatile long failures;
    @SuppressWarnings("unused") // accessed through LIVE
    private volatile long liveBytes;
    @SuppressWarnings("unused") // accessed through PEAK
    private volatile long peakBytes;

    private Statistics(Allocator inner) {
        super(inner);
    }

    /** Counts what passes through to {@code inner}. */
    public static Statistics wrap(Allocator inner) {
        return new Statistics(inner);
    }

    @Override
    public MemorySegment allocate(Layout layout) {
        MemorySegment block;
        try {
            block = inner.allocate(layout);
        } catch (RuntimeException e) {
            FAILURES.getAndAdd(this, 1L);
            throw e;
        }
        ALLOCATIONS.getAndAdd(this, 1L);
        long now = (long) LIVE.getAndAdd(this, layout.size()) + layout.size();
        long peak;
        do {
            peak = (long) PEAK.getVolatile(this);
        } while (now > peak && !PEAK.compareAndSet(this, peak, now));
        return block;
    }

    @Override
    public void free(MemorySegment block, Layout layout) {
        inner.free(block, layout);
        FREES.getAndAdd(this, 1L);
        LIVE.getAndAdd(this, -layout.size());
    }

    /** Resets the inner allocator; live bytes drop to zero, the other counters are kept. */
    @Override
    public void reset() {
        inner.reset();
        LIVE.setVolatile(this, 0L);
    }

    /** Successful allocations. */
    public long allocations() {
        return (long) ALLOCATIONS.getVolatile(this);
    }

    /** Successful frees. */
    public long frees() {
        return (long) FREES.getVolatile(this);
    }

    /** Allocations the inner allocator refused. */
    public long failures() {
        return (long) FAILURES.getVolatile(this);
    }

    /** Bytes live now, by layout size. */
    public long liveBytes() {
        return (long) LIVE.getVolatile(this);
    }

    /** The highest {@link #liveBytes()} reached. */
    public long peakBytes() {
        return (long) PEAK.getVolatile(this);
    }
}
