package io.bstack.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/** Small helpers of the conformance suite: connections and SQLState assertions. */
final class Jdbc {
    private Jdbc() {
    }

    /** A private in-memory database. */
    static Connection mem() throws SQLException {
        return DriverManager.getConnection("jdbc:bstack:mem:");
    }

    /** Asserts {@code call} throws a {@link SQLException} (of the class JDBC assigns) with {@code state}. */
    static SQLException fails(String state, ThrowingCallable call) {
        SQLException[] caught = new SQLException[1];
        assertThatThrownBy(call).isInstanceOf(SQLException.class).satisfies(e -> {
            SQLException q = (SQLException) e;
            assertThat(q.getSQLState()).as("SQLState of %s", q).isEqualTo(state);
            caught[0] = q;
        });
        return caught[0];
    }

    /** Runs each statement of {@code sql} on {@code c}. */
    static void exec(Connection c, String... sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            for (String q : sql) {
                s.execute(q);
            }
        }
    }

    /** The single value of {@code sql}. */
    static Object one(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            assertThat(rs.next()).isTrue();
            return rs.getObject(1);
        }
    }

    static long count(Connection c, String table) throws SQLException {
        return ((Number) one(c, "SELECT COUNT(*) FROM " + table)).longValue();
    }
}
