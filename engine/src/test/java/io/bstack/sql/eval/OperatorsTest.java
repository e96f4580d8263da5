package io.bstack.sql.eval;

import static io.bstack.sql.eval.EvalSupport.check;
import static io.bstack.sql.eval.EvalSupport.compileFails;
import static io.bstack.sql.eval.EvalSupport.eval;
import static io.bstack.sql.eval.EvalSupport.fails;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.sql.SQLException;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

/** Operators and predicates on constants and on the columns of {@link EvalSupport#ROW}; expected values checked against H2 2.3. */
class OperatorsTest {

    @Test
    void integerArithmetic() throws SQLException {
        check("1 + 2 * 3", 7);
        check("7 / 2", 3);
        check("-7 / 2", -3);
        check("-7 % 3", -1);
        check("7 % -3", 1);
        check("2147483647 + CAST(1 AS BIGINT)", 2147483648L);
        check("CAST(1 AS SMALLINT) * 2", 2);
        check("CAST(1 AS TINYINT) + CAST(1 AS TINYINT)", (byte) 2);
        check("a * 2 + 1", 15);
        check("DATE '2020-01-31' + 1", LocalDate.of(2020, 2, 1));
        check("DATE '2020-01-01' - 1", LocalDate.of(2019, 12, 31));
    }

    @Test
    void overflowIsAnErrorNotAWrap() {
        fails("2147483647 + 1", "22003");
        fails("-2147483648 - 1", "22003");
        fails("CAST(127 AS TINYINT) + CAST(1 AS TINYINT)", "22003");
        fails("9223372036854775807 * 2", "22003");
        fails("CAST(-9223372036854775808 AS BIGINT) / -1", "22003");
        fails("CAST(-2147483648 AS INT) / -1", "22003");
        fails("-CAST(-2147483648 AS INT)", "22003");
        fails("-CAST(-128 AS TINYINT)", "22003");
        fails("-CAST(-9223372036854775808 AS BIGINT)", "22003");
    }

    @Test
    void divisionByZero() {
        fails("1 / 0", "22012");
        fails("5 % 0", "22012");
        fails("5.0 % 0", "22012");
        fails("1.5 / 0.0", "22012");
        fails("CAST(1 AS DOUBLE) / 0", "22012");
        fails("CAST(9 AS BIGINT) / 0", "22012");
    }

    @Test
    void decimalArithmeticFollowsH2Scales() throws SQLException {
        check("1 + 1.5", new BigDecimal("2.5"));
        check("1.50 + 1", new BigDecimal("2.50"));
        check("1.5 * 2.25", new BigDecimal("3.375"));
        check("7.0 / 2", new BigDecimal("3.500000000000000000000"));
        check("1.0 / 3", new BigDecimal("0.333333333333333333333"));
        check("10 / 3.0", new BigDecimal("3.333"));
        check("1 / 16.0", new BigDecimal("0.06250"));
        check("1.5 / -0.001", new BigDecimal("-1500"));
        check("1.0 % 0.3", new BigDecimal("0.1"));
        check("5 % 2.5", new BigDecimal("0.0"));
        check("-7.5 % 2", -2);
        check("(1.5 + 0.25) % 1.5", new BigDecimal("0.25"));
        check("c * 2", new BigDecimal("25.00"));
        check("c / 4", new BigDecimal("3.1250000000000000000000"));
        check("CAST(7 AS DOUBLE) / 2", 3.5);
        check("CAST(1 AS REAL) + CAST(1 AS REAL)", 2.0f);
        check("1 + CAST(1 AS REAL)", 2.0);
    }

    @Test
    void concatenation() throws SQLException {
        check("'ab' || 1", "ab1");
        check("1 || 2", "12");
        check("'a' || 1.50", "a1.50");
        check("'a' || TRUE", "aTRUE");
        check("'a' || NULL", null);
        check("CAST('a' AS CHAR(3)) || 'b'", "a  b");
        check("X'01' || X'02'", new byte[] {1, 2});
        check("b || '!'", "hello!");
    }

    @Test
    void comparisonsAreThreeValued() throws SQLException {
        check("1 < 2", true);
        check("1 = 1.0", true);
        check("'1' = 1", true);
        check("1 = '1.0'", true);
        check("'abc' < 'abd'", true);
        check("'a' = 'a '", false);
        check("CAST('a' AS CHAR(3)) = 'a'", true);
        check("DATE '2020-01-01' = '2020-01-01'", true);
        check("DATE '2020-01-01' < TIMESTAMP '2020-01-01 00:00:01'", true);
        check("TIMESTAMP '2020-01-01 10:00:00+02' = TIMESTAMP '2020-01-01 08:00:00Z'", true);
        check("CAST('2020-01-01 10:00:00+02' AS TIMESTAMP WITH TIME ZONE)"
                + " = CAST('2020-01-01 08:00:00Z' AS TIMESTAMP WITH TIME ZONE)", true);
        check("CAST('2020-01-01 10:00:00+02' AS TIMESTAMP WITH TIME ZONE)"
                + " < CAST('2020-01-01 09:00:00Z' AS TIMESTAMP WITH TIME ZONE)", true);
        check("TRUE > FALSE", true);
        check("1 = NULL", null);
        check("NULL <> NULL", null);
        check("n = 1", null);
        check("a >= 7", true);
        fails("'a' = 1", "22018");
        compileFails("1 = TRUE", "42804");
        compileFails("DATE '2020-01-01' = TIME '10:00:00'", "42804");
    }

    @Test
    void logic() throws SQLException {
        check("NULL AND FALSE", false);
        check("NULL AND TRUE", null);
        check("NULL OR TRUE", true);
        check("NULL OR FALSE", null);
        check("NOT NULL", null);
        check("NOT (1 = 2)", true);
        check("1 AND TRUE", true);
        check("'TRUE' AND TRUE", true);
        check("FALSE AND 1 / 0 = 1", false);
        check("TRUE OR 1 / 0 = 1", true);
        compileFails("NOT DATE '2020-01-01'", "42804");
    }

    @Test
    void isPredicates() throws SQLException {
        check("NULL IS NULL", true);
        check("n IS NOT NULL", false);
        check("1 IS DISTINCT FROM NULL", true);
        check("NULL IS NOT DISTINCT FROM NULL", true);
        check("1 IS DISTINCT FROM '1'", false);
        check("NULL IS TRUE", false);
        check("NULL IS UNKNOWN", true);
        check("(1 = 1) IS NOT FALSE", true);
        check("FALSE IS FALSE", true);
    }

    @Test
    void betweenAndIn() throws SQLException {
        check("1 BETWEEN 2 AND 0", false);
        check("1 BETWEEN SYMMETRIC 2 AND 0", true);
        check("1 NOT BETWEEN SYMMETRIC 2 AND 0", false);
        check("1 BETWEEN NULL AND 0", false);
        check("1 BETWEEN 0 AND NULL", null);
        check("1 BETWEEN SYMMETRIC NULL AND 1", null);
        check("'b' BETWEEN 'a' AND 'c'", true);
        check("1 IN (2, NULL)", null);
        check("1 IN (1, NULL)", true);
        check("1 NOT IN (2, NULL)", null);
        check("1 NOT IN (2, 3)", true);
        check("NULL IN (1)", null);
        check("1 IN ('1', 2)", true);
        check("a IN (6, 7)", true);
        fails("2 IN (1, 'x')", "22018");
    }

    @Test
    void like() throws SQLException {
        check("'abc' LIKE 'a%'", true);
        check("'abc' LIKE 'a_'", false);
        check("'abc' LIKE '_b_'", true);
        check("'a_c' LIKE 'a\\_c'", true);
        check("'abc' LIKE 'a\\_c'", false);
        check("'%' LIKE '!%' ESCAPE '!'", true);
        check("'ab' LIKE 'a!b' ESCAPE '!'", true);
        check("'a' LIKE 'a' ESCAPE ''", true);
        check("'A' LIKE 'a'", false);
        check("'a.c' LIKE 'a.c'", true);
        check("'abc' LIKE 'a.c'", false);
        check("'line\nbreak' LIKE 'line%'", true);
        check("1 LIKE '1'", true);
        check("'abc' LIKE NULL", null);
        check("'ab' LIKE 'a_' ESCAPE NULL", null);
        check("b NOT LIKE 'h%'", false);
        check("b LIKE b", true);
        fails("'abc' LIKE 'a' ESCAPE 'xy'", "22019");
        fails("'abc' LIKE 'ab!' ESCAPE '!'", "22025");
        fails("'abc' LIKE b || '!' ESCAPE '!'", "22025");
    }

    @Test
    void conditionals() throws SQLException {
        check("CASE WHEN 1 = 2 THEN 'a' WHEN 2 = 2 THEN 'b' END", "b");
        check("CASE WHEN 1 = 2 THEN 'a' END", null);
        check("CASE 2 WHEN 1 THEN 'one' WHEN 2 THEN 'two' ELSE 'many' END", "two");
        check("CASE 1 WHEN 1.0 THEN 'a' END", "a");
        check("CASE NULL WHEN NULL THEN 1 ELSE 2 END", 2);
        check("CASE WHEN TRUE THEN 1 ELSE 1.5 END", BigDecimal.ONE);
        check("COALESCE(NULL, 1, 2.5)", BigDecimal.ONE);
        check("COALESCE(n, a)", 7);
        check("COALESCE(NULL, NULL)", null);
        check("COALESCE(1, 1 / 0)", 1);
        check("NULLIF(1, 1)", null);
        check("NULLIF(1, 2)", 1);
        check("NULLIF(1, '1')", null);
        fails("COALESCE('a', 1)", "22018");
        compileFails("COALESCE()", "42000");
        compileFails("NULLIF(1)", "42000");
        compileFails("CASE WHEN TRUE THEN 1 ELSE DATE '2020-01-01' END", "42804");
    }

    @Test
    void foldedErrorsSurfaceOnlyWhenEvaluated() throws SQLException {
        check("CASE WHEN FALSE THEN 1 / 0 END", null);
        check("CASE WHEN a = 7 THEN 1 ELSE 1 / 0 END", 1);
        check("COALESCE(a, CAST('x' AS INT))", 7);
        Evaluator e = EvalSupport.compile("CASE WHEN a = 8 THEN 1 / 0 ELSE 0 END");
        assertThat(e.eval(EvalSupport.ROW, new EvalSupport.Context())).isEqualTo(0);
        Row eight = i -> i == 0 ? 8 : null;
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> e.eval(eight, new EvalSupport.Context()))
                .isInstanceOf(SQLException.class).extracting(x -> ((SQLException) x).getSQLState()).isEqualTo("22012");
    }

    @Test
    void unary() throws SQLException {
        check("-(1)", -1);
        check("-2147483648", Integer.MIN_VALUE);
        check("-9223372036854775808", Long.MIN_VALUE);
        check("-(-2147483647)", 2147483647);
        check("+5", 5);
        check("-1.5", new BigDecimal("-1.5"));
        check("-c", new BigDecimal("-12.50"));
        check("-n", null);
        compileFails("-'a'", "42804");
        compileFails("-DATE '2020-01-01'", "42804");
        assertThat(eval("- CAST(2 AS DOUBLE)")).isEqualTo(-2.0);
    }

    @Test
    void arithmeticTypeErrors() {
        compileFails("DATE '2020-01-01' * 2", "42804");
        compileFails("X'01' + 1", "42804");
        compileFails("DATE '2020-01-01' + DATE '2020-01-02'", "42804");
    }
}
