package io.bstack.btree;

import java.util.List;
import java.util.Objects;

/**
 * A table as the catalog keeps it: its columns, its key (the primary-key column positions, or none
 * for a table keyed by a 64-bit row id), the SQL text of its other constraints (CHECK, UNIQUE,
 * FOREIGN KEY — the engine parses them), and the root page of its row tree (0 until created).
 */
public record TableDef(String schema, String name, List<ColumnDef> columns, List<Integer> primaryKey,
        List<String> constraintsSql, long root) {

    public TableDef {
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(name, "name");
        columns = List.copyOf(columns);
        primaryKey = List.copyOf(primaryKey);
        constraintsSql = List.copyOf(constraintsSql);
        if (columns.isEmpty()) {
            throw new IllegalArgumentException("table " + name + " needs at least one column");
        }
        for (int k : primaryKey) {
            if (k < 0 || k >= columns.size()) {
                throw new IllegalArgumentException("primary key column " + k + " is not a column of " + name);
            }
        }
    }

    /** Whether rows are keyed by a 64-bit row id (no primary key). */
    public boolean keyedByRowId() {
        return primaryKey.isEmpty();
    }

    /** The columns' storage types (an immutable list that {@link RowView} keeps without copying). */
    public List<SqlType> types() {
        SqlType[] t = new SqlType[columns.size()];
        for (int i = 0; i < t.length; i++) {
            t[i] = columns.get(i).type();
        }
        return List.of(t);
    }

    TableDef withRoot(long newRoot) {
        return new TableDef(schema, name, columns, primaryKey, constraintsSql, newRoot);
    }

    TableDef withColumns(List<ColumnDef> newColumns) {
        return new TableDef(schema, name, newColumns, primaryKey, constraintsSql, root);
    }
}
