package io.bstack.sql.ast;

import java.util.List;
import java.util.Objects;

/** A query expression: a SELECT, a VALUES list, a set operation, or one of these ordered and limited. */
public sealed interface Query {

    /** Set operators; INTERSECT binds tighter than UNION and EXCEPT. */
    enum SetOperator { UNION, INTERSECT, EXCEPT }

    /**
     * {@code SELECT [DISTINCT] items [FROM ..] [WHERE ..] [GROUP BY ..] [HAVING ..]}; {@code where} and
     * {@code having} may be null, lists may be empty (except {@code items}).
     */
    record Select(boolean distinct, List<SelectItem> items, List<TableRef> from, Expression where,
                  List<Expression> groupBy, Expression having) implements Query {
        public Select {
            items = List.copyOf(items);
            from = List.copyOf(from);
            groupBy = List.copyOf(groupBy);
            if (items.isEmpty()) {
                throw new IllegalArgumentException("SELECT needs an item");
            }
        }
    }

    /** {@code VALUES (..), (..)} as a query; every row non-empty. */
    record Values(List<List<Expression>> rows) implements Query {
        public Values {
            rows = rows.stream().map(List::copyOf).toList();
            if (rows.isEmpty()) {
                throw new IllegalArgumentException("VALUES needs a row");
            }
        }
    }

    /** {@code left UNION|INTERSECT|EXCEPT [ALL] right}. */
    record SetOperation(SetOperator operator, boolean all, Query left, Query right) implements Query {
        public SetOperation {
            Objects.requireNonNull(operator);
            Objects.requireNonNull(left);
            Objects.requireNonNull(right);
        }
    }

    /**
     * {@code body ORDER BY .. } with optional row limit and offset (null when absent).
     * {@code LIMIT n OFFSET m} and {@code OFFSET m ROWS FETCH FIRST n ROWS ONLY} give the same node.
     */
    record Ordered(Query body, List<OrderItem> orderBy, Expression limit, Expression offset) implements Query {
        public Ordered {
            Objects.requireNonNull(body);
            orderBy = List.copyOf(orderBy);
        }
    }
}
