package io.bstack.btree;

import java.util.Objects;

/**
 * A column of a table as the catalog keeps it.
 *
 * @param name the column name (case as given)
 * @param type its type
 * @param nullable whether NULL is allowed
 * @param defaultSql the DEFAULT expression's SQL text, or null
 * @param declared the type as declared in SQL ({@code VARCHAR(20)}, {@code DECIMAL(10,2)},
 *     {@code CHAR(3)}, {@code CLOB}...): the length, precision and scale the engine enforces on top
 *     of the storage {@code type}
 * @param generatedAlways whether the column is an identity column {@code GENERATED ALWAYS}: its
 *     values come from its sequence only, never from a statement
 */
public record ColumnDef(String name, SqlType type, boolean nullable, String defaultSql, String declared,
        boolean generatedAlways) {
    public ColumnDef {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(declared, "declared");
    }

    /** A column whose values a statement may give. */
    public ColumnDef(String name, SqlType type, boolean nullable, String defaultSql, String declared) {
        this(name, type, nullable, defaultSql, declared, false);
    }

    /** A column declared as its storage type's name. */
    public ColumnDef(String name, SqlType type, boolean nullable, String defaultSql) {
        this(name, type, nullable, defaultSql, type.name());
    }
}
