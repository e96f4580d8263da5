package io.bstack.conformance;

import io.bstack.jdbc.BStackDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

class ScratchProbeTest {
    interface Probe {
        Object run() throws Exception;
    }

    static void probe(String what, Probe p) {
        try {
            System.out.println("PROBE " + what + " -> " + p.run());
        } catch (Exception e) {
            System.out.println("PROBE " + what + " -> " + e + (e instanceof java.sql.SQLException q ? " state " + q.getSQLState() : ""));
        }
    }

    @Test
    void probes() throws Exception {
        try (Connection c = Jdbc.mem()) {
            Jdbc.exec(c, "CREATE TABLE k(id BIGINT AUTO_INCREMENT PRIMARY KEY, v VARCHAR(5), c CLOB)");
            PreparedStatement p = c.prepareStatement("INSERT INTO k(v) VALUES (?)", Statement.RETURN_GENERATED_KEYS);
            p.setString(1, "a");
            p.addBatch();
            p.setString(1, "b");
            p.addBatch();
            p.executeBatch();
            probe("batch keys", () -> {
                ResultSet k = p.getGeneratedKeys();
                StringBuilder sb = new StringBuilder();
                while (k.next()) {
                    sb.append(k.getLong(1)).append(',');
                }
                return sb;
            });
            c.setAutoCommit(false);
            Jdbc.exec(c, "INSERT INTO k(v) VALUES ('x')");
            probe("setReadOnly in tx", () -> {
                c.setReadOnly(true);
                return c.isReadOnly();
            });
            c.setReadOnly(false);
            c.rollback();
            c.setAutoCommit(true);
            BStackDataSource ds = new BStackDataSource();
            ds.setUrl("jdbc:h2:mem:");
            probe("ds h2 url", ds::getConnection);
            probe("callable clob", () -> {
                var cs = c.prepareCall("{? = call CAST(? AS CLOB)}");
                cs.registerOutParameter(1, java.sql.Types.CLOB);
                cs.setString(2, "x");
                cs.execute();
                return cs.getObject(1).getClass();
            });
            probe("getMetaData PS insert", () -> c.prepareStatement("INSERT INTO k(v) VALUES (?)").getMetaData());
            probe("fetchSize > maxRows", () -> {
                Statement s = c.createStatement();
                s.setMaxRows(5);
                s.setFetchSize(10);
                return s.getFetchSize();
            });
            probe("execute empty batch entry", () -> {
                Statement s = c.createStatement();
                s.addBatch("");
                return java.util.Arrays.toString(s.executeBatch());
            });
            probe("rs getString on bytes col", () -> {
                ResultSet rs = c.createStatement().executeQuery("SELECT X'41', CAST('abc' AS CLOB)");
                rs.next();
                return rs.getString(1) + " " + rs.getObject(2).getClass() + " " + rs.getMetaData().getColumnClassName(2);
            });
            probe("updatable on view-ish join", () -> {
                ResultSet rs = c.createStatement(ResultSet.TYPE_SCROLL_INSENSITIVE, ResultSet.CONCUR_UPDATABLE)
                        .executeQuery("SELECT a.id, b.v FROM k a JOIN k b ON a.id = b.id");
                return rs.getConcurrency() + " warn " + rs.getWarnings() + " / " + rs.getStatement().getWarnings();
            });
            probe("relative on forward", () -> {
                ResultSet rs = c.createStatement().executeQuery("SELECT id FROM k");
                rs.next();
                return rs.isLast();
            });
            probe("getRow after end", () -> {
                ResultSet rs = c.createStatement().executeQuery("SELECT id FROM k");
                while (rs.next()) {
                    // drain
                }
                return rs.getRow() + " " + rs.isAfterLast() + " " + rs.isBeforeFirst();
            });
            probe("empty forward isBeforeFirst", () -> {
                ResultSet rs = c.createStatement().executeQuery("SELECT id FROM k WHERE id < 0");
                return rs.isBeforeFirst() + " " + rs.next() + " " + rs.isAfterLast();
            });
            probe("clob getObject held", () -> {
                c.setAutoCommit(false);
                Jdbc.exec(c, "UPDATE k SET c = 'zz'");
                ResultSet rs = c.createStatement().executeQuery("SELECT c FROM k");
                c.commit();
                rs.next();
                Object o = rs.getObject(1);
                c.setAutoCommit(true);
                return o.getClass();
            });
        }
    }
}
