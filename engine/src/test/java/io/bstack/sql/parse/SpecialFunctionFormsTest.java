package io.bstack.sql.parse;

import static io.bstack.sql.parse.ParserTestSupport.col;
import static io.bstack.sql.parse.ParserTestSupport.expr;
import static io.bstack.sql.parse.ParserTestSupport.num;
import static io.bstack.sql.parse.ParserTestSupport.str;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bstack.sql.SqlSyntaxException;
import io.bstack.sql.ast.AstPrinter;
import io.bstack.sql.ast.Expression;
import java.util.List;
import org.junit.jupiter.api.Test;

/** SUBSTRING/TRIM/POSITION/EXTRACT special syntax parses to ordinary calls that print and parse back. */
class SpecialFunctionFormsTest {

    private static Expression fn(String name, Expression... args) {
        return new Expression.FunctionCall(name, false, false, List.of(args));
    }

    private static void roundTrips(String sql) {
        Expression e = expr(sql);
        assertThat(expr(AstPrinter.print(e))).as(sql).isEqualTo(e);
    }

    @Test
    void substringFromFor() {
        assertThat(expr("SUBSTRING(a FROM 2 FOR 3)")).isEqualTo(fn("SUBSTRING", col("A"), num("2"), num("3")));
        assertThat(expr("SUBSTRING(a FROM 2)")).isEqualTo(fn("SUBSTRING", col("A"), num("2")));
        assertThat(expr("SUBSTRING(a, 2, 3)")).isEqualTo(fn("SUBSTRING", col("A"), num("2"), num("3")));
        roundTrips("SUBSTRING('abc' || b FROM 1 + 1 FOR 3)");
    }

    @Test
    void trimForms() {
        assertThat(expr("TRIM(a)")).isEqualTo(fn("TRIM", col("A")));
        assertThat(expr("TRIM(FROM a)")).isEqualTo(fn("TRIM", col("A")));
        assertThat(expr("TRIM(BOTH FROM a)")).isEqualTo(fn("TRIM", col("A")));
        assertThat(expr("TRIM(LEADING FROM a)")).isEqualTo(fn("LTRIM", col("A")));
        assertThat(expr("TRIM(TRAILING 'x' FROM a)")).isEqualTo(fn("RTRIM", col("A"), str("x")));
        assertThat(expr("TRIM(BOTH 'x' FROM a)")).isEqualTo(fn("TRIM", col("A"), str("x")));
        assertThat(expr("TRIM('x' FROM a)")).isEqualTo(fn("TRIM", col("A"), str("x")));
        assertThat(expr("TRIM(a, 'x')")).isEqualTo(fn("TRIM", col("A"), str("x")));
        roundTrips("TRIM(LEADING 'ab' FROM c)");
        assertThatThrownBy(() -> Parser.parse("SELECT TRIM(LEADING 'x' a)")).isInstanceOf(SqlSyntaxException.class);
    }

    @Test
    void positionIn() {
        assertThat(expr("POSITION('b' IN a)")).isEqualTo(fn("POSITION", str("b"), col("A")));
        assertThat(expr("POSITION('b', a)")).isEqualTo(fn("POSITION", str("b"), col("A")));
        assertThat(expr("POSITION('b' || c IN a || 'd')")).isEqualTo(fn("POSITION",
                new Expression.Binary(Expression.BinaryOperator.CONCAT, str("b"), col("C")),
                new Expression.Binary(Expression.BinaryOperator.CONCAT, col("A"), str("d"))));
        roundTrips("POSITION('x' IN y)");
    }

    @Test
    void extractField() {
        assertThat(expr("EXTRACT(YEAR FROM d)")).isEqualTo(fn("YEAR", col("D")));
        assertThat(expr("EXTRACT(dow FROM d)")).isEqualTo(fn("DAY_OF_WEEK", col("D")));
        assertThat(expr("EXTRACT(SECOND FROM CURRENT_TIMESTAMP)")).isEqualTo(
                fn("SECOND", new Expression.CurrentDateTime(Expression.CurrentKind.CURRENT_TIMESTAMP)));
        roundTrips("EXTRACT(MONTH FROM DATE '2024-01-02')");
        assertThatThrownBy(() -> Parser.parse("SELECT EXTRACT(CENTURY FROM d)")).isInstanceOf(SqlSyntaxException.class)
                .hasMessageContaining("datetime field");
        assertThatThrownBy(() -> Parser.parse("SELECT EXTRACT(YEAR d)")).isInstanceOf(SqlSyntaxException.class);
    }
}
