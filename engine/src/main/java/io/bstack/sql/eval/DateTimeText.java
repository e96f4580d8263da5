package io.bstack.sql.eval;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.SQLException;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Text forms of dates, times and timestamps as H2 reads and prints them:
 * {@code 2024-02-29}, {@code 10:11:12.5}, {@code 2024-02-29 10:11:12.5} (or with {@code T}),
 * {@code 2024-02-29 10:11:12+02} / {@code +02:30} / {@code Z}. Parsing is strict (no field
 * overflow, no 24:00) and reports {@code 22007}; printing drops trailing zero fraction digits.
 */
public final class DateTimeText {
    private static final Pattern DATE = Pattern.compile("([+-]?\\d{1,9})-(\\d{1,2})-(\\d{1,2})");
    private static final Pattern TIME = Pattern.compile("(\\d{1,2}):(\\d{1,2})(?::(\\d{1,2})(?:\\.(\\d{0,9}))?)?");
    private static final Pattern TIMESTAMP = Pattern.compile(
            "([+-]?\\d{1,9}-\\d{1,2}-\\d{1,2})(?:[ T](\\d{1,2}:\\d{1,2}(?::\\d{1,2}(?:\\.\\d{0,9})?)?))?"
                    + "\\s*(Z|[+-]\\d{1,2}(?::?\\d{2})?)?");

    private DateTimeText() {
    }

    /** @return the date of {@code text} (trimmed) */
    public static LocalDate parseDate(String text) throws SQLException {
        Matcher m = DATE.matcher(text.strip());
        if (!m.matches()) {
            throw SqlErrors.invalidDatetime(ColumnType.DATE, text);
        }
        try {
            return LocalDate.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
        } catch (DateTimeException | NumberFormatException e) {
            throw SqlErrors.invalidDatetime(ColumnType.DATE, text);
        }
    }

    /** @return the time of {@code text} (trimmed) */
    public static LocalTime parseTime(String text) throws SQLException {
        LocalTime t = time(text.strip());
        if (t == null) {
            throw SqlErrors.invalidDatetime(ColumnType.TIME, text);
        }
        return t;
    }

    private static LocalTime time(String text) {
        Matcher m = TIME.matcher(text);
        if (!m.matches()) {
            return null;
        }
        try {
            int nanos = 0;
            if (m.group(4) != null && !m.group(4).isEmpty()) {
                nanos = Integer.parseInt((m.group(4) + "00000000").substring(0, 9));
            }
            return LocalTime.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                    m.group(3) == null ? 0 : Integer.parseInt(m.group(3)), nanos);
        } catch (DateTimeException e) {
            return null;
        }
    }

    /**
     * @return the timestamp of {@code text}; a time zone offset in the text converts it to UTC (the
     *         session time zone, until sessions have their own), as H2 does with its session zone
     */
    public static LocalDateTime parseTimestamp(String text) throws SQLException {
        return parseTimestampWithTimeZone(text, ColumnType.TIMESTAMP).withOffsetSameInstant(ZoneOffset.UTC)
                .toLocalDateTime();
    }

    /** @return the timestamp with time zone of {@code text}; no offset means UTC */
    public static OffsetDateTime parseTimestampWithTimeZone(String text) throws SQLException {
        return parseTimestampWithTimeZone(text, ColumnType.TIMESTAMP_WITH_TIME_ZONE);
    }

    private static OffsetDateTime parseTimestampWithTimeZone(String text, ColumnType type) throws SQLException {
        Matcher m = TIMESTAMP.matcher(text.strip());
        if (!m.matches()) {
            throw SqlErrors.invalidDatetime(type, text);
        }
        try {
            LocalDate date = parseDate(m.group(1));
            LocalTime time = m.group(2) == null ? LocalTime.MIDNIGHT : time(m.group(2));
            if (time == null) {
                throw SqlErrors.invalidDatetime(type, text);
            }
            ZoneOffset offset = ZoneOffset.UTC;
            String z = m.group(3);
            if (z != null && !z.equals("Z")) {
                String digits = z.substring(1).replace(":", "");
                int hours = Integer.parseInt(digits.length() > 2 ? digits.substring(0, digits.length() - 2) : digits);
                int minutes = digits.length() > 2 ? Integer.parseInt(digits.substring(digits.length() - 2)) : 0;
                int sign = z.charAt(0) == '-' ? -1 : 1;
                offset = ZoneOffset.ofHoursMinutes(sign * hours, sign * minutes);
            }
            return OffsetDateTime.of(date, time, offset);
        } catch (DateTimeException | SQLException e) {
            throw SqlErrors.invalidDatetime(type, text);
        }
    }

    /** @return {@code HH:mm:ss[.f...]} with trailing zero fraction digits dropped */
    public static String format(LocalTime t) {
        StringBuilder sb = new StringBuilder(18);
        two(sb, t.getHour()).append(':');
        two(sb, t.getMinute()).append(':');
        two(sb, t.getSecond());
        if (t.getNano() != 0) {
            String f = String.format("%09d", t.getNano());
            int end = f.length();
            while (f.charAt(end - 1) == '0') {
                end--;
            }
            sb.append('.').append(f, 0, end);
        }
        return sb.toString();
    }

    /** @return {@code yyyy-MM-dd} */
    public static String format(LocalDate d) {
        return d.toString();
    }

    /** @return {@code yyyy-MM-dd HH:mm:ss[.f...]} */
    public static String format(LocalDateTime ts) {
        return format(ts.toLocalDate()) + " " + format(ts.toLocalTime());
    }

    /** @return {@code yyyy-MM-dd HH:mm:ss[.f...]+hh[:mm]} */
    public static String format(OffsetDateTime ts) {
        int seconds = ts.getOffset().getTotalSeconds();
        int abs = Math.abs(seconds);
        StringBuilder sb = new StringBuilder(format(ts.toLocalDateTime())).append(seconds < 0 ? '-' : '+');
        two(sb, abs / 3600);
        if (abs % 3600 != 0) {
            two(sb.append(':'), abs % 3600 / 60);
        }
        return sb.toString();
    }

    private static StringBuilder two(StringBuilder sb, int v) {
        if (v < 10) {
            sb.append('0');
        }
        return sb.append(v);
    }

    /**
     * @return {@code t} rounded half up to {@code digits} fractional second digits; a time that would
     *         round up to midnight stays at the last representable instant of the day, as in H2
     */
    public static LocalTime round(LocalTime t, int digits) {
        long nanos = t.withNano(0).toNanoOfDay() + roundNanos(t.getNano(), digits);
        long day = 86_400_000_000_000L;
        if (nanos >= day) {
            nanos = day - (digits >= 9 ? 1 : BigDecimal.ONE.movePointRight(9 - digits).longValueExact());
        }
        return LocalTime.ofNanoOfDay(nanos);
    }

    /** @return {@code ts} rounded half up to {@code digits} fractional second digits */
    public static LocalDateTime round(LocalDateTime ts, int digits) {
        return ts.withNano(0).plusNanos(roundNanos(ts.getNano(), digits));
    }

    /** @return {@code ts} rounded half up to {@code digits} fractional second digits */
    public static OffsetDateTime round(OffsetDateTime ts, int digits) {
        return ts.withNano(0).plusNanos(roundNanos(ts.getNano(), digits));
    }

    private static long roundNanos(int nanos, int digits) {
        if (digits >= 9) {
            return nanos;
        }
        return BigDecimal.valueOf(nanos).movePointLeft(9).setScale(digits, RoundingMode.HALF_UP)
                .movePointRight(9).longValueExact();
    }
}
