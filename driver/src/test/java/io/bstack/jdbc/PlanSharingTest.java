package io.bstack.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Plans are shared by the connections of one database through JDBC: a statement prepared on one
 * connection runs the plan another made, and a statement prepared before a DDL change runs with
 * the new definitions (its result's metadata too).
 */
class PlanSharingTest {
    @TempDir
    Path dir;

    private static long stat(Connection c, String name) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT value FROM information_schema.database_stats WHERE name = ?")) {
            p.setString(1, name);
            try (ResultSet rs = p.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    @Test
    void connectionsShareAPlanAndAPreparedStatementFollowsDdl() throws SQLException {
        String url = "jdbc:bstack:" + dir.resolve("plans");
        try (Connection a = DriverManager.getConnection(url); Connection b = DriverManager.getConnection(url)) {
            try (Statement s = a.createStatement()) {
                s.execute("CREATE TABLE item (id INT PRIMARY KEY, name VARCHAR(10))");
                s.execute("INSERT INTO item VALUES (1, 'pen'), (2, 'ink')");
            }
            String sql = "SELECT * FROM item WHERE id = ?";
            try (PreparedStatement pa = a.prepareStatement(sql); PreparedStatement pb = b.prepareStatement(sql)) {
                pa.setInt(1, 1);
                try (ResultSet rs = pa.executeQuery()) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getString(2)).isEqualTo("pen");
                }
                long hits = stat(a, "PLAN_CACHE_HITS");
                pb.setInt(1, 2);
                try (ResultSet rs = pb.executeQuery()) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getString(2)).isEqualTo("ink");
                }
                assertThat(stat(a, "PLAN_CACHE_HITS")).isEqualTo(hits + 1);

                try (Statement s = a.createStatement()) {
                    s.execute("ALTER TABLE item ADD COLUMN price DECIMAL(5,2) DEFAULT 1.50");
                }
                try (ResultSet rs = pb.executeQuery()) {
                    assertThat(rs.getMetaData().getColumnCount()).isEqualTo(3);
                    assertThat(rs.getMetaData().getColumnName(3)).isEqualTo("PRICE");
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getBigDecimal(3)).isEqualByComparingTo("1.50");
                }
            }
        }
    }
}
