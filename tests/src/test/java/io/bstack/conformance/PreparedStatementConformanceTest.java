package io.bstack.conformance;

import static io.bstack.conformance.Jdbc.count;
import static io.bstack.conformance.Jdbc.exec;
import static io.bstack.conformance.Jdbc.fails;
import static io.bstack.conformance.Jdbc.mem;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.JDBCType;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** java.sql.PreparedStatement: binding, indexes, execution kinds, batches, keys, streams. */
class PreparedStatementConformanceTest {
    private Connection c;

    @BeforeEach
    void open() throws SQLException {
        c = mem();
        exec(c, "CREATE TABLE t(id INT PRIMARY KEY, v VARCHAR(100), b VARBINARY(100))");
    }

    @AfterEach
    void close() throws SQLException {
        c.close();
    }

    @Test
    void parametersAreCheckedByIndexAndMustAllBeSet() throws SQLException {
        PreparedStatement p = c.prepareStatement("INSERT INTO t(id, v) VALUES (?, ?)");
        fails("07009", () -> p.setInt(0, 1));
        fails("07009", () -> p.setInt(3, 1));
        fails("07009", () -> p.setString(-1, "x"));
        fails("07009", () -> p.setNull(99, Types.INTEGER));
        p.setInt(1, 1);
        fails("07001", p::executeUpdate);
        p.setNull(2, Types.VARCHAR);
        assertThat(p.executeUpdate()).isEqualTo(1);
        p.clearParameters();
        fails("07001", p::execute);
        p.setObject(1, 2);
        p.setObject(2, "two", Types.VARCHAR);
        assertThat(p.executeLargeUpdate()).isEqualTo(1L);
        p.setObject(1, "3", JDBCType.INTEGER);
        assertThat(p.execute()).isFalse();
        assertThat(p.getUpdateCount()).isEqualTo(1);
        fails("07003", p::executeQuery);
        fails("HY004", () -> p.setObject(1, 1, (JDBCType) null));
        fails("HY004", () -> p.setObject(1, 1, 12345));
        fails("HY004", () -> p.setNull(1, 12345));
        fails("0A000", () -> p.setObject(1, null, Types.ARRAY));
        fails("0A000", () -> p.setNull(1, Types.STRUCT));
        fails("0A000", () -> p.setNull(1, Types.SQLXML, "XML"));
        fails("22018", () -> p.setObject(1, new Object()));
        assertThat(count(c, "t")).isEqualTo(3);
    }

    @Test
    void textMethodsAreRefusedOnAPreparedStatement() throws SQLException {
        PreparedStatement p = c.prepareStatement("SELECT id FROM t");
        fails("HY000", () -> p.execute("SELECT 1"));
        fails("HY000", () -> p.executeQuery("SELECT 1"));
        fails("HY000", () -> p.executeUpdate("DELETE FROM t"));
        fails("HY000", () -> p.executeLargeUpdate("DELETE FROM t"));
        fails("HY000", () -> p.addBatch("DELETE FROM t"));
        fails("HY000", () -> p.executeUpdate("DELETE FROM t", Statement.RETURN_GENERATED_KEYS));
        fails("HY000", () -> p.executeUpdate("DELETE FROM t", new int[] {1}));
        fails("HY000", () -> p.executeUpdate("DELETE FROM t", new String[] {"ID"}));
        fails("HY000", () -> p.execute("DELETE FROM t", Statement.RETURN_GENERATED_KEYS));
        fails("HY000", () -> p.execute("DELETE FROM t", new int[] {1}));
        fails("HY000", () -> p.execute("DELETE FROM t", new String[] {"ID"}));
        fails("HY000", () -> p.executeLargeUpdate("DELETE FROM t", Statement.RETURN_GENERATED_KEYS));
        fails("HY000", () -> p.executeLargeUpdate("DELETE FROM t", new int[] {1}));
        fails("HY000", () -> p.executeLargeUpdate("DELETE FROM t", new String[] {"ID"}));
        fails("07003", p::executeUpdate);
        fails("07003", p::addBatch);
    }

    @Test
    void batchesReportCountsAndStopAtTheFirstFailure() throws SQLException {
        PreparedStatement p = c.prepareStatement("INSERT INTO t(id, v) VALUES (?, ?)");
        assertThat(p.executeBatch()).isEmpty();
        for (int id : new int[] {1, 2, 3}) {
            p.setInt(1, id);
            p.setString(2, "v" + id);
            p.addBatch();
        }
        assertThat(p.executeBatch()).containsExactly(1, 1, 1);
        for (int id : new int[] {4, 1, 5}) {
            p.setInt(1, id);
            p.addBatch(); // the value of parameter 2 stays set
        }
        BatchUpdateException e = (BatchUpdateException) fails("23505", p::executeLargeBatch);
        assertThat(e.getLargeUpdateCounts()).containsExactly(1L);
        p.clearParameters();
        fails("07001", p::addBatch);
        p.setInt(1, 9);
        p.setString(2, "x");
        p.addBatch();
        p.clearBatch();
        assertThat(p.executeBatch()).isEmpty();
        assertThat(count(c, "t")).isEqualTo(4);
    }

    @Test
    void generatedKeysByFlagIndexesAndNames() throws SQLException {
        exec(c, "CREATE TABLE k(id BIGINT AUTO_INCREMENT PRIMARY KEY, v VARCHAR(5))");
        PreparedStatement flag = c.prepareStatement("INSERT INTO k(v) VALUES (?)", Statement.RETURN_GENERATED_KEYS);
        flag.setString(1, "a");
        flag.executeUpdate();
        try (ResultSet keys = flag.getGeneratedKeys()) {
            assertThat(keys.next()).isTrue();
            assertThat(keys.getLong(1)).isEqualTo(1);
        }
        PreparedStatement byIndex = c.prepareStatement("INSERT INTO k(v) VALUES (?)", new int[] {1});
        byIndex.setString(1, "b");
        byIndex.addBatch();
        byIndex.setString(1, "c");
        byIndex.addBatch();
        assertThat(byIndex.executeBatch()).containsExactly(1, 1);
        try (ResultSet keys = byIndex.getGeneratedKeys()) {
            assertThat(keys.next()).isTrue();
            assertThat(keys.getLong(1)).as("the keys of every entry of the batch").isEqualTo(2);
            assertThat(keys.next()).isTrue();
            assertThat(keys.getLong(1)).isEqualTo(3);
            assertThat(keys.next()).isFalse();
        }
        PreparedStatement byName = c.prepareStatement("INSERT INTO k(v) VALUES (?)", new String[] {"V", "ID"});
        byName.setString(1, "d");
        assertThat(byName.execute()).isFalse();
        try (ResultSet keys = byName.getGeneratedKeys()) {
            assertThat(keys.next()).isTrue();
            assertThat(keys.getString(1)).isEqualTo("d");
            assertThat(keys.getLong(2)).isEqualTo(4);
        }
        PreparedStatement none = c.prepareStatement("INSERT INTO k(v) VALUES (?)", Statement.NO_GENERATED_KEYS);
        none.setString(1, "e");
        none.executeUpdate();
        assertThat(none.getGeneratedKeys().next()).isFalse();
    }

    @Test
    void streamsAreReadWhollyOrExactlyTheirLength() throws SQLException {
        PreparedStatement p = c.prepareStatement("INSERT INTO t(id, v, b) VALUES (?, ?, ?)");
        p.setInt(1, 1);
        p.setCharacterStream(2, new StringReader("hello world"), 5);
        p.setBinaryStream(3, new ByteArrayInputStream(new byte[] {1, 2, 3, 4}), 2);
        p.executeUpdate();
        p.setInt(1, 2);
        p.setAsciiStream(2, new ByteArrayInputStream("ascii".getBytes(StandardCharsets.US_ASCII)));
        p.setBinaryStream(3, new ByteArrayInputStream(new byte[] {9}));
        p.executeUpdate();
        fails("22023", () -> p.setCharacterStream(2, new StringReader("ab"), 5));
        fails("22023", () -> p.setBinaryStream(3, new ByteArrayInputStream(new byte[1]), 5L));
        fails("22023", () -> p.setAsciiStream(2, new ByteArrayInputStream(new byte[1]), 2));
        p.setInt(1, 3);
        p.setNCharacterStream(2, new StringReader("ü"));
        p.setBlob(3, new ByteArrayInputStream(new byte[] {7}), 1);
        p.executeUpdate();
        try (ResultSet rs = c.createStatement().executeQuery("SELECT v, b FROM t ORDER BY id")) {
            rs.next();
            assertThat(rs.getString(1)).isEqualTo("hello");
            assertThat(rs.getBytes(2)).containsExactly(1, 2);
            rs.next();
            assertThat(rs.getString(1)).isEqualTo("ascii");
            assertThat(rs.getBytes(2)).containsExactly(9);
            rs.next();
            assertThat(rs.getString(1)).isEqualTo("ü");
            assertThat(rs.getBytes(2)).containsExactly(7);
        }
    }

    @Test
    void unsupportedTypesAndMetaData() throws SQLException {
        PreparedStatement p = c.prepareStatement("SELECT id, v FROM t WHERE id = ?");
        fails("0A000", () -> p.setArray(1, null));
        fails("0A000", () -> p.setRef(1, null));
        fails("0A000", () -> p.setRowId(1, null));
        fails("0A000", () -> p.setSQLXML(1, null));
        assertThat(p.getMetaData().getColumnCount()).as("known before execution").isEqualTo(2);
        assertThat(p.getParameterMetaData().getParameterCount()).isEqualTo(1);
        PreparedStatement update = c.prepareStatement("DELETE FROM t WHERE id = ?");
        assertThat(update.getMetaData()).isNull();
        fails("42000", () -> c.prepareStatement("SELECT 1; SELECT 2"));
    }

    @Test
    void reusingAPreparedQueryClosesThePreviousResult() throws SQLException {
        exec(c, "INSERT INTO t(id, v) VALUES (1, 'a'), (2, 'b')");
        PreparedStatement p = c.prepareStatement("SELECT v FROM t WHERE id = ?");
        p.setInt(1, 1);
        ResultSet first = p.executeQuery();
        p.setInt(1, 2);
        ResultSet second = p.executeQuery();
        assertThat(first.isClosed()).isTrue();
        assertThat(second.next()).isTrue();
        assertThat(second.getString(1)).isEqualTo("b");
        p.close();
        assertThat(second.isClosed()).isTrue();
        fails("HY010", () -> p.setInt(1, 1));
        fails("HY010", p::executeQuery);
    }
}
