package io.bstack.sql.ast;

import java.util.Objects;

/**
 * One ORDER BY key: an expression (a bare integer literal means a select-list position), direction
 * and NULLS placement ({@link NullOrder#DEFAULT} when not written).
 */
public record OrderItem(Expression expression, boolean descending, NullOrder nulls) {

    /** Where NULLs sort. */
    public enum NullOrder { DEFAULT, FIRST, LAST }

    public OrderItem {
        Objects.requireNonNull(expression);
        Objects.requireNonNull(nulls);
    }
}
