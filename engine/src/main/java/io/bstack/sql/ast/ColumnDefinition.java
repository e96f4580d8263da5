package io.bstack.sql.ast;

import java.util.List;
import java.util.Objects;

/** {@code name type [constraints...]} in CREATE TABLE or ALTER TABLE ADD COLUMN; constraints in written order. */
public record ColumnDefinition(String name, DataType type, List<ColumnConstraint> constraints) {
    public ColumnDefinition {
        Objects.requireNonNull(name);
        Objects.requireNonNull(type);
        constraints = List.copyOf(constraints);
    }
}
