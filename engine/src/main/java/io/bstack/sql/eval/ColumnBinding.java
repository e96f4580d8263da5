package io.bstack.sql.eval;

import java.util.Objects;

/** Where a resolved column (or aggregate result) is found in the {@link Row}, and its type. */
public record ColumnBinding(int index, ColumnType type) {
    public ColumnBinding {
        Objects.requireNonNull(type);
        if (index < 0) {
            throw new IllegalArgumentException("negative index");
        }
    }
}
