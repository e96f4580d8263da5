package io.bstack.sql.exec;

import io.bstack.btree.Values;
import io.bstack.sql.eval.Casts;
import io.bstack.sql.eval.ColumnType;
import io.bstack.sql.eval.ColumnType.Kind;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.sql.SQLException;
import java.time.OffsetDateTime;

/**
 * Makes values of two column types that the engine compares in a common type into hash keys:
 * two values compare equal exactly when their keys are {@link Object#equals equal}. Numbers become
 * a stripped {@link BigDecimal} (exact types) or a canonical float or double (when compared as
 * REAL or DOUBLE: -0.0 as 0.0, one NaN); strings compared with CHAR's padding lose trailing
 * spaces; binary strings compare by content; TIMESTAMP WITH TIME ZONE by instant. Immutable and
 * thread-safe.
 */
@FunctionalInterface
interface JoinKey {

    /** The key of a non-null value. */
    Object of(Object value) throws SQLException;

    /** The key maker for values of {@code a} compared with values of {@code b}; null when unsupported. */
    static JoinKey of(ColumnType a, ColumnType b) {
        Kind x = a.kind();
        Kind y = b.kind();
        if (x == Kind.NULL || y == Kind.NULL) {
            return null;
        }
        if (x.isNumeric() && y.isNumeric()) {
            Kind common;
            try {
                common = Casts.comparisonType(a, b).kind();
            } catch (SQLException incomparable) {
                return null;
            }
            return switch (common) {
                case REAL -> v -> Values.canonical(((Number) Casts.coerce(v, Kind.REAL)).floatValue());
                case DOUBLE, FLOAT -> v -> Values.canonical(((Number) Casts.coerce(v, common)).doubleValue());
                case TINYINT, SMALLINT, INTEGER, BIGINT, DECIMAL -> v -> {
                    Object c = Casts.coerce(v, common);
                    BigDecimal d = c instanceof BigDecimal big ? big : BigDecimal.valueOf(((Number) c).longValue());
                    return d.signum() == 0 ? BigDecimal.ZERO : d.stripTrailingZeros();
                };
                default -> null;
            };
        }
        if (x.isString() && y.isString()) {
            boolean pad = x == Kind.CHAR || y == Kind.CHAR;
            return v -> {
                String s = (String) Casts.coerce(v, Kind.VARCHAR);
                return pad ? s.stripTrailing() : s;
            };
        }
        if (x.isBinary() && y.isBinary()) {
            return v -> ByteBuffer.wrap((byte[]) v);
        }
        if (x != y) {
            return null;
        }
        return switch (x) {
            case TIMESTAMP_WITH_TIME_ZONE -> v -> ((OffsetDateTime) v).toInstant();
            case BOOLEAN, DATE, TIME, TIMESTAMP, UUID, REGION -> v -> v;
            default -> null;
        };
    }
}
