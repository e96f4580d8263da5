package io.bstack.sql.exec;

import io.bstack.btree.Catalog;
import io.bstack.sql.ast.QualifiedName;
import io.bstack.sql.eval.EvalContext;
import io.bstack.sql.eval.SubqueryRunner;
import java.io.IOException;
import java.sql.SQLException;
import java.time.OffsetDateTime;

/**
 * The evaluation context of one statement: its one current timestamp, its subqueries, sequences
 * through the transaction's catalog. This version binds no parameters ({@code 07001}).
 */
final class StatementContext implements EvalContext {
    private final Catalog catalog;
    private final String defaultSchema;
    private final OffsetDateTime now = OffsetDateTime.now();

    StatementContext(Catalog catalog, String defaultSchema) {
        this.catalog = catalog;
        this.defaultSchema = defaultSchema;
    }

    @Override
    public Object parameter(int index) throws SQLException {
        throw new SQLException("parameter " + index + " is not bound", "07001");
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
            throw new SQLException("NEXT VALUE FOR " + sequence.name() + " in a query: this version runs it only in"
                    + " INSERT, UPDATE and DEFAULT values", "25006", e);
        } catch (IOException e) {
            throw new SQLException("reading sequence " + sequence.name() + " failed: " + e, "HY000", e);
        }
    }
}
