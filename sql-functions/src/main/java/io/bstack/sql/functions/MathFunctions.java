package io.bstack.sql.functions;

import static io.bstack.sql.functions.Args.dbl;
import static io.bstack.sql.functions.Args.integer;
import static io.bstack.sql.functions.Fn.fixed;
import static io.bstack.sql.functions.Fn.strict;

import io.bstack.sql.ast.Expression.BinaryOperator;
import io.bstack.sql.eval.Arithmetic;
import io.bstack.sql.eval.Casts;
import io.bstack.sql.eval.ColumnType;
import io.bstack.sql.eval.ColumnType.Kind;
import io.bstack.sql.eval.SqlErrors;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleUnaryOperator;

/**
 * Numeric functions. ABS, ROUND, TRUNCATE, CEIL and FLOOR keep the argument's type; the
 * transcendental functions compute in DOUBLE; arguments outside a function's domain (LN(0),
 * ACOS(2), ...) raise 22023 (H2 raises its own 90008).
 */
final class MathFunctions {
    private MathFunctions() {
    }

    static List<Fn> all() {
        List<Fn> all = new ArrayList<>();
        Fn.TypeRule same = (args, c) -> {
            Args.requireNumeric("numeric function", args.getFirst());
            return Args.numericType(args.getFirst());
        };
        all.add(strict("ABS", 1, 1, same, a -> {
            Object v = number(a[0]);
            return signum(v) < 0 ? Arithmetic.negate(v) : v;
        }));
        all.add(strict("MOD", 2, 2, (args, c) -> Arithmetic.resultType(BinaryOperator.MODULO,
                Args.numericType(args.get(0)), Args.numericType(args.get(1))),
                a -> Arithmetic.apply(BinaryOperator.MODULO, number(a[0]), Casts.typeOf(number(a[0])),
                        number(a[1]), Casts.typeOf(number(a[1])))));
        Fn round = strict("ROUND", 1, 2, same, a -> scale(a, RoundingMode.HALF_UP));
        Fn truncate = strict("TRUNCATE", 1, 2, same, a -> scale(a, RoundingMode.DOWN));
        Fn ceil = strict("CEIL", 1, 1, same, a -> scale(new Object[] {a[0]}, RoundingMode.CEILING));
        all.add(round);
        all.add(truncate);
        all.add(truncate.alias("TRUNC"));
        all.add(ceil);
        all.add(ceil.alias("CEILING"));
        all.add(strict("FLOOR", 1, 1, same, a -> scale(new Object[] {a[0]}, RoundingMode.FLOOR)));
        all.add(strict("POWER", 2, 2, fixed(ColumnType.DOUBLE), a -> Math.pow(dbl(a[0]), dbl(a[1]))));
        all.add(strict("SQRT", 1, 1, fixed(ColumnType.DOUBLE), a -> Math.sqrt(dbl(a[0]))));
        all.add(strict("EXP", 1, 1, fixed(ColumnType.DOUBLE), a -> Math.exp(dbl(a[0]))));
        all.add(strict("LN", 1, 1, fixed(ColumnType.DOUBLE), a -> Math.log(positive("LN", dbl(a[0])))));
        all.add(strict("LOG10", 1, 1, fixed(ColumnType.DOUBLE), a -> Math.log10(positive("LOG10", dbl(a[0])))));
        all.add(strict("LOG", 1, 2, fixed(ColumnType.DOUBLE), a -> {
            if (a.length == 1) {
                return Math.log(positive("LOG", dbl(a[0])));
            }
            double base = positive("LOG", dbl(a[0]));
            if (base == 1) {
                throw SqlErrors.invalidParameterValue("LOG", base);
            }
            return Math.log(positive("LOG", dbl(a[1]))) / Math.log(base);
        }));
        all.add(strict("SIGN", 1, 1, fixed(ColumnType.INTEGER), a -> signum(number(a[0]))));
        all.add(strict("PI", 0, 0, fixed(ColumnType.DOUBLE), a -> Math.PI));
        all.add(unary("SIN", Math::sin));
        all.add(unary("COS", Math::cos));
        all.add(unary("TAN", Math::tan));
        all.add(strict("ASIN", 1, 1, fixed(ColumnType.DOUBLE), a -> Math.asin(unit("ASIN", dbl(a[0])))));
        all.add(strict("ACOS", 1, 1, fixed(ColumnType.DOUBLE), a -> Math.acos(unit("ACOS", dbl(a[0])))));
        all.add(unary("ATAN", Math::atan));
        all.add(strict("ATAN2", 2, 2, fixed(ColumnType.DOUBLE), a -> Math.atan2(dbl(a[0]), dbl(a[1]))));
        all.add(unary("DEGREES", Math::toDegrees));
        all.add(unary("RADIANS", Math::toRadians));
        return all;
    }

    private static Fn unary(String name, DoubleUnaryOperator f) {
        return strict(name, 1, 1, fixed(ColumnType.DOUBLE), a -> f.applyAsDouble(dbl(a[0])));
    }

    private static double positive(String function, double x) throws SQLException {
        if (!(x > 0)) {
            throw SqlErrors.invalidParameterValue(function, x);
        }
        return x;
    }

    private static double unit(String function, double x) throws SQLException {
        if (x < -1 || x > 1) {
            throw SqlErrors.invalidParameterValue(function, x);
        }
        return x;
    }

    /** @return a numeric argument; strings and booleans as DECIMAL */
    private static Object number(Object v) throws SQLException {
        return v instanceof Number && !(v instanceof BigDecimal) || v instanceof BigDecimal ? v
                : Casts.coerce(v, Kind.DECIMAL);
    }

    private static int signum(Object v) {
        return switch (v) {
            case BigDecimal d -> d.signum();
            case Double d -> (int) Math.signum(d);
            case Float f -> (int) Math.signum(f);
            default -> Long.signum(((Number) v).longValue());
        };
    }

    /** ROUND/TRUNCATE/CEIL/FLOOR to {@code a[1]} (default 0) decimal places, keeping the value's type. */
    private static Object scale(Object[] a, RoundingMode mode) throws SQLException {
        Object v = number(a[0]);
        int digits = a.length > 1 ? integer(a[1]) : 0;
        return switch (v) {
            case BigDecimal d -> d.scale() <= digits ? d : d.setScale(digits, mode).setScale(Math.max(digits, 0));
            case Double d -> d.isNaN() || d.isInfinite() ? d
                    : new BigDecimal(d).setScale(digits, mode).doubleValue();
            case Float f -> f.isNaN() || f.isInfinite() ? f
                    : new BigDecimal(f.doubleValue()).setScale(digits, mode).floatValue();
            default -> {
                if (digits >= 0) {
                    yield v;
                }
                BigDecimal r = BigDecimal.valueOf(((Number) v).longValue()).setScale(digits, mode);
                yield Casts.cast(r.setScale(0, RoundingMode.UNNECESSARY), Casts.typeOf(v));
            }
        };
    }
}
