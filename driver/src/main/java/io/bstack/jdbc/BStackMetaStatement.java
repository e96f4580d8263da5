package io.bstack.jdbc;

/**
 * The statement {@link BStackDatabaseMetaData} runs its INFORMATION_SCHEMA queries on: its results
 * say they came from no statement ({@code getStatement()} is null), as JDBC asks of metadata.
 */
final class BStackMetaStatement extends BStackPreparedStatement {
    BStackMetaStatement(BStackConnection conn, String sql) throws java.sql.SQLException {
        super(conn, ResultKind.DEFAULT, sql, KeyRequest.NONE);
    }
}
