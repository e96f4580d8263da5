package io.bstack.sql.exec;

import java.math.BigDecimal;

/**
 * How much memory (estimated bytes) an operator that holds rows (ORDER BY, DISTINCT, GROUP BY) may
 * use before it writes rows to {@link SpillFile}s: 64 MiB unless the system property
 * {@code bstack.spill.memory} (bytes, read once) says otherwise. Tests lower it for a scope with
 * {@link #forTesting}. Estimates are cheap and rough: per row 16 bytes plus 8 per value, per value
 * 16 bytes plus two per character of a string and the length of a byte string.
 *
 * <p>Thread-safe: the limit is read when an operator starts; the testing override is global.
 */
final class SpillLimit {
    /** The default limit, 64 MiB estimated. */
    static final long DEFAULT = 64L << 20;

    private static final long CONFIGURED = configured();
    private static volatile long override = -1;

    private SpillLimit() {}

    private static long configured() {
        String text = System.getProperty("bstack.spill.memory");
        if (text == null || text.isBlank()) {
            return DEFAULT;
        }
        try {
            long bytes = Long.parseLong(text.trim());
            return bytes > 0 ? bytes : DEFAULT;
        } catch (NumberFormatException e) {
            return DEFAULT;
        }
    }

    /** The limit in estimated bytes that an operator starting now keeps in memory. */
    static long bytes() {
        long o = override;
        return o > 0 ? o : CONFIGURED;
    }

    /** A scope in which operators that start use {@code bytes} as their limit (for tests). */
    static Scope forTesting(long bytes) {
        if (bytes <= 0) {
            throw new IllegalArgumentException("a spill limit must be positive: " + bytes);
        }
        long previous = override;
        override = bytes;
        return () -> override = previous;
    }

    /** Restores the previous limit when closed. */
    interface Scope extends AutoCloseable {
        @Override
        void close();
    }

    /** The estimated bytes {@code row} takes in memory. */
    static long estimate(Object[] row) {
        long bytes = 16 + 8L * row.length;
        for (Object v : row) {
            bytes += estimate(v);
        }
        return bytes;
    }

    /** The estimated bytes {@code value} takes in memory. */
    static long estimate(Object value) {
        return switch (value) {
            case null -> 0;
            case String s -> 40 + 2L * s.length();
            case byte[] b -> 16 + b.length;
            case BigDecimal d -> 40 + d.precision() / 2;
            default -> 16;
        };
    }
}
