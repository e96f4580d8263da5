package io.bstack.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.sql.SQLDataException;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.SQLInvalidAuthorizationSpecException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLSyntaxErrorException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransactionRollbackException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SqlExceptionsTest {

    @ParameterizedTest
    @CsvSource({
            "08001, java.sql.SQLNonTransientConnectionException",
            "08003, java.sql.SQLNonTransientConnectionException",
            "08006, java.sql.SQLNonTransientConnectionException",
            "08S01, java.sql.SQLNonTransientConnectionException",
            "0A000, java.sql.SQLFeatureNotSupportedException",
            "22003, java.sql.SQLDataException",
            "22018, java.sql.SQLDataException",
            "23505, java.sql.SQLIntegrityConstraintViolationException",
            "28000, java.sql.SQLInvalidAuthorizationSpecException",
            "40001, java.sql.SQLTransactionRollbackException",
            "42000, java.sql.SQLSyntaxErrorException",
            "42S02, java.sql.SQLSyntaxErrorException",
            "HYT00, java.sql.SQLTimeoutException",
            "HYT01, java.sql.SQLTimeoutException",
            "HY000, java.sql.SQLException",
            "HY008, java.sql.SQLException",
            "X, java.sql.SQLException",
            "01000, java.sql.SQLException"})
    void ofPicksTheClassOfTheState(String state, String className) {
        IOException cause = new IOException("io");
        SQLException e = SqlExceptions.of("msg", state, cause);
        assertThat(e.getClass().getName()).isEqualTo(className);
        assertThat(e.getMessage()).isEqualTo("msg");
        assertThat(e.getSQLState()).isEqualTo(state);
        assertThat(e.getCause()).isSameAs(cause);
        assertThat(e.getErrorCode()).isZero();
        assertThat(SqlExceptions.classOf(state).getName()).isEqualTo(className);
    }

    @Test
    void nullStateIsPlain() {
        SQLException e = SqlExceptions.of("m", null, null);
        assertThat(e.getClass()).isEqualTo(SQLException.class);
        assertThat(e.getSQLState()).isNull();
        assertThat((Object) SqlExceptions.translate(e)).isSameAs(e);
    }

    @Test
    void vendorCodeKept() {
        assertThat(SqlExceptions.of("m", "22003", 77, null).getErrorCode()).isEqualTo(77);
    }

    @Test
    void translateRetypesAndKeepsEverything() {
        SQLException next1 = new SQLException("n1", "01000");
        SQLException next2 = new SQLException("n2", "01001");
        SQLException e = new SQLException("dup key", "23505", 42);
        e.setNextException(next1);
        e.setNextException(next2);
        SQLException t = SqlExceptions.translate(e);
        assertThat((Object) t).isInstanceOf(SQLIntegrityConstraintViolationException.class);
        assertThat(t.getMessage()).isEqualTo("dup key");
        assertThat(t.getSQLState()).isEqualTo("23505");
        assertThat(t.getErrorCode()).isEqualTo(42);
        assertThat(t.getCause()).isSameAs(e);
        assertThat((Object) t.getNextException()).isSameAs(next1);
        assertThat((Object) t.getNextException().getNextException()).isSameAs(next2);
    }

    @Test
    void translateReturnsTheSameWhenAlreadyRight() {
        SQLException[] right = {
                new SQLSyntaxErrorException("m", "42000"),
                new SQLDataException("m", "22003"),
                new SQLTimeoutException("m", "HYT00"),
                new SQLNonTransientConnectionException("m", "08003"),
                new SQLFeatureNotSupportedException("m", "0A000"),
                new SQLInvalidAuthorizationSpecException("m", "28000"),
                new SQLTransactionRollbackException("m", "40001"),
                new SQLIntegrityConstraintViolationException("m", "23000"),
                new SQLException("m", "HY000"),
                new SQLDataException("m", "HY000")};
        for (SQLException e : right) {
            assertThat((Object) SqlExceptions.translate(e)).isSameAs(e);
        }
    }

    @Test
    void translateFixesAWrongSubclass() {
        SQLException e = new SQLDataException("syntax", "42000");
        SQLException t = SqlExceptions.translate(e);
        assertThat((Object) t).isInstanceOf(SQLSyntaxErrorException.class).isNotSameAs(e);
        assertThat((Object) t.getNextException()).isNull();
    }

    @Test
    void translateOfTimeout() {
        assertThat((Object) SqlExceptions.translate(new SQLException("t", "HYT00"))).isInstanceOf(SQLTimeoutException.class);
        assertThat((Object) SqlExceptions.translate(new SQLException("t", "HYT02"))).isExactlyInstanceOf(SQLException.class);
    }
}
