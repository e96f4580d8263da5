package io.bstack.sql.functions;

import static io.bstack.sql.functions.Constants.eval;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bstack.sql.eval.ColumnType;
import io.bstack.sql.eval.ExpressionCompiler;
import io.bstack.sql.function.FunctionRegistry;
import java.math.BigDecimal;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Each function family on fixed inputs; expected values taken from H2 2.3.232. */
class StandardFunctionsTest {

    private static void check(String sql, Object expected) throws SQLException {
        assertThat(eval(sql)).as(sql).isEqualTo(expected);
    }

    private static void fails(String sql, String state) {
        assertThatThrownBy(() -> eval(sql)).as(sql).isInstanceOf(SQLException.class)
                .extracting(e -> ((SQLException) e).getSQLState()).isEqualTo(state);
    }

    @Test
    void registeredThroughServiceLoader() {
        FunctionRegistry r = FunctionRegistry.load();
        for (String name : new String[] {"UPPER", "LOWER", "LENGTH", "CHAR_LENGTH", "CHARACTER_LENGTH", "OCTET_LENGTH",
                "SUBSTRING", "SUBSTR", "TRIM", "LTRIM", "RTRIM", "BTRIM", "POSITION", "LOCATE", "INSTR", "REPLACE",
                "CONCAT", "CONCAT_WS", "LPAD", "RPAD", "LEFT", "RIGHT", "REPEAT", "REVERSE", "ASCII", "CHAR", "CHR",
                "ABS", "MOD", "ROUND", "TRUNCATE", "TRUNC", "CEIL", "CEILING", "FLOOR", "POWER", "SQRT", "EXP", "LN",
                "LOG", "LOG10", "SIGN", "PI", "SIN", "COS", "TAN", "ASIN", "ACOS", "ATAN", "ATAN2", "DEGREES",
                "RADIANS", "IFNULL", "NVL", "GREATEST", "LEAST", "YEAR", "MONTH", "DAY", "DAY_OF_MONTH", "DAYOFMONTH",
                "HOUR", "MINUTE", "SECOND", "DAYOFWEEK", "DAY_OF_WEEK", "DAYOFYEAR", "DAY_OF_YEAR", "WEEK",
                "ISO_WEEK", "ISO_DAY_OF_WEEK", "QUARTER", "DATEADD", "DATEDIFF", "TIMESTAMPADD", "TIMESTAMPDIFF",
                "RANDOM_UUID", "UUID"}) {
            assertThat(r.scalar(name)).as(name).isNotNull();
        }
        assertThat(ExpressionCompiler.standard().functions().scalar("upper")).isNotNull();
        assertThatThrownBy(() -> FunctionRegistry.load(new StandardFunctions())).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void strings() throws SQLException {
        check("UPPER('aBc')", "ABC");
        check("UPPER(1)", "1");
        check("LOWER('AbC')", "abc");
        check("UPPER(NULL)", null);
        check("LENGTH('abc')", 3L);
        check("LENGTH(1.50)", 4L);
        check("LENGTH(X'0102')", 2L);
        check("CHAR_LENGTH('ab ')", 3L);
        check("CHARACTER_LENGTH(CAST('a' AS CHAR(3)))", 3L);
        check("OCTET_LENGTH('\u00e9')", 2L);
        check("SUBSTRING('abcdef' FROM 2 FOR 3)", "bcd");
        check("SUBSTRING('abcdef', 0)", "abcdef");
        check("SUBSTRING('abcdef' FROM 0 FOR 3)", "abc");
        check("SUBSTRING('abcdef', -2, 3)", "ef");
        check("SUBSTRING('abcdef', -10, 3)", "");
        check("SUBSTRING('abcdef', 10)", "");
        check("SUBSTR('abc', 2, -1)", "");
        check("SUBSTRING(12345, 2, 2)", "23");
        check("TRIM('  a  ')", "a");
        check("TRIM(LEADING FROM '  a  ')", "a  ");
        check("TRIM(BOTH 'ab' FROM 'abxba')", "x");
        check("TRIM(TRAILING 'x' FROM 'xax')", "xa");
        check("LTRIM('xax', 'x')", "ax");
        check("BTRIM('xax', 'x')", "a");
        check("POSITION('b' IN 'abc')", 2);
        check("POSITION('', 'abc')", 1);
        check("LOCATE('b', 'abcb', 3)", 4);
        check("LOCATE('b', 'abcb', -1)", 4);
        check("LOCATE('b', 'abcb', 0)", 2);
        check("LOCATE('b', 'abcb', 10)", 0);
        check("INSTR('abcb', 'b', 3)", 4);
        check("REPLACE('abab', 'b', 'x')", "axax");
        check("REPLACE('abab', 'b')", "aa");
        check("REPLACE('abab', '', 'x')", "abab");
        check("REPLACE('abc', NULL, 'b')", null);
        check("CONCAT('a', NULL, 1)", "a1");
        check("CONCAT(NULL, NULL)", "");
        check("CONCAT_WS('-', 'a', NULL, 'b')", "a-b");
        check("CONCAT_WS(NULL, 'a', 'b')", "ab");
        check("LPAD('ab', 5, 'xy')", "xxxab");
        check("LPAD('abcdef', 3)", "abc");
        check("RPAD('ab', 5)", "ab   ");
        check("LPAD('ab', -1)", "");
        check("LEFT('abc', 2)", "ab");
        check("LEFT('abc', -1)", "");
        check("RIGHT('abc', 2)", "bc");
        check("LEFT(123, 2)", "12");
        check("REPEAT('ab', 3)", "ababab");
        check("REPEAT('ab', -1)", "");
        check("REVERSE('abc')", "cba");
        check("ASCII('A')", 65);
        check("ASCII('')", null);
        check("CHAR(65)", "A");
        check("CHR(97)", "a");
        Constants.class.getName();
        assertThatThrownBy(() -> Constants.compile(Constants.parse("CONCAT('a')")))
                .extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("42000");
        assertThatThrownBy(() -> Constants.compile(Constants.parse("UPPER()")))
                .extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("42000");
    }

    @Test
    void math() throws SQLException {
        check("ABS(-5)", 5);
        check("ABS(-1.5)", new BigDecimal("1.5"));
        check("ABS(CAST(-2 AS DOUBLE))", 2.0);
        fails("ABS(-2147483648)", "22003");
        fails("ABS(CAST(-128 AS TINYINT))", "22003");
        check("MOD(7, 3)", 1);
        check("MOD(CAST(7 AS BIGINT), 2)", 1L);
        fails("MOD(7, 0)", "22012");
        check("ROUND(2.5)", new BigDecimal("3"));
        check("ROUND(-2.5)", new BigDecimal("-3"));
        check("ROUND(2.345, 2)", new BigDecimal("2.35"));
        check("ROUND(1.5, 3)", new BigDecimal("1.5"));
        check("ROUND(1234, -2)", 1200);
        check("ROUND(7)", 7);
        check("ROUND(CAST(2.5 AS DOUBLE))", 3.0);
        check("ROUND(1.25, 1.6)", new BigDecimal("1.25"));
        check("ROUND(2.5, NULL)", null);
        check("TRUNCATE(2.789, 1)", new BigDecimal("2.7"));
        check("TRUNC(-2.7)", new BigDecimal("-2"));
        check("TRUNC(1234.5, -2)", new BigDecimal("1200"));
        check("ROUND(123.456, -1)", new BigDecimal("120"));
        check("CEIL(1.2)", new BigDecimal("2"));
        check("CEILING(-1.2)", new BigDecimal("-1"));
        check("FLOOR(-1.2)", new BigDecimal("-2"));
        check("CEIL(5)", 5);
        check("FLOOR(CAST(1.5 AS DOUBLE))", 1.0);
        check("POWER(2, 10)", 1024.0);
        check("SQRT(16)", 4.0);
        assertThat((Double) eval("SQRT(-1)")).isNaN();
        check("EXP(0)", 1.0);
        check("LN(1)", 0.0);
        check("LOG(2, 8)", 3.0);
        check("LOG10(1000)", 3.0);
        check("SIGN(-3)", -1);
        check("SIGN(0.0)", 0);
        check("SIGN(CAST(2.5 AS DOUBLE))", 1);
        check("PI()", Math.PI);
        check("SIN(0)", 0.0);
        check("COS(0)", 1.0);
        check("TAN(0)", 0.0);
        check("ASIN(1)", Math.PI / 2);
        check("ACOS(1)", 0.0);
        check("ATAN(1)", Math.atan(1));
        check("ATAN2(1, 1)", Math.atan2(1, 1));
        check("DEGREES(PI())", 180.0);
        check("RADIANS(180)", Math.PI);
        for (String bad : new String[] {"LN(0)", "LN(-1)", "LOG(-1)", "LOG10(0)", "LOG(1, 2)", "LOG(0, 2)", "ACOS(2)",
                "ASIN(2)"}) {
            fails(bad, "22023");
        }
        assertThatThrownBy(() -> Constants.compile(Constants.parse("ABS(DATE '2020-01-01')")))
                .extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("42804");
    }

    @Test
    void conditionals() throws SQLException {
        check("IFNULL(NULL, 2)", 2);
        check("NVL(1, 2)", 1);
        check("IFNULL(NULL, NULL)", null);
        check("IFNULL(NULL, 2.5)", new BigDecimal("2.5"));
        check("GREATEST(1, 3, 2)", 3);
        check("GREATEST(1, NULL, 2)", null);
        check("LEAST('b', 'a')", "a");
        check("GREATEST(1, 2.5)", new BigDecimal("2.5"));
        check("LEAST(DATE '2020-01-01', TIMESTAMP '2020-01-01 10:00:00')", LocalDateTime.of(2020, 1, 1, 0, 0));
        fails("IFNULL('a', 1)", "22018");
        fails("GREATEST('a', 1)", "22018");
    }

    @Test
    void dateTime() throws SQLException {
        check("YEAR(DATE '2020-05-06')", 2020);
        check("YEAR('2020-05-06')", 2020);
        check("YEAR(TIME '10:00:00')", 1970);
        check("MONTH(TIMESTAMP '2020-05-06 23:00:00+05')", 5);
        check("EXTRACT(DAY FROM DATE '2020-01-02')", 2);
        check("DAY_OF_MONTH(DATE '2020-01-02')", 2);
        check("HOUR(DATE '2020-01-01')", 0);
        check("HOUR(TIME '10:11:12')", 10);
        check("MINUTE(TIMESTAMP '2020-01-05 10:07:00')", 7);
        check("SECOND(TIMESTAMP '2020-01-01 10:11:12.9')", 12);
        check("EXTRACT(SECOND FROM TIMESTAMP '2020-01-01 10:11:12.5')", 12);
        check("DAYOFWEEK(DATE '2020-01-05')", 1);
        check("DAY_OF_WEEK(DATE '2020-01-02')", 5);
        check("EXTRACT(DOW FROM DATE '2020-01-02')", 5);
        check("ISO_DAY_OF_WEEK(DATE '2020-01-02')", 4);
        check("DAYOFYEAR(DATE '2020-12-31')", 366);
        check("WEEK(DATE '2021-01-01')", 1);
        check("WEEK(DATE '2021-01-03')", 2);
        check("WEEK(DATE '2020-12-31')", 1);
        check("WEEK(DATE '2022-01-02')", 2);
        check("ISO_WEEK(DATE '2021-01-01')", 53);
        check("QUARTER(DATE '2020-05-02')", 2);
        check("QUARTER(DATE '2020-12-31')", 4);
        check("DATEADD('DAY', 1, DATE '2020-01-31')", LocalDate.of(2020, 2, 1));
        check("DATEADD(DAY, 1, DATE '2020-01-31')", LocalDate.of(2020, 2, 1));
        check("DATEADD(MONTH, 1, DATE '2020-01-31')", LocalDate.of(2020, 2, 29));
        check("DATEADD(HOUR, 1, DATE '2020-01-31')", LocalDateTime.of(2020, 1, 31, 1, 0));
        check("DATEADD(HOUR, 25, TIMESTAMP '2020-01-31 00:00:00')", LocalDateTime.of(2020, 2, 1, 1, 0));
        check("DATEADD(SECOND, 1, TIME '23:59:59')", LocalTime.MIDNIGHT);
        check("DATEADD(YEAR, 1, CAST('2020-02-29 10:00:00+02' AS TIMESTAMP WITH TIME ZONE))",
                OffsetDateTime.of(2021, 2, 28, 10, 0, 0, 0, ZoneOffset.ofHours(2)));
        check("DATEADD(WEEK, 1, DATE '2020-01-01')", LocalDate.of(2020, 1, 8));
        check("DATEADD(QUARTER, 1, DATE '2020-01-01')", LocalDate.of(2020, 4, 1));
        check("DATEADD(MILLISECOND, 1, TIMESTAMP '2020-01-01 00:00:00')", LocalDateTime.of(2020, 1, 1, 0, 0, 0, 1_000_000));
        check("DATEADD(DAY, 1.7, DATE '2020-01-01')", LocalDate.of(2020, 1, 3));
        check("TIMESTAMPADD(MINUTE, 1, DATE '2020-01-01')", LocalDateTime.of(2020, 1, 1, 0, 1));
        check("DATEDIFF(DAY, DATE '2020-01-01', DATE '2020-03-01')", 60L);
        check("DATEDIFF(MONTH, DATE '2020-01-31', DATE '2020-02-01')", 1L);
        check("DATEDIFF(YEAR, DATE '2020-12-31', DATE '2021-01-01')", 1L);
        check("DATEDIFF(HOUR, TIMESTAMP '2020-01-01 10:59:00', TIMESTAMP '2020-01-01 11:00:00')", 1L);
        check("DATEDIFF(WEEK, DATE '2020-01-04', DATE '2020-01-05')", 1L);
        check("DATEDIFF(SECOND, TIME '10:00:00', TIME '09:00:00')", -3600L);
        check("DATEDIFF(DAY, '2020-01-01', '2020-01-03')", 2L);
        check("DATEDIFF(QUARTER, DATE '2020-03-31', DATE '2020-04-01')", 1L);
        check("TIMESTAMPDIFF('DAY', DATE '2020-01-01', DATE '2020-01-02')", 1L);
        check("YEAR(CURRENT_DATE)", 2024);
        fails("DATEADD(FORTNIGHT, 1, DATE '2020-01-01')", "22023");
        fails("DATEADD(DAY, 1, TIME '10:00:00')", "22023");
        fails("DATEADD(YEAR, 999999999, DATE '2020-01-01')", "22008");
        fails("YEAR('not a date')", "22007");
        assertThatThrownBy(() -> Constants.compile(Constants.parse("YEAR(1)")))
                .extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("42804");
    }

    @Test
    void uuids() throws SQLException {
        Object a = eval("RANDOM_UUID()");
        Object b = eval("UUID()");
        assertThat(a).isInstanceOf(UUID.class).isNotEqualTo(b);
        assertThat(((UUID) a).version()).isEqualTo(4);
        assertThat(Constants.compile(Constants.parse("RANDOM_UUID()")).type()).isEqualTo(ColumnType.UUID);
        var e = Constants.compile(Constants.parse("RANDOM_UUID()"));
        assertThat(e.eval(io.bstack.sql.eval.Row.EMPTY, Constants.CONTEXT))
                .as("not folded: a new value per evaluation")
                .isNotEqualTo(e.eval(io.bstack.sql.eval.Row.EMPTY, Constants.CONTEXT));
    }
}
