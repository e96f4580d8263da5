package io.bstack.sql.exec;

import java.util.concurrent.atomic.LongAdder;

/**
 * Counts the rows read from base tables (scans and access paths) in this JVM, so tests can show
 * what a plan saves. Thread-safe and cheap (a {@link LongAdder}).
 */
final class RowsRead {
    private static final LongAdder COUNT = new LongAdder();

    private RowsRead() {}

    static void one() {
        COUNT.increment();
    }

    /** Rows read so far. */
    static long count() {
        return COUNT.sum();
    }
}
