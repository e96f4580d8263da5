package io.bstack.btree;

import java.util.List;
import java.util.Objects;

/**
 * A secondary index as the catalog keeps it: the table it belongs to, the indexed column positions
 * with their order, whether it is unique, and the root page of its tree (0 until created).
 */
public record IndexDef(String schema, String name, String table, List<Integer> columns, List<Boolean> descending,
        boolean unique, long root) {

    public IndexDef {
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(table, "table");
        columns = List.copyOf(columns);
        descending = List.copyOf(descending);
        if (columns.isEmpty() || columns.size() != descending.size()) {
            throw new IllegalArgumentException("index " + name + " needs columns, each with its order");
        }
    }

    IndexDef withRoot(long newRoot) {
        return new IndexDef(schema, name, table, columns, descending, unique, newRoot);
    }
}
