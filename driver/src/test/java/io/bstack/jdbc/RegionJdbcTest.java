package io.bstack.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.sql.Blob;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** REGION values through JDBC: RegionHandle in and out, metadata, and Blobs over regions in the transaction. */
class RegionJdbcTest {
    @TempDir
    Path dir;

    private Connection open(String options) throws SQLException {
        return DriverManager.getConnection("jdbc:bstack:" + dir.resolve("r") + options);
    }

    private static RegionHandle alloc(Connection c, long len) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT ALLOC(" + len + ")")) {
            rs.next();
            return rs.getObject(1, RegionHandle.class);
        }
    }

    private static void assertState(String state, ThrowingRunnable r) {
        assertThatThrownBy(r::run).isInstanceOf(SQLException.class)
                .satisfies(e -> assertThat(((SQLException) e).getSQLState()).as(e.getMessage()).isEqualTo(state));
    }

    @FunctionalInterface
    interface ThrowingRunnable {
        void run() throws Exception;
    }

    @Test
    void handlesRoundTripAndDescribeThemselves() throws SQLException {
        try (Connection c = open("")) {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE doc (id INT PRIMARY KEY, body REGION)");
            }
            RegionHandle h = alloc(c, 100);
            assertThat(h.length()).isEqualTo(100);
            try (PreparedStatement p = c.prepareStatement("INSERT INTO doc VALUES (1, ?)")) {
                p.setObject(1, h);
                p.executeUpdate();
            }
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT body, REGION_SIZE(body),"
                    + " CAST(body AS VARBINARY(16)) FROM doc")) {
                ResultSetMetaData md = rs.getMetaData();
                assertThat(md.getColumnType(1)).isEqualTo(Types.OTHER);
                assertThat(md.getColumnTypeName(1)).isEqualTo("REGION");
                assertThat(md.getColumnClassName(1)).isEqualTo(RegionHandle.class.getName());
                rs.next();
                assertThat(rs.getObject(1)).isEqualTo(h);
                assertThat(rs.getString(1)).isEqualTo(h.toString());
                assertThat(rs.getBytes(1)).isEqualTo(h.toBytes());
                assertThat(rs.getLong(2)).isEqualTo(100);
                assertThat(RegionHandle.fromBytes(rs.getBytes(3))).isEqualTo(h);
            }
            try (PreparedStatement p = c.prepareStatement("SELECT REGION_SIZE(CAST(? AS REGION))")) {
                p.setString(1, h.toString());
                try (ResultSet rs = p.executeQuery()) {
                    rs.next();
                    assertThat(rs.getLong(1)).isEqualTo(100);
                }
            }
            try (ResultSet rs = c.getMetaData().getColumns(null, "PUBLIC", "DOC", "BODY")) {
                rs.next();
                assertThat(rs.getString("TYPE_NAME")).isEqualTo("REGION");
                assertThat(rs.getInt("DATA_TYPE")).isEqualTo(Types.OTHER);
            }
            assertThatThrownBy(() -> new RegionHandle(-1, 3)).isInstanceOf(IllegalArgumentException.class);
            assertState("22018", () -> RegionHandle.fromBytes(new byte[3]));
        }
    }

    @Test
    void blobOverARegionReadsAndWritesInTheTransaction() throws Exception {
        try (Connection c = open(""); Connection other = open("")) {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE doc (id INT PRIMARY KEY, body REGION)");
                s.execute("INSERT INTO doc VALUES (1, ALLOC(3000000))");
            }
            c.setAutoCommit(false);
            Blob blob;
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT body FROM doc")) {
                rs.next();
                blob = rs.getBlob(1);
            }
            assertThat(blob.length()).isEqualTo(3_000_000);
            assertThat(blob.setBytes(5, new byte[] {1, 2, 3})).isEqualTo(3);
            assertThat(blob.getBytes(4, 5)).containsExactly(0, 1, 2, 3, 0);
            byte[] big = new byte[2_500_000];
            Arrays.fill(big, (byte) 9);
            try (OutputStream out = blob.setBinaryStream(100_001)) {
                out.write(big);
                out.write(7);
            }
            try (InputStream in = blob.getBinaryStream()) {
                byte[] all = in.readAllBytes();
                assertThat(all).hasSize(3_000_000);
                assertThat(all[4]).isEqualTo((byte) 1);
                assertThat(all[100_000]).isEqualTo((byte) 9);
                assertThat(all[2_600_000]).isEqualTo((byte) 7);
                assertThat(all[2_600_001]).isEqualTo((byte) 0);
            }
            try (InputStream in = blob.getBinaryStream(5, 2)) {
                assertThat(in.readAllBytes()).containsExactly(1, 2);
            }
            assertThat(blob.position(new byte[] {9, 7}, 1)).isEqualTo(2_600_000);
            assertThat(blob.position(new byte[] {1, 2, 3}, 1)).isEqualTo(5);
            assertThat(blob.position(new byte[] {3, 2}, 1)).isEqualTo(-1);

            // uncommitted: the other connection sees zeros
            RegionHandle h = blob.getClass() == RegionBlob.class
                    ? new RegionHandle(((RegionBlob) blob).region().offset(), 3_000_000) : null;
            try (PreparedStatement p = other.prepareStatement("SELECT REGION_READ(?, 4, 3)")) {
                p.setObject(1, h);
                try (ResultSet rs = p.executeQuery()) {
                    rs.next();
                    assertThat(rs.getBytes(1)).containsExactly(0, 0, 0);
                }
                c.commit();
                try (ResultSet rs = p.executeQuery()) {
                    rs.next();
                    assertThat(rs.getBytes(1)).containsExactly(1, 2, 3);
                }
            }

            blob.setBytes(5, new byte[] {4});
            c.rollback();
            assertThat(blob.getBytes(5, 1)).containsExactly(1); // the rolled-back write is gone

            assertState("22003", () -> blob.setBytes(3_000_000, new byte[] {1, 2}));
            assertState("22003", () -> blob.getBytes(3_000_002, 1));
            assertState("0A000", () -> blob.truncate(10));
            blob.truncate(3_000_000);
            try (Statement s = c.createStatement()) {
                s.executeQuery("SELECT FREE(body) FROM doc").close();
            }
            assertState("22R01", blob::length);
            blob.free();
            assertState("HY010", blob::length);
        }
    }

    @Test
    void optionsChooseAllocatorAndLimit() throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:bstack:" + dir.resolve("lin")
                + ";allocator=linear;maxRegionSize=1000")) {
            alloc(c, 1000);
            assertState("22003", () -> alloc(c, 1001));
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT KIND FROM"
                    + " INFORMATION_SCHEMA.ALLOCATOR")) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo("linear");
            }
        }
        assertState("HY024", () -> DriverManager.getConnection("jdbc:bstack:" + dir.resolve("s") + ";allocator=slab"));
        assertThatThrownBy(() -> DriverManager.getConnection("jdbc:bstack:" + dir.resolve("s") + ";allocator=slab"))
                .hasMessageContaining("one size");
        assertState("HY024", () -> DriverManager.getConnection("jdbc:bstack:" + dir.resolve("s") + ";maxRegionSize=0"));
        try (Connection c = DriverManager.getConnection("jdbc:bstack:" + dir.resolve("ro") + ";readOnly=true")) {
            assertState("25006", () -> alloc(c, 10));
        }
    }
}
