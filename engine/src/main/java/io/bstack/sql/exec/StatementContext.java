package io.bstack.sql.exec;

import io.bstack.btree.Catalog;
import io.bstack.sql.ast.QualifiedName;
import io.bstack.sql.eval.EvalContext;
import io.bstack.sql.eval.ExpressionCompiler;
import io.bstack.sql.eval.SubqueryRunner;
import java.io.IOException;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * The evaluation context of one statement: its parameter values ({@code ?} 1, 2, ..; an unbound
 * one is {@code 07001}), its one current timestamp, its subqueries, sequences through the
 * transaction's catalog.
 */
final class StatementContext implements EvalContext {
    private final Catalog catalog;
    private final String defaultSchema;
    private final List<?> parameters;
    private final OffsetDateTime now = OffsetDateTime.now();
    private final StatementControl control = StatementControl.current();
    private final long maxRegionSize = SelectExecutor.STATEMENT_SYSTEM.orElse(SystemInfo.NONE).maxRegionSize();
    private SqlRegions regions;

    StatementContext(Catalog catalog, String defaultSchema, List<?> parameters) {
        this.catalog = catalog;
        this.defaultSchema = defaultSchema;
        this.parameters = parameters;
    }

    /**
     * {@code planned} (a changed table's rules, compiled when its plan was made) for this run: its
     * table bound to this statement's transaction, with this statement's FOREIGN KEY rules.
     */
    TableTarget target(TableTarget planned, ExpressionCompiler compiler) throws SQLException {
        return new References(catalog, compiler, new SelectExecutor(catalog, defaultSchema, compiler, parameters)::plan)
                .bind(planned, table(planned.table));
    }

    /** Throws when the statement was cancelled or ran past its deadline; called per row read. */
    void check() throws SQLException {
        control.check();
    }

    @Override
    public Object parameter(int index) throws SQLException {
        if (index < 1 || index > parameters.size()) {
            throw new SQLException("parameter " + index + " is not bound (" + parameters.size() + " given)", "07001");
        }
        return parameters.get(index - 1);
    }

    /** Large parameter values read whole, by index: a bound stream can be read only once. */
    private java.util.Map<Integer, Object> readParameters;

    @Override
    public Object parameterValue(int index) throws SQLException {
        Object v = parameter(index);
        if (!(v instanceof io.bstack.btree.Lob)) {
            return v;
        }
        if (readParameters == null) {
            readParameters = new java.util.HashMap<>();
        }
        Object read = readParameters.get(index);
        if (read == null) {
            read = io.bstack.sql.eval.Lobs.value(v);
            readParameters.put(index, read);
        }
        return read;
    }

    /** The rows of this statement's uncorrelated subqueries, each run once. */
    private java.util.IdentityHashMap<PreparedSubquery, List<Object>> subqueryRows;

    /** The rows {@code subquery} gave in this statement, or null before it ran. */
    List<Object> subqueryRows(PreparedSubquery subquery) {
        return subqueryRows == null ? null : subqueryRows.get(subquery);
    }

    /** Keeps the rows {@code subquery} gave in this statement. */
    void subqueryRows(PreparedSubquery subquery, List<Object> rows) {
        if (subqueryRows == null) {
            subqueryRows = new java.util.IdentityHashMap<>();
        }
        subqueryRows.put(subquery, rows);
    }

    /** Tables of a plan made in another transaction, bound to this statement's, by the planned object. */
    private java.util.IdentityHashMap<io.bstack.btree.Table, io.bstack.btree.Table> bound;

    /**
     * {@code planned} (a table a plan bound when it was made) as this statement reads it: the same
     * table bound to this statement's view, once per statement, so a plan never keeps the trees (and
     * their decoded pages) of a run. A cached plan runs only where the catalog's version equals the
     * one it was made under, so the definition it holds is this view's.
     */
    io.bstack.btree.Table table(io.bstack.btree.Table planned) throws SQLException {
        if (bound == null) {
            bound = new java.util.IdentityHashMap<>();
        }
        io.bstack.btree.Table t = bound.get(planned);
        if (t == null) {
            try {
                t = planned.on(catalog.stack(), catalog.allocator());
            } catch (IOException e) {
                throw new SQLException("opening table " + planned.def().name() + " failed: " + e, "HY000", e);
            }
            bound.put(planned, t);
        }
        return t;
    }

    @Override
    public io.bstack.sql.function.RegionStore regions() {
        if (regions == null) {
            regions = new SqlRegions(catalog, maxRegionSize);
        }
        return regions;
    }

    @Override
    public OffsetDateTime currentTimestamp() {
        return now;
    }

    @Override
    public SubqueryRunner subqueries() {
        return (query, outer, maxRows) -> ((PreparedSubquery) query).firstColumn(outer, maxRows, this);
    }

    @Override
    public Object nextValue(QualifiedName sequence) throws SQLException {
        String schema = sequence.schema() == null ? defaultSchema : sequence.schema();
        try {
            if (!catalog.sequences(schema).contains(sequence.name())) {
                throw new SQLException("sequence " + schema + "." + sequence.name() + " does not exist", "42000");
            }
            return catalog.nextValue(schema, sequence.name());
        } catch (io.bstack.tx.TxReadOnlyException e) {
            throw new SQLException("NEXT VALUE FOR " + sequence.name() + " where the statement only reads (a view's"
                    + " query cannot advance a sequence)", "25006", e);
        } catch (IOException e) {
            throw new SQLException("reading sequence " + sequence.name() + " failed: " + e, "HY000", e);
        }
    }
}
