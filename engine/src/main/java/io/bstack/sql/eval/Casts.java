package io.bstack.sql.eval;

import io.bstack.sql.eval.ColumnType.Kind;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.UUID;
import io.bstack.alloc.Region;
import java.util.regex.Pattern;

/**
 * Conversions between SQL values, following H2 2.3: {@link #cast} is an explicit {@code CAST}
 * (strings silently cut to the target length, CHAR padded with spaces, decimals rounded half up to
 * the target scale), {@link #assign} is store assignment (a string that would lose non-space
 * characters raises {@code 22001}), {@link #implicitType} is the common type of two operands.
 * Values are the storage carriers of {@link io.bstack.btree.SqlType}; SQL NULL is Java null and
 * always converts to null.
 */
public final class Casts {
    private static final Pattern INTEGER_TEXT = Pattern.compile("[+-]?\\d+");
    private static final Pattern FLOAT_TEXT = Pattern.compile(
            "[+-]?(NaN|Infinity|(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?[dDfF]?)");
    private static final BigDecimal LONG_MIN = BigDecimal.valueOf(Long.MIN_VALUE);
    private static final BigDecimal LONG_MAX = BigDecimal.valueOf(Long.MAX_VALUE);

    private Casts() {
    }

    /** @return the type of a Java carrier value, with the value's own precision (null gives the NULL type) */
    public static ColumnType typeOf(Object value) {
        return switch (value) {
            case null -> ColumnType.NULL;
            case Boolean b -> ColumnType.BOOLEAN;
            case Byte b -> ColumnType.TINYINT;
            case Short s -> ColumnType.SMALLINT;
            case Integer i -> ColumnType.INTEGER;
            case Long l -> ColumnType.BIGINT;
            case BigDecimal d -> ColumnType.decimal(d.precision(), Math.max(d.scale(), 0));
            case Float f -> ColumnType.REAL;
            case Double d -> ColumnType.DOUBLE;
            case String s -> ColumnType.varchar(s.length());
            case byte[] b -> ColumnType.varbinary(b.length);
            case LocalDate d -> ColumnType.DATE;
            case LocalTime t -> new ColumnType(Kind.TIME, 9, 0);
            case LocalDateTime t -> new ColumnType(Kind.TIMESTAMP, 9, 0);
            case OffsetDateTime t -> new ColumnType(Kind.TIMESTAMP_WITH_TIME_ZONE, 9, 0);
            case UUID u -> ColumnType.UUID;
            case io.bstack.btree.Lob lob -> Lobs.typeOf(lob);
            case Region r -> ColumnType.REGION;
            default -> throw new IllegalArgumentException("not a SQL value: " + value.getClass().getName());
        };
    }

    /**
     * Explicit {@code CAST(value AS to)}.
     *
     * @throws SQLException 22018 for an impossible conversion or unreadable text, 22003 for a number out
     *                      of range, 22001 for a decimal with too many digits, 22007 for bad datetime text
     */
    public static Object cast(Object value, ColumnType to) throws SQLException {
        if (value == null) {
            return null;
        }
        if (value instanceof io.bstack.btree.Lob lob) {
            Object kept = Lobs.keep(lob, to);
            if (kept != null) {
                return kept;
            }
            value = Lobs.value(lob);
        }
        Kind k = to.kind();
        return switch (k) {
            case NULL -> value;
            case BOOLEAN -> toBoolean(value, to);
            case TINYINT, SMALLINT, INTEGER, BIGINT -> toInteger(value, to);
            case DECIMAL -> toDecimal(value, to, true);
            case REAL -> toReal(value, to);
            case DOUBLE, FLOAT -> toDouble(value, to);
            case CHAR -> fitChar(toText(value), to);
            case VARCHAR, CLOB -> {
                String s = toText(value);
                yield s.length() > to.precision() ? s.substring(0, (int) to.precision()) : s;
            }
            case BINARY -> {
                byte[] b = toBytes(value, to);
                yield b.length == to.precision() ? b : Arrays.copyOf(b, (int) to.precision());
            }
            case VARBINARY, BLOB -> {
                byte[] b = toBytes(value, to);
                yield b.length > to.precision() ? Arrays.copyOf(b, (int) to.precision()) : b;
            }
            case DATE -> toDate(value, to);
            case TIME -> DateTimeText.round(toTime(value, to), (int) to.precision());
            case TIMESTAMP -> DateTimeText.round(toTimestamp(value, to), (int) to.precision());
            case TIMESTAMP_WITH_TIME_ZONE -> DateTimeText.round(toTimestampTz(value, to), (int) to.precision());
            case UUID -> toUuid(value, to);
            case REGION -> RegionText.toRegion(value, to);
        };
    }

    /**
     * Store assignment of {@code value} to a column of type {@code to}: like {@link #cast} but a
     * character or binary string longer than the column raises 22001 unless only trailing spaces
     * (for character strings) would be cut.
     */
    public static Object assign(Object value, ColumnType to) throws SQLException {
        if (value == null) {
            return null;
        }
        if (value instanceof io.bstack.btree.Lob lob) {
            Object kept = Lobs.keep(lob, to);
            if (kept != null) {
                return kept;
            }
            value = Lobs.value(lob);
        }
        Kind k = to.kind();
        if (k.isString()) {
            String s = toText(value);
            if (s.length() > to.precision() && !s.substring((int) to.precision()).isBlank()) {
                throw SqlErrors.stringTruncation(to, s, s.length());
            }
        } else if (k.isBinary()) {
            byte[] b = toBytes(value, to);
            if (b.length > to.precision()) {
                throw SqlErrors.stringTruncation(to, b, b.length);
            }
        }
        return cast(value, to);
    }

    /** @return {@code s} cut or space-padded to the CHAR length of {@code to} */
    private static String fitChar(String s, ColumnType to) {
        int n = (int) Math.min(to.precision(), Integer.MAX_VALUE);
        if (s.length() >= n) {
            return s.substring(0, n);
        }
        return s + " ".repeat(n - s.length());
    }

    private static Boolean toBoolean(Object value, ColumnType to) throws SQLException {
        return switch (value) {
            case Boolean b -> b;
            case BigDecimal d -> d.signum() != 0;
            case Float f -> f != 0;
            case Double d -> d != 0;
            case Number n -> n.longValue() != 0;
            case String s -> {
                String t = s.strip().toUpperCase(java.util.Locale.ROOT);
                yield switch (t) {
                    case "TRUE", "T", "YES", "Y" -> true;
                    case "FALSE", "F", "NO", "N" -> false;
                    default -> {
                        try {
                            yield new BigDecimal(t).signum() != 0;
                        } catch (NumberFormatException e) {
                            throw SqlErrors.invalidCharacterValue(s, to);
                        }
                    }
                };
            }
            default -> throw SqlErrors.impossibleConversion(typeOf(value), to);
        };
    }

    private static Object toInteger(Object value, ColumnType to) throws SQLException {
        long v = switch (value) {
            case Boolean b -> b ? 1 : 0;
            case Byte b -> b;
            case Short s -> s;
            case Integer i -> i;
            case Long l -> l;
            case BigDecimal d -> rangeChecked(d.setScale(0, RoundingMode.HALF_UP), value);
            case Float f -> fromApproximate(f, value);
            case Double d -> fromApproximate(d, value);
            case String s -> {
                String t = s.strip();
                if (!INTEGER_TEXT.matcher(t).matches()) {
                    throw SqlErrors.invalidCharacterValue(s, to);
                }
                try {
                    long parsed = Long.parseLong(t);
                    narrow(parsed, to, s);
                    yield parsed;
                } catch (NumberFormatException | SQLException e) {
                    throw SqlErrors.invalidCharacterValue(s, to);
                }
            }
            case byte[] b -> {
                int size = switch (to.kind()) {
                    case TINYINT -> 1;
                    case SMALLINT -> 2;
                    case INTEGER -> 4;
                    default -> 8;
                };
                if (b.length != size) {
                    throw SqlErrors.impossibleConversion(typeOf(value), to);
                }
                long x = 0;
                for (byte y : b) {
                    x = x << 8 | (y & 0xff);
                }
                yield size == 8 ? x : (x << (64 - 8 * size)) >> (64 - 8 * size);
            }
            default -> throw SqlErrors.impossibleConversion(typeOf(value), to);
        };
        return narrow(v, to, value);
    }

    private static long rangeChecked(BigDecimal d, Object original) throws SQLException {
        if (d.compareTo(LONG_MIN) < 0 || d.compareTo(LONG_MAX) > 0) {
            throw SqlErrors.numericOutOfRange(original instanceof BigDecimal b ? b.toString() : original);
        }
        return d.longValueExact();
    }

    private static long fromApproximate(double d, Object original) throws SQLException {
        if (Double.isNaN(d)) {
            return 0;
        }
        if (Double.isInfinite(d)) {
            throw SqlErrors.numericOutOfRange(original);
        }
        return rangeChecked(new BigDecimal(d).setScale(0, RoundingMode.HALF_UP), original);
    }

    /** @return {@code v} boxed as the integer carrier of {@code to}, or 22003 if it does not fit */
    static Object narrow(long v, ColumnType to, Object original) throws SQLException {
        return switch (to.kind()) {
            case TINYINT -> {
                if (v < Byte.MIN_VALUE || v > Byte.MAX_VALUE) {
                    throw SqlErrors.numericOutOfRange(original);
                }
                yield (byte) v;
            }
            case SMALLINT -> {
                if (v < Short.MIN_VALUE || v > Short.MAX_VALUE) {
                    throw SqlErrors.numericOutOfRange(original);
                }
                yield (short) v;
            }
            case INTEGER -> {
                if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
                    throw SqlErrors.numericOutOfRange(original);
                }
                yield (int) v;
            }
            default -> v;
        };
    }

    private static BigDecimal toDecimal(Object value, ColumnType to, boolean fit) throws SQLException {
        BigDecimal d = switch (value) {
            case Boolean b -> b ? BigDecimal.ONE : BigDecimal.ZERO;
            case BigDecimal x -> x;
            case Float f -> {
                if (f.isNaN() || f.isInfinite()) {
                    throw SqlErrors.invalidCharacterValue(f, to);
                }
                yield new BigDecimal(Float.toString(f));
            }
            case Double x -> {
                if (x.isNaN() || x.isInfinite()) {
                    throw SqlErrors.invalidCharacterValue(x, to);
                }
                yield BigDecimal.valueOf(x);
            }
            case Number n -> BigDecimal.valueOf(n.longValue());
            case String s -> {
                try {
                    yield new BigDecimal(s.strip());
                } catch (NumberFormatException e) {
                    throw SqlErrors.invalidCharacterValue(s, to);
                }
            }
            default -> throw SqlErrors.impossibleConversion(typeOf(value), to);
        };
        return fit ? fitDecimal(d, to) : d;
    }

    /** @return {@code d} rounded half up to the scale of {@code to}; 22001 if it then has too many digits */
    static BigDecimal fitDecimal(BigDecimal d, ColumnType to) throws SQLException {
        BigDecimal r = d.scale() == to.scale() ? d : d.setScale(to.scale(), RoundingMode.HALF_UP);
        long integerDigits = r.precision() - r.scale();
        if (integerDigits > to.precision() - to.scale()) {
            throw SqlErrors.stringTruncation(to, r.toPlainString(), r.precision());
        }
        return r;
    }

    private static Float toReal(Object value, ColumnType to) throws SQLException {
        return switch (value) {
            case Boolean b -> b ? 1f : 0f;
            case Float f -> f;
            case Number n -> n.floatValue();
            case String s -> (float) parseDouble(s, to);
            default -> throw SqlErrors.impossibleConversion(typeOf(value), to);
        };
    }

    private static Double toDouble(Object value, ColumnType to) throws SQLException {
        return switch (value) {
            case Boolean b -> b ? 1d : 0d;
            case Number n -> n.doubleValue();
            case String s -> parseDouble(s, to);
            default -> throw SqlErrors.impossibleConversion(typeOf(value), to);
        };
    }

    private static double parseDouble(String s, ColumnType to) throws SQLException {
        String t = s.strip();
        if (!FLOAT_TEXT.matcher(t).matches()) {
            throw SqlErrors.invalidCharacterValue(s, to);
        }
        return Double.parseDouble(t);
    }

    /** @return the text form H2 gives {@code value} when cast to a character string */
    public static String toText(Object value) {
        return switch (value) {
            case Boolean b -> b ? "TRUE" : "FALSE";
            case BigDecimal d -> d.toPlainString();
            case Float f -> Float.toString(f == 0 ? 0f : f);
            case Double d -> Double.toString(d == 0 ? 0d : d);
            case byte[] b -> new String(b, StandardCharsets.UTF_8);
            case LocalTime t -> DateTimeText.format(t);
            case LocalDateTime t -> DateTimeText.format(t);
            case OffsetDateTime t -> DateTimeText.format(t);
            case Region r -> RegionText.format(r);
            default -> value.toString();
        };
    }

    private static byte[] toBytes(Object value, ColumnType to) throws SQLException {
        return switch (value) {
            case byte[] b -> b;
            case String s -> s.getBytes(StandardCharsets.UTF_8);
            case UUID u -> ByteBuffer.allocate(16).putLong(u.getMostSignificantBits())
                    .putLong(u.getLeastSignificantBits()).array();
            case Region r -> r.toBytes();
            case Byte b -> new byte[] {b};
            case Short s -> ByteBuffer.allocate(2).putShort(s).array();
            case Integer i -> ByteBuffer.allocate(4).putInt(i).array();
            case Long l -> ByteBuffer.allocate(8).putLong(l).array();
            default -> throw SqlErrors.impossibleConversion(typeOf(value), to);
        };
    }

    private static LocalDate toDate(Object value, ColumnType to) throws SQLException {
        return switch (value) {
            case LocalDate d -> d;
            case LocalDateTime t -> t.toLocalDate();
            case OffsetDateTime t -> t.toLocalDate();
            case String s -> DateTimeText.parseDate(s);
            default -> throw SqlErrors.impossibleConversion(typeOf(value), to);
        };
    }

    private static LocalTime toTime(Object value, ColumnType to) throws SQLException {
        return switch (value) {
            case LocalTime t -> t;
            case LocalDateTime t -> t.toLocalTime();
            case OffsetDateTime t -> t.toLocalTime();
            case String s -> DateTimeText.parseTime(s);
            default -> throw SqlErrors.impossibleConversion(typeOf(value), to);
        };
    }

    private static LocalDateTime toTimestamp(Object value, ColumnType to) throws SQLException {
        return switch (value) {
            case LocalDateTime t -> t;
            case LocalDate d -> d.atStartOfDay();
            case OffsetDateTime t -> t.toLocalDateTime();
            case String s -> DateTimeText.parseTimestamp(s);
            default -> throw SqlErrors.impossibleConversion(typeOf(value), to);
        };
    }

    private static OffsetDateTime toTimestampTz(Object value, ColumnType to) throws SQLException {
        return switch (value) {
            case OffsetDateTime t -> t;
            case LocalDateTime t -> t.atOffset(ZoneOffset.UTC);
            case LocalDate d -> d.atStartOfDay().atOffset(ZoneOffset.UTC);
            case String s -> DateTimeText.parseTimestampWithTimeZone(s);
            default -> throw SqlErrors.impossibleConversion(typeOf(value), to);
        };
    }

    private static UUID toUuid(Object value, ColumnType to) throws SQLException {
        return switch (value) {
            case UUID u -> u;
            case String s -> {
                String hex = s.strip().replace("-", "");
                if (hex.length() != 32) {
                    throw SqlErrors.invalidCharacterValue(s, to);
                }
                try {
                    byte[] b = HexFormat.of().parseHex(hex);
                    ByteBuffer buf = ByteBuffer.wrap(b);
                    yield new UUID(buf.getLong(), buf.getLong());
                } catch (IllegalArgumentException e) {
                    throw SqlErrors.invalidCharacterValue(s, to);
                }
            }
            case byte[] b -> {
                if (b.length != 16) {
                    throw SqlErrors.invalidCharacterValue(value, to);
                }
                ByteBuffer buf = ByteBuffer.wrap(b);
                yield new UUID(buf.getLong(), buf.getLong());
            }
            default -> throw SqlErrors.impossibleConversion(typeOf(value), to);
        };
    }

    /**
     * The common type of two operands for comparison, UNION, CASE and COALESCE: NULL yields the
     * other; exact numbers widen (TINYINT &lt; SMALLINT &lt; INTEGER &lt; BIGINT &lt; DECIMAL, the
     * decimal wide enough for both); REAL stays REAL only with TINYINT/SMALLINT/REAL, anything else
     * approximate is DOUBLE; a character string with a number, datetime, UUID or binary string is
     * that other type (as in H2, so {@code COALESCE('a', 1)} fails to convert 'a'), with a boolean it
     * has no common type; strings
     * widen to the longer (CHAR only if both are CHAR, CLOB wins); DATE with TIMESTAMP is TIMESTAMP,
     * any timestamp with TIMESTAMP WITH TIME ZONE is that.
     *
     * @throws SQLException 42804 when the types have no common type (e.g. BOOLEAN and INTEGER)
     */
    public static ColumnType implicitType(ColumnType a, ColumnType b) throws SQLException {
        Kind x = a.kind();
        Kind y = b.kind();
        if (x == Kind.NULL) {
            return b;
        }
        if (y == Kind.NULL || a.equals(b)) {
            return a;
        }
        if (x.isNumeric() && y.isNumeric()) {
            return numericCommon(a, b);
        }
        if (x.isString() && y.isString()) {
            Kind k = x == Kind.CLOB || y == Kind.CLOB ? Kind.CLOB : x == Kind.CHAR && y == Kind.CHAR ? Kind.CHAR : Kind.VARCHAR;
            return new ColumnType(k, Math.max(a.precision(), b.precision()), 0);
        }
        if (x.isBinary() && y.isBinary()) {
            Kind k = x == Kind.BLOB || y == Kind.BLOB ? Kind.BLOB : x == Kind.BINARY && y == Kind.BINARY ? Kind.BINARY : Kind.VARBINARY;
            return new ColumnType(k, Math.max(a.precision(), b.precision()), 0);
        }
        if (x.isString() || y.isString()) {
            ColumnType other = x.isString() ? b : a;
            if (other.kind() == Kind.BOOLEAN) {
                throw SqlErrors.typeMismatch(a, "implicit conversion", b);
            }
            return other;
        }
        if (x.isDateTime() && y.isDateTime()) {
            if (x == Kind.TIME || y == Kind.TIME) {
                throw SqlErrors.typeMismatch(a, "implicit conversion", b);
            }
            Kind k = x == Kind.TIMESTAMP_WITH_TIME_ZONE || y == Kind.TIMESTAMP_WITH_TIME_ZONE
                    ? Kind.TIMESTAMP_WITH_TIME_ZONE : Kind.TIMESTAMP;
            long p = Math.max(x == Kind.DATE ? 0 : a.precision(), y == Kind.DATE ? 0 : b.precision());
            return new ColumnType(k, p, 0);
        }
        if (x == Kind.UUID && y.isBinary() || y == Kind.UUID && x.isBinary()) {
            return ColumnType.UUID;
        }
        if (x == Kind.REGION && y.isBinary() || y == Kind.REGION && x.isBinary()) {
            return ColumnType.REGION;
        }
        if (x == y) {
            return new ColumnType(x, Math.max(a.precision(), b.precision()), Math.max(a.scale(), b.scale()));
        }
        throw SqlErrors.typeMismatch(a, "implicit conversion", b);
    }

    /**
     * The type two operands are compared in: {@link #implicitType} except that a character string
     * compared with an exact number compares as DECIMAL (with an approximate number as DOUBLE), so
     * {@code 1 = '1.0'} is true as in H2, and that character and binary strings are not comparable.
     */
    public static ColumnType comparisonType(ColumnType a, ColumnType b) throws SQLException {
        Kind x = a.kind();
        Kind y = b.kind();
        if (x.isString() && y.isBinary() || y.isString() && x.isBinary()) {
            throw SqlErrors.typeMismatch(a, "comparison", b);
        }
        if (x.isString() && y.isNumeric() || y.isString() && x.isNumeric()) {
            return x.isApproximate() || y.isApproximate() ? ColumnType.DOUBLE : ColumnType.DECIMAL;
        }
        return implicitType(a, b);
    }

    /**
     * Converts {@code value} to the carrier of {@code kind} without applying any length, precision
     * or scale (for comparing, combining and computing in a common type).
     */
    public static Object coerce(Object value, Kind kind) throws SQLException {
        if (value == null || kind == Kind.NULL) {
            return value;
        }
        return switch (kind) {
            case DECIMAL -> value instanceof BigDecimal d ? d : toDecimal(value, ColumnType.DECIMAL, false);
            case CHAR, VARCHAR, CLOB -> value instanceof String s ? s : toText(value);
            case BINARY, VARBINARY, BLOB -> toBytes(value, ColumnType.VARBINARY);
            case TIME -> toTime(value, ColumnType.TIME);
            case TIMESTAMP -> toTimestamp(value, ColumnType.TIMESTAMP);
            case TIMESTAMP_WITH_TIME_ZONE -> toTimestampTz(value, ColumnType.TIMESTAMP_WITH_TIME_ZONE);
            case BOOLEAN -> value instanceof Boolean b ? b : toBoolean(value, ColumnType.BOOLEAN);
            case INTEGER -> value instanceof Integer ? value : toInteger(value, ColumnType.INTEGER);
            case BIGINT -> value instanceof Long ? value : toInteger(value, ColumnType.BIGINT);
            case DOUBLE, FLOAT -> value instanceof Double ? value : toDouble(value, ColumnType.DOUBLE);
            default -> cast(value, new ColumnType(kind, Long.MAX_VALUE >> 1, 0));
        };
    }

    private static int rank(Kind k) {
        return switch (k) {
            case TINYINT -> 0;
            case SMALLINT -> 1;
            case INTEGER -> 2;
            case BIGINT -> 3;
            case DECIMAL -> 4;
            case REAL -> 5;
            default -> 6;
        };
    }

    private static ColumnType numericCommon(ColumnType a, ColumnType b) {
        Kind x = a.kind();
        Kind y = b.kind();
        if (x.isApproximate() || y.isApproximate()) {
            boolean real = (x == Kind.REAL || rank(x) <= 1) && (y == Kind.REAL || rank(y) <= 1);
            return real ? ColumnType.REAL : ColumnType.DOUBLE;
        }
        if (x == Kind.DECIMAL || y == Kind.DECIMAL) {
            int scale = Math.max(a.scale(), b.scale());
            long digits = Math.max(a.precision() - a.scale(), b.precision() - b.scale());
            return ColumnType.decimal(digits + scale, scale);
        }
        return rank(x) >= rank(y) ? a : b;
    }

    /** @return an exact integer or decimal value as a BigDecimal */
    static BigDecimal decimal(Object value) {
        return switch (value) {
            case BigDecimal d -> d;
            case Float f -> new BigDecimal(Float.toString(f));
            case Double d -> BigDecimal.valueOf(d);
            case Number n -> BigDecimal.valueOf(n.longValue());
            default -> throw new IllegalArgumentException("not a number: " + value);
        };
    }
}
