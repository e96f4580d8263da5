package io.bstack.sql.ast;

import java.util.Objects;

/** One column of CREATE INDEX, with its sort direction. */
public record IndexColumn(String column, boolean descending) {
    public IndexColumn {
        Objects.requireNonNull(column);
    }
}
