package io.bstack.jdbc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLWarning;

/**
 * The type, concurrency and holdability a statement's results get. {@code TYPE_SCROLL_SENSITIVE}
 * is served as {@code TYPE_SCROLL_INSENSITIVE} (results see no later changes), with a warning, as
 * JDBC allows. Updatable results are given when the query reads one table with a primary key;
 * otherwise the result is read-only with a warning on it.
 */
record ResultKind(int type, int concurrency, int holdability) {
    static final ResultKind DEFAULT = new ResultKind(ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY,
            ResultSet.HOLD_CURSORS_OVER_COMMIT);

    static ResultKind of(int type, int concurrency, int holdability, Warnings warnings) throws SQLException {
        if (type != ResultSet.TYPE_FORWARD_ONLY && type != ResultSet.TYPE_SCROLL_INSENSITIVE
                && type != ResultSet.TYPE_SCROLL_SENSITIVE) {
            throw new SQLException("not a result set type: " + type, "HY024");
        }
        if (concurrency != ResultSet.CONCUR_READ_ONLY && concurrency != ResultSet.CONCUR_UPDATABLE) {
            throw new SQLException("not a result set concurrency: " + concurrency, "HY024");
        }
        if (holdability != ResultSet.HOLD_CURSORS_OVER_COMMIT && holdability != ResultSet.CLOSE_CURSORS_AT_COMMIT) {
            throw new SQLException("not a holdability: " + holdability, "HY024");
        }
        if (type == ResultSet.TYPE_SCROLL_SENSITIVE) {
            warnings.add(new SQLWarning("TYPE_SCROLL_SENSITIVE is served as TYPE_SCROLL_INSENSITIVE", "01000"));
            type = ResultSet.TYPE_SCROLL_INSENSITIVE;
        }
        return new ResultKind(type, concurrency, holdability);
    }

    boolean scrollable() {
        return type != ResultSet.TYPE_FORWARD_ONLY;
    }
}
