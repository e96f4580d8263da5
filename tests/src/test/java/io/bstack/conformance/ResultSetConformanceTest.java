package io.bstack.conformance;

import static io.bstack.conformance.Jdbc.count;
import static io.bstack.conformance.Jdbc.exec;
import static io.bstack.conformance.Jdbc.fails;
import static io.bstack.conformance.Jdbc.mem;
import static io.bstack.conformance.Jdbc.one;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** java.sql.ResultSet: forward-only, scroll-insensitive and updatable results. */
class ResultSetConformanceTest {
    private Connection c;

    @BeforeEach
    void open() throws SQLException {
        c = mem();
        exec(c, "CREATE TABLE t(id INT PRIMARY KEY, v VARCHAR(20), n INT)",
                "INSERT INTO t VALUES (1, 'one', 10), (2, 'two', NULL), (3, 'three', 30)");
    }

    @AfterEach
    void close() throws SQLException {
        c.close();
    }

    private ResultSet query(int type, int concurrency, String sql) throws SQLException {
        return c.createStatement(type, concurrency).executeQuery(sql);
    }

    @Test
    void forwardOnlyReadsInOrderAndRefusesToScroll() throws SQLException {
        ResultSet rs = query(ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY, "SELECT id, v, n FROM t ORDER BY id");
        assertThat(rs.getType()).isEqualTo(ResultSet.TYPE_FORWARD_ONLY);
        assertThat(rs.getConcurrency()).isEqualTo(ResultSet.CONCUR_READ_ONLY);
        assertThat(rs.isBeforeFirst()).isTrue();
        assertThat(rs.getRow()).isZero();
        fails("24000", () -> rs.getInt(1));
        assertThat(rs.next()).isTrue();
        assertThat(rs.isFirst()).isTrue();
        assertThat(rs.getRow()).isEqualTo(1);
        assertThat(rs.getInt("ID")).isEqualTo(1);
        assertThat(rs.getInt("id")).as("labels are case-insensitive").isEqualTo(1);
        assertThat(rs.getString(2)).isEqualTo("one");
        assertThat(rs.findColumn("N")).isEqualTo(3);
        fails("42S22", () -> rs.findColumn("nope"));
        fails("42S22", () -> rs.getString("nope"));
        fails("HY009", () -> rs.findColumn(null));
        fails("07009", () -> rs.getString(0));
        fails("07009", () -> rs.getString(4));
        fails("07009", () -> rs.getObject(-1));
        fails("HY106", rs::previous);
        fails("HY106", rs::first);
        fails("HY106", rs::last);
        fails("HY106", rs::beforeFirst);
        fails("HY106", rs::afterLast);
        fails("HY106", () -> rs.absolute(1));
        fails("HY106", () -> rs.relative(1));
        fails("HY106", () -> rs.setFetchDirection(ResultSet.FETCH_REVERSE));
        rs.setFetchDirection(ResultSet.FETCH_FORWARD);
        fails("HY024", () -> rs.setFetchDirection(12345));
        fails("HY024", () -> rs.setFetchSize(-1));
        rs.setFetchSize(10);
        assertThat(rs.getFetchSize()).isEqualTo(10);
        assertThat(rs.next()).isTrue();
        assertThat(rs.getInt(3)).isZero();
        assertThat(rs.wasNull()).isTrue();
        assertThat(rs.getObject(3)).isNull();
        assertThat(rs.getString(2)).isEqualTo("two");
        assertThat(rs.wasNull()).isFalse();
        assertThat(rs.next()).isTrue();
        assertThat(rs.next()).isFalse();
        assertThat(rs.isAfterLast()).isTrue();
        assertThat(rs.next()).isFalse();
        fails("24000", () -> rs.getInt(1));
        fails("HY000", () -> rs.updateInt(1, 5));
        fails("HY000", rs::moveToInsertRow);
        fails("0A000", rs::getCursorName);
        rs.close();
        rs.close();
        fails("24000", rs::next);
        fails("24000", rs::getMetaData);
    }

    @Test
    void aForwardOnlyResultKnowsWhetherItIsEmptyBeforeTheFirstNext() throws SQLException {
        ResultSet empty = query(ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY, "SELECT id FROM t WHERE id < 0");
        assertThat(empty.isBeforeFirst()).as("JDBC: false when there are no rows").isFalse();
        assertThat(empty.isAfterLast()).isFalse();
        assertThat(empty.next()).isFalse();
        assertThat(empty.isAfterLast()).isFalse();
        ResultSet rs = query(ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY, "SELECT id FROM t ORDER BY id");
        assertThat(rs.isBeforeFirst()).isTrue();
        assertThat(rs.isBeforeFirst()).isTrue();
        List<Integer> ids = new ArrayList<>();
        while (rs.next()) {
            ids.add(rs.getInt(1));
            assertThat(rs.getRow()).isEqualTo(ids.size());
        }
        assertThat(ids).containsExactly(1, 2, 3);
        c.setAutoCommit(false);
        exec(c, "INSERT INTO t VALUES (4, 'four', 40)");
        ResultSet held = query(ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY, "SELECT id FROM t ORDER BY id");
        assertThat(held.isBeforeFirst()).isTrue(); // the first row is read ahead
        c.commit(); // held over the commit: the row read ahead is kept
        ids.clear();
        while (held.next()) {
            ids.add(held.getInt(1));
        }
        assertThat(ids).containsExactly(1, 2, 3, 4);
        Statement limited = c.createStatement();
        limited.setMaxRows(1);
        ResultSet one = limited.executeQuery("SELECT id FROM t ORDER BY id");
        assertThat(one.isBeforeFirst()).isTrue();
        assertThat(one.next()).isTrue();
        assertThat(one.next()).as("max rows still applies").isFalse();
    }

    @Test
    void scrollInsensitiveMovesEveryWay() throws SQLException {
        ResultSet rs = query(ResultSet.TYPE_SCROLL_INSENSITIVE, ResultSet.CONCUR_READ_ONLY,
                "SELECT id FROM t ORDER BY id");
        assertThat(rs.getType()).isEqualTo(ResultSet.TYPE_SCROLL_INSENSITIVE);
        assertThat(rs.isBeforeFirst()).isTrue();
        assertThat(rs.last()).isTrue();
        assertThat(rs.isLast()).isTrue();
        assertThat(rs.getRow()).isEqualTo(3);
        assertThat(rs.first()).isTrue();
        assertThat(rs.isFirst()).isTrue();
        assertThat(rs.previous()).isFalse();
        assertThat(rs.isBeforeFirst()).isTrue();
        assertThat(rs.getRow()).isZero();
        assertThat(rs.absolute(2)).isTrue();
        assertThat(rs.getInt(1)).isEqualTo(2);
        assertThat(rs.absolute(-1)).isTrue();
        assertThat(rs.getInt(1)).isEqualTo(3);
        assertThat(rs.absolute(-3)).isTrue();
        assertThat(rs.getInt(1)).isEqualTo(1);
        assertThat(rs.absolute(-4)).isFalse();
        assertThat(rs.isBeforeFirst()).isTrue();
        assertThat(rs.absolute(4)).isFalse();
        assertThat(rs.isAfterLast()).isTrue();
        assertThat(rs.previous()).isTrue();
        assertThat(rs.getInt(1)).isEqualTo(3);
        assertThat(rs.relative(-2)).isTrue();
        assertThat(rs.getInt(1)).isEqualTo(1);
        assertThat(rs.relative(0)).isTrue();
        assertThat(rs.getInt(1)).isEqualTo(1);
        assertThat(rs.relative(10)).isFalse();
        assertThat(rs.isAfterLast()).isTrue();
        assertThat(rs.relative(-1)).isTrue();
        assertThat(rs.getInt(1)).isEqualTo(3);
        assertThat(rs.absolute(0)).isFalse();
        assertThat(rs.isBeforeFirst()).isTrue();
        rs.afterLast();
        assertThat(rs.isAfterLast()).isTrue();
        assertThat(rs.getRow()).isZero();
        List<Integer> backwards = new ArrayList<>();
        rs.setFetchDirection(ResultSet.FETCH_REVERSE);
        assertThat(rs.getFetchDirection()).isEqualTo(ResultSet.FETCH_REVERSE);
        while (rs.previous()) {
            backwards.add(rs.getInt(1));
        }
        assertThat(backwards).containsExactly(3, 2, 1);
        rs.beforeFirst();
        assertThat(rs.next()).isTrue();
        assertThat(rs.getInt(1)).isEqualTo(1);
        exec(c, "DELETE FROM t");
        assertThat(rs.absolute(3)).as("insensitive: later changes are not seen").isTrue();
        ResultSet empty = query(ResultSet.TYPE_SCROLL_INSENSITIVE, ResultSet.CONCUR_READ_ONLY, "SELECT id FROM t");
        assertThat(empty.isBeforeFirst()).as("empty: neither before first nor after last").isFalse();
        assertThat(empty.first()).isFalse();
        assertThat(empty.last()).isFalse();
        assertThat(empty.isAfterLast()).isFalse();
        assertThat(empty.next()).isFalse();
    }

    @Test
    void updatableResultUpdatesInsertsDeletesAndRefreshes() throws SQLException {
        ResultSet rs = query(ResultSet.TYPE_SCROLL_INSENSITIVE, ResultSet.CONCUR_UPDATABLE,
                "SELECT id, v, n FROM t ORDER BY id");
        assertThat(rs.getConcurrency()).isEqualTo(ResultSet.CONCUR_UPDATABLE);
        fails("24000", rs::updateRow); // before the first row
        assertThat(rs.next()).isTrue();
        rs.updateString("V", "uno");
        assertThat(rs.getString(2)).as("the new value is seen before updateRow").isEqualTo("uno");
        rs.cancelRowUpdates();
        assertThat(rs.getString(2)).isEqualTo("one");
        rs.updateString(2, "uno");
        rs.updateNull(3);
        rs.updateRow();
        assertThat(rs.rowUpdated()).isTrue();
        assertThat(one(c, "SELECT v FROM t WHERE id = 1")).isEqualTo("uno");
        assertThat(one(c, "SELECT n FROM t WHERE id = 1")).isNull();
        fails("07009", () -> rs.updateInt(9, 1));
        fails("42S22", () -> rs.updateInt("nope", 1));

        rs.moveToInsertRow();
        rs.updateInt(1, 4);
        rs.updateString(2, "four");
        rs.updateInt(3, 40);
        fails("HY000", rs::updateRow);
        fails("HY000", rs::deleteRow);
        rs.insertRow();
        rs.moveToCurrentRow();
        assertThat(rs.getInt(1)).as("back on the row we left").isEqualTo(1);
        assertThat(count(c, "t")).isEqualTo(4);
        assertThat(one(c, "SELECT v FROM t WHERE id = 4")).isEqualTo("four");
        fails("HY000", rs::insertRow);

        rs.moveToInsertRow();
        rs.updateInt(1, 2); // duplicate key
        rs.updateString(2, "dup");
        fails("23505", rs::insertRow);
        rs.moveToCurrentRow();

        assertThat(rs.absolute(2)).isTrue();
        rs.deleteRow();
        assertThat(rs.rowDeleted()).isTrue();
        assertThat(count(c, "t")).isEqualTo(3);
        assertThat(rs.absolute(3)).isTrue();
        exec(c, "UPDATE t SET v = 'THREE' WHERE id = 3");
        assertThat(rs.getString(2)).isEqualTo("three");
        rs.refreshRow();
        assertThat(rs.getString(2)).isEqualTo("THREE");
        exec(c, "DELETE FROM t WHERE id = 3");
        fails("24000", rs::refreshRow);
        assertThat(rs.rowInserted()).isFalse();
    }

    @Test
    void aQueryThatCannotBeUpdatedIsReadOnlyWithAWarning() throws SQLException {
        ResultSet rs = query(ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_UPDATABLE, "SELECT v, n + 1 FROM t");
        assertThat(rs.getConcurrency()).isEqualTo(ResultSet.CONCUR_READ_ONLY);
        Throwable w = rs.getWarnings() != null ? rs.getWarnings() : rs.getStatement().getWarnings();
        assertThat(w).isNotNull();
        rs.next();
        fails("HY000", () -> rs.updateString(1, "x"));
        // a self-join: id of one row, v of another; updating v "by id" would write the wrong row
        ResultSet selfJoin = query(ResultSet.TYPE_SCROLL_INSENSITIVE, ResultSet.CONCUR_UPDATABLE,
                "SELECT a.id, b.v FROM t a JOIN t b ON b.id = a.id + 1 ORDER BY a.id");
        assertThat(selfJoin.getConcurrency()).isEqualTo(ResultSet.CONCUR_READ_ONLY);
        assertThat(selfJoin.next()).isTrue();
        fails("HY000", () -> selfJoin.updateString(2, "x"));
        assertThat(one(c, "SELECT COUNT(*) FROM t WHERE v = 'x'")).isEqualTo(0L);
        ResultSet derived = query(ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_UPDATABLE,
                "SELECT id, v FROM (SELECT id, v FROM t) AS d");
        assertThat(derived.getConcurrency()).isEqualTo(ResultSet.CONCUR_READ_ONLY);
        ResultSet ordered = query(ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_UPDATABLE,
                "SELECT id, v FROM t WHERE id > 1 ORDER BY v LIMIT 5");
        assertThat(ordered.getConcurrency()).as("one table, filtered and ordered").isEqualTo(ResultSet.CONCUR_UPDATABLE);
        ResultSet noKey = query(ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_UPDATABLE, "SELECT v FROM t");
        assertThat(noKey.getConcurrency()).as("the key is not among the columns").isEqualTo(ResultSet.CONCUR_READ_ONLY);
    }

    @Test
    void aForwardOnlyUpdatableResultUpdatesToo() throws SQLException {
        ResultSet rs = query(ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_UPDATABLE, "SELECT id, n FROM t ORDER BY id");
        while (rs.next()) {
            rs.updateInt("N", rs.getInt(1) * 100);
            rs.updateRow();
        }
        assertThat(one(c, "SELECT SUM(n) FROM t")).isEqualTo(600L);
    }

    @Test
    void gettersConvertAndRefuseWhatCannotBeConverted() throws SQLException {
        ResultSet rs = c.createStatement().executeQuery(
                "SELECT 'abc', 300, 'true', 12.5, CAST(NULL AS INT), 3000000000 FROM t WHERE id = 1");
        rs.next();
        fails("22018", () -> rs.getInt(1));
        fails("22003", () -> rs.getByte(2));
        assertThat(rs.getShort(2)).isEqualTo((short) 300);
        assertThat(rs.getString(2)).isEqualTo("300");
        assertThat(rs.getBoolean(3)).isTrue();
        assertThat(rs.getBigDecimal(4)).isEqualByComparingTo("12.5");
        assertThat(rs.getDouble(4)).isEqualTo(12.5);
        assertThat(rs.getInt(5)).isZero();
        assertThat(rs.wasNull()).isTrue();
        assertThat(rs.getBigDecimal(5)).isNull();
        fails("22003", () -> rs.getInt(6));
        assertThat(rs.getLong(6)).isEqualTo(3_000_000_000L);
        fails("HY009", () -> rs.getObject(1, (Class<?>) null));
        assertThatThrownBy(() -> rs.getObject(1, Thread.class)).isInstanceOf(SQLException.class);
        assertThatThrownBy(() -> rs.getURL(1)).isInstanceOf(SQLException.class);
        fails("0A000", () -> rs.getArray(1));
        fails("0A000", () -> rs.getRef(1));
        fails("0A000", () -> rs.getRowId(1));
        fails("0A000", () -> rs.getSQLXML(1));
        assertThat(rs.getStatement()).isNotNull();
        assertThat(rs.unwrap(ResultSet.class)).isSameAs(rs);
        fails("HY024", () -> rs.unwrap(Statement.class));
    }
}
