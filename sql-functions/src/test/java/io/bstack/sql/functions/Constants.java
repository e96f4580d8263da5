package io.bstack.sql.functions;

import io.bstack.sql.ast.Expression;
import io.bstack.sql.ast.QualifiedName;
import io.bstack.sql.ast.Query;
import io.bstack.sql.ast.SelectItem;
import io.bstack.sql.ast.Statement;
import io.bstack.sql.eval.ColumnBinding;
import io.bstack.sql.eval.CompiledSubquery;
import io.bstack.sql.eval.EvalContext;
import io.bstack.sql.eval.Evaluator;
import io.bstack.sql.eval.ExpressionCompiler;
import io.bstack.sql.eval.Row;
import io.bstack.sql.eval.Scope;
import io.bstack.sql.eval.SqlErrors;
import io.bstack.sql.eval.SubqueryRunner;
import io.bstack.sql.parse.Parser;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/** Compiles and evaluates constant expressions with the standard functions (found by ServiceLoader). */
final class Constants {
    static final OffsetDateTime NOW = OffsetDateTime.of(2024, 2, 29, 10, 11, 12, 0, ZoneOffset.UTC);

    /** A scope without columns, aggregates or subqueries. */
    static final Scope NO_TABLES = new Scope() {
        @Override
        public ColumnBinding resolve(Expression.ColumnRef column) throws SQLException {
            throw SqlErrors.columnNotFound(column.column());
        }

        @Override
        public ColumnBinding aggregateSlot(Expression.FunctionCall aggregate) throws SQLException {
            throw SqlErrors.notAllowed("aggregate not allowed here");
        }

        @Override
        public CompiledSubquery compileSubquery(Query query) throws SQLException {
            throw SqlErrors.notAllowed("subquery not allowed here");
        }
    };

    static final EvalContext CONTEXT = new EvalContext() {
        @Override
        public Object parameter(int index) throws SQLException {
            throw new SQLException("no parameters", "07001");
        }

        @Override
        public OffsetDateTime currentTimestamp() {
            return NOW;
        }

        @Override
        public SubqueryRunner subqueries() {
            return (q, outer, max) -> {
                throw SqlErrors.general("no subqueries");
            };
        }

        @Override
        public Object nextValue(QualifiedName sequence) throws SQLException {
            throw SqlErrors.general("no sequences");
        }
    };

    private Constants() {
    }

    static Expression parse(String sql) throws SQLException {
        Statement s = Parser.parse("SELECT " + sql);
        Query.Select select = (Query.Select) ((Statement.QueryStatement) s).query();
        return ((SelectItem.Column) select.items().getFirst()).expression();
    }

    static Evaluator compile(Expression e) throws SQLException {
        return ExpressionCompiler.standard().compile(e, NO_TABLES);
    }

    static Object eval(String sql) throws SQLException {
        return compile(parse(sql)).eval(Row.EMPTY, CONTEXT);
    }
}
