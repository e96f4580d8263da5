package io.bstack.btree;

import java.util.Objects;

/**
 * One column of an index key: its type, its direction, and where its NULLs go. {@code nullsFirst}
 * states the final placement in the index's order, whatever the direction: {@code DESC NULLS
 * FIRST} puts NULLs before the largest value. Immutable and thread-safe.
 */
public record KeyColumn(SqlType type, boolean descending, boolean nullsFirst) {
    public KeyColumn {
        Objects.requireNonNull(type, "type");
    }

    /** An ascending column with NULLs first (SQL's default for ASC in H2). */
    public static KeyColumn asc(SqlType type) {
        return new KeyColumn(type, false, true);
    }

    /** A descending column with NULLs last. */
    public static KeyColumn desc(SqlType type) {
        return new KeyColumn(type, true, false);
    }

    /**
     * Whether NULL takes the low marker byte before the column's bytes are inverted for DESC:
     * NULLs end up first exactly when (low marker) XOR (descending).
     */
    boolean nullMarkerLow() {
        return nullsFirst ^ descending;
    }
}
