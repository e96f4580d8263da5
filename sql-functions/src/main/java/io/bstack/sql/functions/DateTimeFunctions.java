package io.bstack.sql.functions;

import static io.bstack.sql.functions.Fn.fixed;
import static io.bstack.sql.functions.Fn.strict;

import io.bstack.sql.eval.ColumnType;
import io.bstack.sql.eval.ColumnType.Kind;
import io.bstack.sql.eval.DateTimeText;
import io.bstack.sql.eval.SqlErrors;
import io.bstack.sql.function.ScalarFunction;
import java.sql.SQLException;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.time.temporal.IsoFields;
import java.time.temporal.WeekFields;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToIntFunction;

/**
 * Date/time fields (YEAR(d), ..., as EXTRACT maps to them), DATEADD and DATEDIFF, as in H2: a DATE
 * has time 00:00, a TIME has date 1970-01-01, text is read as a timestamp; WEEK counts weeks
 * starting on Sunday with week 1 holding January 1st; DAY_OF_WEEK is 1 for Sunday; DATEDIFF counts
 * unit boundaries crossed. Timestamps with time zone are used in their own offset, except by
 * DATEDIFF which compares them in UTC.
 */
final class DateTimeFunctions {
    private static final WeekFields SUNDAY_WEEKS = WeekFields.of(DayOfWeek.SUNDAY, 1);

    private DateTimeFunctions() {
    }

    static List<Fn> all() {
        List<Fn> all = new ArrayList<>();
        all.add(field("YEAR", LocalDateTime::getYear));
        all.add(field("MONTH", LocalDateTime::getMonthValue));
        Fn day = field("DAY", LocalDateTime::getDayOfMonth);
        all.add(day);
        all.add(day.alias("DAY_OF_MONTH"));
        all.add(day.alias("DAYOFMONTH"));
        all.add(field("HOUR", LocalDateTime::getHour));
        all.add(field("MINUTE", LocalDateTime::getMinute));
        all.add(field("SECOND", LocalDateTime::getSecond));
        Fn dow = field("DAY_OF_WEEK", t -> t.getDayOfWeek().getValue() % 7 + 1);
        all.add(dow);
        all.add(dow.alias("DAYOFWEEK"));
        all.add(field("ISO_DAY_OF_WEEK", t -> t.getDayOfWeek().getValue()));
        Fn doy = field("DAY_OF_YEAR", LocalDateTime::getDayOfYear);
        all.add(doy);
        all.add(doy.alias("DAYOFYEAR"));
        all.add(field("WEEK", t -> t.get(SUNDAY_WEEKS.weekOfWeekBasedYear())));
        all.add(field("ISO_WEEK", t -> t.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR)));
        all.add(field("QUARTER", t -> (t.getMonthValue() + 2) / 3));
        Fn dateAdd = strict("DATEADD", 3, 3, DateTimeFunctions::dateAddType, DateTimeFunctions::dateAdd);
        all.add(dateAdd);
        all.add(dateAdd.alias("TIMESTAMPADD"));
        Fn dateDiff = strict("DATEDIFF", 3, 3, fixed(ColumnType.BIGINT), DateTimeFunctions::dateDiff);
        all.add(dateDiff);
        all.add(dateDiff.alias("TIMESTAMPDIFF"));
        return all;
    }

    private static Fn field(String name, ToIntFunction<LocalDateTime> f) {
        return strict(name, 1, 1, (args, c) -> {
            requireDateTime(name, args.getFirst());
            return ColumnType.INTEGER;
        }, a -> f.applyAsInt(local(a[0])));
    }

    private static void requireDateTime(String name, ColumnType t) throws SQLException {
        Kind k = t.kind();
        if (!k.isDateTime() && !k.isString() && k != Kind.NULL) {
            throw SqlErrors.typeMismatch(name, t);
        }
    }

    /** @return the value as a local date-time (see class comment) */
    private static LocalDateTime local(Object v) throws SQLException {
        return switch (v) {
            case LocalDateTime t -> t;
            case LocalDate d -> d.atStartOfDay();
            case LocalTime t -> LocalDate.EPOCH.atTime(t);
            case OffsetDateTime t -> t.toLocalDateTime();
            default -> DateTimeText.parseTimestamp(Args.text(v));
        };
    }

    private enum Unit {
        YEAR(ChronoUnit.YEARS, true), QUARTER(null, true), MONTH(ChronoUnit.MONTHS, true), WEEK(ChronoUnit.WEEKS, true),
        DAY(ChronoUnit.DAYS, true), HOUR(ChronoUnit.HOURS, false), MINUTE(ChronoUnit.MINUTES, false),
        SECOND(ChronoUnit.SECONDS, false), MILLISECOND(ChronoUnit.MILLIS, false),
        MICROSECOND(ChronoUnit.MICROS, false), NANOSECOND(ChronoUnit.NANOS, false);

        final ChronoUnit chrono;
        final boolean dateUnit;

        Unit(ChronoUnit chrono, boolean dateUnit) {
            this.chrono = chrono;
            this.dateUnit = dateUnit;
        }

        static Unit of(Object value) throws SQLException {
            String s = Args.text(value).strip().toUpperCase(Locale.ROOT);
            return switch (s) {
                case "YEAR", "YEARS", "YY", "YYYY", "SQL_TSI_YEAR" -> YEAR;
                case "QUARTER", "QQ", "Q", "SQL_TSI_QUARTER" -> QUARTER;
                case "MONTH", "MONTHS", "MM", "M", "SQL_TSI_MONTH" -> MONTH;
                case "WEEK", "WEEKS", "WK", "WW", "SQL_TSI_WEEK" -> WEEK;
                case "DAY", "DAYS", "DD", "D", "SQL_TSI_DAY" -> DAY;
                case "HOUR", "HOURS", "HH", "SQL_TSI_HOUR" -> HOUR;
                case "MINUTE", "MINUTES", "MI", "N", "SQL_TSI_MINUTE" -> MINUTE;
                case "SECOND", "SECONDS", "SS", "S", "SQL_TSI_SECOND" -> SECOND;
                case "MILLISECOND", "MILLISECONDS", "MS" -> MILLISECOND;
                case "MICROSECOND", "MICROSECONDS", "MCS" -> MICROSECOND;
                case "NANOSECOND", "NANOSECONDS", "NS" -> NANOSECOND;
                default -> throw SqlErrors.invalidParameterValue("datetime unit", value);
            };
        }
    }

    private static ColumnType dateAddType(List<ColumnType> args, Object[] constants) throws SQLException {
        ColumnType t = args.get(2);
        requireDateTime("DATEADD", t);
        return switch (t.kind()) {
            case DATE -> constants[0] != ScalarFunction.NOT_CONSTANT && constants[0] != null
                    && Unit.of(constants[0]).dateUnit ? ColumnType.DATE : new ColumnType(Kind.TIMESTAMP, 9, 0);
            case TIME -> new ColumnType(Kind.TIME, 9, 0);
            case TIMESTAMP_WITH_TIME_ZONE -> new ColumnType(Kind.TIMESTAMP_WITH_TIME_ZONE, 9, 0);
            default -> new ColumnType(Kind.TIMESTAMP, 9, 0);
        };
    }

    private static Object dateAdd(Object[] a) throws SQLException {
        Unit unit = Unit.of(a[0]);
        long n = Args.bigint(a[1]);
        Object v = a[2];
        try {
            return switch (v) {
                case LocalDate d when unit.dateUnit -> add(d.atStartOfDay(), unit, n).toLocalDate();
                case LocalDate d -> add(d.atStartOfDay(), unit, n);
                case LocalTime t -> {
                    if (unit.dateUnit) {
                        throw SqlErrors.invalidParameterValue("DATEADD unit for TIME", a[0]);
                    }
                    yield add(LocalDate.EPOCH.atTime(t), unit, n).toLocalTime();
                }
                case OffsetDateTime t -> add(t.toLocalDateTime(), unit, n).atOffset(t.getOffset());
                default -> add(local(v), unit, n);
            };
        } catch (java.time.DateTimeException | ArithmeticException e) {
            throw SqlErrors.datetimeOverflow(v + " + " + n + " " + unit);
        }
    }

    private static LocalDateTime add(LocalDateTime t, Unit unit, long n) {
        return unit == Unit.QUARTER ? t.plusMonths(Math.multiplyExact(n, 3)) : t.plus(n, unit.chrono);
    }

    private static Object dateDiff(Object[] a) throws SQLException {
        Unit unit = Unit.of(a[0]);
        LocalDateTime x = utc(a[1]);
        LocalDateTime y = utc(a[2]);
        try {
            return switch (unit) {
                case YEAR -> (long) y.getYear() - x.getYear();
                case QUARTER -> quarters(y) - quarters(x);
                case MONTH -> months(y) - months(x);
                case WEEK -> Math.floorDiv(y.toLocalDate().toEpochDay() - 3, 7) - Math.floorDiv(x.toLocalDate().toEpochDay() - 3, 7);
                case DAY -> y.toLocalDate().toEpochDay() - x.toLocalDate().toEpochDay();
                case HOUR -> Math.floorDiv(seconds(y), 3600) - Math.floorDiv(seconds(x), 3600);
                case MINUTE -> Math.floorDiv(seconds(y), 60) - Math.floorDiv(seconds(x), 60);
                case SECOND -> seconds(y) - seconds(x);
                case MILLISECOND -> fraction(y, 1_000, 1_000_000) - fraction(x, 1_000, 1_000_000);
                case MICROSECOND -> fraction(y, 1_000_000, 1_000) - fraction(x, 1_000_000, 1_000);
                case NANOSECOND -> fraction(y, 1_000_000_000, 1) - fraction(x, 1_000_000_000, 1);
            };
        } catch (ArithmeticException e) {
            throw SqlErrors.numericOutOfRange("DATEDIFF(" + unit + ", " + a[1] + ", " + a[2] + ")");
        }
    }

    private static LocalDateTime utc(Object v) throws SQLException {
        return v instanceof OffsetDateTime t ? t.withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime() : local(v);
    }

    private static long quarters(LocalDateTime t) {
        return t.getYear() * 4L + (t.getMonthValue() - 1) / 3;
    }

    private static long months(LocalDateTime t) {
        return t.getYear() * 12L + t.getMonthValue() - 1;
    }

    private static long seconds(LocalDateTime t) {
        return t.toEpochSecond(ZoneOffset.UTC);
    }

    private static long fraction(LocalDateTime t, long perSecond, long nanosPerUnit) {
        return Math.addExact(Math.multiplyExact(seconds(t), perSecond), t.getNano() / nanosPerUnit);
    }
}
