package io.bstack.sql.exec;

import io.bstack.sql.ast.Expression;
import io.bstack.sql.ast.Query;
import io.bstack.sql.eval.ColumnBinding;
import io.bstack.sql.eval.ColumnType;
import io.bstack.sql.eval.CompiledSubquery;
import io.bstack.sql.eval.Evaluator;
import io.bstack.sql.eval.ExpressionCompiler;
import io.bstack.sql.eval.Scope;
import java.nio.ByteBuffer;
import java.sql.SQLException;
import java.sql.SQLSyntaxErrorException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Grouping for one query: the GROUP BY columns, and the aggregate calls the select list, HAVING
 * and ORDER BY make (registered while they compile against this scope). A group row is the group's
 * key values followed by its aggregates' results; a column outside the GROUP BY is refused with
 * {@code 42000}, as H2 does. GROUP BY takes columns and expressions; an expression grouped on may
 * be used whole in the select list, HAVING and ORDER BY ({@link #grouped}). The groups are gathered
 * in memory up to {@link SpillLimit}, then sorted on disk.
 */
final class GroupScope implements Layout {
    private final Scope rows;
    private final ExpressionCompiler compiler;
    private final int[] keyColumns;
    private final Evaluator[] keyExpressions;
    private final List<Expression> groupBy;
    private final List<ColumnType> keyTypes = new ArrayList<>();
    private final List<Expression.FunctionCall> calls = new ArrayList<>();
    private final List<Aggregates.Spec> specs = new ArrayList<>();
    private final List<Evaluator> arguments = new ArrayList<>();
    private final List<Boolean> distinct = new ArrayList<>();

    private final int prefix;
    private final Planner planner;

    /**
     * Groups of the rows of {@code rows}, whose first {@code prefix} values are an enclosing query's
     * row (kept at the front of every group row).
     */
    GroupScope(Scope rows, int prefix, List<Expression> groupBy, ExpressionCompiler compiler, Planner planner)
            throws SQLException {
        this.rows = rows;
        this.prefix = prefix;
        this.planner = planner;
        this.compiler = compiler;
        keyColumns = new int[groupBy.size()];
        keyExpressions = new Evaluator[groupBy.size()];
        this.groupBy = List.copyOf(groupBy);
        for (int k = 0; k < keyColumns.length; k++) {
            if (groupBy.get(k) instanceof Expression.ColumnRef ref) {
                ColumnBinding b = rows.resolve(ref);
                keyColumns[k] = b.index();
                keyTypes.add(b.type());
            } else {
                if (Aggregates.contains(groupBy.get(k), compiler)) {
                    throw new java.sql.SQLSyntaxErrorException("an aggregate in GROUP BY", "42000");
                }
                keyColumns[k] = -1;
                keyExpressions[k] = compiler.compile(groupBy.get(k), rows);
                keyTypes.add(keyExpressions[k].type());
            }
        }
    }

    /** A name no SQL identifier can be: marks where a GROUP BY expression was replaced by its slot. */
    private static final String GROUP_KEY = "\u0000GROUP";

    /**
     * {@code e} with every occurrence of a GROUP BY expression (not a plain column) replaced by a
     * reference to its slot, so the select list, HAVING and ORDER BY may use the expression as
     * grouped; subqueries are left as they are.
     */
    Expression grouped(Expression e) {
        return (Expression) replace(e);
    }

    private Object replace(Object node) {
        if (node instanceof Expression ex) {
            for (int k = 0; k < keyExpressions.length; k++) {
                if (keyExpressions[k] != null && groupBy.get(k).equals(ex)) {
                    return new Expression.ColumnRef(List.of(GROUP_KEY, Integer.toString(k)));
                }
            }
        }
        if (node instanceof List<?> list) {
            List<Object> out = new ArrayList<>(list.size());
            boolean changed = false;
            for (Object o : list) {
                Object r = replace(o);
                changed |= r != o;
                out.add(r);
            }
            return changed ? out : list;
        }
        if (node instanceof Record r && !(node instanceof Query)) {
            var comps = r.getClass().getRecordComponents();
            Object[] values = new Object[comps.length];
            Class<?>[] types = new Class<?>[comps.length];
            boolean changed = false;
            try {
                for (int i = 0; i < comps.length; i++) {
                    Object v = comps[i].getAccessor().invoke(r);
                    values[i] = replace(v);
                    changed |= values[i] != v;
                    types[i] = comps[i].getType();
                }
                return changed ? r.getClass().getDeclaredConstructor(types).newInstance(values) : node;
            } catch (ReflectiveOperationException x) {
                throw new IllegalStateException("cannot rebuild " + r, x);
            }
        }
        return node;
    }

    @Override
    public int width() {
        return prefix + keyColumns.length + calls.size();
    }

    @Override
    public ColumnBinding resolve(Expression.ColumnRef column) throws SQLException {
        if (column.parts().size() == 2 && column.parts().get(0).equals(GROUP_KEY)) {
            int k = Integer.parseInt(column.parts().get(1));
            return new ColumnBinding(prefix + k, keyTypes.get(k));
        }
        ColumnBinding b = rows.resolve(column);
        if (b.index() < prefix) {
            return b; // the enclosing query's column, at the front of every group row
        }
        for (int k = 0; k < keyColumns.length; k++) {
            if (keyColumns[k] == b.index()) {
                return new ColumnBinding(prefix + k, keyTypes.get(k));
            }
        }
        throw new SQLSyntaxErrorException("column " + String.join(".", column.parts())
                + " must be in the GROUP BY list or inside an aggregate", "42000");
    }

    @Override
    public ColumnBinding aggregateSlot(Expression.FunctionCall aggregate) throws SQLException {
        for (int i = 0; i < calls.size(); i++) {
            if (calls.get(i).equals(aggregate)) {
                return new ColumnBinding(prefix + keyColumns.length + i, specs.get(i).type());
            }
        }
        Evaluator arg = null;
        ColumnType argType = null;
        if (!aggregate.star()) {
            if (aggregate.arguments().size() != 1) {
                throw io.bstack.sql.eval.SqlErrors.argumentCount(aggregate.name(), 1, 1);
            }
            if (Aggregates.contains(aggregate.arguments(), compiler)) {
                throw Aggregates.nested(aggregate.name());
            }
            arg = compiler.compile(aggregate.arguments().get(0), rows);
            argType = arg.type();
        }
        Aggregates.Spec spec = Aggregates.spec(aggregate, argType, compiler);
        calls.add(aggregate);
        specs.add(spec);
        arguments.add(arg);
        distinct.add(aggregate.distinct());
        return new ColumnBinding(prefix + keyColumns.length + calls.size() - 1, spec.type());
    }

    @Override
    public CompiledSubquery compileSubquery(Query query) throws SQLException {
        return PreparedSubquery.of(planner, query, this);
    }

    private Object[] outer;
    private Object[] firstOuter = new Object[0];

    /** The enclosing row for this run, used when no input row carries it (no rows at all). */
    void outerRow(Object[] values) {
        firstOuter = values;
    }

    /**
     * Reads every input row the filter accepts and returns the group rows: first the groups met
     * while the estimated memory of the groups stayed under {@link SpillLimit}, in first-seen order;
     * past the limit, the rows of groups not yet met (their keys and aggregate arguments) are sorted
     * on disk by key ({@link ExternalSort}, stable, so each group sees its rows in input order) and
     * aggregated one group at a time after them. Closing the rows deletes the spill files.
     */
    SelectExecutor.Input group(SelectExecutor.Input input, Evaluator filter, StatementContext ctx) throws SQLException {
        Map<List<Object>, Group> groups = new LinkedHashMap<>();
        outer = null;
        long limit = SpillLimit.bytes();
        long bytes = 0;
        ExternalSort spilled = null;
        try {
            for (Object[] values = input.next(); values != null; values = input.next()) {
                Object[] in = values;
                if (filter != null && !Boolean.TRUE.equals(filter.eval(i -> in[i], ctx))) {
                    continue;
                }
                Object[] keyValues = new Object[keyColumns.length];
                List<Object> key = new ArrayList<>(keyColumns.length);
                for (int k = 0; k < keyColumns.length; k++) {
                    keyValues[k] = keyColumns[k] >= 0 ? in[keyColumns[k]] : keyExpressions[k].eval(i -> in[i], ctx);
                    key.add(keyValues[k] instanceof byte[] b ? ByteBuffer.wrap(b) : keyValues[k]);
                }
                if (outer == null) {
                    outer = java.util.Arrays.copyOf(in, prefix);
                }
                Group g = groups.get(key);
                if (g == null && spilled != null) {
                    Object[] row = java.util.Arrays.copyOf(keyValues, keyValues.length + specs.size());
                    for (int a = 0; a < specs.size(); a++) {
                        row[keyValues.length + a] = arguments.get(a) == null ? Boolean.TRUE
                                : arguments.get(a).eval(i -> in[i], ctx);
                    }
                    spilled.add(row);
                    continue;
                }
                if (g == null) {
                    g = new Group(keyValues);
                    groups.put(key, g);
                    bytes += 2 * SpillLimit.estimate(keyValues) + 64L * (1 + specs.size());
                }
                for (int a = 0; a < specs.size(); a++) {
                    Object v = arguments.get(a) == null ? Boolean.TRUE : arguments.get(a).eval(i -> in[i], ctx);
                    if (add(g, a, v) && distinct.get(a)) {
                        bytes += 32 + SpillLimit.estimate(v);
                    }
                }
                if (bytes > limit && spilled == null) {
                    spilled = new ExternalSort(RowOrder.values(keyColumns.length), limit, ctx::check);
                }
            }
            if (spilled != null) {
                spilled.finish();
            }
        } catch (SQLException | RuntimeException | Error e) {
            if (spilled != null) {
                try {
                    spilled.close();
                } catch (SQLException suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            throw e;
        }
        if (groups.isEmpty() && keyColumns.length == 0) {
            groups.put(List.of(), new Group(new Object[0])); // aggregates over no rows still make one row
        }
        if (outer == null) {
            outer = firstOuter;
        }
        return new GroupRows(groups.values().iterator(), spilled, ctx);
    }

    /** Adds argument value {@code v} of aggregate {@code a} to {@code g}; whether it was added. */
    private boolean add(Group g, int a, Object v) throws SQLException {
        if (v == null || (distinct.get(a) && !g.seen.get(a).add(v instanceof byte[] b ? ByteBuffer.wrap(b) : v))) {
            return false;
        }
        g.accumulators[a].add(v);
        return true;
    }

    /** The groups kept in memory, then those aggregated from the rows sorted on disk. */
    private final class GroupRows implements SelectExecutor.Input {
        private final java.util.Iterator<Group> inMemory;
        private final ExternalSort spilled;
        private final StatementContext ctx;
        private Object[] pending;

        GroupRows(java.util.Iterator<Group> inMemory, ExternalSort spilled, StatementContext ctx) {
            this.inMemory = inMemory;
            this.spilled = spilled;
            this.ctx = ctx;
        }

        @Override
        public Object[] next() throws SQLException {
            try {
                if (spilled != null) {
                    ctx.check(); // a cancelled statement deletes its files here, before the caller checks
                }
                if (inMemory.hasNext()) {
                    return inMemory.next().row();
                }
                return spilled == null ? null : nextSpilled();
            } catch (SQLException | RuntimeException | Error e) {
                if (spilled != null) {
                    try {
                        spilled.close();
                    } catch (SQLException suppressed) {
                        e.addSuppressed(suppressed);
                    }
                }
                throw e;
            }
        }

        private Object[] nextSpilled() throws SQLException {
            Object[] first = pending != null ? pending : spilled.next();
            pending = null;
            if (first == null) {
                return null;
            }
            int keys = keyColumns.length;
            Group g = new Group(java.util.Arrays.copyOf(first, keys));
            for (Object[] r = first; r != null; r = spilled.next()) {
                for (int k = 0; k < keys; k++) {
                    if (RowOrder.compareValues(r[k], first[k]) != 0) {
                        pending = r;
                        return g.row();
                    }
                }
                for (int a = 0; a < specs.size(); a++) {
                    add(g, a, r[keys + a]);
                }
            }
            return g.row();
        }

        @Override
        public void close() throws SQLException {
            if (spilled != null) {
                spilled.close();
            }
        }
    }

    private final class Group {
        final Object[] keys = new Object[keyColumns.length];
        final Aggregates.Accumulator[] accumulators = new Aggregates.Accumulator[specs.size()];
        final List<Set<Object>> seen = new ArrayList<>();

        Group(Object[] keyValues) {
            System.arraycopy(keyValues, 0, keys, 0, keyValues.length);
            for (int a = 0; a < accumulators.length; a++) {
                accumulators[a] = specs.get(a).newAccumulator();
                seen.add(new HashSet<>());
            }
        }

        Object[] row() throws SQLException {
            Object[] r = new Object[prefix + keys.length + accumulators.length];
            System.arraycopy(outer, 0, r, 0, Math.min(prefix, outer.length));
            System.arraycopy(keys, 0, r, prefix, keys.length);
            for (int a = 0; a < accumulators.length; a++) {
                r[prefix + keys.length + a] = accumulators[a].result();
            }
            return r;
        }
    }
}
