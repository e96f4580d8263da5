package io.bstack.sql.exec;

import io.bstack.btree.Catalog;
import io.bstack.sql.ast.Query;
import io.bstack.sql.ast.Statement;
import io.bstack.sql.eval.ExpressionCompiler;
import io.bstack.sql.eval.Row;
import io.bstack.sql.function.FunctionClassAllowlist;
import java.io.IOException;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * The plans of one database's statements (queries, INSERT, UPDATE, DELETE, MERGE), shared by its
 * sessions: a plan made for a SQL text is kept,
 * keyed by that text, the session's schema, its function-class allowlist and the {@linkplain
 * Catalog#version() catalog version} the plan was made under, and run again by any session whose
 * transaction sees the same catalog version. Any change of a definition (DDL, ANALYZE, CREATE
 * FUNCTION), committed or not, gives the catalog a new version, so no plan outlives the
 * definitions it was made from; a rolled-back change takes its version back with it.
 *
 * <p>A plan binds the tables it reads to each run's transaction when it opens ({@link
 * StatementContext#table}); it keeps no rows and no decoded pages of a run. One plan object serves
 * one result at a time: a session takes it while its result is open and gives it back when the
 * result is closed, and a second result of the same text meanwhile gets a plan of its own (kept too,
 * up to {@link #COPIES} per key). Plans that read {@code INFORMATION_SCHEMA} (whose rows are read
 * when planned) are never kept. At most {@code capacity} keys are kept, least recently used first
 * out. Thread-safe.
 */
public final class PlanCache {

    /** The most idle plans kept for one key (results of one text open at the same time). */
    static final int COPIES = 4;

    /** What a plan was made for. */
    private record Key(String sql, String schema, long catalogVersion, FunctionClassAllowlist functions) {}

    private final int capacity;
    private final Map<Key, ArrayDeque<Object>> idle;
    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();

    /** A cache of at most {@code capacity} SQL texts' plans (0: keeps none). */
    public PlanCache(int capacity) {
        if (capacity < 0) {
            throw new IllegalArgumentException("capacity must be >= 0, was " + capacity);
        }
        this.capacity = capacity;
        this.idle = new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<Key, ArrayDeque<Object>> eldest) {
                return size() > PlanCache.this.capacity;
            }
        };
    }

    /**
     * Runs query {@code query}, parsed from {@code sql}, with a kept plan when one was made for the
     * same text, schema, allowlist and catalog version, else with a new plan (kept when the result
     * is closed). {@code onClose} runs when the result is closed.
     */
    public QueryResult select(String sql, Catalog catalog, String schema, ExpressionCompiler compiler,
            FunctionClassAllowlist functions, List<?> parameters, Query query, AutoCloseable onClose,
            SystemInfo system) throws SQLException, IOException {
        SelectExecutor executor = new SelectExecutor(catalog, schema, compiler, parameters, system);
        if (capacity == 0) {
            return executor.execute(query, onClose);
        }
        Key key = new Key(sql, schema, catalog.version(), functions);
        SelectExecutor.Planned plan = take(key, SelectExecutor.Planned.class);
        boolean reusable = true;
        if (plan == null) {
            misses.increment();
            plan = executor.plan(query, null);
            reusable = executor.reusable();
        } else {
            hits.increment();
        }
        SelectExecutor.Planned run = plan;
        boolean keep = reusable;
        return plan.open(Row.EMPTY, executor.context(), () -> {
            try {
                onClose.close();
            } finally {
                if (keep) {
                    give(key, run);
                }
            }
        });
    }

    /**
     * Runs INSERT {@code insert}, parsed from {@code sql}, in the write transaction of {@code catalog}
     * with a kept plan when there is one; returns the rows stored and, when {@code keys} is not null,
     * the generated keys it picks from them.
     */
    public Executors.Inserted insert(String sql, Catalog catalog, String schema, ExpressionCompiler compiler,
            FunctionClassAllowlist functions, List<?> parameters, Statement.Insert insert, GeneratedKeys keys,
            SystemInfo system) throws SQLException, IOException {
        List<Object[]> rows = keys == null ? null : new java.util.ArrayList<>();
        io.bstack.btree.TableDef[] def = new io.bstack.btree.TableDef[1];
        int count = Executors.within(system, () -> change(new Key(sql, schema, catalog.version(), functions),
                InsertExecutor.Plan.class, InsertExecutor.Plan::reusable,
                () -> new InsertExecutor(catalog, schema, compiler, parameters).plan(insert), p -> {
                    def[0] = p.def();
                    return p.run(catalog, schema, compiler, parameters, rows);
                }));
        return new Executors.Inserted(count, keys == null ? null
                : keys.result(def[0], TableScope.of(def[0], null).types(), rows));
    }

    /**
     * Runs {@code statement} (an UPDATE, DELETE or MERGE), parsed from {@code sql}, as {@link #insert}
     * does; returns the rows it changed.
     */
    public int change(String sql, Catalog catalog, String schema, ExpressionCompiler compiler,
            FunctionClassAllowlist functions, List<?> parameters, Statement statement, SystemInfo system)
            throws SQLException, IOException {
        return Executors.within(system, () -> change(new Key(sql, schema, catalog.version(), functions),
                RowChange.class, RowChange::reusable, () -> switch (statement) {
                    case Statement.Update u -> new ChangeExecutor(catalog, schema, compiler, parameters).planUpdate(u);
                    case Statement.Delete d -> new ChangeExecutor(catalog, schema, compiler, parameters).planDelete(d);
                    case Statement.Merge m -> new MergeExecutor(catalog, schema, compiler, parameters).plan(m);
                    default -> throw new IllegalArgumentException("not an UPDATE, DELETE or MERGE: " + statement);
                }, p -> p.run(catalog, schema, compiler, parameters)));
    }

    /** Makes a plan. */
    @FunctionalInterface
    private interface Planning<P> {
        P plan() throws SQLException, IOException;
    }

    /** Runs a plan to its end. */
    @FunctionalInterface
    private interface Running<P> {
        int run(P plan) throws SQLException, IOException;
    }

    /** Runs a statement that changes rows with a kept plan of {@code kind} or a new one, then keeps it. */
    private <P> int change(Key key, Class<P> kind, java.util.function.Predicate<P> reusable, Planning<P> planning,
            Running<P> running) throws SQLException, IOException {
        P plan = capacity == 0 ? null : take(key, kind);
        if (plan == null) {
            if (capacity > 0) {
                misses.increment();
            }
            plan = planning.plan();
        } else {
            hits.increment();
        }
        try {
            return running.run(plan);
        } finally {
            if (capacity > 0 && reusable.test(plan)) {
                give(key, plan);
            }
        }
    }

    private synchronized <P> P take(Key key, Class<P> kind) {
        ArrayDeque<Object> plans = idle.get(key);
        Object p = plans == null ? null : plans.poll();
        return kind.isInstance(p) ? kind.cast(p) : null;
    }

    private synchronized void give(Key key, Object plan) {
        ArrayDeque<Object> plans = idle.computeIfAbsent(key, k -> new ArrayDeque<>());
        if (plans.size() < COPIES) {
            plans.push(plan);
        }
    }

    /** Forgets every kept plan (closing the database). */
    public synchronized void clear() {
        idle.clear();
    }

    /** Queries run with a kept plan since the database opened. */
    public long hits() {
        return hits.sum();
    }

    /** Queries that had to be planned since the database opened. */
    public long misses() {
        return misses.sum();
    }

    /** The SQL texts whose plans are kept now (each under the catalog versions it was run at). */
    public synchronized int size() {
        return idle.size();
    }
}
