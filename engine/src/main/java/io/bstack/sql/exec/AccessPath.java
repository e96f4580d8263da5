package io.bstack.sql.exec;

import io.bstack.btree.Index;
import io.bstack.btree.IndexDef;
import io.bstack.btree.RowView;
import io.bstack.btree.Table;
import io.bstack.btree.TableDef;
import io.bstack.sql.ast.AstPrinter;
import io.bstack.sql.ast.Expression;
import io.bstack.sql.eval.Casts;
import io.bstack.sql.eval.ColumnBinding;
import io.bstack.sql.eval.ColumnType;
import io.bstack.sql.eval.Evaluator;
import io.bstack.sql.eval.ExpressionCompiler;
import io.bstack.sql.eval.Row;
import java.io.IOException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Index selection for one base table: from the WHERE's top-level {@code column = constant}
 * conjuncts, the primary key when they fix all its columns (one row looked up), else the index
 * fixing the longest prefix of its columns (unique indexes first); otherwise the scan. The WHERE
 * still filters every row the path yields, so a path only ever narrows what is read. A constant
 * that does not convert to its column's type, or is NULL, leaves the scan (which then reports or
 * filters it as the comparison does).
 */
final class AccessPath {
    private AccessPath() {}

    /** What the planner needs of the FROM: how to open it and how to describe it. */
    record Path(SelectExecutor.Opener opener, String plan) {}

    static Path choose(Table table, FromScope scope, Expression where, ExpressionCompiler compiler,
            SelectExecutor.Opener scan, String scanPlan) throws SQLException {
        Map<Integer, Expression> fixed = new HashMap<>();
        for (Expression c : conjuncts(where)) {
            if (c instanceof Expression.Binary b && b.operator() == Expression.BinaryOperator.EQUAL) {
                equality(b.left(), b.right(), scope, fixed);
                equality(b.right(), b.left(), scope, fixed);
            }
        }
        if (fixed.isEmpty()) {
            return new Path(scan, scanPlan);
        }
        TableDef def = table.def();
        String name = def.schema() + "." + def.name();
        if (!def.primaryKey().isEmpty() && fixed.keySet().containsAll(def.primaryKey())) {
            List<Integer> cols = def.primaryKey();
            List<Evaluator> values = compile(cols, fixed, compiler);
            return new Path(ctx -> {
                Object[] row = new Object[def.columns().size()];
                if (!bind(cols, values, scope, row, ctx)) {
                    return scan.open(ctx);
                }
                RowView v = read(() -> table.get(table.keyOf(Arrays.asList(row))));
                List<Object[]> found = new ArrayList<>();
                if (v != null) {
                    found.add(values(v));
                }
                Iterator<Object[]> it = found.iterator();
                return () -> it.hasNext() ? it.next() : null;
            }, "PRIMARY KEY LOOKUP " + name + " (" + describe(cols, fixed, def) + ")");
        }
        Index best = null;
        int bestLength = 0;
        for (Index i : table.indexes()) {
            IndexDef d = i.def();
            int n = 0;
            while (n < d.columns().size() && fixed.containsKey(d.columns().get(n))) {
                n++;
            }
            if (n > bestLength || (n == bestLength && n > 0 && d.unique() && !best.def().unique())) {
                best = i;
                bestLength = n;
            }
        }
        if (best == null) {
            return new Path(scan, scanPlan);
        }
        Index index = best;
        List<Integer> cols = index.def().columns().subList(0, bestLength);
        List<Evaluator> values = compile(cols, fixed, compiler);
        return new Path(ctx -> {
            Object[] row = new Object[def.columns().size()];
            if (!bind(cols, values, scope, row, ctx)) {
                return scan.open(ctx);
            }
            List<Object> prefix = new ArrayList<>();
            for (int c : cols) {
                prefix.add(row[c]);
            }
            List<byte[]> keys = read(() -> index.find(prefix));
            Iterator<byte[]> it = keys.iterator();
            return () -> {
                while (it.hasNext()) {
                    byte[] k = it.next();
                    RowView v = read(() -> table.get(k));
                    if (v != null) {
                        return values(v);
                    }
                }
                return null;
            };
        }, "INDEX " + def.schema() + "." + index.def().name() + " ON " + name + " (" + describe(cols, fixed, def) + ")");
    }

    private static List<Expression> conjuncts(Expression e) {
        List<Expression> out = new ArrayList<>();
        if (e instanceof Expression.Binary b && b.operator() == Expression.BinaryOperator.AND) {
            out.addAll(conjuncts(b.left()));
            out.addAll(conjuncts(b.right()));
        } else if (e != null) {
            out.add(e);
        }
        return out;
    }

    /** Records {@code column = value} when {@code column} is one of the table's and {@code value} reads no column. */
    private static void equality(Expression column, Expression value, FromScope scope, Map<Integer, Expression> fixed) {
        if (!(column instanceof Expression.ColumnRef ref) || readsColumns(value)) {
            return;
        }
        try {
            ColumnBinding b = scope.resolve(ref);
            if (b.index() >= scope.prefix() && b.index() < scope.width()) {
                fixed.putIfAbsent(b.index() - scope.prefix(), value);
            }
        } catch (SQLException notOurs) {
            // a name of another scope, or none: not an access path
        }
    }

    /** Whether {@code e} reads a column, a subquery or an aggregate: then it is no constant for a key. */
    private static boolean readsColumns(Object e) {
        return AstSearch.any(e, n -> n instanceof Expression.ColumnRef || n instanceof io.bstack.sql.ast.Query
                || n instanceof Expression.FunctionCall f && Aggregates.NAMES.contains(f.name()));
    }

    private static List<Evaluator> compile(List<Integer> cols, Map<Integer, Expression> fixed, ExpressionCompiler compiler)
            throws SQLException {
        List<Evaluator> out = new ArrayList<>();
        for (int c : cols) {
            out.add(compiler.compile(fixed.get(c), TableScope.none()));
        }
        return out;
    }

    /** Evaluates the constants into {@code row} at their columns; false if one is NULL or does not convert. */
    private static boolean bind(List<Integer> cols, List<Evaluator> values, FromScope scope, Object[] row,
            StatementContext ctx) throws SQLException {
        FromScope.Source source = scope.sources().get(0);
        for (int k = 0; k < cols.size(); k++) {
            Object v = values.get(k).eval(Row.EMPTY, ctx);
            ColumnType type = source.types().get(cols.get(k));
            if (v == null) {
                return false;
            }
            try {
                if (Casts.comparisonType(Casts.typeOf(v), type).kind() != type.kind()) {
                    return false; // compared in another type (a string column and a number): the scan decides
                }
                row[cols.get(k)] = Casts.cast(v, type);
            } catch (SQLException conversion) {
                return false;
            }
        }
        return true;
    }

    private static String describe(List<Integer> cols, Map<Integer, Expression> fixed, TableDef def) {
        List<String> parts = new ArrayList<>();
        for (int c : cols) {
            parts.add(def.columns().get(c).name() + " = " + AstPrinter.print(fixed.get(c)));
        }
        return String.join(", ", parts);
    }

    private static Object[] values(RowView v) throws SQLException {
        return read(() -> v.values().toArray());
    }

    private interface Read<T> {
        T get() throws IOException;
    }

    private static <T> T read(Read<T> r) throws SQLException {
        try {
            return r.get();
        } catch (IOException e) {
            throw new SQLException("reading a table failed: " + e, "HY000", e);
        }
    }
}
