package io.bstack.jdbc;

import io.bstack.sql.eval.Casts;
import io.bstack.sql.eval.ColumnType;
import io.bstack.sql.eval.ColumnType.Kind;
import io.bstack.sql.eval.DateTimeText;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringReader;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.net.URL;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.NClob;
import java.sql.SQLException;
import java.sql.Time;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Calendar;
import java.util.GregorianCalendar;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/**
 * Conversions between the values a JDBC application passes and reads and the engine's carriers
 * ({@code null}, Boolean, Byte, Short, Integer, Long, BigDecimal, Float, Double, String, byte[],
 * LocalDate, LocalTime, LocalDateTime, OffsetDateTime, UUID), following the JDBC 4.3 tables B-4,
 * B-5 and B-6 and, where JDBC leaves room, what H2 2.3.232 does:
 * <ul>
 * <li>getters convert like an SQL {@code CAST} ({@link Casts}): decimals round half up (away from
 * zero) to integers, REAL and DOUBLE half toward positive infinity ({@link Math#round(double)}), out of range is {@code 22003}, text that is not a number or boolean
 * {@code 22018}, unreadable datetime text {@code 22007}; {@code BigInteger} truncates toward zero;
 * binary strings read as text decode UTF-8; {@code Character} is the first char (a space for an
 * empty string);</li>
 * <li>plain {@code getObject} returns Integer for TINYINT and SMALLINT, {@link java.sql.Date},
 * {@link Time} and {@link Timestamp} for DATE, TIME and TIMESTAMP, {@link OffsetDateTime} for
 * TIMESTAMP WITH TIME ZONE and, with the column kind, {@link Clob}/{@link Blob} for CLOB/BLOB;</li>
 * <li>a value without offset (LocalDateTime, LocalDate, LocalTime) becomes an instant in the JVM
 * default time zone and an OffsetDateTime read as a local value is first moved to that zone; TIME
 * read as a timestamp takes today's date;</li>
 * <li>an {@link OffsetTime} parameter (we have no TIME WITH TIME ZONE) becomes the local time of
 * the same instant in the JVM default zone at its current offset, the inverse of reading a TIME as
 * OffsetTime.</li>
 * </ul>
 * Every failure is a {@link SQLException} with a standard SQLState built by {@link SqlExceptions}:
 * {@code 22018} for a value or class that cannot be converted (naming both), {@code 22003} out of
 * range, {@code 22007} bad datetime text, {@code 0A000} an unsupported {@link Types} code,
 * {@code HY004} an unknown one. Stateless and thread-safe.
 */
final class JdbcValues {
    private static final Pattern INTEGER_TEXT = Pattern.compile("[+-]?\\d+");
    private static final Pattern HAS_OFFSET = Pattern.compile(
            ".*\\d:\\d{1,2}(?::\\d{1,2}(?:\\.\\d*)?)?\\s*(?:Z|[+-]\\d{1,2}(?::?\\d{2})?)");
    private static final LocalDate EPOCH = LocalDate.of(1970, 1, 1);
    /** The first day of the Gregorian calendar in java.util's hybrid calendar (local dates before it are Julian). */
    private static final LocalDate GREGORIAN_START = LocalDate.of(1582, 10, 15);

    private JdbcValues() {
    }

    // ---------------------------------------------------------------- setters

    /**
     * Converts a value passed to {@code setObject} or a typed setter to its carrier: carriers as
     * they are; java.sql.Date to LocalDate, java.sql.Time to LocalTime (milliseconds kept),
     * Timestamp to LocalDateTime (nanoseconds kept), another java.util.Date to the LocalDateTime of
     * its instant in the JVM default zone; Instant to OffsetDateTime at UTC, ZonedDateTime to
     * OffsetDateTime; OffsetTime to LocalTime (see the class comment); Calendar to the
     * OffsetDateTime of its instant in its own zone; Character, char[], Enum (its name) and URL to
     * String; BigInteger to BigDecimal; AtomicInteger and AtomicLong to Integer and Long; Blob and
     * InputStream read fully to byte[]; Clob, NClob and Reader read fully to String.
     *
     * @throws SQLException 22018 for any other class; HY000 when a stream or LOB cannot be read
     */
    public static Object toCarrier(Object x) throws SQLException {
        return switch (x) {
            case null -> null;
            case Boolean _, Byte _, Short _, Integer _, Long _, BigDecimal _, Float _, Double _, String _,
                 byte[] _, LocalDate _, LocalTime _, LocalDateTime _, OffsetDateTime _, UUID _, io.bstack.alloc.Region _ -> x;
            case java.sql.Date d -> d.toLocalDate();
            case Time t -> Instant.ofEpochMilli(t.getTime()).atZone(ZoneId.systemDefault()).toLocalTime();
            case Timestamp t -> t.toLocalDateTime();
            case java.util.Date d -> LocalDateTime.ofInstant(d.toInstant(), ZoneId.systemDefault());
            case Instant i -> i.atOffset(ZoneOffset.UTC);
            case ZonedDateTime z -> z.toOffsetDateTime();
            case OffsetTime t -> t.withOffsetSameInstant(currentOffset(ZoneId.systemDefault())).toLocalTime();
            case Calendar c -> Instant.ofEpochMilli(c.getTimeInMillis()).atZone(c.getTimeZone().toZoneId())
                    .toOffsetDateTime();
            case Character c -> c.toString();
            case char[] c -> new String(c);
            case BigInteger b -> new BigDecimal(b);
            case AtomicInteger a -> a.get();
            case AtomicLong a -> a.get();
            case Enum<?> e -> e.name();
            case URL u -> u.toString();
            case io.bstack.btree.Lob _ -> x;
            case RegionHandle h -> new io.bstack.alloc.Region(h.offset(), h.length());
            case RegionBlob b -> b.region();
            case BStackBlob b -> b.carrier();
            case Blob b -> blobBytes(b);
            case BStackClob c -> c.carrier();
            case Clob c -> clobText(c);
            case InputStream in -> readBytes(in, -1);
            case Reader r -> readText(r, -1);
            default -> throw SqlExceptions.of("cannot use a value of class " + x.getClass().getName()
                    + " as an SQL value", SqlExceptions.INVALID_CONVERSION, null);
        };
    }

    /** {@link #toCarrier(Object, int, int)} keeping a decimal's own scale and reading streams fully. */
    public static Object toCarrier(Object x, int targetSqlType) throws SQLException {
        return toCarrier(x, targetSqlType, -1);
    }

    /**
     * Converts a value passed to {@code setObject(i, x, targetSqlType[, scaleOrLength])} to the
     * carrier of the {@link Types} code: {@link #toCarrier(Object)} first, then as a CAST to that
     * type, except that text converted to an integer type must be an integer ({@code 22018}) within
     * range ({@code 22003}). For DECIMAL and NUMERIC a non-negative {@code scaleOrLength} is the
     * scale, rounded half up (a negative one keeps the value's scale, raised to 0 if negative); for
     * an InputStream or Reader it is the number of bytes or chars to read. OTHER, JAVA_OBJECT and
     * NULL apply no conversion beyond {@link #toCarrier(Object)}. The type code is checked even for
     * a null value.
     *
     * @throws SQLException 0A000 for ARRAY, STRUCT, REF, DATALINK, ROWID, SQLXML, REF_CURSOR,
     *                      DISTINCT and TIME_WITH_TIMEZONE; HY004 for an unknown code
     */
    public static Object toCarrier(Object x, int targetSqlType, int scaleOrLength) throws SQLException {
        switch (targetSqlType) {
            case Types.ARRAY, Types.STRUCT, Types.REF, Types.DATALINK, Types.ROWID, Types.SQLXML,
                 Types.REF_CURSOR, Types.DISTINCT, Types.TIME_WITH_TIMEZONE ->
                    throw SqlExceptions.of("SQL type " + typeName(targetSqlType) + " is not supported",
                            SqlExceptions.FEATURE_NOT_SUPPORTED, null);
            case Types.OTHER, Types.JAVA_OBJECT, Types.NULL, Types.BIT, Types.BOOLEAN, Types.TINYINT, Types.SMALLINT,
                 Types.INTEGER, Types.BIGINT, Types.DECIMAL, Types.NUMERIC, Types.REAL, Types.FLOAT, Types.DOUBLE,
                 Types.CHAR, Types.VARCHAR, Types.LONGVARCHAR, Types.NCHAR, Types.NVARCHAR, Types.LONGNVARCHAR,
                 Types.CLOB, Types.NCLOB, Types.BINARY, Types.VARBINARY, Types.LONGVARBINARY, Types.BLOB, Types.DATE,
                 Types.TIME, Types.TIMESTAMP, Types.TIMESTAMP_WITH_TIMEZONE -> {
            }
            default -> throw SqlExceptions.of("unknown java.sql.Types code " + targetSqlType,
                    SqlExceptions.INVALID_SQL_TYPE, null);
        }
        if (x == null) {
            return null;
        }
        Object v = switch (x) {
            case InputStream in when scaleOrLength >= 0 -> readBytes(in, scaleOrLength);
            case Reader r when scaleOrLength >= 0 -> readText(r, scaleOrLength);
            default -> toCarrier(x);
        };
        ZoneId zone = ZoneId.systemDefault();
        return switch (targetSqlType) {
            case Types.OTHER, Types.JAVA_OBJECT, Types.NULL -> v;
            case Types.BIT, Types.BOOLEAN -> bool(v);
            case Types.TINYINT -> integerParameter(v, ColumnType.TINYINT);
            case Types.SMALLINT -> integerParameter(v, ColumnType.SMALLINT);
            case Types.INTEGER -> integerParameter(v, ColumnType.INTEGER);
            case Types.BIGINT -> integerParameter(v, ColumnType.BIGINT);
            case Types.DECIMAL, Types.NUMERIC -> {
                BigDecimal d = (BigDecimal) Casts.coerce(v, Kind.DECIMAL);
                yield scaleOrLength >= 0 ? d.setScale(scaleOrLength, RoundingMode.HALF_UP)
                        : d.scale() < 0 ? d.setScale(0) : d;
            }
            case Types.REAL -> Casts.cast(v, ColumnType.REAL);
            case Types.FLOAT, Types.DOUBLE -> Casts.coerce(v, Kind.DOUBLE);
            case Types.CHAR, Types.VARCHAR, Types.LONGVARCHAR, Types.NCHAR, Types.NVARCHAR, Types.LONGNVARCHAR,
                 Types.CLOB, Types.NCLOB -> text(v);
            case Types.BINARY, Types.VARBINARY, Types.LONGVARBINARY, Types.BLOB -> bytes(v);
            case Types.DATE -> localDate(v, zone);
            case Types.TIME -> localTime(v, zone);
            case Types.TIMESTAMP -> localDateTime(v, zone);
            default -> offsetDateTime(v, zone); // TIMESTAMP_WITH_TIMEZONE, the last code let through above
        };
    }

    private static Object integerParameter(Object v, ColumnType to) throws SQLException {
        if (v instanceof String s) {
            String t = s.strip();
            if (!INTEGER_TEXT.matcher(t).matches()) {
                throw conversion(v, to.sqlName());
            }
            BigInteger b = new BigInteger(t);
            if (b.bitLength() > 63) {
                throw outOfRange(s);
            }
            try {
                return Casts.cast(b.longValueExact(), to);
            } catch (SQLException e) {
                throw outOfRange(s);
            }
        }
        return integer(v, to);
    }

    /** @return {@code v} as a Boolean: like CAST, except that NaN is false as in H2 */
    private static Boolean bool(Object v) throws SQLException {
        if (v instanceof Double d && d.isNaN() || v instanceof Float f && f.isNaN()) {
            return false;
        }
        return (Boolean) Casts.coerce(v, Kind.BOOLEAN);
    }

    /**
     * {@code v} as the integer carrier of {@code to}: like CAST, except that REAL and DOUBLE values
     * round half toward positive infinity ({@link Math#round(double)}, so NaN is 0) as H2's JDBC
     * getters do.
     */
    private static Object integer(Object v, ColumnType to) throws SQLException {
        if (v instanceof Float || v instanceof Double) {
            double d = ((Number) v).doubleValue();
            if (d < -0x1p63 || d >= 0x1p63) {
                throw outOfRange(v);
            }
            return Casts.cast(Math.round(d), to);
        }
        return Casts.cast(v, to);
    }

    /** @return the LocalDate a java.sql.Date means in the zone of {@code cal} (the JVM default if null) */
    public static LocalDate fromSqlDate(java.sql.Date d, Calendar cal) {
        if (d == null) {
            return null;
        }
        if (cal == null) {
            return d.toLocalDate();
        }
        LocalDate byInstant = Instant.ofEpochMilli(d.getTime()).atZone(zone(cal)).toLocalDate();
        return byInstant.isBefore(GREGORIAN_START) ? julianFields(d.getTime(), cal).toLocalDate() : byInstant;
    }

    /** @return the LocalTime (milliseconds kept) a java.sql.Time means in the zone of {@code cal} */
    public static LocalTime fromSqlTime(Time t, Calendar cal) {
        if (t == null) {
            return null;
        }
        return Instant.ofEpochMilli(t.getTime()).atZone(zone(cal)).toLocalTime();
    }

    /** @return the LocalDateTime (nanoseconds kept) a Timestamp means in the zone of {@code cal} */
    public static LocalDateTime fromSqlTimestamp(Timestamp ts, Calendar cal) {
        if (ts == null) {
            return null;
        }
        if (cal == null) {
            return ts.toLocalDateTime();
        }
        LocalDateTime byInstant = LocalDateTime.ofInstant(ts.toInstant(), zone(cal));
        return byInstant.toLocalDate().isBefore(GREGORIAN_START) ? julianFields(ts.getTime(), cal)
                .withNano(ts.getNanos()) : byInstant;
    }

    // ---------------------------------------------------------------- getters

    /**
     * Reads a carrier as {@code type} (for {@code getObject(i, type)} and every typed getter):
     * String, Boolean, Byte, Short, Integer, Long, Float, Double (or their primitive classes),
     * BigDecimal, BigInteger, byte[], java.sql.Date, Time, Timestamp, java.util.Date, LocalDate,
     * LocalTime, LocalDateTime, OffsetDateTime, OffsetTime, ZonedDateTime, Instant, UUID, Character,
     * InputStream, Reader, Blob, Clob, NClob, and Object (as {@link #getObject(Object)}).
     * A null carrier gives null; a value that is not a carrier is first made one by
     * {@link #toCarrier(Object)}.
     *
     * @throws SQLException 22018 for an impossible conversion, 22003 out of range, 22007 for bad
     *                      datetime text, HY009 for a null type
     */
    public static <T> T get(Object carrier, Class<T> type) throws SQLException {
        if (type == null) {
            throw SqlExceptions.of("the type to convert to is null", "HY009", null);
        }
        if (carrier == null) {
            return null;
        }
        Object v = toCarrier(carrier);
        if (v instanceof io.bstack.btree.Lob lob) {
            Object direct = inPlace(lob, type);
            if (direct != null) {
                return unchecked(direct);
            }
            v = io.bstack.sql.eval.Lobs.value(lob); // 54000 past the limit
        }
        return unchecked(convert(v, type));
    }

    /**
     * A large value read where it is stored, for the getters that stream: a binary stream or
     * {@link Blob} of a binary value, a reader or {@link Clob} of text; null for any other type.
     */
    private static Object inPlace(io.bstack.btree.Lob lob, Class<?> type) throws SQLException {
        try {
            if (!lob.isText()) {
                return type == InputStream.class ? lob.open() : type == Blob.class ? new BStackBlob(lob) : null;
            }
            if (type == Reader.class) {
                return new java.io.InputStreamReader(lob.open(), java.nio.charset.StandardCharsets.UTF_8);
            }
            return type == Clob.class || type == NClob.class ? new BStackClob(lob) : null;
        } catch (IOException e) {
            throw BStackBlob.unreadable(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static <T> T unchecked(Object v) {
        return (T) v;
    }

    private static Object convert(Object v, Class<?> type) throws SQLException {
        ZoneId zone = ZoneId.systemDefault();
        if (type == String.class) {
            return text(v);
        } else if (type == Boolean.class || type == boolean.class) {
            return bool(v);
        } else if (type == Byte.class || type == byte.class) {
            return integer(v, ColumnType.TINYINT);
        } else if (type == Short.class || type == short.class) {
            return integer(v, ColumnType.SMALLINT);
        } else if (type == Integer.class || type == int.class) {
            return integer(v, ColumnType.INTEGER);
        } else if (type == Long.class || type == long.class) {
            return integer(v, ColumnType.BIGINT);
        } else if (type == Float.class || type == float.class) {
            return Casts.cast(v, ColumnType.REAL);
        } else if (type == Double.class || type == double.class) {
            return Casts.coerce(v, Kind.DOUBLE);
        } else if (type == BigDecimal.class) {
            return Casts.coerce(v, Kind.DECIMAL);
        } else if (type == BigInteger.class) {
            return ((BigDecimal) Casts.coerce(v, Kind.DECIMAL)).toBigInteger();
        } else if (type == byte[].class) {
            return bytes(v);
        } else if (type == java.sql.Date.class) {
            return java.sql.Date.valueOf(localDate(v, zone));
        } else if (type == Time.class) {
            return sqlTime(localTime(v, zone), zone);
        } else if (type == Timestamp.class) {
            return Timestamp.valueOf(localDateTime(v, zone));
        } else if (type == java.util.Date.class) {
            return java.util.Date.from(offsetDateTime(v, zone).toInstant());
        } else if (type == LocalDate.class) {
            return localDate(v, zone);
        } else if (type == LocalTime.class) {
            return localTime(v, zone);
        } else if (type == LocalDateTime.class) {
            return localDateTime(v, zone);
        } else if (type == OffsetDateTime.class) {
            return offsetDateTime(v, zone);
        } else if (type == OffsetTime.class) {
            return offsetTime(v, zone);
        } else if (type == ZonedDateTime.class) {
            return offsetDateTime(v, zone).toZonedDateTime();
        } else if (type == Instant.class) {
            return offsetDateTime(v, zone).toInstant();
        } else if (type == UUID.class) {
            return Casts.cast(v, ColumnType.UUID);
        } else if (type == RegionHandle.class) {
            io.bstack.alloc.Region r = (io.bstack.alloc.Region) Casts.cast(v, ColumnType.REGION);
            return new RegionHandle(r.offset(), r.len());
        } else if (type == Character.class || type == char.class) {
            String s = text(v);
            return s.isEmpty() ? ' ' : s.charAt(0);
        } else if (type == Object.class) {
            return getObject(v);
        } else if (type == InputStream.class) {
            return new ByteArrayInputStream(bytes(v));
        } else if (type == Reader.class) {
            return new StringReader(text(v));
        } else if (type == Blob.class) {
            return new BStackBlob(bytes(v));
        } else if (type == Clob.class || type == NClob.class) {
            return new BStackClob(text(v));
        }
        throw SqlExceptions.of("cannot convert " + Casts.typeOf(v) + " to " + type.getName(),
                SqlExceptions.INVALID_CONVERSION, null);
    }

    /**
     * The object plain {@code getObject(i)} returns for a carrier, as H2 2.3 does: Integer for
     * Byte and Short, java.sql.Date, Time and Timestamp for LocalDate, LocalTime and LocalDateTime
     * (in the JVM default zone), a copy of a byte[], every other carrier as it is.
     */
    public static Object getObject(Object carrier) {
        return switch (carrier) {
            case Byte b -> (int) b;
            case Short s -> (int) s;
            case LocalDate d -> java.sql.Date.valueOf(d);
            case LocalTime t -> sqlTime(t, ZoneId.systemDefault());
            case LocalDateTime t -> Timestamp.valueOf(t);
            case byte[] b -> b.clone();
            case io.bstack.alloc.Region r -> new RegionHandle(r.offset(), r.len());
            case null, default -> carrier;
        };
    }

    /**
     * {@link #getObject(Object)} for a column of {@code kind}: a CLOB value as a {@link Clob}
     * ({@link BStackClob}), a BLOB value as a {@link Blob} ({@link BStackBlob}), as H2 does; a large
     * value of another kind read whole ({@code 54000} past the materialisation limit).
     */
    public static Object getObject(Object carrier, Kind kind) throws SQLException {
        if (carrier instanceof io.bstack.btree.Lob lob) {
            if (kind == Kind.CLOB && lob.isText()) {
                return new BStackClob(lob);
            }
            if (kind == Kind.BLOB && !lob.isText()) {
                return new BStackBlob(lob);
            }
            return getObject(io.bstack.sql.eval.Lobs.value(lob));
        }
        if (carrier instanceof String s && kind == Kind.CLOB) {
            return new BStackClob(s);
        }
        if (carrier instanceof byte[] b && kind == Kind.BLOB) {
            return new BStackBlob(b);
        }
        return getObject(carrier);
    }

    /**
     * {@code getDate(i, cal)}: the date of the carrier (an OffsetDateTime moved to the calendar's
     * zone) as midnight in the zone of {@code cal} (the JVM default if null).
     */
    public static java.sql.Date toSqlDate(Object carrier, Calendar cal) throws SQLException {
        if (carrier == null) {
            return null;
        }
        ZoneId zone = zone(cal);
        LocalDate d = localDate(carrier, zone);
        if (cal != null && d.isBefore(GREGORIAN_START)) {
            return new java.sql.Date(julianMillis(d.atStartOfDay(), cal));
        }
        return new java.sql.Date(d.atStartOfDay(zone).toInstant().toEpochMilli());
    }

    /** {@code getTime(i, cal)}: the time of the carrier on 1970-01-01 in the zone of {@code cal}. */
    public static Time toSqlTime(Object carrier, Calendar cal) throws SQLException {
        if (carrier == null) {
            return null;
        }
        ZoneId zone = zone(cal);
        return sqlTime(localTime(carrier, zone), zone);
    }

    /** {@code getTimestamp(i, cal)}: the local date and time of the carrier in the zone of {@code cal}. */
    public static Timestamp toSqlTimestamp(Object carrier, Calendar cal) throws SQLException {
        if (carrier == null) {
            return null;
        }
        ZoneId zone = zone(cal);
        LocalDateTime t = localDateTime(carrier, zone);
        if (cal != null && t.toLocalDate().isBefore(GREGORIAN_START)) {
            Timestamp ts = new Timestamp(julianMillis(t, cal));
            ts.setNanos(t.getNano());
            return ts;
        }
        return cal == null ? Timestamp.valueOf(t) : Timestamp.from(t.atZone(zone).toInstant());
    }

    // ---------------------------------------------------------------- metadata

    /** @return the {@link Types} code reported for a column of {@code kind} (UUID is BINARY, as in H2) */
    public static int jdbcType(Kind kind) {
        return switch (kind) {
            case NULL -> Types.NULL;
            case BOOLEAN -> Types.BOOLEAN;
            case TINYINT -> Types.TINYINT;
            case SMALLINT -> Types.SMALLINT;
            case INTEGER -> Types.INTEGER;
            case BIGINT -> Types.BIGINT;
            case DECIMAL -> Types.DECIMAL;
            case REAL -> Types.REAL;
            case DOUBLE -> Types.DOUBLE;
            case FLOAT -> Types.FLOAT;
            case CHAR -> Types.CHAR;
            case VARCHAR -> Types.VARCHAR;
            case CLOB -> Types.CLOB;
            case BINARY, UUID -> Types.BINARY;
            case REGION -> Types.OTHER;
            case VARBINARY -> Types.VARBINARY;
            case BLOB -> Types.BLOB;
            case DATE -> Types.DATE;
            case TIME -> Types.TIME;
            case TIMESTAMP -> Types.TIMESTAMP;
            case TIMESTAMP_WITH_TIME_ZONE -> Types.TIMESTAMP_WITH_TIMEZONE;
        };
    }

    /** @return the class name {@code getObject(i)} returns for a column of {@code kind}, as in H2 */
    public static String javaClassName(Kind kind) {
        return switch (kind) {
            case NULL -> Void.class.getName();
            case BOOLEAN -> Boolean.class.getName();
            case TINYINT, SMALLINT, INTEGER -> Integer.class.getName();
            case BIGINT -> Long.class.getName();
            case DECIMAL -> BigDecimal.class.getName();
            case REAL -> Float.class.getName();
            case DOUBLE, FLOAT -> Double.class.getName();
            case CHAR, VARCHAR -> String.class.getName();
            case CLOB -> Clob.class.getName();
            case BINARY, VARBINARY -> byte[].class.getName();
            case BLOB -> Blob.class.getName();
            case DATE -> java.sql.Date.class.getName();
            case TIME -> Time.class.getName();
            case TIMESTAMP -> Timestamp.class.getName();
            case TIMESTAMP_WITH_TIME_ZONE -> OffsetDateTime.class.getName();
            case UUID -> UUID.class.getName();
            case REGION -> RegionHandle.class.getName();
        };
    }

    /** @return the maximum width in characters of a value of {@code type} as text, as H2 reports it */
    public static int displaySize(ColumnType type) {
        long p = type.precision();
        long fraction = p > 0 ? p + 1 : 0;
        long size = switch (type.kind()) {
            case NULL -> 4;
            case BOOLEAN -> 5;
            case TINYINT -> 4;
            case SMALLINT -> 6;
            case INTEGER -> 11;
            case BIGINT -> 20;
            case DECIMAL -> p + 2;
            case REAL -> 15;
            case DOUBLE, FLOAT -> 24;
            case CHAR, VARCHAR, CLOB -> p;
            case BINARY, VARBINARY, BLOB -> 2 * p;
            case DATE -> 10;
            case TIME -> 8 + fraction;
            case TIMESTAMP -> 19 + fraction;
            case TIMESTAMP_WITH_TIME_ZONE -> 25 + fraction;
            case UUID -> 36;
            case REGION -> 60; // REGION(offset=<19 digits>,len=<19 digits>)
        };
        return (int) Math.min(size, Integer.MAX_VALUE);
    }

    // ---------------------------------------------------------------- conversions

    private static String text(Object v) {
        return v instanceof LocalDate d ? DateTimeText.format(d) : Casts.toText(v);
    }

    private static byte[] bytes(Object v) throws SQLException {
        return v instanceof byte[] b ? b.clone() : (byte[]) Casts.coerce(v, Kind.VARBINARY);
    }

    private static OffsetDateTime inZone(OffsetDateTime t, ZoneId zone) {
        return t.atZoneSameInstant(zone).toOffsetDateTime();
    }

    private static LocalDate localDate(Object v, ZoneId zone) throws SQLException {
        return switch (v) {
            case LocalDate d -> d;
            case LocalDateTime t -> t.toLocalDate();
            case OffsetDateTime t -> inZone(t, zone).toLocalDate();
            case String s -> DateTimeText.parseDate(s);
            default -> throw conversion(v, "DATE");
        };
    }

    private static LocalTime localTime(Object v, ZoneId zone) throws SQLException {
        return switch (v) {
            case LocalTime t -> t;
            case LocalDateTime t -> t.toLocalTime();
            case OffsetDateTime t -> inZone(t, zone).toLocalTime();
            case String s -> DateTimeText.parseTime(s);
            default -> throw conversion(v, "TIME");
        };
    }

    private static LocalDateTime localDateTime(Object v, ZoneId zone) throws SQLException {
        return switch (v) {
            case LocalDateTime t -> t;
            case LocalDate d -> d.atStartOfDay();
            case LocalTime t -> LocalDate.now(zone).atTime(t);
            case OffsetDateTime t -> inZone(t, zone).toLocalDateTime();
            case String s -> HAS_OFFSET.matcher(s.strip()).matches()
                    ? inZone(DateTimeText.parseTimestampWithTimeZone(s), zone).toLocalDateTime()
                    : DateTimeText.parseTimestamp(s);
            default -> throw conversion(v, "TIMESTAMP");
        };
    }

    private static OffsetDateTime offsetDateTime(Object v, ZoneId zone) throws SQLException {
        return switch (v) {
            case OffsetDateTime t -> t;
            case String s when HAS_OFFSET.matcher(s.strip()).matches() -> DateTimeText.parseTimestampWithTimeZone(s);
            case LocalDateTime _, LocalDate _, LocalTime _, String _ ->
                    localDateTime(v, zone).atZone(zone).toOffsetDateTime();
            default -> throw conversion(v, "TIMESTAMP WITH TIME ZONE");
        };
    }

    private static OffsetTime offsetTime(Object v, ZoneId zone) throws SQLException {
        return switch (v) {
            case OffsetDateTime t -> t.toOffsetTime();
            case LocalTime t -> t.atOffset(currentOffset(zone));
            case LocalDateTime t -> t.atZone(zone).toOffsetDateTime().toOffsetTime();
            case String s -> {
                String t = s.strip();
                if (HAS_OFFSET.matcher(t).matches()) {
                    yield DateTimeText.parseTimestampWithTimeZone("1970-01-01 " + t).toOffsetTime();
                }
                yield DateTimeText.parseTime(t).atOffset(currentOffset(zone));
            }
            default -> throw conversion(v, "TIME WITH TIME ZONE");
        };
    }

    private static Time sqlTime(LocalTime t, ZoneId zone) {
        return new Time(EPOCH.atTime(t).atZone(zone).toInstant().toEpochMilli());
    }

    private static ZoneOffset currentOffset(ZoneId zone) {
        return zone.getRules().getOffset(Instant.now());
    }

    /**
     * Before the Gregorian cutover java.sql.Date and Timestamp count days on the Julian calendar;
     * with a Calendar they are converted by the fields of that (hybrid) calendar in its zone, as
     * they are by {@code Date.valueOf}/{@code toLocalDate()} without one, so that 0001-01-01 stays
     * 0001-01-01 either way (an instant conversion would move it by two days).
     */
    private static LocalDateTime julianFields(long millis, Calendar cal) {
        GregorianCalendar g = new GregorianCalendar(cal.getTimeZone());
        g.setTimeInMillis(millis);
        int year = g.get(Calendar.ERA) == GregorianCalendar.BC ? 1 - g.get(Calendar.YEAR) : g.get(Calendar.YEAR);
        return LocalDateTime.of(year, g.get(Calendar.MONTH) + 1, g.get(Calendar.DAY_OF_MONTH),
                g.get(Calendar.HOUR_OF_DAY), g.get(Calendar.MINUTE), g.get(Calendar.SECOND),
                g.get(Calendar.MILLISECOND) * 1_000_000);
    }

    /** The inverse of {@link #julianFields}: the instant of {@code t}'s fields on the hybrid calendar. */
    private static long julianMillis(LocalDateTime t, Calendar cal) {
        GregorianCalendar g = new GregorianCalendar(cal.getTimeZone());
        g.clear();
        if (t.getYear() <= 0) {
            g.set(Calendar.ERA, GregorianCalendar.BC);
            g.set(Calendar.YEAR, 1 - t.getYear());
        } else {
            g.set(Calendar.YEAR, t.getYear());
        }
        g.set(Calendar.MONTH, t.getMonthValue() - 1);
        g.set(Calendar.DAY_OF_MONTH, t.getDayOfMonth());
        g.set(Calendar.HOUR_OF_DAY, t.getHour());
        g.set(Calendar.MINUTE, t.getMinute());
        g.set(Calendar.SECOND, t.getSecond());
        g.set(Calendar.MILLISECOND, t.getNano() / 1_000_000);
        return g.getTimeInMillis();
    }

    private static ZoneId zone(Calendar cal) {
        return cal == null ? ZoneId.systemDefault() : cal.getTimeZone().toZoneId();
    }

    private static SQLException conversion(Object v, String to) {
        return SqlExceptions.of("Data conversion error converting " + Casts.typeOf(v).sqlName() + " to " + to,
                SqlExceptions.INVALID_CONVERSION, null);
    }

    private static SQLException outOfRange(Object v) {
        return SqlExceptions.of("Numeric value out of range: \"" + v + "\"", SqlExceptions.OUT_OF_RANGE, null);
    }

    private static byte[] blobBytes(Blob b) throws SQLException {
        long n = b.length();
        if (n > Integer.MAX_VALUE - 8) {
            throw SqlExceptions.of("a BLOB of " + n + " bytes is too long", SqlExceptions.INVALID_PARAMETER, null);
        }
        return n == 0 ? new byte[0] : b.getBytes(1, (int) n);
    }

    private static String clobText(Clob c) throws SQLException {
        long n = c.length();
        if (n > Integer.MAX_VALUE - 8) {
            throw SqlExceptions.of("a CLOB of " + n + " chars is too long", SqlExceptions.INVALID_PARAMETER, null);
        }
        return n == 0 ? "" : c.getSubString(1, (int) n);
    }

    private static byte[] readBytes(InputStream in, int length) throws SQLException {
        try {
            return length < 0 ? in.readAllBytes() : in.readNBytes(length);
        } catch (IOException e) {
            throw SqlExceptions.of("cannot read the stream: " + e.getMessage(), SqlExceptions.GENERAL, e);
        }
    }

    private static String readText(Reader r, int length) throws SQLException {
        StringBuilder sb = new StringBuilder();
        char[] buf = new char[8192];
        try {
            while (length < 0 || sb.length() < length) {
                int n = r.read(buf, 0, length < 0 ? buf.length : Math.min(buf.length, length - sb.length()));
                if (n < 0) {
                    break;
                }
                sb.append(buf, 0, n);
            }
        } catch (IOException e) {
            throw SqlExceptions.of("cannot read the reader: " + e.getMessage(), SqlExceptions.GENERAL, e);
        }
        return sb.toString();
    }

    /** @return the name of a {@link Types} code, e.g. {@code ARRAY}, or the number */
    static String typeName(int sqlType) {
        for (var f : Types.class.getFields()) {
            try {
                if (f.getType() == int.class && f.getInt(null) == sqlType) {
                    return f.getName();
                }
            } catch (IllegalAccessException e) {
                break;
            }
        }
        return Integer.toString(sqlType);
    }
}
