package io.bstack.btree;

import io.bstack.alloc.Region;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.UUID;

/**
 * The value model's order: {@link #compare} is the total order that {@link KeyEncoder}'s byte
 * strings reproduce. Stateless and thread-safe.
 *
 * <table>
 * <caption>Order per type</caption>
 * <tr><th>type</th><th>order</th></tr>
 * <tr><td>NULL</td><td>before every value here; keys place it per {@link KeyColumn#nullsFirst()}</td></tr>
 * <tr><td>BOOLEAN</td><td>false &lt; true</td></tr>
 * <tr><td>integers, DECIMAL</td><td>numeric; DECIMAL ignores scale (1.0 = 1.00)</td></tr>
 * <tr><td>REAL, DOUBLE</td><td>numeric, -0.0 = 0.0, every NaN equal and greater than +Infinity (as H2)</td></tr>
 * <tr><td>VARCHAR</td><td>Unicode code point order (binary collation, = UTF-8 byte order); an unpaired
 *     surrogate counts as the code point of its value</td></tr>
 * <tr><td>VARBINARY</td><td>unsigned lexicographic, a prefix first</td></tr>
 * <tr><td>DATE, TIME, TIMESTAMP</td><td>chronological</td></tr>
 * <tr><td>TIMESTAMP_WITH_TIME_ZONE</td><td>by instant; equal instants then by offset seconds (so the order is
 *     consistent with equality and keys round-trip the offset)</td></tr>
 * <tr><td>UUID</td><td>its 16 big-endian bytes unsigned (not {@link UUID#compareTo}, which is signed)</td></tr>
 * <tr><td>REGION</td><td>offset, then length</td></tr>
 * </table>
 */
public final class Values {
    private Values() {
    }

    /**
     * Compares two values of {@code type} (either may be null = SQL NULL, which sorts first).
     *
     * @throws IllegalArgumentException if a value is not of the type's {@link SqlType#javaClass()}
     */
    public static int compare(SqlType type, Object a, Object b) {
        if (a == null || b == null) {
            return a == null ? (b == null ? 0 : -1) : 1;
        }
        check(type, a);
        check(type, b);
        return switch (type) {
            case BOOLEAN -> Boolean.compare((Boolean) a, (Boolean) b);
            case TINYINT -> Byte.compare((Byte) a, (Byte) b);
            case SMALLINT -> Short.compare((Short) a, (Short) b);
            case INTEGER -> Integer.compare((Integer) a, (Integer) b);
            case BIGINT -> Long.compare((Long) a, (Long) b);
            case DECIMAL -> ((BigDecimal) a).compareTo((BigDecimal) b);
            case REAL -> Float.compare(canonical((Float) a), canonical((Float) b));
            case DOUBLE -> Double.compare(canonical((Double) a), canonical((Double) b));
            case VARCHAR -> compareCodePoints((String) a, (String) b);
            case VARBINARY -> Arrays.compareUnsigned((byte[]) a, (byte[]) b);
            case DATE -> ((LocalDate) a).compareTo((LocalDate) b);
            case TIME -> ((LocalTime) a).compareTo((LocalTime) b);
            case TIMESTAMP -> ((LocalDateTime) a).compareTo((LocalDateTime) b);
            case TIMESTAMP_WITH_TIME_ZONE -> compareInstants((OffsetDateTime) a, (OffsetDateTime) b);
            case UUID -> compareUuids((UUID) a, (UUID) b);
            case REGION -> ((Region) a).compareTo((Region) b);
        };
    }

    /**
     * Checks that {@code value} may be stored in a column of {@code type}.
     *
     * @throws IllegalArgumentException if it is not null, not a {@link SqlType#javaClass()} and not a
     *     {@link Lob} of a VARCHAR (text) or VARBINARY (binary) column
     */
    public static void check(SqlType type, Object value) {
        if (value instanceof Lob lob && (type == SqlType.VARCHAR ? lob.isText() : type == SqlType.VARBINARY && !lob.isText())) {
            return; // a large value carried by reference: RowFormat streams it
        }
        if (value != null && !type.javaClass().isInstance(value)) {
            throw new IllegalArgumentException("a " + type + " value must be a " + type.javaClass().getSimpleName()
                    + ", got " + value.getClass().getName());
        }
    }

    /** {@code x} with -0.0 as 0.0 and every NaN as {@link Float#NaN}. */
    public static float canonical(float x) {
        return x == 0.0f ? 0.0f : Float.isNaN(x) ? Float.NaN : x;
    }

    /** {@code x} with -0.0 as 0.0 and every NaN as {@link Double#NaN}. */
    public static double canonical(double x) {
        return x == 0.0 ? 0.0 : Double.isNaN(x) ? Double.NaN : x;
    }

    /** Code point order; an unpaired surrogate is the code point of its own value. */
    static int compareCodePoints(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            char ca = a.charAt(i);
            char cb = b.charAt(j);
            if (ca == cb && !Character.isSurrogate(ca)) {
                i++;
                j++;
                continue;
            }
            int pa = a.codePointAt(i);
            int pb = b.codePointAt(j);
            if (pa != pb) {
                return Integer.compare(pa, pb);
            }
            i += Character.charCount(pa);
            j += Character.charCount(pb);
        }
        return Boolean.compare(i < a.length(), j < b.length());
    }

    private static int compareInstants(OffsetDateTime a, OffsetDateTime b) {
        int c = a.toInstant().compareTo(b.toInstant());
        return c != 0 ? c : Integer.compare(a.getOffset().getTotalSeconds(), b.getOffset().getTotalSeconds());
    }

    private static int compareUuids(UUID a, UUID b) {
        int c = Long.compareUnsigned(a.getMostSignificantBits(), b.getMostSignificantBits());
        return c != 0 ? c : Long.compareUnsigned(a.getLeastSignificantBits(), b.getLeastSignificantBits());
    }
}
