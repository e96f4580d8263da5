package io.bstack.tx;

import java.util.Map;
import java.util.TreeMap;

/**
 * The snapshots of open read transactions: which commit sequences are still read, and since when.
 * The checkpoint keeps every version at or above the oldest one reachable.
 *
 * <p>Thread-safety: synchronized on the registry.
 */
final class SnapshotRegistry {
    /** seq → {count, oldest start nanos} */
    private final TreeMap<Long, long[]> live = new TreeMap<>();
    private int count;

    synchronized void register(long seq, long startNanos) {
        long[] e = live.computeIfAbsent(seq, k -> new long[] {0, startNanos});
        e[0]++;
        e[1] = Math.min(e[1], startNanos);
        count++;
    }

    synchronized void release(long seq) {
        long[] e = live.get(seq);
        if (e != null) {
            count--;
            if (--e[0] == 0) {
                live.remove(seq);
            }
        }
    }

    /** The oldest live snapshot, or {@link Long#MAX_VALUE} when none is open. */
    synchronized long oldest() {
        return live.isEmpty() ? Long.MAX_VALUE : live.firstKey();
    }

    synchronized int count() {
        return count;
    }

    /** Age in ms of the reader open longest, 0 when none. */
    synchronized long oldestAgeMillis(long nowNanos) {
        long min = Long.MAX_VALUE;
        for (Map.Entry<Long, long[]> e : live.entrySet()) {
            min = Math.min(min, e.getValue()[1]);
        }
        return min == Long.MAX_VALUE ? 0 : Math.max(0, (nowNanos - min) / 1_000_000);
    }
}
