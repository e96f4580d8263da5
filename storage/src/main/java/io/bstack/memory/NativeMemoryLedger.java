package io.bstack.memory;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts the native bytes this layer holds from the OS or the C heap; guarantees every mmap,
 * malloc and arena region is added when obtained and subtracted when returned, so
 * {@link #liveBytes()} is back to its earlier value once every backing is closed.
 */
public final class NativeMemoryLedger {

    private static final AtomicLong LIVE = new AtomicLong();
    private static final AtomicLong PEAK = new AtomicLong();

    private NativeMemoryLedger() {
    }

    /** Native bytes currently held by this layer. */
    public static long liveBytes() {
        return LIVE.get();
    }

    /** The highest {@link #liveBytes()} seen since the JVM started. */
    public static long peakBytes() {
        return PEAK.get();
    }

    static void acquired(long bytes) {
        long now = LIVE.addAndGet(bytes);
        PEAK.accumulateAndGet(now, Math::max);
    }

    static void released(long bytes) {
        long now = LIVE.addAndGet(-bytes);
        if (now < 0) {
            throw new IllegalStateException("native memory ledger went negative: " + now);
        }
    }
}
