package io.bstack.conformance;

import static io.bstack.conformance.Jdbc.exec;
import static io.bstack.conformance.Jdbc.fails;
import static io.bstack.conformance.Jdbc.mem;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.io.Reader;
import java.io.Writer;
import java.lang.reflect.Method;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.Connection;
import java.sql.NClob;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Blob and Clob: positions from 1, bounds (22011), freed objects (HY010), streams, and use as values. */
class LobConformanceTest {
    @Test
    void blobReadsWritesSearchesAndTruncates() throws Exception {
        try (Connection c = mem()) {
            Blob b = c.createBlob();
            assertThat(b.setBytes(1, new byte[] {1, 2, 3, 4, 5})).isEqualTo(5);
            assertThat(b.length()).isEqualTo(5);
            assertThat(b.getBytes(2, 3)).containsExactly(2, 3, 4);
            assertThat(b.getBytes(5, 10)).containsExactly(5);
            assertThat(b.getBytes(6, 1)).isEmpty();
            assertThat(b.position(new byte[] {3, 4}, 1)).isEqualTo(3);
            assertThat(b.position(new byte[] {9}, 1)).isEqualTo(-1);
            assertThat(b.setBytes(6, new byte[] {6, 7, 8}, 1, 2)).isEqualTo(2);
            assertThat(b.getBytes(1, 100)).containsExactly(1, 2, 3, 4, 5, 7, 8);
            try (OutputStream out = b.setBinaryStream(8)) {
                out.write(new byte[] {9, 10});
            }
            assertThat(b.length()).isEqualTo(9);
            assertThat(b.getBinaryStream(2, 2).readAllBytes()).containsExactly(2, 3);
            b.truncate(2);
            assertThat(b.getBytes(1, 10)).containsExactly(1, 2);
            fails("22011", () -> b.getBytes(0, 1));
            fails("22011", () -> b.getBytes(4, 1));
            fails("22011", () -> b.getBytes(1, -1));
            fails("22011", () -> b.getBinaryStream(1, 3));
            fails("22011", () -> b.position(new byte[] {1}, 0));
            fails("22011", () -> b.truncate(-1));
            fails("22011", () -> b.truncate(3));
            fails("22023", () -> b.setBytes(1, new byte[] {1}, 1, 5));
            fails("22011", () -> b.setBytes(0, new byte[] {1}));
            b.free();
            b.free(); // twice is fine
            fails("HY010", b::length);
            fails("HY010", () -> b.getBytes(1, 1));
        }
    }

    @Test
    void clobReadsWritesSearchesAndTruncates() throws Exception {
        try (Connection c = mem()) {
            Clob s = c.createClob();
            assertThat(s.setString(1, "hello")).isEqualTo(5);
            assertThat(s.getSubString(2, 3)).isEqualTo("ell");
            assertThat(s.position("ll", 1)).isEqualTo(3);
            assertThat(s.position("zz", 1)).isEqualTo(-1);
            assertThat(s.position(new javax.sql.rowset.serial.SerialClob("lo".toCharArray()), 1)).isEqualTo(4);
            try (Writer w = s.setCharacterStream(6)) {
                w.write(" world");
            }
            assertThat(s.getSubString(1, 100)).isEqualTo("hello world");
            try (Reader r = s.getCharacterStream(7, 5)) {
                char[] buf = new char[5];
                assertThat(r.read(buf)).isEqualTo(5);
                assertThat(new String(buf)).isEqualTo("world");
            }
            try (OutputStream out = s.setAsciiStream(1)) {
                out.write('J');
            }
            assertThat(s.getAsciiStream().readAllBytes()).startsWith('J', 'e');
            s.truncate(5);
            assertThat(s.length()).isEqualTo(5);
            fails("22011", () -> s.getSubString(0, 1));
            fails("22011", () -> s.getSubString(1, -1));
            fails("22011", () -> s.getCharacterStream(3, 10));
            fails("22011", () -> s.truncate(6));
            fails("22023", () -> s.setString(1, "abc", 2, 5));
            NClob n = c.createNClob();
            n.setString(1, "日本語");
            assertThat(n.length()).isEqualTo(3);
            s.free();
            fails("HY010", s::length);
        }
    }

    @Test
    void lobsFromResultsAreValuesIndependentOfTheRow() throws SQLException, IOException {
        try (Connection c = mem()) {
            exec(c, "CREATE TABLE t(id INT PRIMARY KEY, b BLOB, c CLOB)");
            PreparedStatement p = c.prepareStatement("INSERT INTO t VALUES (?, ?, ?)");
            p.setInt(1, 1);
            p.setBytes(2, new byte[] {1, 2});
            p.setString(3, "ab");
            p.executeUpdate();
            try (ResultSet rs = c.createStatement().executeQuery("SELECT b, c FROM t")) {
                rs.next();
                Blob b = rs.getBlob(1);
                Clob s = rs.getClob(2);
                b.setBytes(3, new byte[] {3});
                assertThat(rs.getBytes(1)).as("changing the Blob does not change the row").containsExactly(1, 2);
                p.setInt(1, 2);
                p.setBlob(2, b);
                p.setClob(3, s);
                p.executeUpdate();
            }
            try (ResultSet rs = c.createStatement().executeQuery("SELECT b, c FROM t WHERE id = 2")) {
                rs.next();
                assertThat(rs.getBytes(1)).containsExactly(1, 2, 3);
                try (Reader r = rs.getCharacterStream(2)) {
                    assertThat(r.read()).isEqualTo('a');
                }
            }
        }
    }

    @Test
    void everyLobMethodOnAFreedLobIsHY010AndBadArgumentsAreSqlExceptions() throws SQLException {
        try (Connection c = mem()) {
            List<String> problems = new ArrayList<>();
            for (Class<?> iface : List.of(Blob.class, Clob.class, NClob.class)) {
                for (Method m : ReflectiveConformanceTest.methods(iface)) {
                    for (ReflectiveConformanceTest.Args kind : ReflectiveConformanceTest.Args.values()) {
                        Object lob = iface == Blob.class ? c.createBlob() : c.createClob();
                        Throwable t = ReflectiveConformanceTest.call(lob, m, ReflectiveConformanceTest.args(m, kind));
                        if (t != null && !(t instanceof SQLException)) {
                            problems.add(kind + " " + m + ": " + t);
                        }
                    }
                    Object freed = iface == Blob.class ? c.createBlob() : c.createClob();
                    ReflectiveConformanceTest.call(freed, method(iface == Blob.class ? Blob.class : Clob.class, "free"),
                            new Object[0]);
                    Throwable t = ReflectiveConformanceTest.call(freed, m,
                            ReflectiveConformanceTest.args(m, ReflectiveConformanceTest.Args.PLAUSIBLE));
                    if (!m.getName().equals("free") && !(t instanceof SQLException q && "HY010".equals(q.getSQLState()))) {
                        problems.add("freed " + m + ": " + t);
                    }
                }
            }
            assertThat(problems).isEmpty();
        }
    }

    private static Method method(Class<?> c, String name) {
        try {
            return c.getMethod(name);
        } catch (NoSuchMethodException e) {
            throw new AssertionError(e);
        }
    }
}
