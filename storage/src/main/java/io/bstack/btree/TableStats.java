package io.bstack.btree;

import java.util.Map;
import java.util.Objects;

/**
 * What {@code ANALYZE} learnt about a table, kept in the catalog for the planner: how many rows it
 * read and, per column (by name), how many distinct non-NULL values and how many NULLs it saw.
 * Statistics are a snapshot: the planner scales them by the table's current size and never relies
 * on them for correctness. Immutable.
 *
 * @param rows    the rows analysed (a sample when {@code sampled})
 * @param sampled whether only the first {@code rows} rows were read
 * @param columns per column name, its figures
 */
public record TableStats(long rows, boolean sampled, Map<String, ColumnStats> columns) {

    /** One column's figures: distinct non-NULL values (an estimate) and NULLs among the rows analysed. */
    public record ColumnStats(long distinct, long nulls) {
        public ColumnStats {
            if (distinct < 0 || nulls < 0) {
                throw new IllegalArgumentException("negative statistics: " + distinct + ", " + nulls);
            }
        }
    }

    public TableStats {
        if (rows < 0) {
            throw new IllegalArgumentException("negative row count: " + rows);
        }
        columns = Map.copyOf(Objects.requireNonNull(columns, "columns"));
    }

    /** The figures of column {@code name}, or null when it was not analysed (e.g. added since). */
    public ColumnStats column(String name) {
        return columns.get(name);
    }
}
