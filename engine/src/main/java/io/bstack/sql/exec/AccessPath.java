package io.bstack.sql.exec;

import io.bstack.btree.Index;
import io.bstack.btree.IndexDef;
import io.bstack.btree.Table;
import io.bstack.btree.TableDef;
import io.bstack.sql.ast.AstPrinter;
import io.bstack.sql.ast.Expression;
import io.bstack.sql.eval.ColumnType;
import io.bstack.sql.eval.Evaluator;
import io.bstack.sql.eval.ExpressionCompiler;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Key selection for one base table. From the WHERE's top-level terms ({@link KeyTerms}) each key
 * (the primary key, every index) fixes a prefix of its columns (equal, IS NULL, IN lists) and
 * may bound the next column (a range); the key fixing most wins (a range counts half a column; a
 * whole unique key fixed to single values beats all). When the rows must come in an ORDER BY's
 * order, a key whose order (forward or reversed, after its fixed columns) is that order wins
 * ties, and is read whole when nothing narrows: then there is no sort. The WHERE still filters
 * every row the path yields, so a path only ever narrows what is read. Stateless; the paths it
 * builds open one {@link RangeScan} per run.
 */
final class AccessPath {
    private AccessPath() {}

    /** Opens the rows of a path, with their keys, for one run. */
    @FunctionalInterface
    interface Opener {
        KeyedRows open(StatementContext ctx, io.bstack.sql.eval.Row row) throws SQLException;
    }

    /**
     * A chosen path: how to open it, how EXPLAIN shows it, and (when the rows come in the ORDER
     * BY's order) the line that replaces the sort, else null.
     */
    record Path(Opener opener, String plan, String order) {
        /** The rows' values only. */
        SelectExecutor.Opener values() {
            return ctx -> {
                KeyedRows rows = opener.open(ctx, io.bstack.sql.eval.Row.EMPTY);
                return () -> {
                    Object[] r = rows.next();
                    return r == null ? null : (Object[]) r[1];
                };
            };
        }
    }

    /** A column an ORDER BY sorts by: its position in the table, direction, where NULLs go. */
    record OrderColumn(int column, boolean descending, boolean nullsFirst) {}

    private record Key(Index index, List<Integer> columns, List<Boolean> descending, boolean unique) {}

    /**
     * The path for {@code table} (the one source of {@code scope}) under {@code where}; null when
     * the table is best scanned. {@code order}: the ORDER BY's columns, when its rows may come in
     * that order instead of being sorted (null: no such wish).
     */
    static Path choose(Table table, FromScope scope, Expression where, List<OrderColumn> order,
            ExpressionCompiler compiler) throws SQLException {
        FromScope.Source source = scope.sources().get(0);
        return choose(table, source, KeyTerms.of(where, scope), order, compiler, TableScope.none());
    }

    /**
     * The path probing {@code right} (the right side's one table, {@code rightSource} in {@code both})
     * once per left row under a join's {@code condition}; null when no key takes a value from the
     * left row.
     */
    static Path join(Table right, FromScope both, int leftWidth, FromScope.Source rightSource, Expression condition,
            ExpressionCompiler compiler) throws SQLException {
        KeyTerms terms = KeyTerms.join(condition, both, leftWidth, rightSource.columns().size());
        return choose(right, rightSource, terms, null, compiler, both);
    }

    private static Path choose(Table table, FromScope.Source source, KeyTerms terms, List<OrderColumn> wanted,
            ExpressionCompiler compiler, io.bstack.sql.eval.Scope values) throws SQLException {
        List<ColumnType> types = source.types();
        List<OrderColumn> order = wanted;
        if (order != null && order.stream().anyMatch(o -> !ordered(types.get(o.column())))) {
            order = null; // compared by other rules than the key's bytes: sorted
        }
        TableDef def = table.def();
        List<Key> keys = new ArrayList<>();
        if (!def.primaryKey().isEmpty()) {
            keys.add(new Key(null, def.primaryKey(), Collections.nCopies(def.primaryKey().size(), false), true));
        }
        for (Index i : table.indexes()) {
            IndexDef d = i.def();
            keys.add(new Key(i, d.columns(), d.descending(), d.unique()));
        }
        Path best = null;
        long bestRank = 0;
        for (Key key : keys) {
            Candidate c = candidate(key, terms, types, source.columns(), compiler, values);
            Boolean reverse = order == null ? null : c.reverse(order);
            long rank = (c.single() && key.unique() ? 1_000_000L : 0) + c.score() * 4L + (reverse != null ? 2 : 0)
                    + (key.unique() ? 1 : 0);
            if (c.score() == 0 && reverse == null) {
                continue;
            }
            if (best == null || rank > bestRank) {
                best = c.path(table, def, reverse, types);
                bestRank = rank;
            }
        }
        return best;
    }

    /** What {@code key} can use of the terms. */
    private static Candidate candidate(Key key, KeyTerms terms, List<ColumnType> types, List<String> names,
            ExpressionCompiler compiler, io.bstack.sql.eval.Scope scope)
            throws SQLException {
        List<RangeScan.Fixed> fixed = new ArrayList<>();
        List<String> described = new ArrayList<>();
        boolean single = true;
        long lookups = 1;
        int n = 0;
        for (; n < key.columns().size(); n++) {
            int col = key.columns().get(n);
            KeyTerms.Term t = terms.get(col);
            if (t == null || !t.fixes() || types.get(col).kind() == ColumnType.Kind.TIMESTAMP_WITH_TIME_ZONE) {
                break;
            }
            RangeScan.Fixed f;
            if (t.equal != null) {
                Evaluator e = constant(t.equal, compiler, scope);
                if (e == null) {
                    break;
                }
                f = new RangeScan.Fixed(List.of(e), false);
            } else if (t.isNull) {
                f = new RangeScan.Fixed(List.of(), true);
            } else {
                List<Evaluator> values = new ArrayList<>();
                for (Expression v : t.in) {
                    Evaluator e = constant(v, compiler, scope);
                    if (e == null) {
                        values = null;
                        break;
                    }
                    values.add(e);
                }
                lookups *= t.in.size();
                if (values == null || lookups > 1024) {
                    break;
                }
                f = new RangeScan.Fixed(values, false);
                single = false;
            }
            fixed.add(f);
            described.add(t.describe(names.get(key.columns().get(n))));
        }
        RangeScan.Bounds bounds = null;
        if (n < key.columns().size()) {
            int col = key.columns().get(n);
            KeyTerms.Term t = terms.get(col);
            if (t != null && t.ranges() && ordered(types.get(col))) {
                Evaluator lower = t.lower == null ? null : constant(t.lower.value(), compiler, scope);
                Evaluator upper = t.upper == null ? null : constant(t.upper.value(), compiler, scope);
                if (lower != null || upper != null) {
                    bounds = new RangeScan.Bounds(lower, lower != null && t.lower.inclusive(), upper,
                            upper != null && t.upper.inclusive());
                    String column = names.get(key.columns().get(n));
                    if (lower != null) {
                        described.add(column + (t.lower.inclusive() ? " >= " : " > ") + AstPrinter.print(t.lower.value()));
                    }
                    if (upper != null) {
                        described.add(column + (t.upper.inclusive() ? " <= " : " < ") + AstPrinter.print(t.upper.value()));
                    }
                }
            }
        }
        return new Candidate(key, fixed, bounds, single && n == key.columns().size() && bounds == null, described);
    }

    /** A constant's evaluator; null when its type compares by other rules than the key's bytes (CHAR pads). */
    private static Evaluator constant(Expression e, ExpressionCompiler compiler, io.bstack.sql.eval.Scope values)
            throws SQLException {
        Evaluator v = compiler.compile(e, values);
        return v.type().kind() == ColumnType.Kind.CHAR ? null : v;
    }

    /** Whether the key's byte order is the order in which the engine compares values of {@code type}. */
    private static boolean ordered(ColumnType type) {
        return type.kind() != ColumnType.Kind.CHAR && type.kind() != ColumnType.Kind.TIMESTAMP_WITH_TIME_ZONE
                && type.kind() != ColumnType.Kind.NULL;
    }

    private record Candidate(Key key, List<RangeScan.Fixed> fixed, List<Boolean> singles, RangeScan.Bounds bounds,
            boolean single, List<String> described) {
        Candidate(Key key, List<RangeScan.Fixed> fixed, RangeScan.Bounds bounds, boolean single, List<String> described) {
            this(key, fixed, fixed.stream().map(f -> f.isNull() || f.values().size() == 1).toList(), bounds, single,
                    described);
        }

        int score() {
            return fixed.size() * 2 + (bounds != null ? 1 : 0);
        }

        /**
         * Whether reading this key yields the rows in {@code order}: null if not, else whether the
         * key is read reversed. Columns fixed to one value are skipped (on both sides).
         */
        Boolean reverse(List<OrderColumn> order) {
            Boolean reverse = null;
            int pos = 0;
            for (OrderColumn o : order) {
                int fixedAt = key.columns().indexOf(o.column());
                if (fixedAt >= 0 && fixedAt < fixed.size() && singles.get(fixedAt)) {
                    continue; // one value: any order
                }
                while (pos < fixed.size() && singles.get(pos)) {
                    pos++;
                }
                if (pos >= key.columns().size()) {
                    return key.index() == null ? Boolean.valueOf(reverse != null && reverse) : null; // PK: rows unique
                }
                if (key.columns().get(pos) != o.column()) {
                    return null;
                }
                boolean desc = key.descending().get(pos);
                boolean rev = o.descending() != desc;
                if ((!desc ^ rev) != o.nullsFirst() || (reverse != null && reverse != rev)) {
                    return null;
                }
                reverse = rev;
                pos++;
            }
            return reverse == null ? Boolean.FALSE : reverse;
        }

        Path path(Table table, TableDef def, Boolean reverse, List<ColumnType> types) {
            String name = def.schema() + "." + def.name();
            boolean back = reverse != null && reverse;
            List<ColumnType> keyTypes = key.columns().stream().map(types::get).toList();
            RangeScan scan = new RangeScan(table, key.index(), keyTypes, key.descending(), fixed, bounds, back);
            String terms = " (" + String.join(", ", described) + ")";
            String plan;
            if (key.index() == null) {
                plan = fixed.isEmpty() && bounds == null ? "SCAN " + name
                        : fixed.size() == key.columns().size() ? "PRIMARY KEY LOOKUP " + name + terms
                        : "PRIMARY KEY RANGE " + name + terms;
            } else {
                String index = def.schema() + "." + key.index().def().name() + " ON " + name;
                plan = bounds != null ? "INDEX RANGE " + index + terms : !fixed.isEmpty() ? "INDEX " + index + terms
                        : "INDEX SCAN " + index;
            }
            String order = reverse == null ? null : "ORDER BY " + (key.index() == null ? "PRIMARY KEY " + name
                    : "INDEX " + def.schema() + "." + key.index().def().name()) + (back ? " REVERSE" : "");
            return new Path(scan::open, plan, order);
        }
    }
}
