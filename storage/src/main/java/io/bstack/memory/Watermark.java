package io.bstack.memory;

import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.OptionalLong;

/**
 * Measures the live bytes of an inner allocator (by the caller's layout sizes) against warn and
 * critical thresholds given as fractions of the inner capacity; guarantees each callback fires
 * exactly once per rising edge, even when many threads allocate and free at once, and that a
 * threshold re-arms only after usage falls below its re-arm level (below the re-arm fraction for
 * warn, below the warn threshold for critical). Every failed allocation calls {@code onOom}.
 *
 * <p>Thread-safe whenever the inner allocator is: usage and the fired bits are updated with
 * {@link VarHandle} atomics, and a fired bit only changes by compare-and-set, so exactly one thread
 * wins each edge. Handler exceptions are caught and counted in {@link #handlerFailures()}.
 */
public final class Watermark extends ForwardingAllocator {

    private static final int WARN = 1;
    private static final int CRITICAL = 2;
    private static final VarHandle USED;
    private static final VarHandle FIRED;
    private static final VarHandle FAILURES;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            USED = lookup.findVarHandle(Watermark.class, "used", long.class);
            FIRED = lookup.findVarHandle(Watermark.class, "fired", int.class);
            FAILURES = lookup.findVarHandle(Watermark.class, "failures", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final WatermarkHandler handler;
    private final double warnFraction;
    private final double criticalFraction;
    private final double rearmFraction;
    private final long fastPathBytes;
    @SuppressWarnings("unused") // accessed through USED
    private volatile long used;
    @SuppressWarnings("unused") // accessed through FIRED
    private volatile int fired;
    @SuppressWarnings("unused") // accessed through FAILURES
    private volatile long failures;

    private Watermark(Allocator inner, WatermarkHandler handler, double warn, double critical, double rearm) {
        super(inner);
        this.handler = handler;
        this.warnFraction = warn;
        this.criticalFraction = critical;
        this.rearmFraction = rearm;
        OptionalLong cap = inner.capacityBytes();
        this.fastPathBytes = cap.isPresent() ? (long) (cap.getAsLong() * warn) : Long.MAX_VALUE;
    }

    /**
     * Wraps {@code inner}; needs {@code 0 < rearm <= warn <= critical <= 1}. An inner allocator without
     * a capacity disables the thresholds (onOom still fires).
     */
    public static Watermark wrap(Allocator inner, WatermarkHandler handler, double warn, double critical,
            double rearm) {
        if (!(rearm > 0 && rearm <= warn && warn <= critical && critical <= 1)) {
            throw new IllegalArgumentException("need 0 < rearm <= warn <= critical <= 1, was rearm=" + rearm
                    + " warn=" + warn + " critical=" + critical);
        }
        return new Watermark(inner, handler, warn, critical, rearm);
    }

    /** Warn at 75 %, critical at 90 %, re-arm below 60 %. */
    public static Watermark wrap(Allocator inner, WatermarkHandler handler) {
        return wrap(inner, handler, 0.75, 0.90, 0.60);
    }

    @Override
    public MemorySegment allocate(Layout layout) {
        MemorySegment block;
        try {
            block = inner.allocate(layout);
        } catch (OutOfNativeMemoryException e) {
            try {
                handler.onOom(layout);
            } catch (RuntimeException handlerFailure) {
                FAILURES.getAndAdd(this, 1L);
            }
            throw e;
        }
        long now = (long) USED.getAndAdd(this, layout.size()) + layout.size();
        if (now >= fastPathBytes) {
            raise(now);
        }
        return block;
    }

    @Override
    public void free(MemorySegment block, Layout layout) {
        inner.free(block, layout);
        long now = (long) USED.getAndAdd(this, -layout.size()) - layout.size();
        if (now < 0) {
            throw new IllegalStateException("watermark usage went negative: " + now);
        }
        if ((int) FIRED.getVolatile(this) != 0) {
            lower(now);
        }
    }

    /** Resets the inner allocator, zeroes usage and re-arms both thresholds. */
    @Override
    public void reset() {
        inner.reset();
        USED.setVolatile(this, 0L);
        FIRED.setVolatile(this, 0);
    }

    /** Live bytes as counted by the layouts passed in. */
    public long usedBytes() {
        return (long) USED.getVolatile(this);
    }

    /** Whether the warn threshold is currently fired (not yet re-armed). */
    public boolean warnFired() {
        return ((int) FIRED.getVolatile(this) & WARN) != 0;
    }

    /** Whether the critical threshold is currently fired (not yet re-armed). */
    public boolean criticalFired() {
        return ((int) FIRED.getVolatile(this) & CRITICAL) != 0;
    }

    /** How many handler calls threw. */
    public long handlerFailures() {
        return (long) FAILURES.getVolatile(this);
    }

    /** Sets the fired bit of each threshold {@code used} reaches; the thread whose CAS sets it calls back. */
    private void raise(long usedNow) {
        OptionalLong cap = inner.capacityBytes();
        if (cap.isEmpty()) {
            return;
        }
        long capacity = cap.getAsLong();
        long warnBytes = (long) (capacity * warnFraction);
        long criticalBytes = (long) (capacity * criticalFraction);
        int reached = usedNow >= criticalBytes ? WARN | CRITICAL : usedNow >= warnBytes ? WARN : 0;
        int before;
        do {
            before = (int) FIRED.getVolatile(this);
            if ((before | reached) == before) {
                return;
            }
        } while (!FIRED.compareAndSet(this, before, before | reached));
        int won = reached & ~before;
        if ((won & WARN) != 0) {
            call(true, usedNow, capacity);
        }
        if ((won & CRITICAL) != 0) {
            call(false, usedNow, capacity);
        }
    }

    /** Clears the fired bits whose re-arm level {@code usedNow} is under, then catches any racing rise. */
    private void lower(long usedNow) {
        OptionalLong cap = inner.capacityBytes();
        if (cap.isEmpty()) {
            return;
        }
        long capacity = cap.getAsLong();
        int clear = 0;
        if (usedNow < (long) (capacity * rearmFraction)) {
            clear |= WARN;
        }
        if (usedNow < (long) (capacity * warnFraction)) {
            clear |= CRITICAL;
        }
        if (clear == 0) {
            return;
        }
        int before;
        do {
            before = (int) FIRED.getVolatile(this);
            if ((before & clear) == 0) {
                return;
            }
        } while (!FIRED.compareAndSet(this, before, before & ~clear));
        long current = (long) USED.getVolatile(this);
        if (current >= fastPathBytes) {
            raise(current);
        }
    }

    private void call(boolean warn, long usedNow, long capacity) {
        try {
            if (warn) {
                handler.onWarn(usedNow, capacity);
            } else {
                handler.onCritical(usedNow, capacity);
            }
        } catch (RuntimeException e) {
            FAILURES.getAndAdd(this, 1L);
        }
    }
}
