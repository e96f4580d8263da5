package io.bstack.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
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
 * Space reuse under churn: BLOB values inserted, overwritten and deleted round after round. A
 * deleted or overwritten value's region is freed when its statement commits and the allocator hands
 * the space out again, so the main file stays below three times the live data plus a constant
 * instead of growing with every round ({@code bstack.lob.churnRounds}, default 12).
 */
class LobChurnTest {
    private static final int KIB = 1024;

    @TempDir
    Path dir;

    private static int size(int round, int i) {
        return (128 + ((round * 7 + i * 13) % 9) * 32) * KIB; // 128..384 KiB
    }

    @Test
    void churnKeepsTheFileBoundedByTheLiveData() throws Exception {
        int rounds = Integer.getInteger("bstack.lob.churnRounds", 12);
        int rows = 8;
        Path file = dir.resolve("churn.bstack");
        long constant = 8L << 20;
        try (Connection c = DriverManager.getConnection("jdbc:bstack:" + dir.resolve("churn"))) {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE t (id INT PRIMARY KEY, b BLOB)");
            }
            long maxSize = 0;
            for (int round = 0; round < rounds; round++) {
                for (int i = 0; i < rows; i++) {
                    put(c, "INSERT INTO t (b, id) VALUES (?, ?)", round * rows + i, size(round, i));
                }
                for (int i = 0; i < rows; i++) {
                    put(c, "UPDATE t SET b = ? WHERE id = ?", round * rows + i, size(round + 1, i));
                }
                if (round > 0) {
                    try (Statement s = c.createStatement()) {
                        s.execute("DELETE FROM t WHERE id < " + round * rows);
                    }
                }
                long live = live(c);
                long fileSize = Files.size(file);
                maxSize = Math.max(maxSize, fileSize);
                assertThat(fileSize).as("round %d: file of %d bytes for %d live bytes", round, fileSize, live)
                        .isLessThanOrEqualTo(3 * live + constant);
            }
            System.out.printf("LOB churn: %d rounds of %d inserts, updates and deletes; largest file %d bytes, "
                    + "live data at the end %d bytes%n", rounds, rows, maxSize, live(c));
        }
    }

    private static void put(Connection c, String sql, int id, int bytes) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(sql)) {
            p.setBinaryStream(1, LobData.bytes(bytes), bytes);
            p.setInt(2, id);
            assertThat(p.executeUpdate()).isEqualTo(1);
        }
    }

    private static long live(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT SUM(LENGTH(b)) FROM t")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
