package io.bstack.sql.exec;

import io.bstack.btree.Catalog;
import io.bstack.sql.ast.Query;
import io.bstack.sql.ast.Statement;
import io.bstack.sql.eval.ExpressionCompiler;
import java.io.IOException;
import java.sql.SQLException;

/** The entry points a session runs statements through, each on the catalog of its transaction's view. */
public final class Executors {
    private Executors() {}

    /** Runs an INSERT; returns the number of rows inserted. */
    public static int insert(Catalog catalog, String schema, ExpressionCompiler compiler, java.util.List<?> parameters, Statement.Insert insert)
            throws SQLException, IOException {
        return new InsertExecutor(catalog, schema, compiler, parameters).execute(insert);
    }

    /**
     * Runs an INSERT and returns the generated keys {@code keys} picks from the rows it stored; the
     * number inserted is the number of key rows.
     */
    public static Inserted insert(Catalog catalog, String schema, ExpressionCompiler compiler, java.util.List<?> parameters,
            Statement.Insert insert, GeneratedKeys keys) throws SQLException, IOException {
        java.util.List<Object[]> rows = new java.util.ArrayList<>();
        int count = new InsertExecutor(catalog, schema, compiler, parameters).keepingRows(rows).execute(insert);
        String tableSchema = insert.table().schema() == null ? schema : insert.table().schema();
        io.bstack.btree.TableDef def = catalog.table(tableSchema, insert.table().name()).def();
        return new Inserted(count, keys.result(def, TableScope.of(def, null).types(), rows));
    }

    /** What an INSERT that returns its generated keys did. */
    public record Inserted(int count, QueryResult keys) {}

    /** Runs an UPDATE; returns the number of rows changed. */
    public static int update(Catalog catalog, String schema, ExpressionCompiler compiler, java.util.List<?> parameters, Statement.Update update)
            throws SQLException, IOException {
        return new ChangeExecutor(catalog, schema, compiler, parameters).update(update);
    }

    /** Runs a DELETE; returns the number of rows deleted. */
    public static int delete(Catalog catalog, String schema, ExpressionCompiler compiler, java.util.List<?> parameters, Statement.Delete delete)
            throws SQLException, IOException {
        return new ChangeExecutor(catalog, schema, compiler, parameters).delete(delete);
    }

    /** Runs a MERGE; returns the number of rows inserted, updated and deleted. */
    public static int merge(Catalog catalog, String schema, ExpressionCompiler compiler, java.util.List<?> parameters, Statement.Merge merge)
            throws SQLException, IOException {
        return new MergeExecutor(catalog, schema, compiler, parameters).execute(merge);
    }

    /** {@link #merge(Catalog, String, ExpressionCompiler, java.util.List, Statement.Merge)}, its queries' INFORMATION_SCHEMA showing {@code system}. */
    public static int merge(Catalog catalog, String schema, ExpressionCompiler compiler, java.util.List<?> parameters, Statement.Merge merge,
            SystemInfo system) throws SQLException, IOException {
        return within(system, () -> merge(catalog, schema, compiler, parameters, merge));
    }

    /** {@link #insert(Catalog, String, ExpressionCompiler, java.util.List, Statement.Insert)}, its queries' INFORMATION_SCHEMA showing {@code system}. */
    public static int insert(Catalog catalog, String schema, ExpressionCompiler compiler, java.util.List<?> parameters, Statement.Insert insert,
            SystemInfo system) throws SQLException, IOException {
        return within(system, () -> insert(catalog, schema, compiler, parameters, insert));
    }

    /** {@link #update(Catalog, String, ExpressionCompiler, java.util.List, Statement.Update)}, its queries' INFORMATION_SCHEMA showing {@code system}. */
    public static int update(Catalog catalog, String schema, ExpressionCompiler compiler, java.util.List<?> parameters, Statement.Update update,
            SystemInfo system) throws SQLException, IOException {
        return within(system, () -> update(catalog, schema, compiler, parameters, update));
    }

    /** {@link #delete(Catalog, String, ExpressionCompiler, java.util.List, Statement.Delete)}, its queries' INFORMATION_SCHEMA showing {@code system}. */
    public static int delete(Catalog catalog, String schema, ExpressionCompiler compiler, java.util.List<?> parameters, Statement.Delete delete,
            SystemInfo system) throws SQLException, IOException {
        return within(system, () -> delete(catalog, schema, compiler, parameters, delete));
    }

    /** {@link #insert(Catalog, String, ExpressionCompiler, java.util.List, Statement.Insert, GeneratedKeys)}, its queries' INFORMATION_SCHEMA showing {@code system}. */
    public static Inserted insert(Catalog catalog, String schema, ExpressionCompiler compiler, java.util.List<?> parameters,
            Statement.Insert insert, GeneratedKeys keys, SystemInfo system) throws SQLException, IOException {
        return within(system, () -> insert(catalog, schema, compiler, parameters, insert, keys));
    }

    /** A statement's work. */
    @FunctionalInterface
    interface Work<T> {
        T run() throws SQLException, IOException;
    }

    /** Runs {@code work} with {@code system} as what INFORMATION_SCHEMA shows to every query planned in it. */
    static <T> T within(SystemInfo system, Work<T> work) throws SQLException, IOException {
        try {
            return ScopedValue.where(SelectExecutor.STATEMENT_SYSTEM, system).call(work::run);
        } catch (SQLException | IOException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("unexpected " + e, e); // run() throws nothing else
        }
    }

    /** {@code EXPLAIN query}: one row, column {@code PLAN}, the plan the query would run. */
    public static QueryResult explain(Catalog catalog, String schema, ExpressionCompiler compiler, java.util.List<?> parameters, Query query,
            AutoCloseable onClose) throws SQLException, IOException {
        return explain(catalog, schema, compiler, parameters, query, onClose, SystemInfo.NONE);
    }

    /** {@link #explain(Catalog, String, ExpressionCompiler, java.util.List, Query, AutoCloseable)} with INFORMATION_SCHEMA showing {@code system}. */
    public static QueryResult explain(Catalog catalog, String schema, ExpressionCompiler compiler, java.util.List<?> parameters, Query query,
            AutoCloseable onClose, SystemInfo system) throws SQLException, IOException {
        String plan = new SelectExecutor(catalog, schema, compiler, parameters, system).explain(query);
        java.util.Iterator<Object[]> it = java.util.List.<Object[]>of(new Object[] {plan}).iterator();
        return new SelectExecutor.Result(java.util.List.of("PLAN"), java.util.List.of(io.bstack.sql.eval.ColumnType.VARCHAR),
                () -> it.hasNext() ? it.next() : null, 0, Long.MAX_VALUE, onClose);
    }

    /**
     * Runs a query that changes the database (it calls a function such as {@code ALLOC}) to its end
     * inside the caller's write transaction, and returns its rows, already computed.
     */
    public static QueryResult selectAll(Catalog catalog, String schema, ExpressionCompiler compiler,
            java.util.List<?> parameters, Query query, SystemInfo system) throws SQLException, IOException {
        return within(system, () -> {
            try (QueryResult r = new SelectExecutor(catalog, schema, compiler, parameters, system).execute(query, () -> { })) {
                java.util.List<Object[]> rows = new java.util.ArrayList<>();
                int n = r.labels().size();
                while (r.next()) {
                    Object[] row = new Object[n];
                    for (int i = 0; i < n; i++) {
                        row[i] = r.get(i);
                    }
                    rows.add(row);
                }
                return new ComputedRows(r.columns(), rows);
            }
        });
    }

    /** Runs a query; {@code onClose} runs when the result is closed. */
    public static QueryResult select(Catalog catalog, String schema, ExpressionCompiler compiler, java.util.List<?> parameters, Query query,
            AutoCloseable onClose) throws SQLException, IOException {
        return select(catalog, schema, compiler, parameters, query, onClose, SystemInfo.NONE);
    }

    /**
     * Runs a query whose INFORMATION_SCHEMA shows {@code system} (the database's name and sessions);
     * {@code onClose} runs when the result is closed.
     */
    public static QueryResult select(Catalog catalog, String schema, ExpressionCompiler compiler, java.util.List<?> parameters, Query query,
            AutoCloseable onClose, SystemInfo system) throws SQLException, IOException {
        return new SelectExecutor(catalog, schema, compiler, parameters, system).execute(query, onClose);
    }
}
