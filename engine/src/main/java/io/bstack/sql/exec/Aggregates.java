package io.bstack.sql.exec;

import io.bstack.sql.ast.Expression;
import io.bstack.sql.eval.ColumnType;
import io.bstack.sql.eval.Comparisons;
import io.bstack.sql.eval.ExpressionCompiler;
import io.bstack.sql.eval.SqlErrors;
import io.bstack.sql.function.AggregateFunction;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLSyntaxErrorException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The standard aggregates the executor computes: COUNT(*), COUNT, SUM, AVG, MIN, MAX (each with
 * DISTINCT), EVERY/BOOL_AND, ANY/SOME/BOOL_OR, STDDEV_POP/STDDEV_SAMP/VAR_POP/VAR_SAMP (DOUBLE),
 * with H2's result types: COUNT BIGINT; SUM of
 * TINYINT..INTEGER BIGINT, of BIGINT and DECIMAL DECIMAL, of REAL/DOUBLE DOUBLE; AVG DOUBLE for
 * TINYINT..INTEGER and approximate arguments, DECIMAL (10 more digits of scale) for BIGINT and
 * DECIMAL; MIN/MAX the argument's. NULL arguments are skipped; over no rows COUNT is 0 and the
 * others NULL. Any other aggregate (from a {@link io.bstack.sql.function.FunctionProvider} or
 * {@code CREATE AGGREGATE}) takes one argument, skips NULLs the same way, and computes through its
 * {@link io.bstack.sql.function.Accumulator}.
 */
final class Aggregates {
    private Aggregates() {}

    static final Set<String> NAMES = Set.of("COUNT", "SUM", "AVG", "MIN", "MAX", "EVERY", "BOOL_AND", "ANY", "SOME",
            "BOOL_OR", "STDDEV_POP", "STDDEV_SAMP", "VAR_POP", "VAR_SAMP");

    /** The running state of one aggregate over one group. */
    interface Accumulator {
        void add(Object value) throws SQLException;

        Object result() throws SQLException;
    }

    /**
     * One aggregate call of a query: how to make its accumulators, and its result type; {@code other}
     * is the registered or user aggregate computing it, null for a standard one.
     */
    record Spec(String name, boolean star, ColumnType argType, ColumnType type, Comparisons.Comparator order,
                AggregateFunction other) {
        Spec(String name, boolean star, ColumnType argType, ColumnType type, Comparisons.Comparator order) {
            this(name, star, argType, type, order, null);
        }

        Accumulator newAccumulator() {
            if (other != null) {
                io.bstack.sql.function.Accumulator a = other.newAccumulator(List.of(argType));
                return new Accumulator() {
                    @Override
                    public void add(Object value) throws SQLException {
                        a.add(new Object[] {value});
                    }

                    @Override
                    public Object result() throws SQLException {
                        return a.result();
                    }
                };
            }
            return switch (name) {
                case "COUNT" -> new Count();
                case "SUM" -> new Sum(argType, false);
                case "AVG" -> new Sum(argType, true);
                case "MIN" -> new Extreme(order, -1);
                case "MAX" -> new Extreme(order, 1);
                case "EVERY", "BOOL_AND" -> new Truth(true);
                case "STDDEV_POP", "STDDEV_SAMP", "VAR_POP", "VAR_SAMP" -> new Spread(name);
                default -> new Truth(false);
            };
        }
    }

    static Spec spec(Expression.FunctionCall f, ColumnType arg, ExpressionCompiler compiler) throws SQLException {
        String name = f.name();
        if (!NAMES.contains(name)) {
            AggregateFunction other = compiler.aggregate(name.toUpperCase(java.util.Locale.ROOT));
            if (other == null) {
                throw new SQLFeatureNotSupportedException("aggregate " + name + " is not executed by this version yet",
                        "0A000");
            }
            if (f.star()) {
                throw SqlErrors.notAllowed("* is only allowed in COUNT(*), not in " + name);
            }
            if (other.minArguments() > 1 || other.maxArguments() < 1) {
                throw SqlErrors.argumentCount(name, other.minArguments(), other.maxArguments());
            }
            return new Spec(name, false, arg, other.resultType(List.of(arg)), null, other);
        }
        if (f.star()) {
            return new Spec(name, true, null, ColumnType.BIGINT, null);
        }
        if (f.arguments().size() != 1) {
            throw SqlErrors.argumentCount(name, 1, 1);
        }
        ColumnType.Kind k = arg.kind();
        ColumnType type = switch (name) {
            case "COUNT" -> ColumnType.BIGINT;
            case "SUM" -> {
                requireNumeric(name, arg);
                yield k == ColumnType.Kind.TINYINT || k == ColumnType.Kind.SMALLINT || k == ColumnType.Kind.INTEGER
                        ? ColumnType.BIGINT : arg.kind().isApproximate() ? ColumnType.DOUBLE
                        : k == ColumnType.Kind.NULL ? ColumnType.BIGINT : ColumnType.DECIMAL;
            }
            case "AVG" -> {
                requireNumeric(name, arg);
                yield k == ColumnType.Kind.BIGINT || k == ColumnType.Kind.DECIMAL ? ColumnType.DECIMAL
                        : ColumnType.DOUBLE;
            }
            case "MIN", "MAX" -> arg;
            case "STDDEV_POP", "STDDEV_SAMP", "VAR_POP", "VAR_SAMP" -> {
                requireNumeric(name, arg);
                yield ColumnType.DOUBLE;
            }
            default -> {
                if (k != ColumnType.Kind.BOOLEAN && k != ColumnType.Kind.NULL) {
                    throw SqlErrors.typeMismatch(name, arg);
                }
                yield ColumnType.BOOLEAN;
            }
        };
        Comparisons.Comparator order = name.equals("MIN") || name.equals("MAX") ? Comparisons.comparator(arg, arg) : null;
        return new Spec(name, false, arg, type, order);
    }

    private static void requireNumeric(String name, ColumnType arg) throws SQLException {
        if (!arg.kind().isNumeric() && arg.kind() != ColumnType.Kind.NULL) {
            throw SqlErrors.typeMismatch(name, arg);
        }
    }

    /** Whether {@code e} calls a standard aggregate outside any subquery. */
    static boolean contains(Object e) {
        return AstSearch.any(e, n -> n instanceof Expression.FunctionCall f && NAMES.contains(f.name()));
    }

    /** Whether {@code e} calls an aggregate (standard, registered or the user's) outside any subquery. */
    static boolean contains(Object e, ExpressionCompiler compiler) throws SQLException {
        List<String> names = new ArrayList<>();
        AstSearch.any(e, n -> {
            if (n instanceof Expression.FunctionCall f) {
                names.add(f.name().toUpperCase(java.util.Locale.ROOT));
            }
            return false;
        });
        for (String name : names) {
            if (NAMES.contains(name) || compiler.isAggregate(name)) {
                return true;
            }
        }
        return false;
    }

    static SQLException nested(String name) {
        return new SQLSyntaxErrorException("aggregate " + name + " inside another aggregate", "42000");
    }

    private static final class Count implements Accumulator {
        long n;

        @Override
        public void add(Object value) {
            n++;
        }

        @Override
        public Object result() {
            return n;
        }
    }

    private static final class Sum implements Accumulator {
        private final boolean average;
        private final boolean approximate;
        private final boolean smallIntegers;
        private long count;
        private long small;
        private BigDecimal exact = BigDecimal.ZERO;
        private double real;

        Sum(ColumnType arg, boolean average) {
            this.average = average;
            ColumnType.Kind k = arg.kind();
            this.approximate = k.isApproximate();
            this.smallIntegers = k == ColumnType.Kind.TINYINT || k == ColumnType.Kind.SMALLINT
                    || k == ColumnType.Kind.INTEGER || k == ColumnType.Kind.NULL;
        }

        @Override
        public void add(Object value) throws SQLException {
            count++;
            Number n = (Number) value;
            if (approximate || (average && smallIntegers)) {
                real += n.doubleValue();
            } else if (smallIntegers) {
                try {
                    small = Math.addExact(small, n.longValue());
                } catch (ArithmeticException e) {
                    throw SqlErrors.numericOutOfRange("SUM beyond BIGINT");
                }
            } else {
                exact = exact.add(n instanceof BigDecimal d ? d : new BigDecimal(BigInteger.valueOf(n.longValue())));
            }
        }

        @Override
        public Object result() {
            if (count == 0) {
                return null;
            }
            if (approximate || (average && smallIntegers)) {
                return average ? real / count : real;
            }
            if (smallIntegers) {
                return small;
            }
            if (!average) {
                return exact;
            }
            return exact.divide(BigDecimal.valueOf(count), new MathContext(exact.precision() + 10))
                    .setScale(exact.scale() + 10, java.math.RoundingMode.HALF_UP);
        }
    }

    private static final class Extreme implements Accumulator {
        private final Comparisons.Comparator order;
        private final int sign;
        private Object best;

        Extreme(Comparisons.Comparator order, int sign) {
            this.order = order;
            this.sign = sign;
        }

        @Override
        public void add(Object value) throws SQLException {
            if (best == null || order.compare(value, best) * sign > 0) {
                best = value;
            }
        }

        @Override
        public Object result() {
            return best;
        }
    }

    private static final class Truth implements Accumulator {
        private final boolean every;
        private Boolean result;

        Truth(boolean every) {
            this.every = every;
        }

        @Override
        public void add(Object value) {
            boolean b = (Boolean) value;
            result = result == null ? b : every ? result && b : result || b;
        }

        @Override
        public Object result() {
            return result;
        }
    }

    /**
     * STDDEV_POP, STDDEV_SAMP, VAR_POP, VAR_SAMP over the values as doubles, by Welford's update (no
     * cancellation from summing squares): NULL without values, and the sample forms NULL for one.
     */
    private static final class Spread implements Accumulator {
        private final boolean sample;
        private final boolean root;
        private long n;
        private double mean;
        private double squares;

        Spread(String name) {
            this.sample = name.endsWith("_SAMP");
            this.root = name.startsWith("STDDEV");
        }

        @Override
        public void add(Object value) {
            double x = ((Number) value).doubleValue();
            n++;
            double delta = x - mean;
            mean += delta / n;
            squares += delta * (x - mean);
        }

        @Override
        public Object result() {
            long d = sample ? n - 1 : n;
            if (d <= 0) {
                return null;
            }
            double variance = squares / d;
            return root ? Math.sqrt(variance) : variance;
        }
    }
}
