package io.bstack.sql.ast;

import java.util.List;
import java.util.Objects;

/** One item of a select list. */
public sealed interface SelectItem {

    /** {@code expr [AS alias]}; {@code alias} may be null. */
    record Column(Expression expression, String alias) implements SelectItem {
        public Column {
            Objects.requireNonNull(expression);
        }
    }

    /** {@code *} (empty qualifier) or {@code t.*} / {@code s.t.*}. */
    record AllColumns(List<String> qualifier) implements SelectItem {
        public AllColumns {
            qualifier = List.copyOf(qualifier);
        }
    }
}
