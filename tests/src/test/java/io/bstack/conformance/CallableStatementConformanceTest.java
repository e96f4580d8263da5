package io.bstack.conformance;

import static io.bstack.conformance.Jdbc.fails;
import static io.bstack.conformance.Jdbc.mem;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.ParameterMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import org.junit.jupiter.api.Test;

/** java.sql.CallableStatement: {? = call f(?)}, {call f(?)}, CALL expr; what has no meaning is 0A000. */
class CallableStatementConformanceTest {
    @Test
    void aFunctionValueIsOutParameterOne() throws SQLException {
        try (Connection c = mem(); CallableStatement cs = c.prepareCall("{? = call ABS(?)}")) {
            fails("07009", () -> cs.setInt(1, 5)); // parameter 1 is the OUT value
            cs.setInt(2, -5);
            fails("07009", () -> cs.getInt(1)); // not registered yet
            cs.registerOutParameter(1, Types.INTEGER);
            fails("HY010", () -> cs.getInt(1)); // not run yet
            assertThat(cs.execute()).isFalse();
            assertThat(cs.getInt(1)).isEqualTo(5);
            assertThat(cs.wasNull()).isFalse();
            assertThat(cs.getLong(1)).isEqualTo(5L);
            assertThat(cs.getString(1)).isEqualTo("5");
            assertThat(cs.getBigDecimal(1)).isEqualByComparingTo(BigDecimal.valueOf(5));
            assertThat(cs.getObject(1, Long.class)).isEqualTo(5L);
            assertThat(cs.getObject(1)).isEqualTo(5);
            fails("07009", () -> cs.getInt(2));
            fails("07009", () -> cs.getInt(0));
            cs.setNull(2, Types.INTEGER);
            assertThat(cs.executeUpdate()).isZero();
            assertThat(cs.getInt(1)).isZero();
            assertThat(cs.wasNull()).isTrue();
            assertThat(cs.executeLargeUpdate()).isZero();
            fails("07003", cs::executeQuery);
            ParameterMetaData pmd = cs.getParameterMetaData();
            assertThat(pmd.getParameterCount()).as("the OUT value and the argument").isEqualTo(2);
            assertThat(pmd.getParameterMode(1)).isEqualTo(ParameterMetaData.parameterModeOut);
            assertThat(pmd.getParameterMode(2)).isEqualTo(ParameterMetaData.parameterModeIn);
            fails("07009", () -> pmd.getParameterMode(3));
        }
    }

    @Test
    void anOutValueReadsLikeAColumnOfItsType() throws SQLException {
        try (Connection c = mem(); CallableStatement cs = c.prepareCall("{? = call CAST(? AS CLOB)}")) {
            cs.registerOutParameter(1, Types.CLOB);
            cs.setString(2, "text");
            cs.execute();
            assertThat(cs.getObject(1)).as("as getObject on a CLOB column").isInstanceOf(java.sql.Clob.class);
            assertThat(cs.getClob(1).getSubString(1, 4)).isEqualTo("text");
            assertThat(cs.getString(1)).isEqualTo("text");
        }
    }

    @Test
    void callWithoutAValueGivesAOneRowResult() throws SQLException {
        try (Connection c = mem(); CallableStatement cs = c.prepareCall("{call UPPER(?)}");
                CallableStatement plain = c.prepareCall("CALL 1 + ?")) {
            cs.setString(1, "abc");
            try (ResultSet rs = cs.executeQuery()) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("ABC");
            }
            fails("0A000", () -> cs.registerOutParameter(1, Types.VARCHAR));
            fails("07009", () -> cs.getString(1));
            assertThat(cs.getParameterMetaData().getParameterCount()).isEqualTo(1);
            assertThat(cs.getParameterMetaData().getParameterMode(1)).isEqualTo(ParameterMetaData.parameterModeIn);
            plain.setInt(1, 41);
            assertThat(plain.execute()).isTrue();
            ResultSet rs = plain.getResultSet();
            assertThat(rs.next()).isTrue();
            assertThat(rs.getInt(1)).isEqualTo(42);
        }
    }

    @Test
    void namedParametersAndUnsupportedTypesAre0A000() throws SQLException {
        try (Connection c = mem(); CallableStatement cs = c.prepareCall("{? = call ABS(?)}")) {
            fails("0A000", () -> cs.setInt("x", 1));
            fails("0A000", () -> cs.getInt("x"));
            fails("0A000", () -> cs.registerOutParameter("x", Types.INTEGER));
            fails("0A000", () -> cs.setNull("x", Types.INTEGER));
            fails("0A000", () -> cs.getObject("x", String.class));
            fails("0A000", () -> cs.registerOutParameter(2, Types.INTEGER));
            cs.registerOutParameter(1, Types.INTEGER);
            cs.setInt(2, 1);
            cs.execute();
            fails("0A000", () -> cs.getArray(1));
            fails("0A000", () -> cs.getRef(1));
            fails("0A000", () -> cs.getRowId(1));
            fails("0A000", () -> cs.getSQLXML(1));
        }
        try (Connection c = mem()) {
            fails("42000", () -> c.prepareCall("{? = call ABS(?)"));
        }
    }
}
