package io.bstack.sql.eval;

import static io.bstack.sql.eval.EvalSupport.ROW;
import static io.bstack.sql.eval.EvalSupport.check;
import static io.bstack.sql.eval.EvalSupport.compileFails;
import static io.bstack.sql.eval.EvalSupport.parse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bstack.sql.function.Accumulator;
import io.bstack.sql.function.AggregateFunction;
import io.bstack.sql.function.FunctionProvider;
import io.bstack.sql.function.FunctionRegistry;
import io.bstack.sql.function.ScalarFunction;
import java.math.BigDecimal;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Binding through the Scope, the EvalContext hooks, function resolution and constant folding. */
class ExpressionCompilerTest {

    /** TWICE(x) = 2x (deterministic) and TICK() = calls so far (not deterministic), counting calls. */
    static final class CountingProvider implements FunctionProvider {
        final AtomicInteger twiceCalls = new AtomicInteger();
        final AtomicInteger tickCalls = new AtomicInteger();

        @Override
        public List<ScalarFunction> scalarFunctions() {
            return List.of(new ScalarFunction() {
                @Override
                public String name() {
                    return "TWICE";
                }

                @Override
                public int minArguments() {
                    return 1;
                }

                @Override
                public int maxArguments() {
                    return 1;
                }

                @Override
                public ColumnType resultType(List<ColumnType> arguments) {
                    return ColumnType.BIGINT;
                }

                @Override
                public Object apply(Object[] arguments) throws SQLException {
                    twiceCalls.incrementAndGet();
                    return arguments[0] == null ? null : 2 * ((Number) Casts.coerce(arguments[0], ColumnType.Kind.BIGINT)).longValue();
                }
            }, new ScalarFunction() {
                @Override
                public String name() {
                    return "tick";
                }

                @Override
                public int minArguments() {
                    return 0;
                }

                @Override
                public int maxArguments() {
                    return 0;
                }

                @Override
                public ColumnType resultType(List<ColumnType> arguments) {
                    return ColumnType.INTEGER;
                }

                @Override
                public Object apply(Object[] arguments) {
                    return tickCalls.incrementAndGet();
                }

                @Override
                public boolean deterministic() {
                    return false;
                }
            });
        }

        @Override
        public List<AggregateFunction> aggregateFunctions() {
            return List.of(new AggregateFunction() {
                @Override
                public String name() {
                    return "PRODUCT";
                }

                @Override
                public int minArguments() {
                    return 1;
                }

                @Override
                public int maxArguments() {
                    return 1;
                }

                @Override
                public ColumnType resultType(List<ColumnType> arguments) {
                    return ColumnType.BIGINT;
                }

                @Override
                public Accumulator newAccumulator(List<ColumnType> arguments) {
                    return new Accumulator() {
                        long product = 1;

                        @Override
                        public void add(Object[] args) {
                            product *= ((Number) args[0]).longValue();
                        }

                        @Override
                        public Object result() {
                            return product;
                        }
                    };
                }
            });
        }
    }

    @Test
    void columnsResolveThroughTheScope() throws SQLException {
        check("a + 1", 8);
        check("b", "hello");
        check("c", new BigDecimal("12.50"));
        Evaluator e = EvalSupport.compile("t.a");
        assertThat(e.type()).isEqualTo(ColumnType.INTEGER);
        compileFails("nope", "42S22");
        compileFails("amb + 1", "42702");
        compileFails("DEFAULT", "42000");
    }

    @Test
    void parametersAreUntypedUntilBound() throws SQLException {
        Evaluator e = EvalSupport.compile("? + 1");
        EvalSupport.Context ctx = new EvalSupport.Context();
        ctx.parameters.add(41);
        assertThat(e.eval(ROW, ctx)).isEqualTo(42);
        ctx.parameters.set(0, new BigDecimal("1.5"));
        assertThat(e.eval(ROW, ctx)).isEqualTo(new BigDecimal("2.5"));
        ctx.parameters.set(0, null);
        assertThat(e.eval(ROW, ctx)).isNull();

        EvalSupport.TableScope scope = new EvalSupport.TableScope();
        scope.parameterTypes.put(1, ColumnType.SMALLINT);
        Evaluator typed = EvalSupport.compiler().compile(parse("?"), scope);
        assertThat(typed.type()).isEqualTo(ColumnType.SMALLINT);
        ctx.parameters.set(0, "12");
        assertThat(typed.eval(ROW, ctx)).isEqualTo((short) 12);
        ctx.parameters.set(0, 100_000);
        assertThatThrownBy(() -> typed.eval(ROW, ctx)).extracting(x -> ((SQLException) x).getSQLState()).isEqualTo("22003");

        Evaluator like = EvalSupport.compile("b LIKE ?");
        ctx.parameters.set(0, "he%");
        assertThat(like.eval(ROW, ctx)).isEqualTo(true);
        ctx.parameters.set(0, "x%");
        assertThat(like.eval(ROW, ctx)).isEqualTo(false);
        assertThatThrownBy(() -> EvalSupport.compile("? + ?").eval(ROW, new EvalSupport.Context()))
                .extracting(x -> ((SQLException) x).getSQLState()).isEqualTo("07001");
    }

    @Test
    void aggregatesAreReadFromTheirSlot() throws SQLException {
        EvalSupport.TableScope scope = new EvalSupport.TableScope();
        Evaluator e = EvalSupport.compiler().compile(parse("COUNT(*) + SUM(DISTINCT a) + 1"), scope);
        assertThat(e.eval(ROW, new EvalSupport.Context())).isEqualTo(85L);
        assertThat(scope.aggregates).hasSize(2);
        assertThat(scope.aggregates.get(0).star()).isTrue();
        assertThat(scope.aggregates.get(1).distinct()).isTrue();

        CountingProvider p = new CountingProvider();
        ExpressionCompiler withProduct = new ExpressionCompiler(FunctionRegistry.of(List.of(p)));
        EvalSupport.TableScope s2 = new EvalSupport.TableScope();
        assertThat(withProduct.compile(parse("product(a)"), s2).eval(ROW, new EvalSupport.Context())).isEqualTo(42L);
        assertThat(s2.aggregates).hasSize(1);
        compileFails("ABS(*)", "42000");
    }

    @Test
    void subqueriesRunThroughTheContext() throws SQLException {
        EvalSupport.Context ctx = new EvalSupport.Context();
        Evaluator scalar = EvalSupport.compile("(SELECT 1) + 1");
        ctx.subqueryRows = List.of(5);
        assertThat(scalar.eval(ROW, ctx)).isEqualTo(6);
        ctx.subqueryRows = List.of();
        assertThat(scalar.eval(ROW, ctx)).isNull();
        ctx.subqueryRows = List.of(1, 2);
        assertThatThrownBy(() -> scalar.eval(ROW, ctx)).extracting(x -> ((SQLException) x).getSQLState()).isEqualTo("21000");

        Evaluator exists = EvalSupport.compile("NOT EXISTS (SELECT 1)");
        assertThat(exists.eval(ROW, ctx)).isEqualTo(false);
        ctx.subqueryRows = List.of();
        assertThat(exists.eval(ROW, ctx)).isEqualTo(true);

        Evaluator in = EvalSupport.compile("a IN (SELECT 1)");
        Evaluator notIn = EvalSupport.compile("a NOT IN (SELECT 1)");
        ctx.subqueryRows = java.util.Arrays.asList(1, null);
        assertThat(in.eval(ROW, ctx)).isNull();
        assertThat(notIn.eval(ROW, ctx)).isNull();
        ctx.subqueryRows = List.of(1, 7);
        assertThat(in.eval(ROW, ctx)).isEqualTo(true);
        assertThat(notIn.eval(ROW, ctx)).isEqualTo(false);
        ctx.subqueryRows = List.of();
        assertThat(in.eval(ROW, ctx)).isEqualTo(false);
        assertThat(notIn.eval(ROW, ctx)).isEqualTo(true);
    }

    @Test
    void currentTimeAndSequencesComeFromTheContext() throws SQLException {
        EvalSupport.Context ctx = new EvalSupport.Context();
        assertThat(EvalSupport.compile("CURRENT_TIMESTAMP").eval(ROW, ctx)).isEqualTo(EvalSupport.NOW);
        assertThat(EvalSupport.compile("CURRENT_DATE").eval(ROW, ctx)).isEqualTo(LocalDate.of(2024, 2, 29));
        assertThat(EvalSupport.compile("CURRENT_TIME").eval(ROW, ctx)).isEqualTo(EvalSupport.NOW.toLocalTime());
        Evaluator next = EvalSupport.compile("NEXT VALUE FOR s.seq");
        assertThat(next.eval(ROW, ctx)).isEqualTo(1L);
        assertThat(next.eval(ROW, ctx)).isEqualTo(2L);
        assertThat(next.type()).isEqualTo(ColumnType.BIGINT);
    }

    @Test
    void functionsResolveThroughTheRegistryAndFoldWhenConstant() throws SQLException {
        CountingProvider p = new CountingProvider();
        ExpressionCompiler compiler = new ExpressionCompiler(FunctionRegistry.of(List.of(p)));
        Evaluator folded = compiler.compile(parse("twice(20) + 2"), new EvalSupport.TableScope());
        assertThat(p.twiceCalls.get()).isEqualTo(1);
        for (int i = 0; i < 3; i++) {
            assertThat(folded.eval(ROW, new EvalSupport.Context())).isEqualTo(42L);
        }
        assertThat(p.twiceCalls.get()).as("folded once at compile time").isEqualTo(1);

        Evaluator perRow = compiler.compile(parse("TWICE(a)"), new EvalSupport.TableScope());
        assertThat(perRow.eval(ROW, new EvalSupport.Context())).isEqualTo(14L);
        assertThat(perRow.eval(ROW, new EvalSupport.Context())).isEqualTo(14L);
        assertThat(p.twiceCalls.get()).isEqualTo(3);

        Evaluator tick = compiler.compile(parse("TICK() + 0"), new EvalSupport.TableScope());
        assertThat(tick.eval(ROW, null)).isEqualTo(1);
        assertThat(tick.eval(ROW, null)).isEqualTo(2);

        assertThatThrownBy(() -> compiler.compile(parse("NOPE(1)"), new EvalSupport.TableScope()))
                .extracting(x -> ((SQLException) x).getSQLState()).isEqualTo("42883");
        assertThatThrownBy(() -> compiler.compile(parse("TWICE(1, 2)"), new EvalSupport.TableScope()))
                .extracting(x -> ((SQLException) x).getSQLState()).isEqualTo("42000");
        assertThatThrownBy(() -> compiler.compile(parse("TWICE(DISTINCT 1)"), new EvalSupport.TableScope()))
                .extracting(x -> ((SQLException) x).getSQLState()).isEqualTo("42000");
    }

    @Test
    void registryRejectsDuplicateNames() {
        assertThatThrownBy(() -> FunctionRegistry.of(List.of(new CountingProvider(), new CountingProvider())))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("TWICE");
        FunctionRegistry r = FunctionRegistry.of(List.of(new CountingProvider()));
        assertThat(r.scalar("twice")).isNotNull();
        assertThat(r.scalar("TICK")).isNotNull();
        assertThat(r.aggregate("Product")).isNotNull();
        assertThat(r.scalar("PRODUCT")).isNull();
        assertThat(r.names()).containsExactly("PRODUCT", "TICK", "TWICE");
        assertThat(FunctionRegistry.load(new CountingProvider()).scalar("TWICE")).isNotNull();
    }

    @Test
    void staticTypes() throws SQLException {
        assertThat(EvalSupport.compile("1").type()).isEqualTo(ColumnType.INTEGER);
        assertThat(EvalSupport.compile("2147483648").type()).isEqualTo(ColumnType.BIGINT);
        assertThat(EvalSupport.compile("9223372036854775808").type()).isEqualTo(ColumnType.decimal(19, 0));
        assertThat(EvalSupport.compile("1.50").type()).isEqualTo(ColumnType.decimal(3, 2));
        assertThat(EvalSupport.compile("c + 1").type()).isEqualTo(ColumnType.decimal(13, 2));
        assertThat(EvalSupport.compile("c * c").type()).isEqualTo(ColumnType.decimal(20, 4));
        assertThat(EvalSupport.compile("a = 1").type()).isEqualTo(ColumnType.BOOLEAN);
        assertThat(EvalSupport.compile("CAST(a AS CHAR(4))").type().sqlName()).isEqualTo("CHAR(4)");
        assertThat(EvalSupport.compile("NULL").type()).isEqualTo(ColumnType.NULL);
        assertThat(EvalSupport.compile("CASE WHEN a = 1 THEN 1 ELSE 2.5 END").type().kind()).isEqualTo(ColumnType.Kind.DECIMAL);
        assertThat(EvalSupport.compile("b || 'x'").type()).isEqualTo(ColumnType.varchar(11));
        assertThat(EvalSupport.compile("1e0").type()).isEqualTo(ColumnType.DOUBLE);
    }
}
