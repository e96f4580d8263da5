package io.bstack.sql.exec;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.util.HashSet;
import java.util.Set;

/**
 * Counts the distinct values of a column for {@code ANALYZE}: exactly while it has seen at most
 * {@value #EXACT} distinct values, then with a HyperLogLog of {@code 2^14} one-byte registers (a
 * standard error of about 0.8 %; linear counting while fewer than three values per register have
 * been seen, where the raw estimate is biased), in 16 KiB whatever the table's size. Values are equal as SQL compares
 * them for grouping: byte strings by content, decimals whatever their scale. Not thread-safe.
 */
final class DistinctSketch {
    static final int EXACT = 1024;
    private static final int P = 14;
    private static final int M = 1 << P;

    private Set<Object> exact = new HashSet<>();
    private byte[] registers;

    /** Counts {@code value} (not null). */
    void add(Object value) {
        Object v = normal(value);
        if (exact != null) {
            exact.add(v);
            if (exact.size() <= EXACT) {
                return;
            }
            registers = new byte[M];
            for (Object o : exact) {
                register(o);
            }
            exact = null;
            return;
        }
        register(v);
    }

    /** The number of distinct values seen: exact up to {@value #EXACT}, an estimate beyond. */
    long estimate() {
        if (exact != null) {
            return exact.size();
        }
        double sum = 0;
        int zeros = 0;
        for (byte r : registers) {
            sum += 1.0 / (1L << r);
            if (r == 0) {
                zeros++;
            }
        }
        double alpha = 0.7213 / (1 + 1.079 / M);
        double raw = alpha * M * M / sum;
        if (zeros > 0) {
            double linear = M * Math.log((double) M / zeros);
            if (linear < 3.0 * M) {
                raw = linear;
            }
        }
        return Math.max(EXACT + 1, Math.round(raw));
    }

    private void register(Object v) {
        long h = mix(v.hashCode());
        int index = (int) (h >>> (64 - P));
        int rank = Long.numberOfLeadingZeros((h << P) | (1L << (P - 1))) + 1;
        if (rank > registers[index]) {
            registers[index] = (byte) rank;
        }
    }

    private static Object normal(Object v) {
        if (v instanceof byte[] b) {
            return ByteBuffer.wrap(b);
        }
        if (v instanceof BigDecimal d) {
            return d.signum() == 0 ? BigDecimal.ZERO : d.stripTrailingZeros();
        }
        return v;
    }

    /** Spreads a 32-bit hash over 64 bits (MurmurHash3's finaliser over a golden-ratio multiple). */
    private static long mix(int hash) {
        long h = (hash & 0xffffffffL) * 0x9E3779B97F4A7C15L;
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb93fe53a88ceL;
        h ^= h >>> 33;
        return h;
    }
}
