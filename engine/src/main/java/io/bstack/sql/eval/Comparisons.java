package io.bstack.sql.eval;

import io.bstack.btree.Values;
import io.bstack.sql.ast.Expression.BinaryOperator;
import io.bstack.sql.eval.ColumnType.Kind;
import java.sql.SQLException;
import java.time.OffsetDateTime;

/**
 * SQL comparison with three-valued logic: both operands are converted to
 * {@link Casts#comparisonType} and ordered by the storage order ({@link Values#compare}), except
 * that CHAR operands ignore trailing spaces (PAD SPACE) and timestamps with time zone compare by
 * instant. Any NULL operand gives NULL (unknown).
 */
public final class Comparisons {
    private Comparisons() {
    }

    /** A comparison compiled for two operand types. */
    @FunctionalInterface
    public interface Comparator {
        /** @return negative, zero or positive; never called with a null operand */
        int compare(Object a, Object b) throws SQLException;
    }

    /**
     * @return a comparator of values of static types {@code a} and {@code b} (NULL kind: the values'
     *         own types, resolved per call)
     * @throws SQLException 42804 if the types are not comparable
     */
    public static Comparator comparator(ColumnType a, ColumnType b) throws SQLException {
        if (a.kind() == Kind.NULL || b.kind() == Kind.NULL) {
            return (x, y) -> comparator(a.kind() == Kind.NULL ? Casts.typeOf(x) : a,
                    b.kind() == Kind.NULL ? Casts.typeOf(y) : b).compare(x, y);
        }
        ColumnType common = Casts.comparisonType(a, b);
        Kind k = common.kind();
        boolean padSpace = a.kind() == Kind.CHAR || b.kind() == Kind.CHAR;
        if (k.isString()) {
            return (x, y) -> {
                String s = (String) Casts.coerce(x, k);
                String t = (String) Casts.coerce(y, k);
                return padSpace ? Values.compare(io.bstack.btree.SqlType.VARCHAR, s.stripTrailing(), t.stripTrailing())
                        : Values.compare(io.bstack.btree.SqlType.VARCHAR, s, t);
            };
        }
        if (k == Kind.TIMESTAMP_WITH_TIME_ZONE) {
            return (x, y) -> ((OffsetDateTime) Casts.coerce(x, k)).toInstant()
                    .compareTo(((OffsetDateTime) Casts.coerce(y, k)).toInstant());
        }
        io.bstack.btree.SqlType storage = k.sqlType();
        return (x, y) -> Values.compare(storage, Casts.coerce(x, k), Casts.coerce(y, k));
    }

    /** @return the Boolean result of {@code op} on a comparison result */
    public static Boolean test(BinaryOperator op, int c) {
        return switch (op) {
            case EQUAL -> c == 0;
            case NOT_EQUAL -> c != 0;
            case LESS -> c < 0;
            case LESS_OR_EQUAL -> c <= 0;
            case GREATER -> c > 0;
            case GREATER_OR_EQUAL -> c >= 0;
            default -> throw new IllegalArgumentException("not a comparison: " + op);
        };
    }

    /** @return {@code a op b} in three-valued logic (null = unknown) */
    public static Boolean compare(BinaryOperator op, Object a, Object b, Comparator comparator) throws SQLException {
        if (a == null || b == null) {
            return null;
        }
        return test(op, comparator.compare(a, b));
    }
}
