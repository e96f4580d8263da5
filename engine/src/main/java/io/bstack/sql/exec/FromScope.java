package io.bstack.sql.exec;

import io.bstack.sql.ast.Expression;
import io.bstack.sql.ast.Query;
import io.bstack.sql.eval.ColumnBinding;
import io.bstack.sql.eval.ColumnType;
import io.bstack.sql.eval.CompiledSubquery;
import io.bstack.sql.eval.SqlErrors;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.ArrayList;
import java.util.List;

/**
 * The names the FROM clause makes visible: for each source (a table, a view or a derived table,
 * under its alias or name) its columns, laid side by side in the combined row. {@code col} must be
 * unique among the sources ({@code 42702} when several have it), {@code q.col} names one source,
 * {@code schema.t.col} a table.
 */
final class FromScope implements Layout {

    /** One source: where its columns start in the combined row. */
    record Source(String qualifier, String schema, String table, List<String> columns, List<ColumnType> types,
            int offset) {}

    private final List<Source> sources;
    private final int width;
    private final Layout parent;
    private final Planner planner;
    private boolean usedParent;

    FromScope(List<Source> sources) {
        this(sources, null, null);
    }

    private FromScope(List<Source> sources, Layout parent, Planner planner) {
        this.sources = List.copyOf(sources);
        this.parent = parent;
        this.planner = planner;
        int w = parent == null ? 0 : parent.width();
        for (Source s : sources) {
            w = Math.max(w, s.offset() + s.columns().size());
        }
        this.width = w;
    }

    /**
     * This FROM inside a query whose rows start with {@code parent}'s row (null: none): the sources
     * move past it; names not found here are looked up there; subqueries are planned by {@code planner}.
     */
    FromScope under(Layout parent, Planner planner) {
        int prefix = parent == null ? 0 : parent.width();
        List<Source> moved = new ArrayList<>();
        for (Source s : sources) {
            moved.add(new Source(s.qualifier(), s.schema(), s.table(), s.columns(), s.types(), s.offset() + prefix));
        }
        return new FromScope(moved, parent, planner);
    }

    /** Whether a name was found in the enclosing query (the query is correlated). */
    boolean usedParent() {
        return usedParent;
    }

    /** Values of the enclosing row this scope's rows start with. */
    int prefix() {
        return parent == null ? 0 : parent.width();
    }

    static FromScope empty() {
        return new FromScope(List.of());
    }

    List<Source> sources() {
        return sources;
    }

    @Override
    public int width() {
        return width;
    }

    /** The sources of {@code left} then {@code right}, the right ones moved past the left row. */
    static FromScope join(FromScope left, FromScope right) {
        List<Source> all = new ArrayList<>(left.sources);
        for (Source s : right.sources) {
            all.add(new Source(s.qualifier(), s.schema(), s.table(), s.columns(), s.types(), s.offset() + left.width));
        }
        return new FromScope(all);
    }

    @Override
    public ColumnBinding resolve(Expression.ColumnRef column) throws SQLException {
        List<String> p = column.parts();
        String name = p.get(p.size() - 1);
        ColumnBinding found = null;
        for (Source s : sources) {
            boolean named = switch (p.size()) {
                case 1 -> true;
                case 2 -> p.get(0).equals(s.qualifier());
                case 3 -> p.get(0).equals(s.schema()) && p.get(1).equals(s.table());
                default -> false;
            };
            if (!named) {
                continue;
            }
            int i = s.columns().indexOf(name);
            if (i >= 0) {
                if (found != null) {
                    throw SqlErrors.ambiguousColumn(String.join(".", p));
                }
                found = new ColumnBinding(s.offset() + i, s.types().get(i));
            }
        }
        if (found == null) {
            if (parent != null) {
                usedParent = true;
                return parent.resolve(column); // a correlated column: in the outer row, which this row starts with
            }
            throw SqlErrors.columnNotFound(String.join(".", p));
        }
        return found;
    }

    @Override
    public ColumnBinding aggregateSlot(Expression.FunctionCall aggregate) throws SQLException {
        throw new java.sql.SQLSyntaxErrorException("aggregate " + aggregate.name() + " is not allowed here", "42000");
    }

    @Override
    public CompiledSubquery compileSubquery(Query query) throws SQLException {
        if (planner == null) {
            throw new SQLFeatureNotSupportedException("subqueries are not executed here by this version yet", "0A000");
        }
        return PreparedSubquery.of(planner, query, this);
    }
}
