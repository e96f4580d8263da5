package io.bstack.sql.exec;

import io.bstack.sql.eval.ColumnType;
import java.sql.SQLException;
import java.util.List;

/**
 * The rows of a query, pulled one at a time: {@link #next} moves to the next row, {@link #get}
 * reads its columns. {@link #close} releases what the result holds (its read snapshot when the
 * session is in auto-commit). Not thread-safe.
 */
public interface QueryResult extends AutoCloseable {

    /** The column labels (aliases, or the expressions' text) in order. */
    List<String> labels();

    /** The columns' types. */
    List<ColumnType> types();

    /** What each column is and, where known, which table column it reads. */
    default List<ResultColumn> columns() {
        List<ResultColumn> out = new java.util.ArrayList<>(labels().size());
        for (int i = 0; i < labels().size(); i++) {
            out.add(ResultColumn.computed(labels().get(i), types().get(i)));
        }
        return List.copyOf(out);
    }

    /** Moves to the next row; false when there is none. */
    boolean next() throws SQLException;

    /** Column {@code index} (0-based) of the current row; null for SQL NULL. */
    Object get(int index) throws SQLException;

    @Override
    void close() throws SQLException;
}
