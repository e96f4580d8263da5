package io.bstack.sql.parse;

import static io.bstack.sql.parse.ParserTestSupport.bin;
import static io.bstack.sql.parse.ParserTestSupport.call;
import static io.bstack.sql.parse.ParserTestSupport.col;
import static io.bstack.sql.parse.ParserTestSupport.expr;
import static io.bstack.sql.parse.ParserTestSupport.item;
import static io.bstack.sql.parse.ParserTestSupport.neg;
import static io.bstack.sql.parse.ParserTestSupport.not;
import static io.bstack.sql.parse.ParserTestSupport.num;
import static io.bstack.sql.parse.ParserTestSupport.select;
import static io.bstack.sql.parse.ParserTestSupport.str;
import static io.bstack.sql.parse.ParserTestSupport.table;
import static org.assertj.core.api.Assertions.assertThat;

import io.bstack.sql.ast.DataType;
import io.bstack.sql.ast.Expression;
import io.bstack.sql.ast.Expression.BinaryOperator;
import io.bstack.sql.ast.QualifiedName;
import io.bstack.sql.ast.Query;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExpressionParserTest {

    @Test
    void literals() {
        assertThat(expr("42")).isEqualTo(num("42"));
        assertThat(expr("4.25")).isEqualTo(num("4.25"));
        assertThat(expr("1.5e3")).isEqualTo(num("1.5E3"));
        assertThat(expr("'a''b'")).isEqualTo(str("a'b"));
        assertThat(expr("X'0102'")).isEqualTo(new Expression.BinaryLiteral("0102"));
        assertThat(expr("DATE '2024-02-29'")).isEqualTo(
                new Expression.DateTimeLiteral(Expression.DateTimeKind.DATE, "2024-02-29"));
        assertThat(expr("TIMESTAMP '2024-02-29 10:00:00'")).isEqualTo(
                new Expression.DateTimeLiteral(Expression.DateTimeKind.TIMESTAMP, "2024-02-29 10:00:00"));
        assertThat(expr("TIME '10:00:00'")).isEqualTo(
                new Expression.DateTimeLiteral(Expression.DateTimeKind.TIME, "10:00:00"));
        assertThat(expr("NULL")).isEqualTo(new Expression.NullLiteral());
        assertThat(expr("TRUE")).isEqualTo(new Expression.BooleanLiteral(true));
        assertThat(expr("false")).isEqualTo(new Expression.BooleanLiteral(false));
        assertThat(expr("CURRENT_TIMESTAMP")).isEqualTo(
                new Expression.CurrentDateTime(Expression.CurrentKind.CURRENT_TIMESTAMP));
        assertThat(expr("current_date")).isEqualTo(new Expression.CurrentDateTime(Expression.CurrentKind.CURRENT_DATE));
        assertThat(expr("CURRENT_TIME")).isEqualTo(new Expression.CurrentDateTime(Expression.CurrentKind.CURRENT_TIME));
    }

    @Test
    void parametersAreNumberedInOrder() {
        assertThat(expr("? + ?")).isEqualTo(bin(BinaryOperator.ADD, new Expression.Parameter(1), new Expression.Parameter(2)));
    }

    @Test
    void columnReferencesOfOneTwoAndThreeParts() {
        assertThat(expr("a")).isEqualTo(col("A"));
        assertThat(expr("t.a")).isEqualTo(col("T", "A"));
        assertThat(expr("s.t.\"a b\"")).isEqualTo(col("S", "T", "a b"));
    }

    @Test
    void multiplicationBindsTighterThanAdditionAndBothAreLeftAssociative() {
        assertThat(expr("1 + 2 * 3 - 4")).isEqualTo(bin(BinaryOperator.SUBTRACT,
                bin(BinaryOperator.ADD, num("1"), bin(BinaryOperator.MULTIPLY, num("2"), num("3"))), num("4")));
        assertThat(expr("8 / 4 % 3")).isEqualTo(bin(BinaryOperator.MODULO,
                bin(BinaryOperator.DIVIDE, num("8"), num("4")), num("3")));
    }

    @Test
    void concatenationBindsLooserThanAdditionButTighterThanComparison() {
        assertThat(expr("a || b + 1 = c")).isEqualTo(bin(BinaryOperator.EQUAL,
                bin(BinaryOperator.CONCAT, col("A"), bin(BinaryOperator.ADD, col("B"), num("1"))), col("C")));
    }

    @Test
    void orAndNotPrecedence() {
        assertThat(expr("a OR b AND NOT c = 1")).isEqualTo(bin(BinaryOperator.OR, col("A"),
                bin(BinaryOperator.AND, col("B"), not(bin(BinaryOperator.EQUAL, col("C"), num("1"))))));
    }

    @Test
    void unaryMinusBindsTightest() {
        assertThat(expr("- - a * 2")).isEqualTo(bin(BinaryOperator.MULTIPLY, neg(neg(col("A"))), num("2")));
        assertThat(expr("+a")).isEqualTo(new Expression.Unary(Expression.UnaryOperator.PLUS, col("A")));
    }

    @Test
    void parenthesesOverridePrecedenceAndLeaveNoNode() {
        assertThat(expr("(1 + 2) * 3")).isEqualTo(bin(BinaryOperator.MULTIPLY,
                bin(BinaryOperator.ADD, num("1"), num("2")), num("3")));
    }

    @Test
    void comparisonOperators() {
        assertThat(expr("a <> b")).isEqualTo(bin(BinaryOperator.NOT_EQUAL, col("A"), col("B")));
        assertThat(expr("a != b")).isEqualTo(bin(BinaryOperator.NOT_EQUAL, col("A"), col("B")));
        assertThat(expr("a <= b")).isEqualTo(bin(BinaryOperator.LESS_OR_EQUAL, col("A"), col("B")));
        assertThat(expr("a >= b")).isEqualTo(bin(BinaryOperator.GREATER_OR_EQUAL, col("A"), col("B")));
        assertThat(expr("a < b")).isEqualTo(bin(BinaryOperator.LESS, col("A"), col("B")));
        assertThat(expr("a > b")).isEqualTo(bin(BinaryOperator.GREATER, col("A"), col("B")));
    }

    @Test
    void isPredicates() {
        assertThat(expr("a IS NULL")).isEqualTo(new Expression.IsNull(col("A"), false));
        assertThat(expr("a IS NOT NULL")).isEqualTo(new Expression.IsNull(col("A"), true));
        assertThat(expr("a IS DISTINCT FROM b")).isEqualTo(new Expression.IsDistinctFrom(col("A"), col("B"), false));
        assertThat(expr("a IS NOT DISTINCT FROM b")).isEqualTo(new Expression.IsDistinctFrom(col("A"), col("B"), true));
        assertThat(expr("a IS TRUE")).isEqualTo(new Expression.IsTruth(col("A"), Expression.TruthValue.TRUE, false));
        assertThat(expr("a IS NOT FALSE")).isEqualTo(new Expression.IsTruth(col("A"), Expression.TruthValue.FALSE, true));
        assertThat(expr("a IS UNKNOWN")).isEqualTo(new Expression.IsTruth(col("A"), Expression.TruthValue.UNKNOWN, false));
    }

    @Test
    void betweenBindsItsAndBeforeTheLogicalAnd() {
        assertThat(expr("a BETWEEN 1 AND 2 AND b")).isEqualTo(bin(BinaryOperator.AND,
                new Expression.Between(col("A"), num("1"), num("2"), false, false), col("B")));
        assertThat(expr("a NOT BETWEEN SYMMETRIC 2 AND 1")).isEqualTo(
                new Expression.Between(col("A"), num("2"), num("1"), true, true));
    }

    @Test
    void inListAndInQuery() {
        assertThat(expr("a IN (1, 2)")).isEqualTo(new Expression.InList(col("A"), List.of(num("1"), num("2")), false));
        assertThat(expr("a NOT IN ()")).isEqualTo(new Expression.InList(col("A"), List.of(), true));
        assertThat(expr("a IN ((SELECT 1))")).as("a parenthesised query, as H2 reads it").isInstanceOf(Expression.InQuery.class);
        assertThat(expr("a IN (SELECT b FROM t)")).isEqualTo(new Expression.InQuery(col("A"),
                select(List.of(item(col("B"))), table("T")), false));
        assertThat(expr("a NOT IN ((SELECT b FROM t))")).isEqualTo(new Expression.InQuery(col("A"),
                select(List.of(item(col("B"))), table("T")), true));
    }

    @Test
    void likeWithEscape() {
        assertThat(expr("a LIKE 'x%'")).isEqualTo(new Expression.Like(col("A"), str("x%"), null, false));
        assertThat(expr("a NOT LIKE 'x!%' ESCAPE '!'")).isEqualTo(new Expression.Like(col("A"), str("x!%"), str("!"), true));
    }

    @Test
    void existsAndScalarSubqueries() {
        Query.Select inner = select(List.of(item(num("1"))), table("T"));
        assertThat(expr("EXISTS (SELECT 1 FROM t)")).isEqualTo(new Expression.Exists(inner));
        assertThat(expr("NOT EXISTS (SELECT 1 FROM t)")).isEqualTo(not(new Expression.Exists(inner)));
        assertThat(expr("(SELECT 1 FROM t) + 1")).isEqualTo(bin(BinaryOperator.ADD,
                new Expression.ScalarSubquery(inner), num("1")));
        assertThat(expr("((SELECT 1 FROM t) + 1)")).isEqualTo(bin(BinaryOperator.ADD,
                new Expression.ScalarSubquery(inner), num("1")));
    }

    @Test
    void functionCalls() {
        assertThat(expr("abs(-1)")).isEqualTo(call("ABS", neg(num("1"))));
        assertThat(expr("COUNT(*)")).isEqualTo(new Expression.FunctionCall("COUNT", false, true, List.of()));
        assertThat(expr("count(DISTINCT a)")).isEqualTo(new Expression.FunctionCall("COUNT", true, false, List.of(col("A"))));
        assertThat(expr("sum(ALL a)")).isEqualTo(call("SUM", col("A")));
        assertThat(expr("COALESCE(a, b, 0)")).isEqualTo(call("COALESCE", col("A"), col("B"), num("0")));
        assertThat(expr("NULLIF(a, 0)")).isEqualTo(call("NULLIF", col("A"), num("0")));
        assertThat(expr("RAND()")).isEqualTo(call("RAND"));
        assertThat(expr("ALLOC(16)")).isEqualTo(call("ALLOC", num("16")));
    }

    @Test
    void caseSimpleAndSearched() {
        assertThat(expr("CASE a WHEN 1 THEN 'one' WHEN 2 THEN 'two' ELSE 'many' END")).isEqualTo(
                new Expression.Case(col("A"), List.of(new Expression.WhenClause(num("1"), str("one")),
                        new Expression.WhenClause(num("2"), str("two"))), str("many")));
        assertThat(expr("CASE WHEN a > 1 THEN b END")).isEqualTo(new Expression.Case(null,
                List.of(new Expression.WhenClause(bin(BinaryOperator.GREATER, col("A"), num("1")), col("B"))), null));
    }

    @Test
    void castWithTypes() {
        assertThat(expr("CAST(a AS DECIMAL(10, 2))")).isEqualTo(new Expression.Cast(col("A"), new DataType("DECIMAL", 10, 2)));
        assertThat(expr("CAST ( NULL AS INTEGER )")).isEqualTo(new Expression.Cast(new Expression.NullLiteral(), DataType.of("INTEGER")));
        assertThat(expr("CAST(a AS VARCHAR(20))")).isEqualTo(new Expression.Cast(col("A"), new DataType("VARCHAR", 20, null)));
        assertThat(expr("CAST(a AS DOUBLE PRECISION)")).isEqualTo(new Expression.Cast(col("A"), DataType.of("DOUBLE PRECISION")));
        assertThat(expr("CAST(a AS TIMESTAMP WITH TIME ZONE)")).isEqualTo(
                new Expression.Cast(col("A"), DataType.of("TIMESTAMP WITH TIME ZONE")));
        assertThat(expr("CAST(a AS REGION)")).isEqualTo(new Expression.Cast(col("A"), DataType.of("REGION")));
    }

    @Test
    void nextValueFor() {
        assertThat(expr("NEXT VALUE FOR s.seq")).isEqualTo(new Expression.NextValueFor(new QualifiedName("S", "SEQ")));
    }
}
