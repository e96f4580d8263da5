package io.bstack.sql.routine;

import io.bstack.sql.eval.ColumnType;
import io.bstack.sql.function.Accumulator;
import io.bstack.sql.function.AggregateFunction;
import io.bstack.sql.function.UserAggregate;
import java.sql.SQLException;
import java.util.List;

/**
 * A user aggregate: one instance of the application's {@link UserAggregate} class per group, made
 * with its public no-argument constructor, fed the group's non-NULL values converted to its
 * argument type. Immutable and thread-safe; each accumulator belongs to one group.
 */
final class JavaAggregateFunction implements AggregateFunction {
    private final String name;
    private final JavaTargets.AggregateClass target;
    private final ColumnType argument;
    private final ColumnType result;

    JavaAggregateFunction(String name, JavaTargets.AggregateClass target) {
        this.name = name;
        this.target = target;
        this.argument = JavaTypes.sqlType(target.argument());
        this.result = JavaTypes.sqlType(target.result());
    }

    @Override
    public String name() {
        return name;
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
        return result;
    }

    @Override
    public Accumulator newAccumulator(List<ColumnType> arguments) {
        return new Accumulator() {
            private UserAggregate<Object, ?> instance;

            @SuppressWarnings("unchecked")
            private UserAggregate<Object, ?> instance() throws SQLException {
                if (instance == null) {
                    instance = (UserAggregate<Object, ?>) JavaCalls.run(name, () -> target.constructor().newInstance());
                }
                return instance;
            }

            @Override
            public void add(Object[] values) throws SQLException {
                UserAggregate<Object, ?> a = instance();
                Object v = JavaTypes.toJava(values[0], argument);
                JavaCalls.run(name, () -> {
                    a.add(v);
                    return null;
                });
            }

            @Override
            public Object result() throws SQLException {
                UserAggregate<Object, ?> a = instance();
                return JavaTypes.toSql(JavaCalls.run(name, a::result), result);
            }
        };
    }
}
