package io.bstack.jdbc;

import java.sql.SQLWarning;

/** A chain of {@link SQLWarning}s, as connections, statements and results keep them. Thread-safe. */
final class Warnings {
    private SQLWarning first;

    synchronized void add(SQLWarning w) {
        if (first == null) {
            first = w;
        } else {
            first.setNextWarning(w);
        }
    }

    synchronized SQLWarning first() {
        return first;
    }

    synchronized void clear() {
        first = null;
    }
}
