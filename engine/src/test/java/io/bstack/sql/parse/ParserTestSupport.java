package io.bstack.sql.parse;

import io.bstack.sql.SqlSyntaxException;
import io.bstack.sql.ast.Expression;
import io.bstack.sql.ast.Expression.BinaryOperator;
import io.bstack.sql.ast.QualifiedName;
import io.bstack.sql.ast.Query;
import io.bstack.sql.ast.SelectItem;
import io.bstack.sql.ast.Statement;
import io.bstack.sql.ast.TableRef;
import java.util.Arrays;
import java.util.List;

/** Short constructors for expected ASTs in parser tests. */
final class ParserTestSupport {
    private ParserTestSupport() {
    }

    static Statement parse(String sql) {
        try {
            return Parser.parse(sql);
        } catch (SqlSyntaxException e) {
            throw new AssertionError(e.getMessage(), e);
        }
    }

    static Query query(String sql) {
        return ((Statement.QueryStatement) parse(sql)).query();
    }

    static Expression expr(String sql) {
        Query.Select s = (Query.Select) query("SELECT " + sql);
        return ((SelectItem.Column) s.items().getFirst()).expression();
    }

    static Expression col(String... parts) {
        return new Expression.ColumnRef(Arrays.asList(parts));
    }

    static Expression num(String text) {
        return new Expression.NumericLiteral(text, text.contains("E") ? Expression.NumericKind.APPROXIMATE
                : text.contains(".") ? Expression.NumericKind.DECIMAL : Expression.NumericKind.INTEGER);
    }

    static Expression str(String value) {
        return new Expression.StringLiteral(value);
    }

    static Expression bin(BinaryOperator op, Expression l, Expression r) {
        return new Expression.Binary(op, l, r);
    }

    static Expression neg(Expression e) {
        return new Expression.Unary(Expression.UnaryOperator.MINUS, e);
    }

    static Expression not(Expression e) {
        return new Expression.Unary(Expression.UnaryOperator.NOT, e);
    }

    static Expression call(String name, Expression... args) {
        return new Expression.FunctionCall(name, false, false, List.of(args));
    }

    static QualifiedName name(String n) {
        return QualifiedName.of(n);
    }

    static TableRef table(String n) {
        return new TableRef.Table(name(n), null);
    }

    static TableRef table(String n, String alias) {
        return new TableRef.Table(name(n), alias);
    }

    static SelectItem item(Expression e) {
        return new SelectItem.Column(e, null);
    }

    static SelectItem item(Expression e, String alias) {
        return new SelectItem.Column(e, alias);
    }

    static SelectItem star() {
        return new SelectItem.AllColumns(List.of());
    }

    /** {@code SELECT items FROM from} with nothing else. */
    static Query.Select select(List<SelectItem> items, TableRef... from) {
        return new Query.Select(false, items, List.of(from), null, List.of(), null);
    }

    static Query.Select selectWhere(List<SelectItem> items, Expression where, TableRef... from) {
        return new Query.Select(false, items, List.of(from), where, List.of(), null);
    }
}
