package io.bstack.sql.exec;

import io.bstack.sql.eval.ColumnType;
import io.bstack.sql.eval.CompiledSubquery;
import io.bstack.sql.eval.Row;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** A subquery planned once, run for each outer row (its correlated columns read from that row). */
final class PreparedSubquery implements CompiledSubquery {
    private final SelectExecutor.Planned plan;

    PreparedSubquery(SelectExecutor.Planned plan) {
        this.plan = plan;
    }

    static CompiledSubquery of(Layout.Planner planner, io.bstack.sql.ast.Query query, Layout parent)
            throws SQLException {
        try {
            return new PreparedSubquery(planner.plan(query, parent));
        } catch (java.io.IOException e) {
            throw new SQLException("planning a subquery failed: " + e, "HY000", e);
        }
    }

    @Override
    public ColumnType type() {
        return plan.types().get(0);
    }

    @Override
    public int columnCount() {
        return plan.types().size();
    }

    /**
     * The first column of at most {@code maxRows} rows. An uncorrelated subquery runs once per
     * statement: its rows are the same for every outer row (kept by the statement's context, not
     * here: a plan may run again, in another statement).
     */
    List<Object> firstColumn(Row outer, int maxRows, StatementContext ctx) throws SQLException {
        if (!plan.correlated()) {
            List<Object> cached = ctx.subqueryRows(this);
            if (cached == null) {
                cached = run(outer, Integer.MAX_VALUE, ctx);
                ctx.subqueryRows(this, cached);
            }
            return cached.size() <= maxRows ? cached : cached.subList(0, maxRows);
        }
        return run(outer, maxRows, ctx);
    }

    private List<Object> run(Row outer, int maxRows, StatementContext ctx) throws SQLException {
        List<Object> out = new ArrayList<>();
        try (QueryResult r = plan.open(outer, ctx, () -> { })) {
            while (out.size() < maxRows && r.next()) {
                out.add(io.bstack.sql.eval.Lobs.value(r.get(0)));
            }
        }
        return out;
    }
}
