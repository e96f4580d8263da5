package io.bstack.sql.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bstack.sql.ast.Expression;
import io.bstack.sql.ast.QualifiedName;
import io.bstack.sql.ast.Query;
import io.bstack.sql.ast.SelectItem;
import io.bstack.sql.ast.Statement;
import io.bstack.sql.function.FunctionRegistry;
import io.bstack.sql.parse.Parser;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Parses, compiles and evaluates expressions against a small table scope and a recording context. */
final class EvalSupport {
    static final OffsetDateTime NOW = OffsetDateTime.of(2024, 2, 29, 10, 11, 12, 500_000_000, ZoneOffset.ofHours(2));

    private EvalSupport() {
    }

    static Expression parse(String sql) {
        try {
            Statement s = Parser.parse("SELECT " + sql);
            Query.Select select = (Query.Select) ((Statement.QueryStatement) s).query();
            return ((SelectItem.Column) select.items().getFirst()).expression();
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
    }

    /** Columns A INTEGER, B VARCHAR(10), C DECIMAL(10,2), N (INTEGER, always NULL in {@link #ROW}); aggregates in slot 4. */
    static final class TableScope implements Scope {
        final List<Expression.FunctionCall> aggregates = new ArrayList<>();
        final Map<Integer, ColumnType> parameterTypes = new HashMap<>();
        final List<Query> subqueries = new ArrayList<>();

        @Override
        public ColumnBinding resolve(Expression.ColumnRef column) throws SQLException {
            return switch (column.column()) {
                case "A" -> new ColumnBinding(0, ColumnType.INTEGER);
                case "B" -> new ColumnBinding(1, ColumnType.varchar(10));
                case "C" -> new ColumnBinding(2, ColumnType.decimal(10, 2));
                case "N" -> new ColumnBinding(3, ColumnType.INTEGER);
                case "AMB" -> throw SqlErrors.ambiguousColumn("AMB");
                default -> throw SqlErrors.columnNotFound(column.column());
            };
        }

        @Override
        public ColumnBinding aggregateSlot(Expression.FunctionCall aggregate) {
            aggregates.add(aggregate);
            return new ColumnBinding(4, ColumnType.BIGINT);
        }

        @Override
        public CompiledSubquery compileSubquery(Query query) {
            subqueries.add(query);
            return new CompiledSubquery() {
                @Override
                public ColumnType type() {
                    return ColumnType.INTEGER;
                }

                @Override
                public int columnCount() {
                    return 1;
                }
            };
        }

        @Override
        public ColumnType parameterType(int index) {
            return parameterTypes.getOrDefault(index, ColumnType.NULL);
        }
    }

    /** A = 7, B = 'hello', C = 12.50, N = NULL, aggregate slot = 42. */
    static final Row ROW = index -> switch (index) {
        case 0 -> 7;
        case 1 -> "hello";
        case 2 -> new java.math.BigDecimal("12.50");
        case 3 -> null;
        case 4 -> 42L;
        default -> throw new IndexOutOfBoundsException(index);
    };

    /** Parameters from a list; subqueries return {@link #subqueryRows}; sequences count up from 1. */
    static final class Context implements EvalContext {
        final List<Object> parameters = new ArrayList<>();
        List<Object> subqueryRows = List.of();
        long sequence;
        int subqueryRuns;

        @Override
        public Object parameter(int index) throws SQLException {
            if (index > parameters.size()) {
                throw new SQLException("parameter " + index + " not set", "07001");
            }
            return parameters.get(index - 1);
        }

        @Override
        public OffsetDateTime currentTimestamp() {
            return NOW;
        }

        @Override
        public SubqueryRunner subqueries() {
            return (q, outer, max) -> {
                subqueryRuns++;
                return subqueryRows.subList(0, Math.min(max, subqueryRows.size()));
            };
        }

        @Override
        public Object nextValue(QualifiedName sequence) {
            return ++this.sequence;
        }
    }

    static ExpressionCompiler compiler() {
        return new ExpressionCompiler(FunctionRegistry.empty());
    }

    static Evaluator compile(String sql) throws SQLException {
        return compiler().compile(parse(sql), new TableScope());
    }

    static Object eval(String sql) throws SQLException {
        return compile(sql).eval(ROW, new Context());
    }

    static void check(String sql, Object expected) throws SQLException {
        Object actual = eval(sql);
        if (expected instanceof byte[] b) {
            assertThat((byte[]) actual).as(sql).isEqualTo(b);
        } else {
            assertThat(actual).as(sql).isEqualTo(expected);
        }
    }

    /** Evaluation (or compilation) fails with {@code state}. */
    static void fails(String sql, String state) {
        assertThatThrownBy(() -> eval(sql)).as(sql).isInstanceOf(SQLException.class)
                .extracting(e -> ((SQLException) e).getSQLState()).isEqualTo(state);
    }

    /** Compilation (not only evaluation) fails with {@code state}. */
    static void compileFails(String sql, String state) {
        assertThatThrownBy(() -> compile(sql)).as(sql).isInstanceOf(SQLException.class)
                .extracting(e -> ((SQLException) e).getSQLState()).isEqualTo(state);
    }
}
