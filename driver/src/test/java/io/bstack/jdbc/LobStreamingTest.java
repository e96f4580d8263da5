package io.bstack.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Reader;
import java.io.StringReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * BLOB and CLOB values streamed through JDBC without being held on the heap: in and out through the
 * stream setters and getters, Blob/Clob positional reads, region-to-region copies, the
 * materialisation limit, lifetimes, and a round trip of {@code bstack.lob.bytes} (default 64 MiB)
 * in a child JVM whose heap ({@code -Xmx256m}) could not hold the value several times.
 */
class LobStreamingTest {
    private static final int MIB = 1 << 20;

    @TempDir
    Path dir;

    private Connection open(String name) throws SQLException {
        return DriverManager.getConnection("jdbc:bstack:" + dir.resolve(name));
    }

    private static String state(Throwable e) {
        return ((SQLException) e).getSQLState();
    }

    private static void table(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE t (id INT PRIMARY KEY, n INT, b BLOB, c CLOB)");
        }
    }

    private static void insertBlob(Connection c, int id, long bytes, boolean withLength) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("INSERT INTO t (id, n, b) VALUES (?, 0, ?)")) {
            p.setInt(1, id);
            if (withLength) {
                p.setBinaryStream(2, LobData.bytes(bytes), bytes);
            } else {
                p.setBinaryStream(2, LobData.bytes(bytes));
            }
            p.executeUpdate();
        }
    }

    private static long blobCrc(Connection c, int id) throws Exception {
        try (PreparedStatement p = c.prepareStatement("SELECT b FROM t WHERE id = ?")) {
            p.setInt(1, id);
            try (ResultSet rs = p.executeQuery()) {
                assertThat(rs.next()).isTrue();
                try (InputStream in = rs.getBinaryStream(1)) {
                    return LobData.crc(in);
                }
            }
        }
    }

    @Test
    void blobsStreamInWithAndWithoutLengthAndOutPositionally() throws Exception {
        try (Connection c = open("blobs")) {
            table(c);
            insertBlob(c, 1, 3L * MIB + 5, true);
            insertBlob(c, 2, 2L * MIB + 7, false);
            assertThat(blobCrc(c, 1)).isEqualTo(LobData.crc(LobData.bytes(3L * MIB + 5)));
            assertThat(blobCrc(c, 2)).isEqualTo(LobData.crc(LobData.bytes(2L * MIB + 7)));
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT b FROM t WHERE id = 1")) {
                rs.next();
                Blob b = rs.getBlob(1);
                assertThat(b.length()).isEqualTo(3L * MIB + 5);
                byte[] mid = b.getBytes(2L * MIB + 1, 10);
                for (int i = 0; i < 10; i++) {
                    assertThat(mid[i]).isEqualTo(LobData.byteAt(2L * MIB + i));
                }
                assertThat(b.getBinaryStream(MIB + 1, 3).readAllBytes())
                        .containsExactly(LobData.byteAt(MIB), LobData.byteAt(MIB + 1), LobData.byteAt(MIB + 2));
                try (InputStream part = b.getBinaryStream(MIB + 1, 3)) { // skip and single bytes keep to the part
                    assertThat(part.read()).isEqualTo(LobData.byteAt(MIB) & 0xFF);
                    assertThat(part.skip(10)).isEqualTo(2);
                    assertThat(part.read()).isEqualTo(-1);
                }
                assertThat(rs.getObject(1)).isInstanceOf(Blob.class);
            }
        }
    }

    @Test
    void clobsCountCharsNotBytesForNonAsciiText() throws Exception {
        long chars = 150_000L * LobData.TEXT_UNIT.length(); // > 1 Mi chars: spooled, stored in a region
        try (Connection c = open("clobs")) {
            table(c);
            try (PreparedStatement p = c.prepareStatement("INSERT INTO t (id, c) VALUES (?, ?)")) {
                p.setInt(1, 1);
                p.setCharacterStream(2, LobData.text(chars), chars);
                p.executeUpdate();
                p.setInt(1, 2);
                p.setClob(2, LobData.text(chars)); // without a length
                p.executeUpdate();
            }
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT c FROM t ORDER BY id")) {
                for (int row = 0; row < 2; row++) {
                    assertThat(rs.next()).isTrue();
                    Clob clob = rs.getClob(1);
                    assertThat(clob.length()).isEqualTo(chars);
                    int unit = LobData.TEXT_UNIT.length();
                    assertThat(clob.getSubString(1000L * unit + 1, unit)).isEqualTo(LobData.TEXT_UNIT);
                    assertThat(clob.getSubString(1000L * unit + 6, 3)).isEqualTo("😀x");
                    try (Reader in = clob.getCharacterStream(chars - 2, 3)) {
                        char[] last = new char[4];
                        assertThat(in.read(last)).isEqualTo(3);
                        assertThat(new String(last, 0, 3)).isEqualTo("yz\n");
                    }
                    try (Reader in = rs.getCharacterStream(1)) {
                        assertThat(LobData.crc(in)).containsExactly(LobData.crc(LobData.text(chars)));
                    }
                }
            }
        }
    }

    @Test
    void aStreamShorterThanItsLengthIsRefusedAndNothingIsStored() throws Exception {
        try (Connection c = open("short")) {
            table(c);
            try (PreparedStatement p = c.prepareStatement("INSERT INTO t (id, b) VALUES (1, ?)")) {
                p.setBinaryStream(1, LobData.bytes(2L * MIB), 2L * MIB + 1);
                assertThatThrownBy(p::executeUpdate).satisfies(e -> assertThat(state(e)).isEqualTo("22023"))
                        .hasMessageContaining("ended after " + 2 * MIB);
                assertThatThrownBy(p::executeUpdate).satisfies(e -> assertThat(state(e)).isEqualTo("22023"))
                        .hasMessageContaining("already read");
            }
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM t")) {
                rs.next();
                assertThat(rs.getInt(1)).isZero();
            }
        }
    }

    @Test
    void expressionsNeedingTheWholeValueStopAtTheLimitWithA54000() throws Exception {
        try (Connection c = open("limit")) {
            table(c);
            insertBlob(c, 1, 2L * MIB, true);
            String old = System.getProperty("bstack.lob.maxMaterialised");
            System.setProperty("bstack.lob.maxMaterialised", String.valueOf(MIB));
            try (Statement s = c.createStatement()) {
                assertThatThrownBy(() -> s.executeQuery("SELECT LENGTH(b) FROM t").next())
                        .satisfies(e -> assertThat(state(e)).isEqualTo("54000"))
                        .hasMessageContaining("bstack.lob.maxMaterialised");
                try (ResultSet rs = s.executeQuery("SELECT b FROM t")) {
                    rs.next();
                    assertThatThrownBy(() -> rs.getBytes(1)).satisfies(e -> assertThat(state(e)).isEqualTo("54000"));
                    assertThat(LobData.crc(rs.getBinaryStream(1))).isEqualTo(LobData.crc(LobData.bytes(2L * MIB)));
                }
            } finally {
                if (old == null) {
                    System.clearProperty("bstack.lob.maxMaterialised");
                } else {
                    System.setProperty("bstack.lob.maxMaterialised", old);
                }
            }
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT LENGTH(b), b = b FROM t")) {
                rs.next();
                assertThat(rs.getLong(1)).isEqualTo(2L * MIB);
                assertThat(rs.getBoolean(2)).isTrue();
            }
        }
    }

    @Test
    void copiesAndUpdatesMoveValuesRegionToRegionAndFreeTheOldOnes() throws Exception {
        try (Connection c = open("copies")) {
            table(c);
            insertBlob(c, 1, 2L * MIB + 3, true);
            long expected = LobData.crc(LobData.bytes(2L * MIB + 3));
            try (Statement s = c.createStatement()) {
                s.execute("INSERT INTO t (id, n, b) SELECT id + 10, n, b FROM t");
                s.execute("UPDATE t SET n = n + 1"); // rewrites both rows, their values copied and the old freed
                s.execute("UPDATE t SET id = id + 100 WHERE id = 1"); // a moved row's value streams from its own region
                s.execute("DELETE FROM t WHERE id = 11");
                s.execute("INSERT INTO t (id, b) SELECT 7, b FROM t WHERE id = 101");
            }
            assertThat(blobCrc(c, 101)).isEqualTo(expected);
            assertThat(blobCrc(c, 7)).isEqualTo(expected);
            try (PreparedStatement p = c.prepareStatement("SELECT COUNT(*) FROM t WHERE b = ?")) {
                // a bound stream compared with every row: read once for the statement
                p.setBinaryStream(1, LobData.bytes(2L * MIB + 3), 2L * MIB + 3);
                try (ResultSet rs = p.executeQuery()) {
                    rs.next();
                    assertThat(rs.getInt(1)).isEqualTo(2);
                }
            }
            try (PreparedStatement p = c.prepareStatement("UPDATE t SET b = ? WHERE id = 7")) {
                p.setBinaryStream(1, new ByteArrayInputStream(new byte[] {1, 2, 3}), 3);
                assertThat(p.executeUpdate()).isEqualTo(1);
            }
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT b FROM t WHERE id = 7")) {
                rs.next();
                assertThat(rs.getBytes(1)).containsExactly(1, 2, 3);
            }
        }
    }

    @Test
    void aBlobLastsAsLongAsItsTransactionAndNeverShowsALaterWriter() throws Exception {
        try (Connection reader = open("snap"); Connection writer = DriverManager.getConnection(
                "jdbc:bstack:" + dir.resolve("snap"))) {
            table(reader);
            insertBlob(reader, 1, 2L * MIB, true);
            long expected = LobData.crc(LobData.bytes(2L * MIB));
            reader.setAutoCommit(false);
            Blob held;
            try (Statement s = reader.createStatement(); ResultSet rs = s.executeQuery("SELECT b FROM t")) {
                rs.next();
                held = rs.getBlob(1);
            }
            // the writer frees the value's region and fills the space with other bytes, several times
            try (Statement s = writer.createStatement()) {
                s.execute("DELETE FROM t");
            }
            for (int i = 2; i < 6; i++) {
                try (PreparedStatement p = writer.prepareStatement("INSERT INTO t (id, b) VALUES (?, ?)")) {
                    p.setInt(1, i);
                    p.setBinaryStream(2, new java.io.SequenceInputStream(java.util.Collections.enumeration(
                            java.util.List.<InputStream>of(new ByteArrayInputStream(new byte[2 * MIB])))), 2L * MIB);
                    p.executeUpdate();
                }
                try (Statement s = writer.createStatement()) {
                    s.execute("DELETE FROM t WHERE id = " + i);
                }
            }
            assertThat(LobData.crc(held.getBinaryStream())).isEqualTo(expected);
            assertThat(held.getBytes(5, 3)).containsExactly(LobData.byteAt(4), LobData.byteAt(5), LobData.byteAt(6));
            reader.commit();
            assertThatThrownBy(() -> held.getBytes(1, 1)).satisfies(e -> assertThat(state(e)).isEqualTo("0F001"));
        }
    }

    @Test
    void createdBlobsAndClobsGrowPastTheInMemoryPartAndBindAsParameters() throws Exception {
        try (Connection c = open("created")) {
            table(c);
            Blob blob = c.createBlob();
            try (OutputStream out = blob.setBinaryStream(1)) {
                LobData.bytes(3L * MIB).transferTo(out);
            }
            assertThat(blob.length()).isEqualTo(3L * MIB);
            blob.setBytes(MIB + 1, new byte[] {42});
            Clob clob = c.createClob();
            try (Writer w = clob.setCharacterStream(1)) {
                w.write("Grüße 😀");
            }
            try (PreparedStatement p = c.prepareStatement("INSERT INTO t (id, b, c) VALUES (1, ?, ?)")) {
                p.setBlob(1, blob);
                p.setClob(2, clob);
                p.executeUpdate();
            }
            blob.free();
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT b, c FROM t")) {
                rs.next();
                Blob back = rs.getBlob(1);
                assertThat(back.length()).isEqualTo(3L * MIB);
                assertThat(back.getBytes(MIB, 3)).containsExactly(LobData.byteAt(MIB - 1), 42, LobData.byteAt(MIB + 1));
                assertThat(rs.getString(2)).isEqualTo("Grüße 😀");
                // a stored value written to is copied first: the database keeps its bytes
                back.setBytes(1, new byte[] {9});
                assertThat(back.getBytes(1, 1)).containsExactly(9);
            }
            assertThat(blobCrcAfterFirstByte(c)).isEqualTo(LobData.byteAt(0));
        }
    }

    @Test
    void aCreatedClobSpillsPastTheInMemoryPartAndKeepsCharPositions() throws Exception {
        long chars = 200_000L * LobData.TEXT_UNIT.length(); // 2.2 Mi chars: spooled to a temporary file
        int unit = LobData.TEXT_UNIT.length();
        try (Connection c = open("clob")) {
            table(c);
            Clob clob = c.createClob();
            try (Writer w = clob.setCharacterStream(1)) {
                LobData.text(chars).transferTo(w);
            }
            assertThat(clob.toString()).contains("spooled");
            assertThat(clob.length()).isEqualTo(chars);
            assertThat(clob.getSubString(150_000L * unit + 1, unit)).isEqualTo(LobData.TEXT_UNIT);
            clob.setString(chars + 1, "Ω");
            assertThat(clob.length()).isEqualTo(chars + 1);
            try (PreparedStatement p = c.prepareStatement("INSERT INTO t (id, c) VALUES (1, ?)")) {
                p.setClob(1, clob);
                p.executeUpdate();
            }
            clob.free();
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT c FROM t")) {
                rs.next();
                Clob back = rs.getClob(1);
                assertThat(back.length()).isEqualTo(chars + 1);
                assertThat(back.getSubString(chars, 2)).isEqualTo("\nΩ");
                // writing to a stored clob copies it (spooled again, for its size) and leaves the database alone
                back.setString(1, "Z");
                assertThat(back.getSubString(1, 3)).isEqualTo("Zbc");
                assertThat(back.length()).isEqualTo(chars + 1);
            }
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT c FROM t")) {
                rs.next();
                assertThat(rs.getClob(1).getSubString(1, 3)).isEqualTo("abc");
            }
        }
    }

    private static byte blobCrcAfterFirstByte(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT b FROM t")) {
            rs.next();
            return rs.getBlob(1).getBytes(1, 1)[0];
        }
    }

    @Test
    void smallValuesStillComeAsStringsAndBytes() throws Exception {
        try (Connection c = open("small")) {
            table(c);
            String text = "x".repeat(5000) + "é";
            try (PreparedStatement p = c.prepareStatement("INSERT INTO t (id, b, c) VALUES (1, ?, ?)")) {
                p.setBytes(1, new byte[5000]);
                p.setCharacterStream(2, new StringReader(text));
                p.executeUpdate();
            }
            try (Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT b, c, c || '!' FROM t ORDER BY c")) {
                rs.next();
                assertThat(rs.getBytes(1)).hasSize(5000);
                assertThat(rs.getString(2)).isEqualTo(text);
                assertThat(rs.getString(3)).isEqualTo(text + "!");
                assertThat(new String(rs.getBinaryStream(1).readAllBytes(), StandardCharsets.ISO_8859_1)).hasSize(5000);
            }
        }
    }

    /**
     * The bar: a value of {@code bstack.lob.bytes} (default 64 MiB; 1 GiB in the long mode)
     * round-trips through JDBC with a heap of 256 MiB ({@code bstack.lob.childHeap}), compared by a
     * streaming checksum; a CLOB of an eighth of that size in chars with it.
     */
    @Test
    void aLargeValueRoundTripsInAChildJvmWithA256MiBHeap() throws Exception {
        long bytes = Long.getLong("bstack.lob.bytes", 64L * MIB);
        long chars = bytes / 8 / LobData.TEXT_UNIT.length() * LobData.TEXT_UNIT.length();
        String java = ProcessHandle.current().info().command().orElseThrow();
        Path out = dir.resolve("child.out");
        String heap = System.getProperty("bstack.lob.childHeap", "256m");
        Process child = new ProcessBuilder(java, "-Xmx" + heap, "--enable-native-access=ALL-UNNAMED", "-cp",
                System.getProperty("java.class.path"), LobRoundTripMain.class.getName(),
                dir.resolve("big").toString(), String.valueOf(bytes), String.valueOf(chars))
                .redirectErrorStream(true).redirectOutput(out.toFile()).start();
        assertThat(child.waitFor(30, TimeUnit.MINUTES)).isTrue();
        String printed = Files.readString(out);
        assertThat(child.exitValue()).as(printed).isZero();
        String[] f = printed.lines().filter(l -> l.startsWith("ok ")).findFirst().orElseThrow().split(" ");
        assertThat(Long.parseLong(f[1])).isEqualTo(LobData.crc(LobData.bytes(bytes)));
        long[] text = LobData.crc(LobData.text(chars));
        assertThat(Long.parseLong(f[2])).isEqualTo(text[0]);
        assertThat(Long.parseLong(f[3])).isEqualTo(chars);
        System.out.printf("LOB round trip of %d bytes + %d chars under -Xmx%s: write %s ms, read %s ms%n", bytes,
                chars, heap, f[4], f[5]);
    }
}
