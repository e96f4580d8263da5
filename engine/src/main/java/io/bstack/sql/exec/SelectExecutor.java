package io.bstack.sql.exec;

import io.bstack.btree.Catalog;
import io.bstack.btree.Table;
import io.bstack.btree.TableCursor;
import io.bstack.btree.TableDef;
import io.bstack.sql.ast.AstPrinter;
import io.bstack.sql.ast.Expression;
import io.bstack.sql.ast.OrderItem;
import io.bstack.sql.ast.Query;
import io.bstack.sql.ast.SelectItem;
import io.bstack.sql.ast.TableRef;
import io.bstack.sql.eval.ColumnType;
import io.bstack.sql.eval.Lobs;
import io.bstack.sql.eval.Evaluator;
import io.bstack.sql.eval.ExpressionCompiler;
import io.bstack.sql.eval.Row;
import java.io.IOException;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLSyntaxErrorException;
import java.util.ArrayList;
import java.util.List;

/**
 * Plans and runs a query over at most one table: {@code SELECT [DISTINCT] items [FROM t [alias]]
 * [WHERE ..] [ORDER BY ..] [LIMIT/OFFSET ..]}. Expressions are compiled once; rows stream from a
 * table scan through the filter and projection; ORDER BY and DISTINCT gather the rows first (in
 * memory up to {@link SpillLimit}, then on disk). Joins, grouping, aggregates, set operations,
 * subqueries and views are refused with {@code 0A000} until this version executes them.
 *
 * <p>Tables of {@code INFORMATION_SCHEMA} are read like derived tables: their rows are built when
 * the query is planned, from the catalog it sees. Each result column reports the table column it
 * reads unchanged, where there is one ({@link QueryResult#columns()}).
 */
final class SelectExecutor {
    private final Catalog catalog;
    private final String defaultSchema;
    private final ExpressionCompiler compiler;
    private final List<?> parameters;
    private final SystemInfo system;
    /** Whether views are being planned to list their columns (INFORMATION_SCHEMA.COLUMNS then omits views). */
    private final boolean listingViews;
    /** Whether a plan made here read rows when it was planned (INFORMATION_SCHEMA): it cannot run again. */
    private boolean readWhenPlanned;

    /**
     * What INFORMATION_SCHEMA shows to the statement running in this scope, for the executors that
     * plan queries inside INSERT, UPDATE and DELETE (they do not carry it themselves).
     */
    static final ScopedValue<SystemInfo> STATEMENT_SYSTEM = ScopedValue.newInstance();

    /** An executor whose INFORMATION_SCHEMA shows the statement's {@link #STATEMENT_SYSTEM} (or none). */
    SelectExecutor(Catalog catalog, String defaultSchema, ExpressionCompiler compiler, List<?> parameters) {
        this(catalog, defaultSchema, compiler, parameters, STATEMENT_SYSTEM.orElse(SystemInfo.NONE));
    }

    /** An executor whose INFORMATION_SCHEMA shows {@code system}'s name and sessions. */
    SelectExecutor(Catalog catalog, String defaultSchema, ExpressionCompiler compiler, List<?> parameters,
            SystemInfo system) {
        this(catalog, defaultSchema, compiler, parameters, system, false);
    }

    private SelectExecutor(Catalog catalog, String defaultSchema, ExpressionCompiler compiler, List<?> parameters,
            SystemInfo system, boolean listingViews) {
        this.catalog = catalog;
        this.defaultSchema = defaultSchema;
        this.compiler = compiler;
        this.parameters = parameters;
        this.system = system;
        this.listingViews = listingViews;
    }

    /** A query planned once: its columns, and a way to run it (for a subquery: per outer row). */
    interface Planned {
        List<String> labels();

        List<ColumnType> types();

        /** What each column is and which table column it reads, where known. */
        default List<ResultColumn> columns() {
            return computed(labels(), types());
        }

        /** Runs the query; {@code outer} is the enclosing query's row (ignored at the top level). */
        QueryResult open(Row outer, StatementContext ctx, AutoCloseable onClose) throws SQLException;

        /** Whether the query reads the enclosing row (if not, one run serves every outer row). */
        default boolean correlated() {
            return false;
        }

        /** The plan as EXPLAIN prints it. */
        String plan();
    }

    /** The plan of {@code query}, as EXPLAIN prints it. */
    String explain(Query query) throws SQLException, IOException {
        return plan(query, null).plan();
    }

    /** Runs {@code query}; {@code onClose} runs when the result is closed. */
    QueryResult execute(Query query, AutoCloseable onClose) throws SQLException, IOException {
        return plan(query, null).open(Row.EMPTY, context(), onClose);
    }

    /** A new run's context: this executor's catalog (its transaction), schema and parameter values. */
    StatementContext context() {
        return new StatementContext(catalog, defaultSchema, parameters);
    }

    /**
     * Whether the plans made here can run again, in other transactions ({@link PlanCache}): not when
     * one read rows while it was planned (a table of INFORMATION_SCHEMA).
     */
    boolean reusable() {
        return !readWhenPlanned;
    }

    /** Plans {@code query}, inside the query of {@code parent} (null at the top level). */
    Planned plan(Query query, Layout parent) throws SQLException, IOException {
        List<OrderItem> orderBy = List.of();
        Expression limit = null;
        Expression offset = null;
        Query body = query;
        if (query instanceof Query.Ordered o) {
            body = o.body();
            orderBy = o.orderBy();
            limit = o.limit();
            offset = o.offset();
        }
        if (body instanceof Query.SetOperation || body instanceof Query.Values) {
            return combined(body, orderBy, limit, offset);
        }
        if (!(body instanceof Query.Select select)) {
            throw new SQLFeatureNotSupportedException(body.getClass().getSimpleName()
                    + " queries are not executed by this version yet", "0A000");
        }
        StatementContext planCtx = new StatementContext(catalog, defaultSchema, parameters);
        From planned = from(select.from(), select.where(), planCtx);
        FromScope scope = planned.scope().under(parent, this::plan);
        From from = planned;
        boolean grouped = !select.groupBy().isEmpty() || select.having() != null || Aggregates.contains(select.items(), compiler)
                || Aggregates.contains(orderBy, compiler);
        String keyOrder = null; // the line replacing the sort when the path yields the ORDER BY's order
        if (planned.base() != null) {
            List<AccessPath.OrderColumn> wanted = grouped || select.distinct() || orderBy.isEmpty() ? null
                    : orderColumns(orderBy, select, scope);
            AccessPath.Path path = AccessPath.choose(planned.base(), scope, select.where(), wanted, compiler);
            if (path != null) {
                from = new From(planned.scope(), path.values(), path.plan(), planned.base(), planned.origins());
                keyOrder = path.order();
            }
        }
        int prefix = scope.prefix();
        GroupScope groups = grouped ? new GroupScope(scope, prefix, select.groupBy(), compiler, this::plan) : null;
        io.bstack.sql.eval.Scope itemScope = grouped ? groups : scope;
        List<String> labels = new ArrayList<>();
        List<Evaluator> items = new ArrayList<>();
        List<ResultColumn> origins = new ArrayList<>(); // per item: the FROM column it reads unchanged, or null
        for (SelectItem item : select.items()) {
            switch (item) {
                case SelectItem.AllColumns all -> {
                    if (scope.sources().isEmpty()) {
                        throw new SQLSyntaxErrorException("SELECT * needs a FROM clause", "42000");
                    }
                    boolean any = false;
                    for (FromScope.Source src : scope.sources()) {
                        List<String> q = all.qualifier();
                        boolean named = q.isEmpty() || (q.size() == 1 && q.get(0).equals(src.qualifier()))
                                || (q.size() == 2 && q.get(0).equals(src.schema()) && q.get(1).equals(src.table()));
                        if (!named) {
                            continue;
                        }
                        any = true;
                        for (int i = 0; i < src.columns().size(); i++) {
                            items.add(grouped ? compiler.compile(new Expression.ColumnRef(List.of(src.qualifier(),
                                    src.columns().get(i))), itemScope) : projected(src.offset() + i, src.types().get(i)));
                            labels.add(src.columns().get(i));
                            origins.add(planned.origins().get(src.offset() - prefix + i));
                        }
                    }
                    if (!any) {
                        throw new SQLSyntaxErrorException("no table " + String.join(".", all.qualifier())
                                + " in FROM for " + String.join(".", all.qualifier()) + ".*", "42S02");
                    }
                }
                case SelectItem.Column c -> {
                    if (!grouped && c.expression() instanceof Expression.ColumnRef ref) {
                        // read unchanged: a large value passes on by reference (Rows reads it if it must)
                        io.bstack.sql.eval.ColumnBinding b = scope.resolve(ref);
                        items.add(projected(b.index(), b.type()));
                    } else {
                        items.add(compiler.compile(grouped ? groups.grouped(c.expression()) : c.expression(), itemScope));
                    }
                    labels.add(c.alias() != null ? c.alias()
                            : c.expression() instanceof Expression.ColumnRef r ? r.parts().get(r.parts().size() - 1)
                            : AstPrinter.print(c.expression()));
                    origins.add(origin(c.expression(), scope, prefix, planned.origins()));
                }
            }
        }
        Evaluator where = select.where() == null ? null : compiler.compile(select.where(), scope);
        Evaluator having = select.having() == null ? null : compiler.compile(groups.grouped(select.having()), groups);
        List<Evaluator> keys = new ArrayList<>();
        List<OrderItem> order = new ArrayList<>();
        for (OrderItem o : orderBy) {
            keys.add(orderKey(grouped ? groups.grouped(o.expression()) : o.expression(), select, labels, items,
                    itemScope));
            order.add(o);
        }
        List<ColumnType> types = items.stream().map(Evaluator::type).toList();
        List<ResultColumn> columns = new ArrayList<>();
        for (int i = 0; i < labels.size(); i++) {
            columns.add(relabel(origins.get(i), labels.get(i), types.get(i)));
        }
        Expression limitExpr = limit;
        Expression offsetExpr = offset;
        boolean distinct = select.distinct();
        From source0 = from;
        boolean inOrder = keyOrder != null;
        String keyLine = keyOrder;
        List<OrderItem> sortedBy = orderBy;
        java.util.function.Supplier<String> planText = memo(() -> {
            StringBuilder text = new StringBuilder("SELECT").append(distinct ? " DISTINCT" : "");
            text.append('\n').append(indent(source0.plan()));
            if (where != null) {
                text.append("\n  FILTER ").append(AstPrinter.print(select.where()));
            }
            if (grouped) {
                text.append("\n  GROUP").append(select.groupBy().isEmpty() ? " (one group)" : " BY "
                        + select.groupBy().stream().map(AstPrinter::print).collect(java.util.stream.Collectors.joining(", ")));
            }
            if (having != null) {
                text.append("\n  HAVING ").append(AstPrinter.print(select.having()));
            }
            if (keyLine != null) {
                text.append("\n  ").append(keyLine);
            } else if (!keys.isEmpty()) {
                text.append("\n  SORT ").append(sortedBy.stream().map(o -> AstPrinter.print(o.expression())
                        + (o.descending() ? " DESC" : "")).collect(java.util.stream.Collectors.joining(", ")));
            }
            if (limitExpr != null || offsetExpr != null) {
                text.append("\n  LIMIT");
            }
            return text.toString();
        });
        return new Planned() {
            @Override
            public String plan() {
                return planText.get();
            }

            @Override
            public List<String> labels() {
                return labels;
            }

            @Override
            public List<ColumnType> types() {
                return types;
            }

            @Override
            public List<ResultColumn> columns() {
                return columns;
            }

            @Override
            public boolean correlated() {
                return scope.usedParent();
            }

            @Override
            public QueryResult open(Row outer, StatementContext ctx, AutoCloseable onClose) throws SQLException {
                long skip = constant(offsetExpr, ctx, "OFFSET");
                long max = limitExpr == null ? Long.MAX_VALUE : constant(limitExpr, ctx, "LIMIT");
                Object[] outerValues = new Object[prefix];
                for (int i = 0; i < prefix; i++) {
                    outerValues[i] = outer.get(i);
                }
                Input input = prefixed(outerValues, source0.open(ctx));
                Rows rows;
                boolean streamed = (keys.isEmpty() || inOrder) && !distinct; // else rows are compared or spilled
                if (grouped) {
                    groups.outerRow(outerValues);
                    rows = new Rows(groups.group(input, where, ctx), having, items, keys, ctx, !streamed);
                } else {
                    rows = new Rows(input, where, items, keys, ctx, !streamed);
                }
                Source source = streamed ? rows : Gathered.of(rows, distinct, order, keys);
                return new Result(labels, types, columns, source, skip, max, onClose);
            }
        };
    }

    /** {@code text} computed on first use only (plans are printed by EXPLAIN, not by every run). */
    private static java.util.function.Supplier<String> memo(java.util.function.Supplier<String> text) {
        return new java.util.function.Supplier<>() {
            private String known;

            @Override
            public String get() {
                if (known == null) {
                    known = text.get();
                }
                return known;
            }
        };
    }

    /** Every column computed. */
    static List<ResultColumn> computed(List<String> labels, List<ColumnType> types) {
        List<ResultColumn> out = new ArrayList<>(labels.size());
        for (int i = 0; i < labels.size(); i++) {
            out.add(ResultColumn.computed(labels.get(i), types.get(i)));
        }
        return List.copyOf(out);
    }

    /** {@code origin} under a new label and type; computed when there is no origin. */
    private static ResultColumn relabel(ResultColumn origin, String label, ColumnType type) {
        return origin == null ? ResultColumn.computed(label, type) : new ResultColumn(label, type, origin.schema(),
                origin.table(), origin.column(), origin.nullable(), origin.autoIncrement());
    }

    /** {@code origin} on the NULL-extended side of an outer join. */
    private static ResultColumn nullable(ResultColumn origin) {
        return origin == null ? null : new ResultColumn(origin.label(), origin.type(), origin.schema(), origin.table(),
                origin.column(), ResultColumn.NULLABLE, origin.autoIncrement());
    }

    /** The FROM column a select item reads unchanged (a plain column reference), or null. */
    private static ResultColumn origin(Expression e, FromScope scope, int prefix, List<ResultColumn> origins)
            throws SQLException {
        if (!(e instanceof Expression.ColumnRef ref)) {
            return null;
        }
        int index;
        try {
            index = scope.resolve(ref).index() - prefix;
        } catch (SQLException unbound) {
            return null; // bound elsewhere (the item compiled): not a column of this FROM
        }
        return index >= 0 && index < origins.size() ? origins.get(index) : null; // below: the enclosing query's row
    }

    private static String indent(String plan) {
        return "  " + plan.replace("\n", "\n  ");
    }

    /** The rows of {@code in}, each after the enclosing row's values. */
    private static Input prefixed(Object[] outer, Input in) {
        if (outer.length == 0) {
            return in;
        }
        return () -> {
            Object[] r = in.next();
            if (r == null) {
                return null;
            }
            Object[] both = java.util.Arrays.copyOf(outer, outer.length + r.length);
            System.arraycopy(r, 0, both, outer.length, r.length);
            return both;
        };
    }

    /**
     * A planned FROM: what it names, how to read its rows (again, for the right side of a join), and
     * for each value of its row the table column it reads unchanged (null: computed).
     */
    private record From(FromScope scope, Opener opener, String plan, Table base, List<ResultColumn> origins) {
        From(FromScope scope, Opener opener, String plan, List<ResultColumn> origins) {
            this(scope, opener, plan, null, origins);
        }

        Input open(StatementContext ctx) throws SQLException {
            return opener.open(ctx);
        }
    }

    /** Opens a FROM's rows for one run of the statement. */
    @FunctionalInterface
    interface Opener {
        Input open(StatementContext ctx) throws SQLException;
    }

    /**
     * The FROM list. Base tables are joined in {@link JoinOrder} by their estimated rows when the
     * WHERE has conjuncts (the row then keeps the FROM's layout); each table after the first is joined
     * to those before it by the WHERE's {@code column = column} conjuncts between them when there are
     * such (of types that compare without conversions, see {@link JoinKey}), as an INNER join (the
     * WHERE still filters every row, so the rows are those of the CROSS join it filters), else as a
     * CROSS join.
     */
    private From from(List<TableRef> refs, Expression where, StatementContext ctx) throws SQLException, IOException {
        if (refs.isEmpty()) {
            return new From(FromScope.empty(), c -> new TableInput(null), "NO TABLE (one row)", List.of());
        }
        List<From> items = new ArrayList<>();
        for (TableRef ref : refs) {
            From item = from(ref, ctx);
            items.add(refs.size() > 1 && where != null ? pushedDown(item, where) : item);
        }
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            order.add(i);
        }
        List<Long> sizes = new ArrayList<>();
        if (items.size() > 1 && where != null && items.stream().allMatch(f -> f.base() != null)) {
            for (From f : items) {
                sizes.add(estimatedRows(f, where));
            }
            order = JoinOrder.order(sizes, new JoinOrder.Links() {
                @Override
                public boolean linked(int candidate, List<Integer> chosen) {
                    return on(where, scopeOf(items, chosen), items.get(candidate).scope()) != null;
                }

                @Override
                public boolean probed(int candidate, List<Integer> chosen) throws SQLException {
                    FromScope left = scopeOf(items, chosen);
                    From right = items.get(candidate);
                    Expression on = on(where, left, right.scope());
                    return on != null && right.scope().sources().size() == 1 && AccessPath.join(right.base(),
                            FromScope.join(left, right.scope()), left.width(), right.scope().sources().get(0), on,
                            compiler) != null;
                }
            });
        }
        From acc = items.get(order.get(0));
        for (int i = 1; i < order.size(); i++) {
            From right = items.get(order.get(i));
            FromScope both = FromScope.join(acc.scope(), right.scope());
            Expression on = on(where, acc.scope(), right.scope());
            acc = on == null ? join(acc, right, TableRef.JoinType.CROSS, null, ctx)
                    : joined(acc, right, TableRef.JoinType.INNER, on, compiler.compile(on, both), ctx);
        }
        boolean reordered = false;
        for (int i = 0; i < order.size(); i++) {
            reordered |= order.get(i) != i;
        }
        return reordered ? inFromOrder(items, order, sizes, acc) : acc;
    }

    /**
     * Base table {@code f} of a FROM list read through the WHERE's conjuncts that read only its
     * columns: by a key when one fits ({@link AccessPath}), and filtered, so a join meets only the
     * rows the WHERE can keep. The WHERE still filters every joined row, so this only reads less.
     */
    private From pushedDown(From f, Expression where) throws SQLException {
        if (f.base() == null || f.scope().sources().size() != 1) {
            return f;
        }
        Expression local = null;
        for (Expression c : KeyTerms.conjuncts(where)) {
            if (readsOnly(c, f.scope())) {
                local = local == null ? c : new Expression.Binary(Expression.BinaryOperator.AND, local, c);
            }
        }
        if (local == null) {
            return f;
        }
        AccessPath.Path path = AccessPath.choose(f.base(), f.scope(), local, null, compiler);
        Opener rows = path != null ? path.values() : f.opener();
        Evaluator filter = compiler.compile(local, f.scope());
        Opener filtered = c -> {
            Input in = rows.open(c);
            return () -> {
                for (Object[] r = in.next(); r != null; r = in.next()) {
                    Object[] row = r;
                    if (Boolean.TRUE.equals(filter.eval(x -> row[x], c))) {
                        return row;
                    }
                }
                return null;
            };
        };
        return new From(f.scope(), filtered, "FILTER " + AstPrinter.print(local) + "\n"
                + indent(path != null ? path.plan() : f.plan()), f.base(), f.origins());
    }

    /** Whether {@code e} reads columns, all of {@code scope}, and no subquery or aggregate. */
    private static boolean readsOnly(Expression e, FromScope scope) {
        boolean[] reads = new boolean[1];
        boolean foreign = AstSearch.any(e, n -> {
            if (n instanceof Query || n instanceof Expression.FunctionCall fc && Aggregates.NAMES.contains(fc.name())) {
                return true;
            }
            if (n instanceof Expression.ColumnRef r) {
                reads[0] = true;
                try {
                    scope.resolve(r);
                } catch (SQLException elsewhere) {
                    return true;
                }
            }
            return false;
        });
        return reads[0] && !foreign;
    }

    /** The rows of base table {@code f} that {@code where} keeps, by the catalog's statistics ({@link Selectivity}). */
    private long estimatedRows(From f, Expression where) throws IOException {
        TableDef def = f.base().def();
        return Selectivity.rows(f.base().estimatedRows(), catalog.statistics(def.schema(), def.name()),
                f.scope().sources().get(0).columns(), KeyTerms.of(where, f.scope()));
    }

    /** The scope of {@code items} joined in the order {@code chosen}. */
    private static FromScope scopeOf(List<From> items, List<Integer> chosen) {
        FromScope scope = items.get(chosen.get(0)).scope();
        for (int i = 1; i < chosen.size(); i++) {
            scope = FromScope.join(scope, items.get(chosen.get(i)).scope());
        }
        return scope;
    }

    /** The WHERE's conjuncts joining {@code right} to {@code left} as hash keys would (null: none). */
    private static Expression on(Expression where, FromScope left, FromScope right) {
        FromScope both = FromScope.join(left, right);
        Expression on = null;
        for (Expression c : KeyTerms.conjuncts(where)) {
            if (!hashKeys(c, both, left.width()).isEmpty()) {
                on = on == null ? c : new Expression.Binary(Expression.BinaryOperator.AND, on, c);
            }
        }
        return on;
    }

    /** {@code joined} (the items joined in {@code order}) with each row laid out in the FROM's order again. */
    private static From inFromOrder(List<From> items, List<Integer> order, List<Long> sizes, From joined) {
        int n = items.size();
        int[] width = new int[n];
        int[] fromAt = new int[n];
        int[] joinedAt = new int[n];
        FromScope scope = items.get(0).scope();
        List<ResultColumn> origins = new ArrayList<>(items.get(0).origins());
        for (int i = 0; i < n; i++) {
            width[i] = items.get(i).scope().width();
            if (i > 0) {
                fromAt[i] = fromAt[i - 1] + width[i - 1];
                scope = FromScope.join(scope, items.get(i).scope());
                origins.addAll(items.get(i).origins());
            }
        }
        int at = 0;
        List<String> names = new ArrayList<>();
        for (int i : order) {
            joinedAt[i] = at;
            at += width[i];
            FromScope.Source s = items.get(i).scope().sources().get(0);
            names.add(s.qualifier() + " (~" + sizes.get(i) + " rows)");
        }
        int total = at;
        return new From(scope, c -> {
            Input in = joined.open(c);
            return () -> {
                Object[] r = in.next();
                if (r == null) {
                    return null;
                }
                Object[] out = new Object[total];
                for (int i = 0; i < n; i++) {
                    System.arraycopy(r, joinedAt[i], out, fromAt[i], width[i]);
                }
                return out;
            };
        }, "JOIN ORDER " + String.join(", ", names) + "\n" + indent(joined.plan()), origins);
    }

    private From from(TableRef ref, StatementContext ctx) throws SQLException, IOException {
        return switch (ref) {
            case TableRef.Table t -> table(t);
            case TableRef.Derived d -> derived(d.query(), d.alias(), d.columnAliases());
            case TableRef.Join j -> {
                From left = from(j.left(), ctx);
                From right = from(j.right(), ctx);
                FromScope both = FromScope.join(left.scope(), right.scope());
                Evaluator condition = j.condition() != null ? compiler.compile(j.condition(), both)
                        : !j.using().isEmpty() ? using(left.scope(), right.scope(), both, j.using())
                        : j.natural() ? using(left.scope(), right.scope(), both, commonColumns(left.scope(), right.scope()))
                        : null;
                yield joined(left, right, j.type(), j.condition(), condition, ctx);
            }
        };
    }

    /**
     * {@code left} joined to {@code right} under {@code on} (null: USING, NATURAL or none;
     * {@code condition} is its compiled form): an index join when a key of the right table takes
     * values from the left row (INNER, LEFT), else a hash join on equal columns, else a nested loop.
     */
    private From joined(From left, From right, TableRef.JoinType type, Expression on, Evaluator condition,
            StatementContext ctx) throws SQLException {
        FromScope both = FromScope.join(left.scope(), right.scope());
        if (on != null && (type == TableRef.JoinType.INNER || type == TableRef.JoinType.LEFT) && right.base() != null
                && right.scope().sources().size() == 1) {
            AccessPath.Path probe = AccessPath.join(right.base(), both, left.scope().width(),
                    right.scope().sources().get(0), on, compiler);
            if (probe != null) {
                return indexJoin(left, right, type, condition, probe);
            }
        }
        List<HashJoinInput.KeyPair> keys = on == null ? List.of() : hashKeys(on, both, left.scope().width());
        if (!keys.isEmpty()) {
            return hashJoin(left, right, type, condition, keys);
        }
        return join(left, right, type, condition, ctx);
    }

    private From join(From left, From right, TableRef.JoinType type, Evaluator condition, StatementContext ctx)
            throws SQLException {
        FromScope both = FromScope.join(left.scope(), right.scope());
        int lw = left.scope().width();
        int rw = right.scope().width();
        List<ResultColumn> origins = new ArrayList<>();
        boolean leftNullable = type == TableRef.JoinType.RIGHT || type == TableRef.JoinType.FULL;
        boolean rightNullable = type == TableRef.JoinType.LEFT || type == TableRef.JoinType.FULL;
        left.origins().forEach(o -> origins.add(leftNullable ? nullable(o) : o));
        right.origins().forEach(o -> origins.add(rightNullable ? nullable(o) : o));
        return new From(both, c -> new JoinInput(left.open(c), drain(right.open(c)), condition, type, lw, rw, c),
                "NESTED LOOP " + type + " JOIN" + (condition == null ? "" : " ON condition") + "\n"
                        + indent(left.plan()) + "\n" + indent(right.plan()), origins);
    }

    /** {@code left} joined to {@code right}'s table probed per left row through {@code probe}. */
    private From indexJoin(From left, From right, TableRef.JoinType type, Evaluator condition, AccessPath.Path probe) {
        FromScope both = FromScope.join(left.scope(), right.scope());
        int lw = left.scope().width();
        int rw = right.scope().width();
        List<ResultColumn> origins = new ArrayList<>(left.origins());
        right.origins().forEach(o -> origins.add(type == TableRef.JoinType.LEFT ? nullable(o) : o));
        AccessPath.Opener opener = probe.opener();
        return new From(both, c -> new IndexJoinInput(left.open(c), opener, condition, type, lw, rw, c),
                "INDEX JOIN " + type + " ON condition\n" + indent(left.plan()) + "\n" + indent(probe.plan()), origins);
    }

    /**
     * The {@code left column = right column} conjuncts of a join condition whose types hash
     * ({@link JoinKey}): a hash join's keys (none: no hash join).
     */
    private static List<HashJoinInput.KeyPair> hashKeys(Expression condition, FromScope both, int leftWidth) {
        List<HashJoinInput.KeyPair> out = new ArrayList<>();
        for (Expression c : KeyTerms.conjuncts(condition)) {
            if (c instanceof Expression.Binary b && b.operator() == Expression.BinaryOperator.EQUAL
                    && b.left() instanceof Expression.ColumnRef x && b.right() instanceof Expression.ColumnRef y) {
                io.bstack.sql.eval.ColumnBinding l;
                io.bstack.sql.eval.ColumnBinding r;
                try {
                    l = both.resolve(x);
                    r = both.resolve(y);
                } catch (SQLException unbound) {
                    continue;
                }
                if (l.index() >= leftWidth) {
                    io.bstack.sql.eval.ColumnBinding t = l;
                    l = r;
                    r = t;
                }
                if (l.index() >= leftWidth || r.index() < leftWidth || r.index() >= both.width()) {
                    continue;
                }
                JoinKey key = JoinKey.of(l.type(), r.type());
                if (key != null) {
                    out.add(new HashJoinInput.KeyPair(l.index(), r.index() - leftWidth, key));
                }
            }
        }
        return out;
    }

    /** {@code left} joined to {@code right} by hashing the right rows on {@code keys}. */
    private From hashJoin(From left, From right, TableRef.JoinType type, Evaluator condition,
            List<HashJoinInput.KeyPair> keys) {
        FromScope both = FromScope.join(left.scope(), right.scope());
        int lw = left.scope().width();
        int rw = right.scope().width();
        List<ResultColumn> origins = new ArrayList<>();
        boolean leftNullable = type == TableRef.JoinType.RIGHT || type == TableRef.JoinType.FULL;
        boolean rightNullable = type == TableRef.JoinType.LEFT || type == TableRef.JoinType.FULL;
        left.origins().forEach(o -> origins.add(leftNullable ? nullable(o) : o));
        right.origins().forEach(o -> origins.add(rightNullable ? nullable(o) : o));
        return new From(both, c -> PartitionedHashJoin.of(left.open(c), right.open(c), keys, condition, type, lw, rw, c),
                "HASH JOIN " + type + " ON condition (" + keys.size() + " key" + (keys.size() == 1 ? "" : "s") + ")\n"
                        + indent(left.plan()) + "\n" + indent(right.plan()), origins);
    }

    static List<Object[]> drain(Input in) throws SQLException {
        List<Object[]> rows = new ArrayList<>();
        for (Object[] r = in.next(); r != null; r = in.next()) {
            rows.add(r);
        }
        return rows;
    }

    private From table(TableRef.Table t) throws SQLException, IOException {
        String schema = t.name().schema() == null ? defaultSchema : t.name().schema();
        if (schema.equals(InformationSchema.NAME)) {
            return systemTable(t);
        }
        Table table = catalog.table(schema, t.name().name());
        if (table == null) {
            io.bstack.btree.ViewDef view = catalog.views(schema).contains(t.name().name())
                    ? catalog.view(schema, t.name().name()) : null;
            if (view == null) {
                throw new SQLSyntaxErrorException("table " + schema + "." + t.name().name() + " does not exist", "42S02");
            }
            var create = (io.bstack.sql.ast.Statement.CreateView) io.bstack.sql.parse.Parser.parse(view.sql());
            From f = derived(create.query(), t.alias() != null ? t.alias() : t.name().name(), create.columns());
            FromScope.Source s = f.scope().sources().get(0);
            return new From(new FromScope(List.of(new FromScope.Source(s.qualifier(), schema, t.name().name(),
                    s.columns(), s.types(), 0))), f.opener(), "VIEW " + schema + "." + t.name().name() + "\n"
                    + indent(f.plan()), f.origins());
        }
        TableDef def = table.def();
        List<String> names = def.columns().stream().map(io.bstack.btree.ColumnDef::name).toList();
        List<ColumnType> types = TableScope.of(def, null).types();
        FromScope scope = new FromScope(List.of(new FromScope.Source(t.alias() != null ? t.alias() : def.name(), schema,
                def.name(), names, types, 0)));
        List<ResultColumn> origins = new ArrayList<>();
        for (int i = 0; i < def.columns().size(); i++) {
            io.bstack.btree.ColumnDef c = def.columns().get(i);
            origins.add(new ResultColumn(c.name(), types.get(i), schema, def.name(), c.name(),
                    c.nullable() ? ResultColumn.NULLABLE : ResultColumn.NO_NULLS, TableConstraints.isIdentity(def, c)));
        }
        return new From(scope, c -> new TableInput(c.table(table).cursor()), "SCAN " + schema + "." + def.name(), table,
                origins);
    }

    /** A table of INFORMATION_SCHEMA: its rows built now, from the catalog this statement sees. */
    private From systemTable(TableRef.Table t) throws SQLException, IOException {
        readWhenPlanned = true;
        String name = t.name().name();
        InformationSchema.Definition def = InformationSchema.table(name);
        if (def == null) {
            throw new SQLSyntaxErrorException("table " + InformationSchema.NAME + "." + name + " does not exist",
                    "42S02");
        }
        InformationSchema info = new InformationSchema(catalog, system, defaultSchema, compiler,
                listingViews ? (schema, view) -> {
                    throw new SQLFeatureNotSupportedException("a view's columns while listing views' columns", "0A000");
                } : this::viewColumns);
        List<Object[]> rows = info.rows(def);
        List<ResultColumn> origins = new ArrayList<>();
        for (InformationSchema.Column c : def.columns()) {
            origins.add(new ResultColumn(c.name(), c.type(), InformationSchema.NAME, name, c.name(),
                    c.nullable() ? ResultColumn.NULLABLE : ResultColumn.NO_NULLS, false));
        }
        FromScope scope = new FromScope(List.of(new FromScope.Source(t.alias() != null ? t.alias() : name,
                InformationSchema.NAME, name, def.names(), def.types(), 0)));
        return new From(scope, c -> {
            var it = rows.iterator();
            return () -> it.hasNext() ? it.next() : null;
        }, "SYSTEM TABLE " + InformationSchema.NAME + "." + name + " (" + rows.size() + " rows, read when planned)",
                origins);
    }

    /** The columns of a view in {@code schema}, from its planned query (not run), under the view's column names. */
    private List<ResultColumn> viewColumns(String schema, io.bstack.sql.ast.Statement.CreateView view)
            throws SQLException, IOException {
        SelectExecutor in = new SelectExecutor(catalog, schema, compiler, parameters, system, true);
        List<ResultColumn> cols = in.plan(view.query(), null).columns();
        if (view.columns().isEmpty()) {
            return cols;
        }
        if (view.columns().size() != cols.size()) {
            throw new SQLSyntaxErrorException("view " + view.name().name() + " names " + view.columns().size()
                    + " columns of " + cols.size(), "42000");
        }
        List<ResultColumn> out = new ArrayList<>();
        for (int i = 0; i < cols.size(); i++) {
            out.add(relabel(cols.get(i).table().isEmpty() ? null : cols.get(i), view.columns().get(i),
                    cols.get(i).type()));
        }
        return out;
    }

    /** A derived table (or a view's query): planned now, its rows streamed when the statement runs. */
    private From derived(Query q, String alias, List<String> columnAliases) throws SQLException, IOException {
        Planned p = plan(q, null);
        List<String> names = p.labels();
        if (!columnAliases.isEmpty()) {
            if (columnAliases.size() != names.size()) {
                throw new SQLSyntaxErrorException("derived table " + alias + " names " + columnAliases.size()
                        + " columns of " + names.size(), "42000");
            }
            names = columnAliases;
        }
        FromScope scope = new FromScope(List.of(new FromScope.Source(alias, null, null, names, p.types(), 0)));
        List<ResultColumn> origins = new ArrayList<>();
        for (ResultColumn c : p.columns()) {
            origins.add(c.table().isEmpty() ? null : c);
        }
        return new From(scope, c -> rowsOf(p.open(Row.EMPTY, c, () -> { })), "DERIVED " + alias + "\n"
                + indent(p.plan()), origins);
    }

    /** The rows of a result as an input (each row's values copied out); closing it closes the result. */
    static Input rowsOf(QueryResult r) {
        int width = r.labels().size();
        return new Input() {
            @Override
            public Object[] next() throws SQLException {
                if (!r.next()) {
                    r.close();
                    return null;
                }
                Object[] row = new Object[width];
                for (int i = 0; i < width; i++) {
                    row[i] = r.get(i);
                }
                return row;
            }

            @Override
            public void close() throws SQLException {
                r.close();
            }
        };
    }

    private static List<String> commonColumns(FromScope left, FromScope right) {
        List<String> out = new ArrayList<>();
        for (FromScope.Source l : left.sources()) {
            for (String c : l.columns()) {
                boolean inRight = right.sources().stream().anyMatch(r -> r.columns().contains(c));
                if (inRight && !out.contains(c)) {
                    out.add(c);
                }
            }
        }
        return out;
    }

    /** USING (columns) and NATURAL: each named column of the left equals the right's. */
    private Evaluator using(FromScope left, FromScope right, FromScope both, List<String> columns) throws SQLException {
        List<int[]> pairs = new ArrayList<>();
        List<io.bstack.sql.eval.Comparisons.Comparator> cmps = new ArrayList<>();
        for (String c : columns) {
            var l = left.resolve(new Expression.ColumnRef(List.of(c)));
            var r = right.resolve(new Expression.ColumnRef(List.of(c)));
            pairs.add(new int[] {l.index(), left.width() + r.index()});
            cmps.add(io.bstack.sql.eval.Comparisons.comparator(l.type(), r.type()));
        }
        return new Evaluator() {
            @Override
            public Object eval(Row row, io.bstack.sql.eval.EvalContext ctx) throws SQLException {
                for (int k = 0; k < pairs.size(); k++) {
                    Object a = Lobs.value(row.get(pairs.get(k)[0]));
                    Object b = Lobs.value(row.get(pairs.get(k)[1]));
                    if (a == null || b == null) {
                        return null;
                    }
                    if (cmps.get(k).compare(a, b) != 0) {
                        return false;
                    }
                }
                return true;
            }

            @Override
            public ColumnType type() {
                return ColumnType.BOOLEAN;
            }
        };
    }

    /** A FROM item planned, with the names it makes visible (MERGE's source): its rows read per run. */
    record FromItem(FromScope scope, Opener opener) {
        /** Every row, read to the end before the caller changes anything. */
        List<Object[]> rows(StatementContext ctx) throws SQLException {
            return drain(opener.open(ctx));
        }
    }

    /** Plans FROM item {@code ref}. */
    FromItem fromItem(TableRef ref) throws SQLException, IOException {
        From f = from(ref, context());
        return new FromItem(f.scope(), f.opener());
    }

    /** Every row of {@code q}, read to the end before the caller changes anything. */
    List<Object[]> rowsOf(Query q) throws SQLException, IOException {
        return drain(rowsOf(plan(q, null).open(Row.EMPTY, new StatementContext(catalog, defaultSchema, parameters),
                () -> { })));
    }

    /** {@code VALUES}: the rows' expressions compiled now, evaluated when the statement runs. */
    private Planned values(Query.Values v) throws SQLException {
        int width = v.rows().get(0).size();
        List<Evaluator[]> rows = new ArrayList<>();
        List<ColumnType> types = new ArrayList<>();
        for (List<Expression> r : v.rows()) {
            if (r.size() != width) {
                throw new SQLSyntaxErrorException("VALUES rows of " + width + " and " + r.size() + " values", "21S01");
            }
            Evaluator[] row = new Evaluator[width];
            for (int i = 0; i < width; i++) {
                row[i] = compiler.compile(r.get(i), TableScope.none());
                if (types.size() <= i) {
                    types.add(row[i].type());
                } else if (types.get(i).kind() == ColumnType.Kind.NULL) {
                    types.set(i, row[i].type());
                }
            }
            rows.add(row);
        }
        List<String> labels = new ArrayList<>();
        for (int i = 0; i < width; i++) {
            labels.add("C" + (i + 1));
        }
        return planned(labels, types, "VALUES (" + rows.size() + " rows)", (ctx, onClose) -> {
            var it = rows.iterator();
            Input in = () -> {
                if (!it.hasNext()) {
                    return null;
                }
                Evaluator[] row = it.next();
                Object[] out = new Object[width];
                for (int i = 0; i < width; i++) {
                    out[i] = row[i].eval(Row.EMPTY, ctx);
                }
                return out;
            };
            return new Result(labels, types, source(in, List.of()), 0, Long.MAX_VALUE, onClose);
        });
    }

    /** {@code left op right}: both sides planned now, combined as they stream ({@link SetOperationRows}). */
    private Planned setOperation(Query.SetOperation op) throws SQLException, IOException {
        Planned left = plan(op.left(), null);
        Planned right = plan(op.right(), null);
        int width = left.labels().size();
        if (width != right.labels().size()) {
            throw new SQLSyntaxErrorException(op.operator() + " of " + width + " and " + right.labels().size()
                    + " columns", "42000");
        }
        List<ColumnType> types = new ArrayList<>();
        for (int i = 0; i < width; i++) {
            ColumnType a = left.types().get(i);
            ColumnType b = right.types().get(i);
            types.add(a.kind() == ColumnType.Kind.NULL ? b : b.kind() == ColumnType.Kind.NULL ? a
                    : io.bstack.sql.eval.Casts.implicitType(a, b));
        }
        String text = op.operator() + (op.all() ? " ALL" : "") + "\n" + indent(left.plan()) + "\n"
                + indent(right.plan());
        return planned(left.labels(), types, text, (ctx, onClose) -> new Result(left.labels(), types,
                source(SetOperationRows.of(op.operator(), op.all(), cast(rowsOf(left.open(Row.EMPTY, ctx, () -> { })), types),
                        cast(rowsOf(right.open(Row.EMPTY, ctx, () -> { })), types), width, ctx), List.of()),
                0, Long.MAX_VALUE, onClose));
    }

    /** {@code in} with each value cast to its column's type. */
    private static Input cast(Input in, List<ColumnType> types) {
        return new Input() {
            @Override
            public Object[] next() throws SQLException {
                Object[] row = in.next();
                if (row != null) {
                    for (int i = 0; i < row.length; i++) {
                        row[i] = io.bstack.sql.eval.Casts.cast(Lobs.value(row[i]), types.get(i));
                    }
                }
                return row;
            }

            @Override
            public void close() throws SQLException {
                in.close();
            }
        };
    }

    /** How a {@link #planned} query opens its result when it runs. */
    @FunctionalInterface
    private interface ResultOpener {
        QueryResult open(StatementContext ctx, AutoCloseable onClose) throws SQLException;
    }

    /** A planned query of computed columns, not correlated, whose result {@code opener} opens. */
    private static Planned planned(List<String> labels, List<ColumnType> types, String plan, ResultOpener opener) {
        return new Planned() {
            @Override
            public String plan() {
                return plan;
            }

            @Override
            public List<String> labels() {
                return labels;
            }

            @Override
            public List<ColumnType> types() {
                return types;
            }

            @Override
            public QueryResult open(Row outer, StatementContext ctx, AutoCloseable onClose) throws SQLException {
                return opener.open(ctx, onClose);
            }
        };
    }

    /** The rows of {@code in} as a result's source, {@code keys} (positions among them) appended to each. */
    private static Source source(Input in, List<Evaluator> keys) {
        return new Source() {
            @Override
            public Object[] next() throws SQLException {
                Object[] r = in.next();
                if (r == null || keys.isEmpty()) {
                    return r;
                }
                Object[] out = java.util.Arrays.copyOf(r, r.length + keys.size());
                for (int k = 0; k < keys.size(); k++) {
                    out[r.length + k] = r[((Projected) keys.get(k)).index()];
                }
                return out;
            }

            @Override
            public void close() throws SQLException {
                in.close();
            }
        };
    }

    /** A set operation or VALUES, then ORDER BY (positions and column labels), OFFSET and LIMIT. */
    private Planned combined(Query body, List<OrderItem> orderBy, Expression limit, Expression offset)
            throws SQLException, IOException {
        Planned inner = body instanceof Query.Values v ? values(v) : setOperation((Query.SetOperation) body);
        List<String> labels = inner.labels();
        List<ColumnType> types = inner.types();
        List<Evaluator> keys = new ArrayList<>();
        for (OrderItem o : orderBy) {
            keys.add(labelKey(o.expression(), labels, types));
        }
        if (keys.isEmpty() && limit == null && offset == null) {
            return inner;
        }
        String text = inner.plan() + (keys.isEmpty() ? "" : "\nSORT") + (limit != null || offset != null ? "\nLIMIT" : "");
        return planned(labels, types, text, (ctx, onClose) -> {
            Source all = source(rowsOf(inner.open(Row.EMPTY, ctx, () -> { })), keys);
            Source sorted = keys.isEmpty() ? all : Gathered.of(all, false, orderBy, keys);
            long skip = constant(offset, ctx, "OFFSET");
            long max = limit == null ? Long.MAX_VALUE : constant(limit, ctx, "LIMIT");
            return new Result(labels, types, sorted, skip, max, onClose);
        });
    }

    private static Evaluator labelKey(Expression e, List<String> labels, List<ColumnType> types) throws SQLException {
        if (e instanceof Expression.NumericLiteral n && n.kind() == Expression.NumericKind.INTEGER) {
            int pos = Integer.parseInt(n.text());
            if (pos < 1 || pos > labels.size()) {
                throw new SQLSyntaxErrorException("ORDER BY position " + pos + " is not in the select list", "42000");
            }
            return projected(pos - 1, types.get(pos - 1));
        }
        if (e instanceof Expression.ColumnRef r) {
            String name = r.parts().get(r.parts().size() - 1);
            int i = labels.indexOf(name);
            if (i >= 0) {
                return projected(i, types.get(i));
            }
        }
        throw new SQLFeatureNotSupportedException("ORDER BY " + AstPrinter.print(e) + " on a set operation: only"
                + " positions and column names are executed by this version", "0A000");
    }

    /** An ORDER BY key: a select-list position, a select-list alias, or an expression on the table row. */
    private Evaluator orderKey(Expression e, Query.Select select, List<String> labels, List<Evaluator> items,
            io.bstack.sql.eval.Scope scope) throws SQLException {
        if (e instanceof Expression.NumericLiteral n && n.kind() == Expression.NumericKind.INTEGER) {
            int pos = Integer.parseInt(n.text());
            if (pos < 1 || pos > items.size()) {
                throw new SQLSyntaxErrorException("ORDER BY position " + pos + " is not in the select list", "42000");
            }
            return projected(pos - 1, items.get(pos - 1).type());
        }
        if (e instanceof Expression.ColumnRef r && r.parts().size() == 1) {
            for (int i = 0; i < select.items().size(); i++) {
                if (select.items().get(i) instanceof SelectItem.Column c && r.parts().get(0).equals(c.alias())) {
                    return projected(i, items.get(i).type());
                }
            }
        }
        return compiler.compile(e, scope);
    }

    /**
     * The base table columns {@code orderBy} sorts by (a column, a select item's alias or position
     * naming one), or null when an item is anything else.
     */
    private static List<AccessPath.OrderColumn> orderColumns(List<OrderItem> orderBy, Query.Select select,
            FromScope scope) {
        List<AccessPath.OrderColumn> out = new ArrayList<>();
        boolean star = select.items().stream().anyMatch(i -> i instanceof SelectItem.AllColumns);
        for (OrderItem o : orderBy) {
            Expression e = o.expression();
            if (e instanceof Expression.NumericLiteral n && n.kind() == Expression.NumericKind.INTEGER) {
                int pos = Integer.parseInt(n.text());
                if (star || pos < 1 || pos > select.items().size()
                        || !(select.items().get(pos - 1) instanceof SelectItem.Column c)) {
                    return null;
                }
                e = c.expression();
            } else if (e instanceof Expression.ColumnRef r && r.parts().size() == 1) {
                for (SelectItem item : select.items()) {
                    if (item instanceof SelectItem.Column c && r.parts().get(0).equals(c.alias())) {
                        e = c.expression();
                        break;
                    }
                }
            }
            if (!(e instanceof Expression.ColumnRef ref)) {
                return null;
            }
            int index;
            try {
                index = scope.resolve(ref).index();
            } catch (SQLException unbound) {
                return null;
            }
            if (index < scope.prefix() || index >= scope.width()) {
                return null;
            }
            boolean nullsFirst = o.nulls() == OrderItem.NullOrder.DEFAULT ? !o.descending()
                    : o.nulls() == OrderItem.NullOrder.FIRST;
            out.add(new AccessPath.OrderColumn(index - scope.prefix(), o.descending(), nullsFirst));
        }
        return out;
    }

    /** A key read from the projected row (marked so {@link Rows} evaluates it on the projection). */
    private static Evaluator projected(int index, ColumnType type) {
        return new Projected(index, type);
    }

    record Projected(int index, ColumnType type) implements Evaluator {
        @Override
        public Object eval(Row row, io.bstack.sql.eval.EvalContext ctx) {
            return row.get(index);
        }
    }

    private static long constant(Expression e, StatementContext ctx, String what) throws SQLException {
        if (e == null) {
            return 0;
        }
        Object v = ExpressionCompiler.standard().compile(e, TableScope.none()).eval(Row.EMPTY, ctx);
        if (!(v instanceof Number n) || n.longValue() < 0) {
            throw new SQLException(what + " must be a non-negative integer, was " + v, "2201W");
        }
        return n.longValue();
    }

    /** A stream of projected rows (with their sort keys). */
    interface Source {
        /** The next row: projected values then sort keys; null at the end. */
        Object[] next() throws SQLException;

        /** Releases what the rows hold (spill files); again: nothing. */
        default void close() throws SQLException {}
    }

    /** Rows before projection: a table's, the one empty row of a SELECT without FROM, or groups. */
    interface Input {
        /** The next row's values, or null at the end. */
        Object[] next() throws SQLException;

        /** Releases what the rows hold (spill files); again: nothing. */
        default void close() throws SQLException {}
    }

    /** The rows of a table scan, or (without a table) one row without columns. */
    static final class TableInput implements Input {
        private final TableCursor cursor;
        private boolean started;

        TableInput(TableCursor cursor) {
            this.cursor = cursor;
        }

        @Override
        public Object[] next() throws SQLException {
            try {
                if (cursor == null) {
                    if (started) {
                        return null;
                    }
                    started = true;
                    return new Object[0];
                }
                boolean ok = started ? cursor.next() : cursor.first();
                started = true;
                if (!ok) {
                    return null;
                }
                RowsRead.one();
                return cursor.rowByReference();
            } catch (IOException e) {
                throw new SQLException("reading a table failed: " + e, "HY000", e);
            }
        }
    }

    /** Input rows that pass the filter, projected: the items' values then the sort keys. */
    static final class Rows implements Source {
        private final Input input;
        private final Evaluator filter;
        private final List<Evaluator> items;
        private final List<Evaluator> keys;
        private final StatementContext ctx;
        private final boolean materialise;

        /** @param materialise whether large values carried by reference are read into the row */
        Rows(Input input, Evaluator filter, List<Evaluator> items, List<Evaluator> keys, StatementContext ctx,
                boolean materialise) {
            this.input = input;
            this.filter = filter;
            this.items = items;
            this.keys = keys;
            this.ctx = ctx;
            this.materialise = materialise;
        }

        @Override
        public Object[] next() throws SQLException {
            for (Object[] values = input.next(); values != null; values = input.next()) {
                ctx.check();
                Object[] in = values;
                Row row = i -> in[i];
                if (filter != null && !Boolean.TRUE.equals(filter.eval(row, ctx))) {
                    continue;
                }
                Object[] out = new Object[items.size() + keys.size()];
                for (int i = 0; i < items.size(); i++) {
                    out[i] = items.get(i).eval(row, ctx);
                    if (materialise) {
                        out[i] = Lobs.value(out[i]);
                    }
                }
                Row projected = i -> out[i];
                for (int k = 0; k < keys.size(); k++) {
                    Evaluator key = keys.get(k);
                    out[items.size() + k] = key instanceof Projected ? key.eval(projected, ctx) : key.eval(row, ctx);
                }
                return out;
            }
            return null;
        }

        @Override
        public void close() throws SQLException {
            input.close();
        }
    }

    /** All rows gathered, de-duplicated and sorted; past the spill limit on disk ({@link GatheredRows}). */
    static final class Gathered implements Source {
        private final GatheredRows rows;
        private final Source source;

        private Gathered(GatheredRows rows, Source source) {
            this.rows = rows;
            this.source = source;
        }

        static Gathered of(Source source, boolean distinct, List<OrderItem> order, List<Evaluator> keys)
                throws SQLException {
            StatementControl control = StatementControl.current();
            return new Gathered(GatheredRows.of(source, distinct, order, keys.stream().map(Evaluator::type).toList(),
                    control::check), source);
        }

        @Override
        public Object[] next() throws SQLException {
            return rows.next();
        }

        @Override
        public void close() throws SQLException {
            try {
                rows.close();
            } finally {
                source.close();
            }
        }
    }

    /** The result: OFFSET and LIMIT applied while pulling. */
    static final class Result implements QueryResult {
        private final List<String> labels;
        private final List<ColumnType> types;
        private final List<ResultColumn> columns;
        private final Source source;
        private long skip;
        private long remaining;
        private final AutoCloseable onClose;
        private Object[] current;
        private boolean closed;

        Result(List<String> labels, List<ColumnType> types, Source source, long skip, long max, AutoCloseable onClose) {
            this(labels, types, computed(labels, types), source, skip, max, onClose);
        }

        Result(List<String> labels, List<ColumnType> types, List<ResultColumn> columns, Source source, long skip,
                long max, AutoCloseable onClose) {
            this.labels = List.copyOf(labels);
            this.types = List.copyOf(types);
            this.columns = List.copyOf(columns);
            this.source = source;
            this.skip = skip;
            this.remaining = max;
            this.onClose = onClose;
        }

        @Override
        public List<String> labels() {
            return labels;
        }

        @Override
        public List<ColumnType> types() {
            return types;
        }

        @Override
        public List<ResultColumn> columns() {
            return columns;
        }

        @Override
        public boolean next() throws SQLException {
            try {
                return next0();
            } catch (RuntimeException e) {
                throw new SQLException("internal error reading a result: " + e, "HY000", e);
            }
        }

        private boolean next0() throws SQLException {
            if (closed) {
                throw new SQLException("the result is closed", "24000");
            }
            while (skip > 0 && source.next() != null) {
                skip--;
            }
            skip = 0;
            if (remaining <= 0) {
                current = null;
                return false;
            }
            current = source.next();
            if (current == null) {
                return false;
            }
            remaining--;
            return true;
        }

        @Override
        public Object get(int index) throws SQLException {
            if (current == null) {
                throw new SQLException("no current row", "24000");
            }
            if (index < 0 || index >= labels.size()) {
                throw new SQLException("column " + index + " is not in the result (" + labels.size() + " columns)",
                        "07009");
            }
            return current[index];
        }

        @Override
        public void close() throws SQLException {
            if (!closed) {
                closed = true;
                try {
                    try {
                        source.close();
                    } finally {
                        onClose.close();
                    }
                } catch (SQLException e) {
                    throw e;
                } catch (Exception e) {
                    throw new SQLException("closing a result failed: " + e, "HY000", e);
                }
            }
        }
    }
}
