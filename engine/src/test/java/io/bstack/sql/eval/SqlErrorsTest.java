package io.bstack.sql.eval;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLDataException;
import java.sql.SQLException;
import java.sql.SQLSyntaxErrorException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every factory gives its SQLState, the JDBC subclass of its class, and a message naming the value. */
class SqlErrorsTest {

    @Test
    void statesClassesAndMessages() {
        Map<SQLException, String> data = Map.of(
                SqlErrors.numericOutOfRange(300), "22003",
                SqlErrors.divisionByZero(5), "22012",
                SqlErrors.invalidCharacterValue("x", ColumnType.INTEGER), "22018",
                SqlErrors.impossibleConversion(ColumnType.DATE, ColumnType.INTEGER), "22018",
                SqlErrors.stringTruncation(ColumnType.varchar(2), "abc", 3), "22001",
                SqlErrors.invalidDatetime(ColumnType.DATE, "2020-13-01"), "22007",
                SqlErrors.datetimeOverflow("2020-01-01 + 999999999 YEAR"), "22008",
                SqlErrors.invalidEscapeCharacter("xy"), "22019",
                SqlErrors.invalidEscapeSequence("ab!"), "22025",
                SqlErrors.invalidParameterValue("LN", 0.0), "22023");
        data.forEach((e, state) -> {
            assertThat((Throwable) e).isInstanceOf(SQLDataException.class);
            assertThat(e.getSQLState()).isEqualTo(state);
        });
        Map<SQLException, String> syntax = Map.of(
                SqlErrors.typeMismatch(ColumnType.BOOLEAN, "=", ColumnType.INTEGER), "42804",
                SqlErrors.typeMismatch("-", ColumnType.DATE), "42804",
                SqlErrors.unknownDataType("GEOMETRY"), "42000",
                SqlErrors.invalidType("INTEGER(5)", "takes no length"), "42000",
                SqlErrors.argumentCount("ABS", 1, 1), "42000",
                SqlErrors.notAllowed("DEFAULT"), "42000",
                SqlErrors.columnNotFound("X"), "42S22",
                SqlErrors.ambiguousColumn("X"), "42702",
                SqlErrors.functionNotFound("NOPE"), "42883");
        syntax.forEach((e, state) -> {
            assertThat((Throwable) e).isInstanceOf(SQLSyntaxErrorException.class);
            assertThat(e.getSQLState()).isEqualTo(state);
        });
        assertThat(SqlErrors.general("boom").getSQLState()).isEqualTo("HY000");
        assertThat(SqlErrors.cardinality().getSQLState()).isEqualTo("21000");

        assertThat(SqlErrors.numericOutOfRange(300).getMessage()).contains("\"300\"");
        assertThat(SqlErrors.invalidCharacterValue("x", ColumnType.INTEGER).getMessage()).contains("\"x\"").contains("INTEGER");
        assertThat(SqlErrors.impossibleConversion(ColumnType.DATE, ColumnType.INTEGER).getMessage())
                .contains("DATE to INTEGER");
        assertThat(SqlErrors.stringTruncation(ColumnType.varbinary(1), new byte[] {1, 2}, 2).getMessage())
                .contains("X'0102'").contains("VARBINARY(1)");
        assertThat(SqlErrors.typeMismatch(ColumnType.BOOLEAN, "=", ColumnType.INTEGER).getMessage())
                .contains("BOOLEAN").contains("INTEGER");
        assertThat(SqlErrors.argumentCount("CONCAT", 2, Integer.MAX_VALUE).getMessage()).contains("2..");
        assertThat(SqlErrors.argumentCount("LOCATE", 2, 3).getMessage()).contains("2..3");
    }

    @Test
    void evaluationRaisesTheDatetimeOverflowState() {
        EvalSupport.fails("DATE '9999-12-31' + 9223372036854775807", "22008");
    }
}
