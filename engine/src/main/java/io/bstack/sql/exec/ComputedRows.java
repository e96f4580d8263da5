package io.bstack.sql.exec;

import io.bstack.sql.eval.ColumnType;
import java.sql.SQLException;
import java.util.List;

/** A query result whose rows were computed before it was returned; holds nothing to release. */
final class ComputedRows implements QueryResult {
    private final List<ResultColumn> columns;
    private final List<Object[]> rows;
    private int at = -1;

    ComputedRows(List<ResultColumn> columns, List<Object[]> rows) {
        this.columns = List.copyOf(columns);
        this.rows = rows;
    }

    @Override
    public List<String> labels() {
        return columns.stream().map(ResultColumn::label).toList();
    }

    @Override
    public List<ColumnType> types() {
        return columns.stream().map(ResultColumn::type).toList();
    }

    @Override
    public List<ResultColumn> columns() {
        return columns;
    }

    @Override
    public boolean next() {
        if (at < rows.size()) {
            at++;
        }
        return at < rows.size();
    }

    @Override
    public Object get(int index) throws SQLException {
        if (at < 0 || at >= rows.size()) {
            throw new SQLException("no current row", "24000");
        }
        return rows.get(at)[index];
    }

    @Override
    public void close() {
        at = rows.size();
    }
}
