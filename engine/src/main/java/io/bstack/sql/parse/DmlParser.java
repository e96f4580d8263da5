package io.bstack.sql.parse;

import io.bstack.sql.SqlSyntaxException;
import io.bstack.sql.ast.Assignment;
import io.bstack.sql.ast.Expression;
import io.bstack.sql.ast.MergeClause;
import io.bstack.sql.ast.QualifiedName;
import io.bstack.sql.ast.Query;
import io.bstack.sql.ast.Statement;
import io.bstack.sql.ast.TableRef;
import java.util.ArrayList;
import java.util.List;

/** INSERT, UPDATE, DELETE and MERGE (the leading keyword already consumed). */
final class DmlParser {
    private final TokenStream ts;
    private final QueryParser queries;
    private final ExpressionParser expressions;

    DmlParser(TokenStream ts, QueryParser queries) {
        this.ts = ts;
        this.queries = queries;
        this.expressions = queries.expressions();
    }

    /** After INSERT. */
    Statement insert() throws SqlSyntaxException {
        ts.expect("INTO");
        QualifiedName table = ts.qualifiedName();
        List<String> columns = List.of();
        if (ts.check("(") && !QueryParser.atQueryStart(ts, 1)) {
            columns = ts.identifierList();
        }
        if (ts.accept("DEFAULT")) {
            ts.expect("VALUES");
            return new Statement.Insert(table, columns, null);
        }
        if (!QueryParser.atQueryStart(ts, 0) && !ts.check("(")) {
            ts.expecting("SELECT");
            ts.expecting("VALUES");
            throw ts.error();
        }
        return new Statement.Insert(table, columns, queries.query());
    }

    /** After UPDATE. */
    Statement update() throws SqlSyntaxException {
        QualifiedName table = ts.qualifiedName();
        String alias = queries.alias();
        ts.expect("SET");
        List<Assignment> assignments = assignments();
        Expression where = ts.accept("WHERE") ? expressions.expression() : null;
        return new Statement.Update(table, alias, assignments, where);
    }

    private List<Assignment> assignments() throws SqlSyntaxException {
        List<Assignment> list = new ArrayList<>();
        do {
            String column = ts.identifier();
            ts.expect("=");
            list.add(new Assignment(column, expressions.expression()));
        } while (ts.accept(","));
        return list;
    }

    /** After DELETE. */
    Statement delete() throws SqlSyntaxException {
        ts.expect("FROM");
        QualifiedName table = ts.qualifiedName();
        String alias = queries.alias();
        Expression where = ts.accept("WHERE") ? expressions.expression() : null;
        return new Statement.Delete(table, alias, where);
    }

    /** After MERGE. */
    Statement merge() throws SqlSyntaxException {
        ts.expect("INTO");
        QualifiedName target = ts.qualifiedName();
        String alias = queries.alias();
        ts.expect("USING");
        TableRef source = queries.tableRef();
        ts.expect("ON");
        Expression condition = expressions.expression();
        List<MergeClause> clauses = new ArrayList<>();
        do {
            ts.expect("WHEN");
            clauses.add(mergeClause());
        } while (ts.check("WHEN"));
        return new Statement.Merge(target, alias, source, condition, clauses);
    }

    private MergeClause mergeClause() throws SqlSyntaxException {
        boolean matched = !ts.accept("NOT");
        ts.expect("MATCHED");
        Expression condition = ts.accept("AND") ? expressions.expression() : null;
        ts.expect("THEN");
        if (matched) {
            if (ts.accept("DELETE")) {
                return new MergeClause.MatchedDelete(condition);
            }
            ts.expect("UPDATE");
            ts.expect("SET");
            return new MergeClause.MatchedUpdate(condition, assignments());
        }
        ts.expect("INSERT");
        List<String> columns = ts.check("(") ? ts.identifierList() : List.of();
        ts.expect("VALUES");
        ts.expect("(");
        List<Expression> values = expressions.expressionList();
        ts.expect(")");
        return new MergeClause.NotMatchedInsert(condition, columns, values);
    }

    /** A query statement. */
    Statement query() throws SqlSyntaxException {
        Query q = queries.query();
        return new Statement.QueryStatement(q);
    }
}
