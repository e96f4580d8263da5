package io.bstack.sql.eval;

import java.util.List;

/** Nodes for scalar subqueries, EXISTS and IN (subquery), run through the context's {@link SubqueryRunner}. */
final class Subqueries {
    private Subqueries() {
    }

    static Node scalar(CompiledSubquery q) {
        return Node.of(q.type(), false, (row, ctx) -> {
            List<Object> rows = ctx.subqueries().firstColumn(q, row, 2);
            if (rows.size() > 1) {
                throw SqlErrors.cardinality();
            }
            return rows.isEmpty() ? null : rows.getFirst();
        });
    }

    static Node exists(CompiledSubquery q) {
        return Node.of(ColumnType.BOOLEAN, false, (row, ctx) -> !ctx.subqueries().firstColumn(q, row, 1).isEmpty());
    }

    static Node in(Node operand, CompiledSubquery q, boolean negated) throws java.sql.SQLException {
        if (q.columnCount() != 1) {
            throw SqlErrors.notAllowed("Subquery of IN must return one column, not " + q.columnCount());
        }
        Comparisons.comparator(operand.type(), q.type());
        return Node.of(ColumnType.BOOLEAN, false, (row, ctx) -> {
            Object v = operand.eval(row, ctx);
            List<Object> values = ctx.subqueries().firstColumn(q, row, Integer.MAX_VALUE);
            Boolean in = Predicates.in(v, values, operand.type(), q.type());
            return in == null ? null : in != negated;
        });
    }
}
