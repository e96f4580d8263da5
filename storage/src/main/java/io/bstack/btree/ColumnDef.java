package io.bstack.btree;

import java.util.Objects;

/**
 * A column of a table as the catalog keeps it.
 *
 * @param name the column name (case as given)
 * @param type its type
 * @param nullable whether NULL is allowed
 * @param defaultSql the DEFAULT expression's SQL text, or null
 */
public record ColumnDef(String name, SqlType type, boolean nullable, String defaultSql) {
    public ColumnDef {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
    }
}
