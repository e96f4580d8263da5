package io.bstack.conformance;

import static io.bstack.conformance.Jdbc.exec;
import static io.bstack.conformance.Jdbc.fails;
import static io.bstack.conformance.Jdbc.mem;
import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.sql.Connection;
import java.sql.ParameterMetaData;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** ResultSetMetaData and ParameterMetaData: what they say, and 07009 for every bad position. */
class MetaDataConformanceTest {
    @Test
    void resultSetMetaDataDescribesTheColumns() throws SQLException {
        try (Connection c = mem()) {
            exec(c, "CREATE TABLE t(id INT AUTO_INCREMENT PRIMARY KEY, name VARCHAR(30) NOT NULL, price DECIMAL(10,2),"
                    + " d DATE, b BOOLEAN)");
            try (ResultSet rs = c.createStatement().executeQuery("SELECT id, name AS label, price, d, b, id + 1 FROM t")) {
                ResultSetMetaData md = rs.getMetaData();
                assertThat(md.getColumnCount()).isEqualTo(6);
                assertThat(md.getColumnLabel(2)).isEqualTo("LABEL");
                assertThat(md.getColumnName(2)).isEqualTo("NAME");
                assertThat(md.getTableName(1)).isEqualTo("T");
                assertThat(md.getSchemaName(1)).isEqualTo("PUBLIC");
                assertThat(md.getTableName(6)).as("computed").isEmpty();
                assertThat(md.getColumnType(1)).isEqualTo(Types.INTEGER);
                assertThat(md.getColumnType(2)).isEqualTo(Types.VARCHAR);
                assertThat(md.getColumnType(3)).isEqualTo(Types.DECIMAL);
                assertThat(md.getColumnType(4)).isEqualTo(Types.DATE);
                assertThat(md.getColumnType(5)).isEqualTo(Types.BOOLEAN);
                assertThat(md.getPrecision(2)).isEqualTo(30);
                assertThat(md.getPrecision(3)).isEqualTo(10);
                assertThat(md.getScale(3)).isEqualTo(2);
                assertThat(md.isNullable(2)).isEqualTo(ResultSetMetaData.columnNoNulls);
                assertThat(md.isNullable(3)).isEqualTo(ResultSetMetaData.columnNullable);
                assertThat(md.isAutoIncrement(1)).isTrue();
                assertThat(md.isAutoIncrement(2)).isFalse();
                assertThat(md.isSigned(3)).isTrue();
                assertThat(md.isSigned(2)).isFalse();
                assertThat(md.isCaseSensitive(2)).isTrue();
                assertThat(md.isReadOnly(6)).isTrue();
                assertThat(md.isWritable(1)).isTrue();
                assertThat(md.getColumnClassName(1)).isEqualTo(Integer.class.getName());
                assertThat(md.getColumnClassName(3)).isEqualTo(java.math.BigDecimal.class.getName());
                assertThat(md.getColumnClassName(4)).isEqualTo(java.sql.Date.class.getName());
                assertThat(md.getColumnTypeName(2)).isEqualTo("VARCHAR");
                assertThat(md.getColumnDisplaySize(2)).isEqualTo(30);
                assertThat(md.unwrap(ResultSetMetaData.class)).isSameAs(md);
                fails("HY009", () -> md.isWrapperFor(null));
                assertThat(badPositions(md, ResultSetMetaData.class, md.getColumnCount())).isEmpty();
            }
        }
    }

    @Test
    void parameterMetaDataCountsAndChecksPositions() throws SQLException {
        try (Connection c = mem()) {
            exec(c, "CREATE TABLE t(id INT, v VARCHAR(10))");
            ParameterMetaData pmd = c.prepareStatement("SELECT * FROM t WHERE id = ? AND v = ?").getParameterMetaData();
            assertThat(pmd.getParameterCount()).isEqualTo(2);
            assertThat(pmd.getParameterMode(1)).isEqualTo(ParameterMetaData.parameterModeIn);
            assertThat(pmd.isNullable(2)).isEqualTo(ParameterMetaData.parameterNullableUnknown);
            assertThat(pmd.getParameterType(1)).isEqualTo(Types.OTHER);
            assertThat(pmd.getParameterClassName(1)).isEqualTo(Object.class.getName());
            assertThat(badPositions(pmd, ParameterMetaData.class, 2)).isEmpty();
            assertThat(c.prepareStatement("SELECT 1").getParameterMetaData().getParameterCount()).isZero();
        }
    }

    /** Every int-positional method at 0, -1 and count+1 must be 07009. */
    private static List<String> badPositions(Object md, Class<?> iface, int count) {
        List<String> problems = new ArrayList<>();
        for (Method m : iface.getMethods()) {
            if (m.getParameterCount() != 1 || m.getParameterTypes()[0] != int.class) {
                continue;
            }
            for (int bad : new int[] {0, -1, count + 1, Integer.MAX_VALUE}) {
                Throwable t = ReflectiveConformanceTest.call(md, m, new Object[] {bad});
                if (!(t instanceof SQLException q) || !"07009".equals(q.getSQLState())) {
                    problems.add(m.getName() + "(" + bad + "): " + t);
                }
            }
        }
        return problems;
    }
}
