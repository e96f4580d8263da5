package io.bstack.sql.parse;

import static io.bstack.sql.parse.ParserTestSupport.bin;
import static io.bstack.sql.parse.ParserTestSupport.call;
import static io.bstack.sql.parse.ParserTestSupport.col;
import static io.bstack.sql.parse.ParserTestSupport.item;
import static io.bstack.sql.parse.ParserTestSupport.num;
import static io.bstack.sql.parse.ParserTestSupport.query;
import static io.bstack.sql.parse.ParserTestSupport.select;
import static io.bstack.sql.parse.ParserTestSupport.star;
import static io.bstack.sql.parse.ParserTestSupport.table;
import static org.assertj.core.api.Assertions.assertThat;

import io.bstack.sql.ast.Expression;
import io.bstack.sql.ast.Expression.BinaryOperator;
import io.bstack.sql.ast.OrderItem;
import io.bstack.sql.ast.Query;
import io.bstack.sql.ast.Query.SetOperator;
import io.bstack.sql.ast.SelectItem;
import io.bstack.sql.ast.TableRef;
import io.bstack.sql.ast.TableRef.JoinType;
import java.util.List;
import org.junit.jupiter.api.Test;

class QueryParserTest {
    private static final Query.Select A = select(List.of(item(col("A"))), table("T"));
    private static final Query.Select B = select(List.of(item(col("B"))), table("U"));
    private static final Query.Select C = select(List.of(item(col("C"))), table("V"));

    @Test
    void selectWithEveryClause() {
        Query q = query("SELECT DISTINCT a, b AS x, c y, t.*, * FROM t WHERE a > 1 GROUP BY a, b HAVING COUNT(*) > 2");
        assertThat(q).isEqualTo(new Query.Select(true,
                List.of(item(col("A")), item(col("B"), "X"), item(col("C"), "Y"),
                        new SelectItem.AllColumns(List.of("T")), star()),
                List.of(table("T")), bin(BinaryOperator.GREATER, col("A"), num("1")), List.of(col("A"), col("B")),
                bin(BinaryOperator.GREATER, new Expression.FunctionCall("COUNT", false, true, List.of()), num("2"))));
    }

    @Test
    void selectAllIsTheDefaultAndFromIsOptional() {
        assertThat(query("SELECT ALL 1")).isEqualTo(select(List.of(item(num("1")))));
    }

    @Test
    void tableAliasesWithAndWithoutAs() {
        assertThat(query("SELECT * FROM tab0 AS cor0, tab1 cor1, s.t")).isEqualTo(select(List.of(star()),
                table("TAB0", "COR0"), table("TAB1", "COR1"),
                new TableRef.Table(new io.bstack.sql.ast.QualifiedName("S", "T"), null)));
    }

    @Test
    void joinsOfEveryKind() {
        Expression on = bin(BinaryOperator.EQUAL, col("T", "A"), col("U", "A"));
        assertThat(query("SELECT * FROM t JOIN u ON t.a = u.a").equals(query("SELECT * FROM t INNER JOIN u ON t.a = u.a")))
                .isTrue();
        assertThat(query("SELECT * FROM t INNER JOIN u ON t.a = u.a")).isEqualTo(select(List.of(star()),
                new TableRef.Join(JoinType.INNER, false, table("T"), table("U"), on, List.of())));
        assertThat(query("SELECT * FROM t LEFT OUTER JOIN u USING (a, b)")).isEqualTo(select(List.of(star()),
                new TableRef.Join(JoinType.LEFT, false, table("T"), table("U"), null, List.of("A", "B"))));
        assertThat(query("SELECT * FROM t RIGHT JOIN u ON t.a = u.a")).isEqualTo(select(List.of(star()),
                new TableRef.Join(JoinType.RIGHT, false, table("T"), table("U"), on, List.of())));
        assertThat(query("SELECT * FROM t FULL OUTER JOIN u ON t.a = u.a")).isEqualTo(select(List.of(star()),
                new TableRef.Join(JoinType.FULL, false, table("T"), table("U"), on, List.of())));
        assertThat(query("SELECT * FROM t CROSS JOIN u")).isEqualTo(select(List.of(star()),
                new TableRef.Join(JoinType.CROSS, false, table("T"), table("U"), null, List.of())));
        assertThat(query("SELECT * FROM t NATURAL JOIN u")).isEqualTo(select(List.of(star()),
                new TableRef.Join(JoinType.INNER, true, table("T"), table("U"), null, List.of())));
    }

    @Test
    void joinsAreLeftAssociativeAndParenthesesNest() {
        TableRef tu = new TableRef.Join(JoinType.CROSS, false, table("T"), table("U"), null, List.of());
        assertThat(query("SELECT * FROM t CROSS JOIN u CROSS JOIN v")).isEqualTo(select(List.of(star()),
                new TableRef.Join(JoinType.CROSS, false, tu, table("V"), null, List.of())));
        TableRef uv = new TableRef.Join(JoinType.CROSS, false, table("U"), table("V"), null, List.of());
        assertThat(query("SELECT * FROM t CROSS JOIN (u CROSS JOIN v)")).isEqualTo(select(List.of(star()),
                new TableRef.Join(JoinType.CROSS, false, table("T"), uv, null, List.of())));
    }

    @Test
    void derivedTables() {
        assertThat(query("SELECT * FROM (SELECT a FROM t) AS d (x)")).isEqualTo(select(List.of(star()),
                new TableRef.Derived(A, "D", List.of("X"))));
        assertThat(query("SELECT * FROM (SELECT a FROM t) d")).isEqualTo(select(List.of(star()),
                new TableRef.Derived(A, "D", List.of())));
        assertThat(query("SELECT * FROM ((SELECT a FROM t) UNION (SELECT b FROM u)) AS d")).isEqualTo(
                select(List.of(star()), new TableRef.Derived(new Query.SetOperation(SetOperator.UNION, false, A, B),
                        "D", List.of())));
    }

    @Test
    void orderByWithPositionsDirectionsAndNulls() {
        assertThat(query("SELECT a FROM t ORDER BY 1, a DESC NULLS FIRST, b ASC NULLS LAST")).isEqualTo(
                new Query.Ordered(A, List.of(new OrderItem(num("1"), false, OrderItem.NullOrder.DEFAULT),
                        new OrderItem(col("A"), true, OrderItem.NullOrder.FIRST),
                        new OrderItem(col("B"), false, OrderItem.NullOrder.LAST)), null, null));
    }

    @Test
    void limitOffsetAndFetchFirstGiveTheSameTree() {
        Query expected = new Query.Ordered(A, List.of(), num("10"), num("5"));
        assertThat(query("SELECT a FROM t LIMIT 10 OFFSET 5")).isEqualTo(expected);
        assertThat(query("SELECT a FROM t OFFSET 5 ROWS FETCH FIRST 10 ROWS ONLY")).isEqualTo(expected);
        assertThat(query("SELECT a FROM t OFFSET 5 ROW FETCH NEXT 10 ROW ONLY")).isEqualTo(expected);
        assertThat(query("SELECT a FROM t FETCH FIRST 10 ROWS ONLY")).isEqualTo(new Query.Ordered(A, List.of(), num("10"), null));
    }

    @Test
    void intersectBindsTighterThanUnionAndExcept() {
        assertThat(query("SELECT a FROM t UNION SELECT b FROM u INTERSECT SELECT c FROM v")).isEqualTo(
                new Query.SetOperation(SetOperator.UNION, false, A,
                        new Query.SetOperation(SetOperator.INTERSECT, false, B, C)));
        assertThat(query("SELECT a FROM t EXCEPT SELECT b FROM u UNION ALL SELECT c FROM v")).isEqualTo(
                new Query.SetOperation(SetOperator.UNION, true,
                        new Query.SetOperation(SetOperator.EXCEPT, false, A, B), C));
    }

    @Test
    void parenthesisedQueriesAndOrderByOverASetOperation() {
        assertThat(query("(SELECT a FROM t UNION SELECT b FROM u) INTERSECT SELECT c FROM v ORDER BY 1")).isEqualTo(
                new Query.Ordered(new Query.SetOperation(SetOperator.INTERSECT, false,
                        new Query.SetOperation(SetOperator.UNION, false, A, B), C),
                        List.of(new OrderItem(num("1"), false, OrderItem.NullOrder.DEFAULT)), null, null));
    }

    @Test
    void valuesAsAQuery() {
        assertThat(query("VALUES (1, 'a'), (2, 'b')")).isEqualTo(new Query.Values(List.of(
                List.of(num("1"), new Expression.StringLiteral("a")), List.of(num("2"), new Expression.StringLiteral("b")))));
        assertThat(query("SELECT * FROM (VALUES (1)) AS v (x)")).isEqualTo(select(List.of(star()),
                new TableRef.Derived(new Query.Values(List.of(List.of(num("1")))), "V", List.of("X"))));
    }

    @Test
    void correlatedSubqueryInWhere() {
        Query q = query("SELECT a FROM t WHERE a > (SELECT MAX(b) FROM u WHERE u.c = t.c)");
        Query.Select inner = new Query.Select(false, List.of(item(call("MAX", col("B")))), List.of(table("U")),
                bin(BinaryOperator.EQUAL, col("U", "C"), col("T", "C")), List.of(), null);
        assertThat(q).isEqualTo(new Query.Select(false, List.of(item(col("A"))), List.of(table("T")),
                bin(BinaryOperator.GREATER, col("A"), new Expression.ScalarSubquery(inner)), List.of(), null));
    }
}
