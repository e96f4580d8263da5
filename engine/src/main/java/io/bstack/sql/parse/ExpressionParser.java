package io.bstack.sql.parse;

import io.bstack.sql.SqlSyntaxException;
import io.bstack.sql.ast.Expression;
import io.bstack.sql.ast.Expression.BinaryOperator;
import io.bstack.sql.ast.Expression.UnaryOperator;
import io.bstack.sql.ast.Query;
import java.util.ArrayList;
import java.util.List;

/**
 * Expressions by precedence climbing, loosest first: OR, AND, NOT, comparison and the predicates
 * (IS, IN, BETWEEN, LIKE), {@code ||}, {@code + -}, {@code * / %}, unary {@code + -}, primary.
 */
final class ExpressionParser {
    private final TokenStream ts;
    private final QueryParser queries;

    ExpressionParser(TokenStream ts, QueryParser queries) {
        this.ts = ts;
        this.queries = queries;
    }

    /** A full expression. */
    Expression expression() throws SqlSyntaxException {
        Expression left = and();
        while (ts.accept("OR")) {
            left = new Expression.Binary(BinaryOperator.OR, left, and());
        }
        return left;
    }

    /** A comma-separated list of expressions. */
    List<Expression> expressionList() throws SqlSyntaxException {
        List<Expression> list = new ArrayList<>();
        do {
            list.add(expression());
        } while (ts.accept(","));
        return list;
    }

    private Expression and() throws SqlSyntaxException {
        Expression left = not();
        while (ts.accept("AND")) {
            left = new Expression.Binary(BinaryOperator.AND, left, not());
        }
        return left;
    }

    private Expression not() throws SqlSyntaxException {
        if (ts.accept("NOT")) {
            return new Expression.Unary(UnaryOperator.NOT, not());
        }
        return predicate();
    }

    private Expression predicate() throws SqlSyntaxException {
        Expression left = concat();
        while (true) {
            BinaryOperator comparison = comparisonOperator();
            if (comparison != null) {
                ts.advance();
                left = new Expression.Binary(comparison, left, concat());
            } else if (ts.accept("IS")) {
                left = isPredicate(left);
            } else if (ts.check("NOT") && (ts.check(1, "IN") || ts.check(1, "BETWEEN") || ts.check(1, "LIKE"))) {
                ts.advance();
                left = negatable(left, true);
            } else if (ts.at("IN") || ts.at("BETWEEN") || ts.at("LIKE")) {
                left = negatable(left, false);
            } else {
                ts.expecting("NOT");
                return left;
            }
        }
    }

    private BinaryOperator comparisonOperator() {
        Token t = ts.peek();
        if (t.kind() == TokenKind.OPERATOR) {
            switch (t.text()) {
                case "=": return BinaryOperator.EQUAL;
                case "<>", "!=": return BinaryOperator.NOT_EQUAL;
                case "<": return BinaryOperator.LESS;
                case "<=": return BinaryOperator.LESS_OR_EQUAL;
                case ">": return BinaryOperator.GREATER;
                case ">=": return BinaryOperator.GREATER_OR_EQUAL;
                default: break;
            }
        }
        for (String op : List.of("=", "<>", "<", "<=", ">", ">=")) {
            ts.expecting(op);
        }
        return null;
    }

    private Expression isPredicate(Expression left) throws SqlSyntaxException {
        boolean negated = ts.accept("NOT");
        if (ts.accept("NULL")) {
            return new Expression.IsNull(left, negated);
        }
        if (ts.accept("DISTINCT")) {
            ts.expect("FROM");
            return new Expression.IsDistinctFrom(left, concat(), negated);
        }
        if (ts.accept("TRUE")) {
            return new Expression.IsTruth(left, Expression.TruthValue.TRUE, negated);
        }
        if (ts.accept("FALSE")) {
            return new Expression.IsTruth(left, Expression.TruthValue.FALSE, negated);
        }
        if (ts.accept("UNKNOWN")) {
            return new Expression.IsTruth(left, Expression.TruthValue.UNKNOWN, negated);
        }
        throw ts.error();
    }

    private Expression negatable(Expression left, boolean negated) throws SqlSyntaxException {
        if (ts.check("IN")) {
            ts.advance();
            Query q = ts.check("(") ? queries.parenthesisedQuery() : null;
            if (q != null) {
                return new Expression.InQuery(left, q, negated);
            }
            ts.expect("(");
            List<Expression> values = ts.check(")") ? List.of() : expressionList();
            ts.expect(")");
            return new Expression.InList(left, values, negated);
        }
        if (ts.accept("BETWEEN")) {
            boolean symmetric = ts.accept("SYMMETRIC");
            if (!symmetric) {
                ts.accept("ASYMMETRIC");
            }
            Expression low = concat();
            ts.expect("AND");
            return new Expression.Between(left, low, concat(), symmetric, negated);
        }
        ts.expect("LIKE");
        Expression pattern = concat();
        Expression escape = ts.accept("ESCAPE") ? concat() : null;
        return new Expression.Like(left, pattern, escape, negated);
    }

    private Expression concat() throws SqlSyntaxException {
        Expression left = additive();
        while (ts.accept("||")) {
            left = new Expression.Binary(BinaryOperator.CONCAT, left, additive());
        }
        return left;
    }

    private Expression additive() throws SqlSyntaxException {
        Expression left = multiplicative();
        while (true) {
            if (ts.accept("+")) {
                left = new Expression.Binary(BinaryOperator.ADD, left, multiplicative());
            } else if (ts.accept("-")) {
                left = new Expression.Binary(BinaryOperator.SUBTRACT, left, multiplicative());
            } else {
                return left;
            }
        }
    }

    private Expression multiplicative() throws SqlSyntaxException {
        Expression left = unary();
        while (true) {
            if (ts.accept("*")) {
                left = new Expression.Binary(BinaryOperator.MULTIPLY, left, unary());
            } else if (ts.accept("/")) {
                left = new Expression.Binary(BinaryOperator.DIVIDE, left, unary());
            } else if (ts.accept("%")) {
                left = new Expression.Binary(BinaryOperator.MODULO, left, unary());
            } else {
                return left;
            }
        }
    }

    private Expression unary() throws SqlSyntaxException {
        if (ts.check("-")) {
            ts.advance();
            return new Expression.Unary(UnaryOperator.MINUS, unary());
        }
        if (ts.check("+")) {
            ts.advance();
            return new Expression.Unary(UnaryOperator.PLUS, unary());
        }
        return primary();
    }

    private Expression primary() throws SqlSyntaxException {
        Token t = ts.peek();
        switch (t.kind()) {
            case INTEGER -> {
                ts.advance();
                return new Expression.NumericLiteral(t.text(), Expression.NumericKind.INTEGER);
            }
            case DECIMAL -> {
                ts.advance();
                return new Expression.NumericLiteral(t.text(), Expression.NumericKind.DECIMAL);
            }
            case APPROXIMATE -> {
                ts.advance();
                return new Expression.NumericLiteral(t.text(), Expression.NumericKind.APPROXIMATE);
            }
            case STRING -> {
                ts.advance();
                return new Expression.StringLiteral(t.text());
            }
            case BINARY_STRING -> {
                ts.advance();
                return new Expression.BinaryLiteral(t.text());
            }
            case DATE_LITERAL -> {
                ts.advance();
                return new Expression.DateTimeLiteral(Expression.DateTimeKind.DATE, t.text());
            }
            case TIME_LITERAL -> {
                ts.advance();
                return new Expression.DateTimeLiteral(Expression.DateTimeKind.TIME, t.text());
            }
            case TIMESTAMP_LITERAL -> {
                ts.advance();
                return new Expression.DateTimeLiteral(Expression.DateTimeKind.TIMESTAMP, t.text());
            }
            case PARAMETER -> {
                ts.advance();
                return new Expression.Parameter(t.parameterIndex());
            }
            case IDENTIFIER, QUOTED_IDENTIFIER -> {
                return nameOrCall();
            }
            case KEYWORD -> {
                Expression e = keywordPrimary(t.text());
                if (e != null) {
                    return e;
                }
            }
            case OPERATOR -> {
                if (t.is("(")) {
                    return parenthesised();
                }
            }
            default -> {
            }
        }
        ts.expecting("expression");
        throw ts.error();
    }

    private Expression keywordPrimary(String word) throws SqlSyntaxException {
        switch (word) {
            case "NULL" -> {
                ts.advance();
                return new Expression.NullLiteral();
            }
            case "TRUE", "FALSE" -> {
                ts.advance();
                return new Expression.BooleanLiteral(word.equals("TRUE"));
            }
            case "DEFAULT" -> {
                ts.advance();
                return new Expression.DefaultValue();
            }
            case "CURRENT_DATE", "CURRENT_TIME", "CURRENT_TIMESTAMP" -> {
                ts.advance();
                return new Expression.CurrentDateTime(Expression.CurrentKind.valueOf(word));
            }
            case "CASE" -> {
                ts.advance();
                return caseExpression();
            }
            case "CAST" -> {
                ts.advance();
                ts.expect("(");
                Expression operand = expression();
                ts.expect("AS");
                Expression cast = new Expression.Cast(operand, DataTypeParser.dataType(ts));
                ts.expect(")");
                return cast;
            }
            case "EXISTS" -> {
                ts.advance();
                if (!ts.check("(")) {
                    ts.expect("(");
                }
                Query q = queries.parenthesisedQuery();
                if (q == null) {
                    ts.advance();
                    ts.expecting("SELECT");
                    throw ts.error();
                }
                return new Expression.Exists(q);
            }
            case "LEFT", "RIGHT" -> {
                if (ts.check(1, "(")) {
                    return call(ts.advance().text());
                }
                return null;
            }
            default -> {
                return null;
            }
        }
    }

    private Expression parenthesised() throws SqlSyntaxException {
        Query q = queries.parenthesisedQuery();
        if (q != null) {
            return new Expression.ScalarSubquery(q);
        }
        ts.expect("(");
        Expression inner = expression();
        if (ts.check(",")) {
            throw ts.unsupported("row value constructor");
        }
        ts.expect(")");
        return inner;
    }

    private Expression caseExpression() throws SqlSyntaxException {
        Expression operand = ts.check("WHEN") ? null : expression();
        List<Expression.WhenClause> whens = new ArrayList<>();
        while (ts.accept("WHEN")) {
            Expression condition = expression();
            ts.expect("THEN");
            whens.add(new Expression.WhenClause(condition, expression()));
        }
        if (whens.isEmpty()) {
            throw ts.error();
        }
        Expression elseResult = ts.accept("ELSE") ? expression() : null;
        ts.expect("END");
        return new Expression.Case(operand, whens, elseResult);
    }

    private Expression nameOrCall() throws SqlSyntaxException {
        if (ts.peek().isWord("NEXT") && ts.check(1, "VALUE") && ts.check(2, "FOR")) {
            ts.advance();
            ts.advance();
            ts.advance();
            return new Expression.NextValueFor(ts.qualifiedName());
        }
        Token first = ts.peek();
        if (first.kind() == TokenKind.IDENTIFIER && ts.check(1, "(")) {
            return call(ts.advance().text());
        }
        List<String> parts = new ArrayList<>();
        parts.add(ts.identifier());
        while (parts.size() < 3 && ts.check(".") && !ts.check(1, "*")) {
            ts.advance();
            parts.add(ts.identifier());
        }
        return new Expression.ColumnRef(parts);
    }

    private Expression call(String name) throws SqlSyntaxException {
        ts.expect("(");
        switch (name) {
            case "SUBSTRING" -> {
                return substring();
            }
            case "TRIM" -> {
                return trim();
            }
            case "POSITION" -> {
                return position();
            }
            case "EXTRACT" -> {
                return extract();
            }
            default -> {
            }
        }
        if (ts.check("*")) {
            ts.advance();
            ts.expect(")");
            return new Expression.FunctionCall(name, false, true, List.of());
        }
        if (ts.accept(")")) {
            return new Expression.FunctionCall(name, false, false, List.of());
        }
        boolean distinct = ts.accept("DISTINCT");
        if (!distinct) {
            ts.accept("ALL");
        }
        List<Expression> args = expressionList();
        ts.expect(")");
        return new Expression.FunctionCall(name, distinct, false, args);
    }

    /** The rest of a plain call whose first argument is already parsed. */
    private Expression restOfCall(String name, Expression first) throws SqlSyntaxException {
        List<Expression> args = new ArrayList<>();
        args.add(first);
        while (ts.accept(",")) {
            args.add(expression());
        }
        ts.expect(")");
        return new Expression.FunctionCall(name, false, false, args);
    }

    /** {@code SUBSTRING(s FROM start [FOR length])} as {@code SUBSTRING(s, start[, length])}. */
    private Expression substring() throws SqlSyntaxException {
        Expression s = expression();
        if (!ts.accept("FROM")) {
            return restOfCall("SUBSTRING", s);
        }
        List<Expression> args = new ArrayList<>(List.of(s, expression()));
        if (ts.accept("FOR")) {
            args.add(expression());
        }
        ts.expect(")");
        return new Expression.FunctionCall("SUBSTRING", false, false, args);
    }

    /**
     * {@code TRIM([LEADING|TRAILING|BOTH] [c] FROM s)} as {@code LTRIM(s[, c])}, {@code RTRIM(s[, c])}
     * or {@code TRIM(s[, c])}.
     */
    private Expression trim() throws SqlSyntaxException {
        String function = "TRIM";
        boolean mode = false;
        if (ts.accept("LEADING")) {
            function = "LTRIM";
            mode = true;
        } else if (ts.accept("TRAILING")) {
            function = "RTRIM";
            mode = true;
        } else if (ts.accept("BOTH")) {
            mode = true;
        }
        Expression characters = null;
        if (!ts.accept("FROM")) {
            characters = expression();
            if (!ts.accept("FROM")) {
                if (mode) {
                    ts.expect("FROM");
                }
                return restOfCall("TRIM", characters);
            }
        }
        Expression s = expression();
        ts.expect(")");
        return new Expression.FunctionCall(function, false, false,
                characters == null ? List.of(s) : List.of(s, characters));
    }

    /** {@code POSITION(a IN b)} as {@code POSITION(a, b)}. */
    private Expression position() throws SqlSyntaxException {
        Expression search = concat();
        if (!ts.accept("IN")) {
            return restOfCall("POSITION", search);
        }
        Expression in = concat();
        ts.expect(")");
        return new Expression.FunctionCall("POSITION", false, false, List.of(search, in));
    }

    /** {@code EXTRACT(field FROM d)} as the field's function, e.g. {@code YEAR(d)}. */
    private Expression extract() throws SqlSyntaxException {
        String field = switch (ts.peek().text()) {
            case "YEAR", "QUARTER", "MONTH", "WEEK", "DAY", "HOUR", "MINUTE", "SECOND", "DAY_OF_WEEK",
                 "DAY_OF_YEAR", "ISO_WEEK", "ISO_DAY_OF_WEEK" -> ts.peek().text();
            case "DOW" -> "DAY_OF_WEEK";
            case "DOY" -> "DAY_OF_YEAR";
            default -> null;
        };
        if (field == null || ts.peek().kind() != TokenKind.IDENTIFIER) {
            ts.expecting("datetime field");
            throw ts.error();
        }
        ts.advance();
        ts.expect("FROM");
        Expression d = expression();
        ts.expect(")");
        return new Expression.FunctionCall(field, false, false, List.of(d));
    }
}
