package io.bstack.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * BLOBs larger than a transaction's in-memory limit (32 MiB), whose pages the transaction writes
 * to the database file while it runs: a rollback to a savepoint before one, a failed statement
 * after one, and a whole rollback leave exactly what was committed, and the file shrinks back.
 */
class LobEarlyWriteTest {
    private static final long MIB = 1 << 20;

    @TempDir
    Path dir;

    private static void insert(Connection c, int id, long bytes) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("INSERT INTO t (id, b) VALUES (?, ?)")) {
            p.setInt(1, id);
            p.setBinaryStream(2, LobData.bytes(bytes), bytes);
            p.executeUpdate();
        }
    }

    private static String ids(Connection c) throws Exception {
        StringBuilder out = new StringBuilder();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT id, b FROM t ORDER BY id")) {
            while (rs.next()) {
                try (InputStream in = rs.getBinaryStream(2)) {
                    long crc = LobData.crc(in);
                    out.append(rs.getInt(1)).append(crc == LobData.crc(LobData.bytes(sizeOf(rs.getInt(1)))) ? " ok " : " BAD ");
                }
            }
        }
        return out.toString().trim();
    }

    private static long sizeOf(int id) {
        return id == 3 ? 5 * MIB + 11 : 40 * MIB + id;
    }

    @Test
    void savepointsFailedStatementsAndRollbacksOverEarlyWrittenBlobs() throws Exception {
        Path db = dir.resolve("early");
        String url = "jdbc:bstack:" + db;
        Path file = dir.resolve("early.bstack");
        try (Connection c = DriverManager.getConnection(url)) {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE t (id INT PRIMARY KEY, b BLOB)");
            }
            long empty = Files.size(file);
            c.setAutoCommit(false);
            insert(c, 1, sizeOf(1));
            Savepoint sp = c.setSavepoint();
            insert(c, 2, sizeOf(2));
            assertThat(Files.size(file)).as("pages written while the transaction runs").isGreaterThan(empty + 60 * MIB);
            c.rollback(sp);
            // A duplicate key: the statement fails after streaming its value; the transaction goes on.
            assertThatThrownBy(() -> insert(c, 1, sizeOf(1))).isInstanceOfSatisfying(SQLException.class,
                    e -> assertThat(e.getSQLState()).isEqualTo("23505"));
            insert(c, 3, sizeOf(3));
            assertThat(ids(c)).isEqualTo("1 ok 3 ok");
            c.commit();
            long committed = Files.size(file);
            assertThat(committed).as("the rolled-back value's pages were cut off").isLessThan(empty + 60 * MIB);
            insert(c, 4, sizeOf(4));
            c.rollback();
            assertThat(Files.size(file)).as("a rollback cuts the file back").isEqualTo(committed);
            assertThat(ids(c)).isEqualTo("1 ok 3 ok");
        }
        try (Connection c = DriverManager.getConnection(url)) {
            assertThat(ids(c)).as("after reopen").isEqualTo("1 ok 3 ok");
        }
    }
}
