package io.bstack.userfn;

import io.bstack.sql.eval.ColumnType;
import io.bstack.sql.function.Accumulator;
import io.bstack.sql.function.AggregateFunction;
import io.bstack.sql.function.FunctionProvider;
import io.bstack.sql.function.ScalarFunction;
import java.sql.SQLException;
import java.util.List;

/**
 * A {@link FunctionProvider} on the tests' class path, found by the {@link java.util.ServiceLoader}
 * through {@code META-INF/services}: {@code SPI_REVERSE(text)} and the aggregate {@code SPI_PRODUCT(n)}.
 */
public final class TestFunctionProvider implements FunctionProvider {

    @Override
    public List<ScalarFunction> scalarFunctions() {
        return List.of(new ScalarFunction() {
            @Override
            public String name() {
                return "SPI_REVERSE";
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
                return ColumnType.VARCHAR;
            }

            @Override
            public Object apply(Object[] arguments) {
                return arguments[0] == null ? null : new StringBuilder(arguments[0].toString()).reverse().toString();
            }
        });
    }

    @Override
    public List<AggregateFunction> aggregateFunctions() {
        return List.of(new AggregateFunction() {
            @Override
            public String name() {
                return "SPI_PRODUCT";
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
                    private long product = 1;

                    @Override
                    public void add(Object[] values) throws SQLException {
                        product = Math.multiplyExact(product, ((Number) values[0]).longValue());
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
