package io.bstack.sql.parse;

import io.bstack.sql.SqlSyntaxException;
import io.bstack.sql.ast.Expression;
import io.bstack.sql.ast.OrderItem;
import io.bstack.sql.ast.Query;
import io.bstack.sql.ast.SelectItem;
import io.bstack.sql.ast.TableRef;
import java.util.ArrayList;
import java.util.List;

/**
 * Query expressions: SELECT, VALUES, set operations (INTERSECT binding tighter than UNION and
 * EXCEPT), parenthesised queries, ORDER BY and the row limits; FROM clauses with joins.
 */
final class QueryParser {
    private final TokenStream ts;
    private final ExpressionParser expressions;

    QueryParser(TokenStream ts) {
        this.ts = ts;
        this.expressions = new ExpressionParser(ts, this);
    }

    ExpressionParser expressions() {
        return expressions;
    }

    /**
     * @return whether the token {@code ahead} positions on starts a query: SELECT or VALUES. A query
     *     that starts with a parenthesis inside another parenthesis is taken as an expression or a
     *     parenthesised join, as H2 does.
     */
    static boolean atQueryStart(TokenStream ts, int ahead) {
        return ts.check(ahead, "SELECT") || ts.check(ahead, "VALUES");
    }

    /**
     * At {@code (}: a parenthesised query if one is there, with the closing parenthesis consumed;
     * null (and nothing consumed) if the parenthesis opens something else.
     */
    Query parenthesisedQuery() throws SqlSyntaxException {
        if (atQueryStart(ts, 1)) {
            ts.expect("(");
            Query q = query();
            ts.expect(")");
            return q;
        }
        int ahead = 1;
        while (ts.check(ahead, "(")) {
            ahead++;
        }
        if (ahead == 1 || !atQueryStart(ts, ahead)) {
            return null;
        }
        TokenStream.Mark mark = ts.mark();
        try {
            ts.expect("(");
            Query q = query();
            ts.expect(")");
            return q;
        } catch (SqlSyntaxException notAQuery) {
            ts.reset(mark);
            return null;
        }
    }

    /** A full query expression with optional ORDER BY and row limits. */
    Query query() throws SqlSyntaxException {
        Query body = setExpression();
        List<OrderItem> orderBy = List.of();
        if (ts.accept("ORDER")) {
            ts.expect("BY");
            orderBy = orderItems();
        }
        Expression limit = null;
        Expression offset = null;
        if (ts.accept("LIMIT")) {
            limit = expressions.expression();
            if (ts.accept("OFFSET")) {
                offset = expressions.expression();
            }
        } else {
            if (ts.accept("OFFSET")) {
                offset = expressions.expression();
                if (!ts.accept("ROW")) {
                    ts.expect("ROWS");
                }
            }
            if (ts.accept("FETCH")) {
                if (!ts.accept("FIRST")) {
                    ts.expect("NEXT");
                }
                limit = expressions.expression();
                if (!ts.accept("ROW")) {
                    ts.expect("ROWS");
                }
                ts.expect("ONLY");
            }
        }
        if (orderBy.isEmpty() && limit == null && offset == null) {
            return body;
        }
        return new Query.Ordered(body, orderBy, limit, offset);
    }

    private Query setExpression() throws SqlSyntaxException {
        Query left = intersectTerm();
        while (true) {
            Query.SetOperator op;
            if (ts.accept("UNION")) {
                op = Query.SetOperator.UNION;
            } else if (ts.accept("EXCEPT")) {
                op = Query.SetOperator.EXCEPT;
            } else {
                return left;
            }
            boolean all = setQuantifier();
            left = new Query.SetOperation(op, all, left, intersectTerm());
        }
    }

    private Query intersectTerm() throws SqlSyntaxException {
        Query left = queryPrimary();
        while (ts.accept("INTERSECT")) {
            boolean all = setQuantifier();
            left = new Query.SetOperation(Query.SetOperator.INTERSECT, all, left, queryPrimary());
        }
        return left;
    }

    private boolean setQuantifier() {
        if (ts.accept("ALL")) {
            return true;
        }
        ts.accept("DISTINCT");
        return false;
    }

    private Query queryPrimary() throws SqlSyntaxException {
        if (ts.accept("(")) {
            Query inner = query();
            ts.expect(")");
            return inner;
        }
        if (ts.accept("VALUES")) {
            return values();
        }
        ts.expect("SELECT");
        return select();
    }

    /** The rows after VALUES. */
    Query.Values values() throws SqlSyntaxException {
        List<List<Expression>> rows = new ArrayList<>();
        do {
            ts.expect("(");
            rows.add(expressions.expressionList());
            ts.expect(")");
        } while (ts.accept(","));
        return new Query.Values(rows);
    }

    private Query select() throws SqlSyntaxException {
        boolean distinct = ts.accept("DISTINCT");
        if (!distinct) {
            ts.accept("ALL");
        }
        List<SelectItem> items = new ArrayList<>();
        do {
            items.add(selectItem());
        } while (ts.accept(","));
        List<TableRef> from = new ArrayList<>();
        if (ts.accept("FROM")) {
            do {
                from.add(tableRef());
            } while (ts.accept(","));
        }
        Expression where = ts.accept("WHERE") ? expressions.expression() : null;
        List<Expression> groupBy = List.of();
        if (ts.accept("GROUP")) {
            ts.expect("BY");
            groupBy = expressions.expressionList();
        }
        Expression having = ts.accept("HAVING") ? expressions.expression() : null;
        return new Query.Select(distinct, items, from, where, groupBy, having);
    }

    private SelectItem selectItem() throws SqlSyntaxException {
        if (ts.check("*")) {
            ts.advance();
            return new SelectItem.AllColumns(List.of());
        }
        for (int parts = 1; parts <= 2; parts++) {
            if (qualifiedStarAhead(parts)) {
                List<String> qualifier = new ArrayList<>();
                for (int i = 0; i < parts; i++) {
                    qualifier.add(ts.advance().text());
                    ts.advance();
                }
                ts.advance();
                return new SelectItem.AllColumns(qualifier);
            }
        }
        Expression e = expressions.expression();
        return new SelectItem.Column(e, alias());
    }

    private boolean qualifiedStarAhead(int parts) {
        for (int i = 0; i < parts; i++) {
            TokenKind k = ts.peek(2 * i).kind();
            if ((k != TokenKind.IDENTIFIER && k != TokenKind.QUOTED_IDENTIFIER) || !ts.check(2 * i + 1, ".")) {
                return false;
            }
        }
        return ts.check(2 * parts, "*");
    }

    /** {@code [AS] alias}, or null when none. */
    String alias() throws SqlSyntaxException {
        if (ts.accept("AS")) {
            return ts.identifier();
        }
        return ts.atIdentifier() ? ts.advance().text() : null;
    }

    /** ORDER BY keys. */
    private List<OrderItem> orderItems() throws SqlSyntaxException {
        List<OrderItem> items = new ArrayList<>();
        do {
            Expression e = expressions.expression();
            boolean descending = false;
            if (ts.accept("DESC")) {
                descending = true;
            } else {
                ts.accept("ASC");
            }
            OrderItem.NullOrder nulls = OrderItem.NullOrder.DEFAULT;
            if (ts.accept("NULLS")) {
                if (ts.accept("FIRST")) {
                    nulls = OrderItem.NullOrder.FIRST;
                } else {
                    ts.expect("LAST");
                    nulls = OrderItem.NullOrder.LAST;
                }
            }
            items.add(new OrderItem(e, descending, nulls));
        } while (ts.accept(","));
        return items;
    }

    /** A table reference with any joins that follow it. */
    TableRef tableRef() throws SqlSyntaxException {
        TableRef left = tablePrimary();
        while (true) {
            boolean natural = ts.accept("NATURAL");
            TableRef.JoinType type;
            if (ts.accept("CROSS")) {
                if (natural) {
                    throw ts.error("NATURAL CROSS JOIN");
                }
                ts.expect("JOIN");
                left = new TableRef.Join(TableRef.JoinType.CROSS, false, left, tablePrimary(), null, List.of());
                continue;
            } else if (ts.accept("INNER") || ts.check("JOIN")) {
                type = TableRef.JoinType.INNER;
            } else if (ts.accept("LEFT")) {
                type = TableRef.JoinType.LEFT;
                ts.accept("OUTER");
            } else if (ts.accept("RIGHT")) {
                type = TableRef.JoinType.RIGHT;
                ts.accept("OUTER");
            } else if (ts.accept("FULL")) {
                type = TableRef.JoinType.FULL;
                ts.accept("OUTER");
            } else if (natural) {
                type = TableRef.JoinType.INNER;
            } else {
                ts.expecting("JOIN");
                return left;
            }
            ts.expect("JOIN");
            TableRef right = tablePrimary();
            Expression condition = null;
            List<String> using = List.of();
            if (!natural) {
                if (ts.accept("ON")) {
                    condition = expressions.expression();
                } else if (ts.accept("USING")) {
                    using = ts.identifierList();
                }
            }
            left = new TableRef.Join(type, natural, left, right, condition, using);
        }
    }

    private TableRef tablePrimary() throws SqlSyntaxException {
        if (ts.check("(")) {
            Query q = parenthesisedQuery();
            if (q != null) {
                String alias = alias();
                List<String> columns = alias != null && ts.check("(") ? ts.identifierList() : List.of();
                return new TableRef.Derived(q, alias, columns);
            }
            ts.advance();
            TableRef inner = tableRef();
            ts.expect(")");
            return inner;
        }
        return new TableRef.Table(ts.qualifiedName(), alias());
    }
}
