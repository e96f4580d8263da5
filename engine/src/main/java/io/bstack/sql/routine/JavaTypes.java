package io.bstack.sql.routine;

import io.bstack.sql.eval.Casts;
import io.bstack.sql.eval.ColumnType;
import io.bstack.sql.eval.ColumnType.Kind;
import java.math.BigDecimal;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.UUID;

/**
 * The SQL type of each Java type a user function may take or return, and the conversions between
 * the engine's values and the method's. The boxed types and the reference types accept SQL NULL
 * (as Java null); a primitive parameter cannot, so a call with NULL for it returns NULL without
 * running the method (as H2 does).
 *
 * <table>
 * <caption>Java types of user functions</caption>
 * <tr><th>Java</th><th>SQL</th></tr>
 * <tr><td>boolean, Boolean</td><td>BOOLEAN</td></tr>
 * <tr><td>byte, short, int, long (and boxed)</td><td>TINYINT, SMALLINT, INTEGER, BIGINT</td></tr>
 * <tr><td>float, double (and boxed)</td><td>REAL, DOUBLE PRECISION</td></tr>
 * <tr><td>BigDecimal</td><td>DECIMAL</td></tr>
 * <tr><td>String</td><td>VARCHAR</td></tr>
 * <tr><td>byte[]</td><td>VARBINARY</td></tr>
 * <tr><td>LocalDate, LocalTime, LocalDateTime, OffsetDateTime</td><td>DATE, TIME, TIMESTAMP, TIMESTAMP WITH TIME ZONE</td></tr>
 * <tr><td>UUID</td><td>UUID</td></tr>
 * </table>
 */
final class JavaTypes {
    private JavaTypes() {
    }

    private static final Map<Class<?>, ColumnType> TYPES = Map.ofEntries(
            Map.entry(boolean.class, ColumnType.BOOLEAN), Map.entry(Boolean.class, ColumnType.BOOLEAN),
            Map.entry(byte.class, ColumnType.TINYINT), Map.entry(Byte.class, ColumnType.TINYINT),
            Map.entry(short.class, ColumnType.SMALLINT), Map.entry(Short.class, ColumnType.SMALLINT),
            Map.entry(int.class, ColumnType.INTEGER), Map.entry(Integer.class, ColumnType.INTEGER),
            Map.entry(long.class, ColumnType.BIGINT), Map.entry(Long.class, ColumnType.BIGINT),
            Map.entry(float.class, ColumnType.REAL), Map.entry(Float.class, ColumnType.REAL),
            Map.entry(double.class, ColumnType.DOUBLE), Map.entry(Double.class, ColumnType.DOUBLE),
            Map.entry(BigDecimal.class, ColumnType.DECIMAL),
            Map.entry(String.class, ColumnType.VARCHAR),
            Map.entry(byte[].class, ColumnType.VARBINARY),
            Map.entry(LocalDate.class, ColumnType.DATE),
            Map.entry(LocalTime.class, new ColumnType(Kind.TIME, 9, 0)),
            Map.entry(LocalDateTime.class, new ColumnType(Kind.TIMESTAMP, 9, 0)),
            Map.entry(OffsetDateTime.class, new ColumnType(Kind.TIMESTAMP_WITH_TIME_ZONE, 9, 0)),
            Map.entry(UUID.class, ColumnType.UUID));

    /** @return the SQL type of Java type {@code c}, or null when it has none */
    static ColumnType sqlType(Class<?> c) {
        return TYPES.get(c);
    }

    /** @return the SQL type of {@code c} ({@code 0A000} when it has none) */
    static ColumnType require(Class<?> c, String what) throws SQLException {
        ColumnType t = TYPES.get(c);
        if (t == null) {
            throw new java.sql.SQLFeatureNotSupportedException(what + " has Java type " + c.getTypeName()
                    + ", which has no SQL type (use boolean, byte, short, int, long, float, double or their boxes,"
                    + " BigDecimal, String, byte[], LocalDate, LocalTime, LocalDateTime, OffsetDateTime or UUID)",
                    "0A000");
        }
        return t;
    }

    /**
     * The engine's value {@code v} (not null) as the Java type of SQL type {@code t}: the carriers
     * are the Java types, so this converts between SQL types ({@code 22018}, {@code 22003} when it
     * cannot) without cutting precision.
     */
    static Object toJava(Object v, ColumnType t) throws SQLException {
        Class<?> carrier = t.kind().sqlType().javaClass();
        return carrier.isInstance(v) ? v : Casts.coerce(v, t.kind());
    }

    /** A method's result {@code v} as a value of SQL type {@code t} (null stays null). */
    static Object toSql(Object v, ColumnType t) throws SQLException {
        return toJava(v, t);
    }

    /** @return SQL type {@code t}'s name as INFORMATION_SCHEMA shows it */
    static String name(ColumnType t) {
        return t.kind().sqlName();
    }
}
