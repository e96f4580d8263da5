package io.bstack.sql.ast;

import java.util.Objects;

/** {@code column = value} in UPDATE SET or MERGE ... UPDATE SET; value may be {@link Expression.DefaultValue}. */
public record Assignment(String column, Expression value) {
    public Assignment {
        Objects.requireNonNull(column);
        Objects.requireNonNull(value);
    }
}
