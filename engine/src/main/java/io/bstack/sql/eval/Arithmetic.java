package io.bstack.sql.eval;

import io.bstack.sql.ast.Expression.BinaryOperator;
import io.bstack.sql.eval.ColumnType.Kind;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.LocalDateTime;

/**
 * {@code + - * / %} and unary minus on SQL values, as H2 2.3 computes them: exact integers never
 * wrap (22003), integer division truncates toward zero, the remainder has the dividend's sign,
 * DECIMAL quotients get scale {@code dividendScale - divisorScale + 2 * divisorPrecision},
 * a DECIMAL remainder by an integer divisor is rounded half up to the divisor's type,
 * division or remainder by zero is 22012 for every numeric type, and DATE/TIMESTAMP plus or minus
 * an integer moves by days. A character string operand is converted to the other operand's type.
 */
public final class Arithmetic {
    private static final int MAX_SCALE = ColumnType.MAX_DECIMAL_PRECISION;

    private Arithmetic() {
    }

    /**
     * @return the static result type of {@code a op b} (NULL kind if both operands are untyped)
     * @throws SQLException 42804 if the operation is not defined for the types
     */
    public static ColumnType resultType(BinaryOperator op, ColumnType a, ColumnType b) throws SQLException {
        Kind x = a.kind();
        Kind y = b.kind();
        if (x == Kind.NULL || y == Kind.NULL) {
            ColumnType known = x == Kind.NULL ? b : a;
            if (known.kind() == Kind.NULL || known.kind().isNumeric() || known.kind() == Kind.DATE
                    || known.kind() == Kind.TIMESTAMP) {
                return known;
            }
            if (known.kind() == Kind.BOOLEAN) {
                return ColumnType.INTEGER;
            }
            throw SqlErrors.typeMismatch(op.symbol(), known);
        }
        if (x == Kind.BOOLEAN) {
            return resultType(op, ColumnType.INTEGER, b);
        }
        if (y == Kind.BOOLEAN) {
            return resultType(op, a, ColumnType.INTEGER);
        }
        if (x.isString() && y.isNumeric()) {
            return resultType(op, b, b);
        }
        if (y.isString() && x.isNumeric()) {
            return resultType(op, a, a);
        }
        if ((x == Kind.DATE || x == Kind.TIMESTAMP) && y.isInteger() && (op == BinaryOperator.ADD || op == BinaryOperator.SUBTRACT)) {
            return a;
        }
        if ((y == Kind.DATE || y == Kind.TIMESTAMP) && x.isInteger() && op == BinaryOperator.ADD) {
            return b;
        }
        if (!x.isNumeric() || !y.isNumeric()) {
            throw SqlErrors.typeMismatch(a, op.symbol(), b);
        }
        if (op == BinaryOperator.MODULO && x == Kind.DECIMAL && y.isInteger()) {
            return b;
        }
        ColumnType common = Casts.implicitType(a, b);
        if (common.kind() != Kind.DECIMAL) {
            return common;
        }
        return decimalType(op, numeric(a), numeric(b));
    }

    private static ColumnType numeric(ColumnType t) {
        return t.kind() == Kind.DECIMAL ? t : ColumnType.decimal(t.precision(), 0);
    }

    /** H2's precision and scale rules for DECIMAL results. */
    private static ColumnType decimalType(BinaryOperator op, ColumnType l, ColumnType r) {
        long lp = l.precision();
        long rp = r.precision();
        int ls = l.scale();
        int rs = r.scale();
        return switch (op) {
            case ADD, SUBTRACT -> {
                int scale = Math.max(ls, rs);
                yield ColumnType.decimal(Math.max(lp + scale - ls, rp + scale - rs) + 1, scale);
            }
            case MULTIPLY -> ColumnType.decimal(lp + rp, ls + rs);
            case DIVIDE -> {
                int scale = quotientScale(ls, rp, rs);
                yield ColumnType.decimal(lp + rs - ls + scale, scale);
            }
            default -> ColumnType.decimal(rp, rs);
        };
    }

    private static int quotientScale(int dividendScale, long divisorPrecision, int divisorScale) {
        long scale = dividendScale - divisorScale + divisorPrecision * 2;
        return (int) Math.min(scale, MAX_SCALE);
    }

    /**
     * Computes {@code a op b} for operands of static types {@code ta} and {@code tb} (NULL kind when
     * unknown until run time: the values' own types are used).
     */
    public static Object apply(BinaryOperator op, Object a, ColumnType ta, Object b, ColumnType tb) throws SQLException {
        if (a == null || b == null) {
            return null;
        }
        ColumnType la = ta.kind() == Kind.NULL ? Casts.typeOf(a) : ta;
        ColumnType lb = tb.kind() == Kind.NULL ? Casts.typeOf(b) : tb;
        ColumnType result = resultType(op, la, lb);
        Kind k = result.kind();
        if (k == Kind.DATE || k == Kind.TIMESTAMP) {
            return addDays(op, a, b);
        }
        if (op == BinaryOperator.MODULO && la.kind() == Kind.DECIMAL && k.isInteger()) {
            BigDecimal remainder = decimal(op, (BigDecimal) Casts.coerce(a, Kind.DECIMAL),
                    (BigDecimal) Casts.coerce(b, Kind.DECIMAL), lb.precision());
            return Casts.cast(remainder, result);
        }
        Object x = Casts.coerce(a, k);
        Object y = Casts.coerce(b, k);
        return switch (k) {
            case TINYINT, SMALLINT, INTEGER -> Casts.narrow(small(op, ((Number) x).longValue(), ((Number) y).longValue(), a),
                    result, new Overflow(op, a, b));
            case BIGINT -> big(op, (Long) x, (Long) y, a);
            case DECIMAL -> decimal(op, (BigDecimal) x, (BigDecimal) y, lb.kind() == Kind.DECIMAL ? lb.precision()
                    : lb.kind().isInteger() ? lb.precision() : Casts.typeOf(y).precision());
            case REAL -> (float) approximate(op, ((Number) x).doubleValue(), ((Number) y).doubleValue(), a, true);
            default -> approximate(op, ((Number) x).doubleValue(), ((Number) y).doubleValue(), a, false);
        };
    }

    /** Prints the mathematically exact result of an overflowing operation, as H2's message does. */
    private record Overflow(BinaryOperator op, Object a, Object b) {
        @Override
        public String toString() {
            BigDecimal x = Casts.decimal(a instanceof Boolean t ? (t ? 1 : 0) : a);
            BigDecimal y = Casts.decimal(b instanceof Boolean t ? (t ? 1 : 0) : b);
            return switch (op) {
                case ADD -> x.add(y).toPlainString();
                case SUBTRACT -> x.subtract(y).toPlainString();
                case MULTIPLY -> x.multiply(y).toPlainString();
                case DIVIDE -> x.divide(y, 0, RoundingMode.DOWN).toPlainString();
                default -> x.remainder(y).toPlainString();
            };
        }
    }

    private static long small(BinaryOperator op, long x, long y, Object dividend) throws SQLException {
        return switch (op) {
            case ADD -> x + y;
            case SUBTRACT -> x - y;
            case MULTIPLY -> x * y;
            case DIVIDE -> {
                if (y == 0) {
                    throw SqlErrors.divisionByZero(dividend);
                }
                yield x / y;
            }
            default -> {
                if (y == 0) {
                    throw SqlErrors.divisionByZero(dividend);
                }
                yield x % y;
            }
        };
    }

    private static Long big(BinaryOperator op, long x, long y, Object dividend) throws SQLException {
        try {
            return switch (op) {
                case ADD -> Math.addExact(x, y);
                case SUBTRACT -> Math.subtractExact(x, y);
                case MULTIPLY -> Math.multiplyExact(x, y);
                case DIVIDE -> {
                    if (y == 0) {
                        throw SqlErrors.divisionByZero(dividend);
                    }
                    yield Math.divideExact(x, y);
                }
                default -> {
                    if (y == 0) {
                        throw SqlErrors.divisionByZero(dividend);
                    }
                    yield x % y;
                }
            };
        } catch (ArithmeticException e) {
            throw SqlErrors.numericOutOfRange(new Overflow(op, x, y));
        }
    }

    private static BigDecimal decimal(BinaryOperator op, BigDecimal x, BigDecimal y, long divisorPrecision)
            throws SQLException {
        return switch (op) {
            case ADD -> x.add(y);
            case SUBTRACT -> x.subtract(y);
            case MULTIPLY -> x.multiply(y);
            case DIVIDE -> {
                if (y.signum() == 0) {
                    throw SqlErrors.divisionByZero(x.toPlainString());
                }
                yield x.divide(y, quotientScale(x.scale(), divisorPrecision, y.scale()), RoundingMode.HALF_DOWN);
            }
            default -> {
                if (y.signum() == 0) {
                    throw SqlErrors.divisionByZero(x.toPlainString());
                }
                yield x.remainder(y);
            }
        };
    }

    private static double approximate(BinaryOperator op, double x, double y, Object dividend, boolean real)
            throws SQLException {
        return switch (op) {
            case ADD -> real ? (double) ((float) x + (float) y) : x + y;
            case SUBTRACT -> real ? (double) ((float) x - (float) y) : x - y;
            case MULTIPLY -> real ? (double) ((float) x * (float) y) : x * y;
            case DIVIDE -> {
                if (y == 0) {
                    throw SqlErrors.divisionByZero(dividend);
                }
                yield real ? (double) ((float) x / (float) y) : x / y;
            }
            default -> {
                if (y == 0) {
                    throw SqlErrors.divisionByZero(dividend);
                }
                yield x % y;
            }
        };
    }

    private static Object addDays(BinaryOperator op, Object a, Object b) throws SQLException {
        boolean dateFirst = a instanceof LocalDate || a instanceof LocalDateTime;
        Object date = dateFirst ? a : b;
        long days = ((Number) Casts.coerce(dateFirst ? b : a, Kind.BIGINT)).longValue();
        if (op == BinaryOperator.SUBTRACT) {
            days = -days;
        }
        try {
            return date instanceof LocalDate d ? d.plusDays(days) : ((LocalDateTime) date).plusDays(days);
        } catch (java.time.DateTimeException | ArithmeticException e) {
            throw SqlErrors.datetimeOverflow(date + " + " + days);
        }
    }

    /**
     * Unary minus.
     *
     * @throws SQLException 22003 for the most negative integer of its type, 42804 for a non-number
     */
    public static Object negate(Object value) throws SQLException {
        return switch (value) {
            case null -> null;
            case Byte b -> Casts.narrow(-(long) b, ColumnType.TINYINT, -(long) b);
            case Short s -> Casts.narrow(-(long) s, ColumnType.SMALLINT, -(long) s);
            case Integer i -> Casts.narrow(-(long) i, ColumnType.INTEGER, -(long) i);
            case Long l -> {
                if (l == Long.MIN_VALUE) {
                    throw SqlErrors.numericOutOfRange(l);
                }
                yield -l;
            }
            case BigDecimal d -> d.negate();
            case Float f -> -f;
            case Double d -> -d;
            case Boolean b -> !b;
            default -> throw SqlErrors.typeMismatch("-", Casts.typeOf(value));
        };
    }
}
