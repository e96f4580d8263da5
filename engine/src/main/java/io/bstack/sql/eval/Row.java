package io.bstack.sql.eval;

/** The values an expression reads by position: a table row, a join row or a row of aggregate results. */
@FunctionalInterface
public interface Row {
    /** A row without columns, for expressions that read none. */
    Row EMPTY = index -> {
        throw new IndexOutOfBoundsException("the empty row has no column " + index);
    };

    /** @return the value at {@code index} (0-based), null for SQL NULL */
    Object get(int index);
}
