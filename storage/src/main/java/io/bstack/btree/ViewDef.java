package io.bstack.btree;

import java.util.Objects;

/** A view as the catalog keeps it: its defining query's SQL text, which the engine parses. */
public record ViewDef(String schema, String name, String sql) {
    public ViewDef {
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(sql, "sql");
    }
}
