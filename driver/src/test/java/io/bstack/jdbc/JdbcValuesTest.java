package io.bstack.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bstack.sql.eval.ColumnType;
import io.bstack.sql.eval.ColumnType.Kind;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringReader;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.NClob;
import java.sql.SQLDataException;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Time;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.DayOfWeek;
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
import java.util.Map;
import java.util.TimeZone;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class JdbcValuesTest {
    private static final LocalDate DAY = LocalDate.of(2024, 2, 29);
    private static final LocalTime TIME = LocalTime.of(13, 14, 15, 123_000_000);
    private static final LocalDateTime STAMP = LocalDateTime.of(DAY, LocalTime.of(13, 14, 15, 123_456_789));

    private static void assertState(String state, Executable call) {
        assertThatThrownBy(call::execute).isInstanceOf(SQLException.class)
                .extracting(e -> ((SQLException) e).getSQLState()).isEqualTo(state);
    }

    private static Calendar calendar(String zone) {
        return new GregorianCalendar(TimeZone.getTimeZone(zone));
    }

    // ------------------------------------------------------------ toCarrier(x)

    @Test
    void carriersPassThrough() throws SQLException {
        Object[] carriers = {true, (byte) 1, (short) 2, 3, 4L, new BigDecimal("5.5"), 6.5f, 7.5, "s", new byte[] {1},
                DAY, TIME, STAMP, OffsetDateTime.of(STAMP, ZoneOffset.ofHours(3)), UUID.randomUUID()};
        for (Object c : carriers) {
            assertThat(JdbcValues.toCarrier(c)).isSameAs(c);
        }
        assertThat(JdbcValues.toCarrier(null)).isNull();
    }

    @Test
    void legacyDatesBecomeJavaTime() throws SQLException {
        assertThat(JdbcValues.toCarrier(java.sql.Date.valueOf(DAY))).isEqualTo(DAY);
        Time t = new Time(Timestamp.valueOf(LocalDateTime.of(LocalDate.of(1970, 1, 1), TIME)).getTime());
        assertThat(JdbcValues.toCarrier(t)).isEqualTo(TIME);
        assertThat(JdbcValues.toCarrier(Timestamp.valueOf(STAMP))).isEqualTo(STAMP);
        java.util.Date d = java.util.Date.from(STAMP.atZone(ZoneId.systemDefault()).toInstant());
        assertThat(JdbcValues.toCarrier(d)).isEqualTo(STAMP.withNano(123_000_000));
    }

    @Test
    void instantsAndZonesBecomeOffsetDateTimes() throws SQLException {
        Instant i = Instant.parse("2024-02-29T13:14:15.5Z");
        assertThat(JdbcValues.toCarrier(i)).isEqualTo(OffsetDateTime.of(2024, 2, 29, 13, 14, 15, 500_000_000,
                ZoneOffset.UTC));
        ZonedDateTime z = ZonedDateTime.of(STAMP, ZoneId.of("Europe/Paris"));
        assertThat(JdbcValues.toCarrier(z)).isEqualTo(OffsetDateTime.of(STAMP, ZoneOffset.ofHours(1)));
        GregorianCalendar cal = GregorianCalendar.from(z);
        assertThat(JdbcValues.toCarrier(cal)).isEqualTo(OffsetDateTime.of(STAMP.withNano(123_000_000),
                ZoneOffset.ofHours(1)));
        Calendar japanese = new Calendar.Builder().setCalendarType("japanese")
                .setTimeZone(TimeZone.getTimeZone("Asia/Tokyo")).setInstant(i.toEpochMilli()).build();
        assertThat(japanese).isNotInstanceOf(GregorianCalendar.class);
        assertThat(JdbcValues.toCarrier(japanese)).isEqualTo(OffsetDateTime.of(2024, 2, 29, 22, 14, 15,
                500_000_000, ZoneOffset.ofHours(9)));
    }

    @Test
    void offsetTimeBecomesTheLocalTimeOfTheDefaultZone() throws SQLException {
        ZoneOffset now = ZoneId.systemDefault().getRules().getOffset(Instant.now());
        OffsetTime t = OffsetTime.of(TIME, ZoneOffset.ofHours(5));
        assertThat(JdbcValues.toCarrier(t)).isEqualTo(t.withOffsetSameInstant(now).toLocalTime());
    }

    enum Color { RED }

    @Test
    void otherJavaTypes() throws Exception {
        assertThat(JdbcValues.toCarrier('x')).isEqualTo("x");
        assertThat(JdbcValues.toCarrier(new char[] {'a', 'b'})).isEqualTo("ab");
        assertThat(JdbcValues.toCarrier(new BigInteger("123456789012345678901234567890")))
                .isEqualTo(new BigDecimal("123456789012345678901234567890"));
        assertThat(JdbcValues.toCarrier(new AtomicInteger(7))).isEqualTo(7);
        assertThat(JdbcValues.toCarrier(new AtomicLong(8))).isEqualTo(8L);
        assertThat(JdbcValues.toCarrier(Color.RED)).isEqualTo("RED");
        assertThat(JdbcValues.toCarrier(DayOfWeek.MONDAY)).isEqualTo("MONDAY");
        assertThat(JdbcValues.toCarrier(URI.create("http://x.org/a").toURL())).isEqualTo("http://x.org/a");
        assertThat((byte[]) JdbcValues.toCarrier(new BStackBlob(new byte[] {1, 2}))).containsExactly(1, 2);
        assertThat(JdbcValues.toCarrier(new BStackClob("clob"))).isEqualTo("clob");
        assertThat((byte[]) JdbcValues.toCarrier(new ByteArrayInputStream(new byte[] {3, 4}))).containsExactly(3, 4);
        assertThat(JdbcValues.toCarrier(new StringReader("reader"))).isEqualTo("reader");
        assertThat(JdbcValues.toCarrier(new StringReader("x".repeat(20_000)))).isEqualTo("x".repeat(20_000));
    }

    @Test
    void foreignLobsAreReadThroughTheInterface() throws SQLException {
        Blob blob = new ForeignBlob(new BStackBlob(new byte[] {5, 6, 7}));
        assertThat((byte[]) JdbcValues.toCarrier(blob)).containsExactly(5, 6, 7);
        assertThat((byte[]) JdbcValues.toCarrier(new ForeignBlob(new BStackBlob()))).isEmpty();
        NClob clob = new ForeignClob(new BStackClob("text"));
        assertThat(JdbcValues.toCarrier(clob)).isEqualTo("text");
        assertThat(JdbcValues.toCarrier(new ForeignClob(new BStackClob()))).isEqualTo("");
    }

    @Test
    void unreadableStreamsAreGeneralErrors() {
        InputStream broken = new InputStream() {
            @Override
            public int read() throws IOException {
                throw new IOException("disk gone");
            }
        };
        Reader brokenReader = new Reader() {
            @Override
            public int read(char[] cbuf, int off, int len) throws IOException {
                throw new IOException("disk gone");
            }

            @Override
            public void close() {
            }
        };
        assertThatThrownBy(() -> JdbcValues.toCarrier(broken)).isInstanceOf(SQLException.class)
                .hasMessageContaining("disk gone").hasCauseInstanceOf(IOException.class);
        assertState("HY000", () -> JdbcValues.toCarrier(brokenReader));
    }

    @Test
    void unknownClassesAreRefused() {
        assertThatThrownBy(() -> JdbcValues.toCarrier(new Object())).isInstanceOf(SQLDataException.class)
                .hasMessageContaining("java.lang.Object");
        assertState("22018", () -> JdbcValues.toCarrier(Map.of()));
        assertState("22018", () -> JdbcValues.toCarrier(new StringBuilder("x")));
    }

    // ------------------------------------------------------------ toCarrier(x, type[, scale])

    @Test
    void toIntegerTypes() throws SQLException {
        assertThat(JdbcValues.toCarrier("42", Types.INTEGER)).isEqualTo(42);
        assertThat(JdbcValues.toCarrier(" -7 ", Types.BIGINT)).isEqualTo(-7L);
        assertThat(JdbcValues.toCarrier("12", Types.TINYINT)).isEqualTo((byte) 12);
        assertThat(JdbcValues.toCarrier(12L, Types.SMALLINT)).isEqualTo((short) 12);
        assertThat(JdbcValues.toCarrier(2.5, Types.INTEGER)).isEqualTo(3);
        assertThat(JdbcValues.toCarrier(new BigDecimal("-2.5"), Types.INTEGER)).isEqualTo(-3);
        assertThat(JdbcValues.toCarrier(true, Types.INTEGER)).isEqualTo(1);
        assertState("22003", () -> JdbcValues.toCarrier("99999999999", Types.INTEGER));
        assertState("22003", () -> JdbcValues.toCarrier("99999999999999999999999", Types.BIGINT));
        assertState("22003", () -> JdbcValues.toCarrier("300", Types.TINYINT));
        assertState("22003", () -> JdbcValues.toCarrier(1e10, Types.INTEGER));
        assertState("22003", () -> JdbcValues.toCarrier(Double.POSITIVE_INFINITY, Types.BIGINT));
        assertState("22018", () -> JdbcValues.toCarrier("abc", Types.INTEGER));
        assertState("22018", () -> JdbcValues.toCarrier("2.5", Types.INTEGER));
        assertState("22018", () -> JdbcValues.toCarrier(DAY, Types.INTEGER));
    }

    @Test
    void toDecimalWithScale() throws SQLException {
        assertThat(JdbcValues.toCarrier(new BigDecimal("2.345"), Types.DECIMAL, 2)).isEqualTo(new BigDecimal("2.35"));
        assertThat(JdbcValues.toCarrier("2.344", Types.NUMERIC, 2)).isEqualTo(new BigDecimal("2.34"));
        assertThat(JdbcValues.toCarrier(new BigDecimal("-2.5"), Types.NUMERIC, 0)).isEqualTo(new BigDecimal("-3"));
        assertThat(JdbcValues.toCarrier(new BigDecimal("2.345"), Types.DECIMAL)).isEqualTo(new BigDecimal("2.345"));
        assertThat(JdbcValues.toCarrier(7, Types.DECIMAL, 2)).isEqualTo(new BigDecimal("7.00"));
        assertThat(JdbcValues.toCarrier(0.1, Types.DECIMAL)).isEqualTo(new BigDecimal("0.1"));
        assertThat(JdbcValues.toCarrier(1e10, Types.DECIMAL)).isEqualTo(new BigDecimal("10000000000"));
        assertThat(JdbcValues.toCarrier(new BigDecimal("1E+3"), Types.NUMERIC)).isEqualTo(new BigDecimal("1000"));
        assertState("22018", () -> JdbcValues.toCarrier("x", Types.DECIMAL));
    }

    @Test
    void toOtherTypes() throws Exception {
        assertThat(JdbcValues.toCarrier("yes", Types.BOOLEAN)).isEqualTo(true);
        assertThat(JdbcValues.toCarrier(0, Types.BIT)).isEqualTo(false);
        assertThat(JdbcValues.toCarrier(Double.NaN, Types.BOOLEAN)).isEqualTo(false);
        assertThat(JdbcValues.toCarrier("1.5", Types.REAL)).isEqualTo(1.5f);
        assertThat(JdbcValues.toCarrier("1.5", Types.FLOAT)).isEqualTo(1.5);
        assertThat(JdbcValues.toCarrier(3, Types.DOUBLE)).isEqualTo(3.0);
        assertThat(JdbcValues.toCarrier(12, Types.VARCHAR)).isEqualTo("12");
        assertThat(JdbcValues.toCarrier(DAY, Types.NVARCHAR)).isEqualTo("2024-02-29");
        assertThat(JdbcValues.toCarrier(true, Types.CHAR)).isEqualTo("TRUE");
        assertThat(JdbcValues.toCarrier(STAMP, Types.LONGVARCHAR)).isEqualTo("2024-02-29 13:14:15.123456789");
        assertThat(JdbcValues.toCarrier(new BStackClob("c"), Types.CLOB)).isEqualTo("c");
        assertThat((byte[]) JdbcValues.toCarrier("ab", Types.VARBINARY)).containsExactly('a', 'b');
        assertThat((byte[]) JdbcValues.toCarrier(new byte[] {1}, Types.BLOB)).containsExactly(1);
        assertThat(JdbcValues.toCarrier("2024-02-29", Types.DATE)).isEqualTo(DAY);
        assertThat(JdbcValues.toCarrier(STAMP, Types.DATE)).isEqualTo(DAY);
        assertThat(JdbcValues.toCarrier("13:14:15.123", Types.TIME)).isEqualTo(TIME);
        assertThat(JdbcValues.toCarrier(Timestamp.valueOf(STAMP), Types.TIME)).isEqualTo(STAMP.toLocalTime());
        assertThat(JdbcValues.toCarrier("2024-02-29 13:14:15.123456789", Types.TIMESTAMP)).isEqualTo(STAMP);
        assertThat(JdbcValues.toCarrier(DAY, Types.TIMESTAMP)).isEqualTo(DAY.atStartOfDay());
        assertThat(JdbcValues.toCarrier("2024-02-29 13:14:15+02:00", Types.TIMESTAMP_WITH_TIMEZONE))
                .isEqualTo(OffsetDateTime.of(2024, 2, 29, 13, 14, 15, 0, ZoneOffset.ofHours(2)));
        assertThat(JdbcValues.toCarrier(STAMP, Types.TIMESTAMP_WITH_TIMEZONE))
                .isEqualTo(STAMP.atZone(ZoneId.systemDefault()).toOffsetDateTime());
        assertState("22007", () -> JdbcValues.toCarrier("yesterday", Types.DATE));
        assertState("22018", () -> JdbcValues.toCarrier(5, Types.DATE));
        assertState("22018", () -> JdbcValues.toCarrier(DAY, Types.TIME));
    }

    @Test
    void passThroughTypes() throws SQLException {
        Instant i = Instant.EPOCH;
        assertThat(JdbcValues.toCarrier(i, Types.OTHER)).isEqualTo(OffsetDateTime.of(1970, 1, 1, 0, 0, 0, 0,
                ZoneOffset.UTC));
        assertThat(JdbcValues.toCarrier("x", Types.JAVA_OBJECT)).isEqualTo("x");
        assertThat(JdbcValues.toCarrier(5, Types.NULL)).isEqualTo(5);
        assertThat(JdbcValues.toCarrier(null, Types.INTEGER)).isNull();
        assertState("22018", () -> JdbcValues.toCarrier(new Object(), Types.OTHER));
    }

    @Test
    void streamLengths() throws SQLException {
        InputStream in = new ByteArrayInputStream(new byte[] {1, 2, 3, 4, 5});
        assertThat((byte[]) JdbcValues.toCarrier(in, Types.VARBINARY, 3)).containsExactly(1, 2, 3);
        assertThat((byte[]) JdbcValues.toCarrier(in, Types.VARBINARY, 9)).containsExactly(4, 5);
        Reader r = new StringReader("x".repeat(10_000) + "abc");
        assertThat(JdbcValues.toCarrier(r, Types.VARCHAR, 9_999)).isEqualTo("x".repeat(9_999));
        assertThat(JdbcValues.toCarrier(r, Types.VARCHAR, 2)).isEqualTo("xa");
        assertThat(JdbcValues.toCarrier(r, Types.VARCHAR)).isEqualTo("bc");
    }

    @Test
    void unsupportedTypes() {
        int[] unsupported = {Types.ARRAY, Types.STRUCT, Types.REF, Types.DATALINK, Types.ROWID, Types.SQLXML,
                Types.REF_CURSOR, Types.DISTINCT, Types.TIME_WITH_TIMEZONE};
        for (int t : unsupported) {
            assertThatThrownBy(() -> JdbcValues.toCarrier("x", t)).isInstanceOf(SQLFeatureNotSupportedException.class)
                    .extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("0A000");
        }
        assertThatThrownBy(() -> JdbcValues.toCarrier(null, Types.ARRAY)).hasMessageContaining("ARRAY");
        assertState("HY004", () -> JdbcValues.toCarrier(null, 12345));
        assertThatThrownBy(() -> JdbcValues.toCarrier("x", 12345)).isInstanceOf(SQLException.class)
                .hasMessageContaining("12345")
                .extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("HY004");
        assertThat(JdbcValues.typeName(Types.SQLXML)).isEqualTo("SQLXML");
        assertThat(JdbcValues.typeName(-12345)).isEqualTo("-12345");
    }

    // ------------------------------------------------------------ get

    @Test
    void getNumbersAndText() throws SQLException {
        assertThat(JdbcValues.get(new BigDecimal("12345.5"), Integer.class)).isEqualTo(12346);
        assertThat(JdbcValues.get(new BigDecimal("-12345.5"), int.class)).isEqualTo(-12346);
        assertThat(JdbcValues.get(-2.5, Integer.class)).isEqualTo(-2);
        assertThat(JdbcValues.get(2.5f, Long.class)).isEqualTo(3L);
        assertThat(JdbcValues.get(Double.NaN, Long.class)).isEqualTo(0L);
        assertThat(JdbcValues.get(new BigDecimal("-2.7"), BigInteger.class)).isEqualTo(BigInteger.valueOf(-2));
        assertThat(JdbcValues.get(new BigDecimal("1E+3"), String.class)).isEqualTo("1000");
        assertThat(JdbcValues.get(true, String.class)).isEqualTo("TRUE");
        assertThat(JdbcValues.get(STAMP, String.class)).isEqualTo("2024-02-29 13:14:15.123456789");
        assertThat(JdbcValues.get(STAMP.withNano(0), String.class)).isEqualTo("2024-02-29 13:14:15");
        assertThat(JdbcValues.get(1, Boolean.class)).isTrue();
        assertThat(JdbcValues.get("FALSE", boolean.class)).isFalse();
        assertThat(JdbcValues.get("0", Boolean.class)).isFalse();
        assertThat(JdbcValues.get("", Character.class)).isEqualTo(' ');
        assertThat(JdbcValues.get("xy", char.class)).isEqualTo('x');
        assertThat(JdbcValues.get(1.5, float.class)).isEqualTo(1.5f);
        assertThat(JdbcValues.get((byte) 3, short.class)).isEqualTo((short) 3);
        assertThat(JdbcValues.get(3, byte.class)).isEqualTo((byte) 3);
        assertThat(JdbcValues.get(3, double.class)).isEqualTo(3.0);
        assertState("22003", () -> JdbcValues.get(128, Byte.class));
        assertState("22003", () -> JdbcValues.get(1e19, Long.class));
        assertState("22003", () -> JdbcValues.get(-1e19, Long.class));
        assertState("22018", () -> JdbcValues.get("abc", Integer.class));
        assertState("22018", () -> JdbcValues.get("maybe", Boolean.class));
        assertThatThrownBy(() -> JdbcValues.get(UUID.randomUUID(), Integer.class)).isInstanceOf(SQLDataException.class)
                .hasMessageContaining("UUID").hasMessageContaining("INTEGER");
    }

    @Test
    void getBytesAndUuids() throws SQLException {
        byte[] carrier = {1, 2};
        byte[] got = JdbcValues.get(carrier, byte[].class);
        assertThat(got).containsExactly(1, 2).isNotSameAs(carrier);
        assertThat(JdbcValues.get("é", byte[].class)).isEqualTo("é".getBytes(StandardCharsets.UTF_8));
        UUID u = UUID.fromString("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11");
        assertThat(JdbcValues.get(u.toString(), UUID.class)).isEqualTo(u);
        byte[] raw = JdbcValues.get(u, byte[].class);
        assertThat(JdbcValues.get(raw, UUID.class)).isEqualTo(u);
        assertState("22018", () -> JdbcValues.get(new byte[3], UUID.class));
        assertState("22018", () -> JdbcValues.get(true, byte[].class));
    }

    @Test
    void getDatesFromEachCarrier() throws SQLException {
        ZoneId zone = ZoneId.systemDefault();
        OffsetDateTime odt = OffsetDateTime.of(STAMP, ZoneOffset.ofHours(-11));
        LocalDateTime odtLocal = odt.atZoneSameInstant(zone).toLocalDateTime();
        assertThat(JdbcValues.get(odt, LocalDateTime.class)).isEqualTo(odtLocal);
        assertThat(JdbcValues.get(odt, LocalDate.class)).isEqualTo(odtLocal.toLocalDate());
        assertThat(JdbcValues.get(odt, LocalTime.class)).isEqualTo(odtLocal.toLocalTime());
        assertThat(JdbcValues.get(odt, Timestamp.class)).isEqualTo(Timestamp.from(odt.toInstant()));
        assertThat(JdbcValues.get(odt, Instant.class)).isEqualTo(odt.toInstant());
        assertThat(JdbcValues.get(odt, OffsetTime.class)).isEqualTo(odt.toOffsetTime());
        assertThat(JdbcValues.get(odt, ZonedDateTime.class)).isEqualTo(odt.toZonedDateTime());
        assertThat(JdbcValues.get(odt, java.util.Date.class)).isEqualTo(java.util.Date.from(odt.toInstant()));
        assertThat(JdbcValues.get(STAMP, OffsetDateTime.class)).isEqualTo(STAMP.atZone(zone).toOffsetDateTime());
        assertThat(JdbcValues.get(STAMP, Timestamp.class)).isEqualTo(Timestamp.valueOf(STAMP));
        assertThat(JdbcValues.get(STAMP, java.sql.Date.class)).isEqualTo(java.sql.Date.valueOf(DAY));
        assertThat(JdbcValues.get(STAMP, Time.class).getTime())
                .isEqualTo(LocalDate.of(1970, 1, 1).atTime(13, 14, 15, 123_000_000).atZone(zone).toInstant()
                        .toEpochMilli());
        assertThat(JdbcValues.get(DAY, LocalDateTime.class)).isEqualTo(DAY.atStartOfDay());
        assertThat(JdbcValues.get(DAY, Instant.class)).isEqualTo(DAY.atStartOfDay(zone).toInstant());
        assertThat(JdbcValues.get(TIME, LocalDateTime.class).toLocalTime()).isEqualTo(TIME);
        assertThat(JdbcValues.get(TIME, OffsetTime.class).toLocalTime()).isEqualTo(TIME);
        assertThat(JdbcValues.get(TIME, Time.class).toLocalTime()).isEqualTo(TIME.withNano(0));
        assertThat(JdbcValues.get(STAMP, OffsetTime.class)).isEqualTo(STAMP.atZone(zone).toOffsetDateTime()
                .toOffsetTime());
        assertThat(JdbcValues.get("2024-02-29", LocalDate.class)).isEqualTo(DAY);
        assertThat(JdbcValues.get("13:14:15+02:00", OffsetTime.class)).isEqualTo(OffsetTime.of(13, 14, 15, 0,
                ZoneOffset.ofHours(2)));
        assertThat(JdbcValues.get("13:14:15", OffsetTime.class).toLocalTime()).isEqualTo(LocalTime.of(13, 14, 15));
        assertThat(JdbcValues.get("2024-02-29 13:14:15Z", LocalDateTime.class))
                .isEqualTo(LocalDateTime.of(2024, 2, 29, 13, 14, 15).atOffset(ZoneOffset.UTC)
                        .atZoneSameInstant(zone).toLocalDateTime());
        assertThat(JdbcValues.get("2024-02-29 13:14:15", OffsetDateTime.class))
                .isEqualTo(LocalDateTime.of(2024, 2, 29, 13, 14, 15).atZone(zone).toOffsetDateTime());
        assertState("22018", () -> JdbcValues.get(TIME, LocalDate.class));
        assertState("22018", () -> JdbcValues.get(DAY, LocalTime.class));
        assertState("22018", () -> JdbcValues.get(DAY, OffsetTime.class));
        assertState("22018", () -> JdbcValues.get(5, Timestamp.class));
        assertState("22018", () -> JdbcValues.get(5, OffsetDateTime.class));
        assertState("22007", () -> JdbcValues.get("soon", LocalDateTime.class));
        assertState("22007", () -> JdbcValues.get("soon", OffsetTime.class));
    }

    @Test
    void getStreamsAndLobs() throws Exception {
        assertThat(JdbcValues.get(new byte[] {1, 2}, InputStream.class).readAllBytes()).containsExactly(1, 2);
        Reader r = JdbcValues.get(12, Reader.class);
        assertThat((char) r.read()).isEqualTo('1');
        Blob b = JdbcValues.get(new byte[] {1, 2}, Blob.class);
        assertThat(b.getBytes(1, 2)).containsExactly(1, 2);
        Clob c = JdbcValues.get("text", Clob.class);
        assertThat(c.getSubString(1, 4)).isEqualTo("text");
        NClob n = JdbcValues.get("n", NClob.class);
        assertThat(n.length()).isEqualTo(1);
    }

    @Test
    void getOddCases() throws SQLException {
        assertThat(JdbcValues.get(null, Integer.class)).isNull();
        assertThat(JdbcValues.get(null, int.class)).isNull();
        assertState("HY009", () -> JdbcValues.get(1, null));
        assertThatThrownBy(() -> JdbcValues.get(1, Map.class)).isInstanceOf(SQLDataException.class)
                .hasMessageContaining("java.util.Map").hasMessageContaining("INTEGER");
        assertThat(JdbcValues.get((short) 4, Object.class)).isEqualTo(4);
        assertThat(JdbcValues.get(Instant.EPOCH, OffsetDateTime.class)).isEqualTo(OffsetDateTime.of(1970, 1, 1, 0, 0,
                0, 0, ZoneOffset.UTC));
        assertThat(JdbcValues.get(java.sql.Date.valueOf(DAY), String.class)).isEqualTo("2024-02-29");
        assertState("22018", () -> JdbcValues.get(new Object(), String.class));
    }

    // ------------------------------------------------------------ getObject

    @Test
    void getObjectMapping() throws SQLException {
        assertThat(JdbcValues.getObject((byte) 1)).isEqualTo(1);
        assertThat(JdbcValues.getObject((short) 2)).isEqualTo(2);
        assertThat(JdbcValues.getObject(3L)).isEqualTo(3L);
        assertThat(JdbcValues.getObject(DAY)).isEqualTo(java.sql.Date.valueOf(DAY));
        assertThat(JdbcValues.getObject(STAMP)).isEqualTo(Timestamp.valueOf(STAMP));
        assertThat(JdbcValues.getObject(TIME)).isInstanceOf(Time.class);
        assertThat(((Time) JdbcValues.getObject(TIME)).toLocalTime()).isEqualTo(TIME.withNano(0));
        OffsetDateTime odt = OffsetDateTime.of(STAMP, ZoneOffset.UTC);
        assertThat(JdbcValues.getObject(odt)).isSameAs(odt);
        byte[] b = {1};
        assertThat((byte[]) JdbcValues.getObject(b)).containsExactly(1).isNotSameAs(b);
        assertThat(JdbcValues.getObject(null)).isNull();
        assertThat(JdbcValues.getObject("c", Kind.CLOB)).isInstanceOf(Clob.class);
        assertThat(JdbcValues.getObject(b, Kind.BLOB)).isInstanceOf(Blob.class);
        assertThat(JdbcValues.getObject("c", Kind.VARCHAR)).isEqualTo("c");
        assertThat(JdbcValues.getObject(null, Kind.CLOB)).isNull();
        assertThat(JdbcValues.getObject((byte) 1, Kind.TINYINT)).isEqualTo(1);
    }

    // ------------------------------------------------------------ calendars

    @Test
    void calendarGetters() throws SQLException {
        Calendar tokyo = calendar("Asia/Tokyo");
        ZoneId z = ZoneId.of("Asia/Tokyo");
        assertThat(JdbcValues.toSqlDate(DAY, tokyo).getTime()).isEqualTo(DAY.atStartOfDay(z).toInstant().toEpochMilli());
        assertThat(JdbcValues.toSqlTimestamp(STAMP, tokyo)).isEqualTo(Timestamp.from(STAMP.atZone(z).toInstant()));
        assertThat(JdbcValues.toSqlTimestamp(STAMP, tokyo).getNanos()).isEqualTo(123_456_789);
        assertThat(JdbcValues.toSqlTime(TIME, tokyo).getTime())
                .isEqualTo(LocalDate.of(1970, 1, 1).atTime(TIME).atZone(z).toInstant().toEpochMilli());
        OffsetDateTime odt = OffsetDateTime.of(STAMP, ZoneOffset.UTC);
        assertThat(JdbcValues.toSqlTimestamp(odt, tokyo)).isEqualTo(Timestamp.from(odt.toInstant()));
        assertThat(JdbcValues.toSqlDate(OffsetDateTime.of(2024, 2, 29, 20, 0, 0, 0, ZoneOffset.UTC), tokyo).getTime())
                .isEqualTo(LocalDate.of(2024, 3, 1).atStartOfDay(z).toInstant().toEpochMilli());
        assertThat(JdbcValues.toSqlDate(DAY, null)).isEqualTo(java.sql.Date.valueOf(DAY));
        assertThat(JdbcValues.toSqlTimestamp(STAMP, null)).isEqualTo(Timestamp.valueOf(STAMP));
        assertThat(JdbcValues.toSqlTime(TIME, null).toLocalTime()).isEqualTo(TIME.withNano(0));
        assertThat(JdbcValues.toSqlDate(null, tokyo)).isNull();
        assertThat(JdbcValues.toSqlTime(null, tokyo)).isNull();
        assertThat(JdbcValues.toSqlTimestamp(null, tokyo)).isNull();
        assertState("22018", () -> JdbcValues.toSqlDate(1, tokyo));
    }

    @Test
    void calendarSetters() {
        Calendar tokyo = calendar("Asia/Tokyo");
        ZoneId z = ZoneId.of("Asia/Tokyo");
        java.sql.Date d = new java.sql.Date(DAY.atStartOfDay(z).toInstant().toEpochMilli());
        assertThat(JdbcValues.fromSqlDate(d, tokyo)).isEqualTo(DAY);
        assertThat(JdbcValues.fromSqlDate(java.sql.Date.valueOf(DAY), null)).isEqualTo(DAY);
        Timestamp ts = Timestamp.from(STAMP.atZone(z).toInstant());
        assertThat(JdbcValues.fromSqlTimestamp(ts, tokyo)).isEqualTo(STAMP);
        assertThat(JdbcValues.fromSqlTimestamp(Timestamp.valueOf(STAMP), null)).isEqualTo(STAMP);
        Time t = new Time(LocalDate.of(1970, 1, 1).atTime(TIME).atZone(z).toInstant().toEpochMilli());
        assertThat(JdbcValues.fromSqlTime(t, tokyo)).isEqualTo(TIME);
        assertThat(JdbcValues.fromSqlDate(null, tokyo)).isNull();
        assertThat(JdbcValues.fromSqlTime(null, tokyo)).isNull();
        assertThat(JdbcValues.fromSqlTimestamp(null, tokyo)).isNull();
    }

    // ------------------------------------------------------------ metadata

    @ParameterizedTest
    @EnumSource(Kind.class)
    void everyKindHasMetadata(Kind kind) throws ClassNotFoundException {
        int type = JdbcValues.jdbcType(kind);
        assertThat(JdbcValues.typeName(type)).doesNotMatch("-?\\d+");
        assertThat(Class.forName(JdbcValues.javaClassName(kind))).isNotNull();
        assertThat(JdbcValues.displaySize(new ColumnType(kind, 10, 0))).isPositive();
    }

    @Test
    void metadataValues() {
        assertThat(JdbcValues.jdbcType(Kind.UUID)).isEqualTo(Types.BINARY);
        assertThat(JdbcValues.jdbcType(Kind.FLOAT)).isEqualTo(Types.FLOAT);
        assertThat(JdbcValues.jdbcType(Kind.DOUBLE)).isEqualTo(Types.DOUBLE);
        assertThat(JdbcValues.jdbcType(Kind.TIMESTAMP_WITH_TIME_ZONE)).isEqualTo(Types.TIMESTAMP_WITH_TIMEZONE);
        assertThat(JdbcValues.jdbcType(Kind.NULL)).isEqualTo(Types.NULL);
        assertThat(JdbcValues.jdbcType(Kind.CLOB)).isEqualTo(Types.CLOB);
        assertThat(JdbcValues.javaClassName(Kind.TINYINT)).isEqualTo("java.lang.Integer");
        assertThat(JdbcValues.javaClassName(Kind.VARBINARY)).isEqualTo("[B");
        assertThat(JdbcValues.javaClassName(Kind.NULL)).isEqualTo("java.lang.Void");
        assertThat(JdbcValues.displaySize(ColumnType.VARCHAR)).isEqualTo(1_000_000_000);
        assertThat(JdbcValues.displaySize(ColumnType.VARBINARY)).isEqualTo(2_000_000_000);
        assertThat(JdbcValues.displaySize(new ColumnType(Kind.BLOB, Integer.MAX_VALUE, 0))).isEqualTo(Integer.MAX_VALUE);
        assertThat(JdbcValues.displaySize(new ColumnType(Kind.TIME, 3, 0))).isEqualTo(12);
        assertThat(JdbcValues.displaySize(new ColumnType(Kind.TIMESTAMP, 0, 0))).isEqualTo(19);
        assertThat(JdbcValues.displaySize(new ColumnType(Kind.TIMESTAMP_WITH_TIME_ZONE, 0, 0))).isEqualTo(25);
        assertThat(JdbcValues.displaySize(ColumnType.decimal(10, 2))).isEqualTo(12);
        assertThat(JdbcValues.displaySize(ColumnType.NULL)).isEqualTo(4);
    }

    // ------------------------------------------------------------ round trips

    @Property
    void integersRoundTrip(@ForAll int i, @ForAll long l, @ForAll short s, @ForAll byte b) throws SQLException {
        assertThat(JdbcValues.get(JdbcValues.toCarrier(i), Integer.class)).isEqualTo(i);
        assertThat(JdbcValues.get(JdbcValues.toCarrier(l), Long.class)).isEqualTo(l);
        assertThat(JdbcValues.get(JdbcValues.toCarrier(s), Short.class)).isEqualTo(s);
        assertThat(JdbcValues.get(JdbcValues.toCarrier(b), Byte.class)).isEqualTo(b);
        assertThat(JdbcValues.get(JdbcValues.toCarrier(new AtomicLong(l)), long.class)).isEqualTo(l);
        assertThat(JdbcValues.toCarrier(Long.toString(l), Types.BIGINT)).isEqualTo(l);
        assertThat(JdbcValues.get(JdbcValues.toCarrier(l, Types.VARCHAR), Long.class)).isEqualTo(l);
        if (l < Integer.MIN_VALUE || l > Integer.MAX_VALUE) {
            assertState("22003", () -> JdbcValues.toCarrier(Long.toString(l), Types.INTEGER));
            assertState("22003", () -> JdbcValues.get(l, Integer.class));
        }
    }

    @Property
    void numbersRoundTrip(@ForAll BigInteger big, @ForAll double d, @ForAll float f) throws SQLException {
        assertThat(JdbcValues.get(JdbcValues.toCarrier(big), BigInteger.class)).isEqualTo(big);
        assertThat(JdbcValues.get(JdbcValues.toCarrier(d), Double.class)).isEqualTo(d);
        assertThat(JdbcValues.get(JdbcValues.toCarrier(f), Float.class)).isEqualTo(f);
        assertThat(JdbcValues.get(JdbcValues.get(d, String.class), Double.class)).isEqualTo(d == 0 ? 0.0 : d);
        if (Double.isFinite(d)) {
            assertThat(JdbcValues.get(JdbcValues.toCarrier(BigDecimal.valueOf(d)), BigDecimal.class))
                    .isEqualTo(BigDecimal.valueOf(d));
        }
    }

    @Property
    void textAndBytesRoundTrip(@ForAll String s, @ForAll byte[] b, @ForAll char c) throws SQLException {
        assertThat(JdbcValues.get(JdbcValues.toCarrier(s), String.class)).isEqualTo(s);
        assertThat(JdbcValues.get(JdbcValues.toCarrier(s.toCharArray()), String.class)).isEqualTo(s);
        assertThat(JdbcValues.get(JdbcValues.toCarrier(new StringReader(s)), String.class)).isEqualTo(s);
        assertThat(JdbcValues.get(JdbcValues.toCarrier(new BStackClob(s)), Clob.class).getSubString(1, s.length()))
                .isEqualTo(s);
        assertThat(JdbcValues.get(JdbcValues.toCarrier(b), byte[].class)).isEqualTo(b);
        assertThat(JdbcValues.get(JdbcValues.toCarrier(new ByteArrayInputStream(b)), byte[].class)).isEqualTo(b);
        assertThat(JdbcValues.get(JdbcValues.toCarrier(new BStackBlob(b)), Blob.class).getBytes(1, b.length))
                .isEqualTo(b);
        assertThat(JdbcValues.get(JdbcValues.toCarrier(c), Character.class)).isEqualTo(c);
    }

    @Property
    void uuidsRoundTrip(@ForAll long hi, @ForAll long lo) throws SQLException {
        UUID u = new UUID(hi, lo);
        assertThat(JdbcValues.get(JdbcValues.toCarrier(u), UUID.class)).isEqualTo(u);
        assertThat(JdbcValues.get(JdbcValues.get(u, String.class), UUID.class)).isEqualTo(u);
        assertThat(JdbcValues.get(JdbcValues.get(u, byte[].class), UUID.class)).isEqualTo(u);
    }

    @Provide
    Arbitrary<LocalDateTime> stamps() {
        return Arbitraries.longs().between(LocalDate.of(1, 1, 1).toEpochDay(), LocalDate.of(9999, 12, 31).toEpochDay())
                .flatMap(day -> Arbitraries.longs().between(0, 86_400_000_000_000L - 1)
                        .map(nanos -> LocalDate.ofEpochDay(day).atTime(LocalTime.ofNanoOfDay(nanos))));
    }

    @Provide
    Arbitrary<ZoneOffset> offsets() {
        return Arbitraries.integers().between(-18 * 4, 18 * 4).map(q -> ZoneOffset.ofTotalSeconds(q * 900));
    }

    @Property
    void javaTimeRoundTrips(@ForAll("stamps") LocalDateTime t, @ForAll("offsets") ZoneOffset off) throws SQLException {
        assertThat(JdbcValues.get(JdbcValues.toCarrier(t), LocalDateTime.class)).isEqualTo(t);
        assertThat(JdbcValues.get(JdbcValues.toCarrier(t.toLocalDate()), LocalDate.class)).isEqualTo(t.toLocalDate());
        assertThat(JdbcValues.get(JdbcValues.toCarrier(t.toLocalTime()), LocalTime.class)).isEqualTo(t.toLocalTime());
        OffsetDateTime odt = t.atOffset(off);
        assertThat(JdbcValues.get(JdbcValues.toCarrier(odt), OffsetDateTime.class)).isEqualTo(odt);
        assertThat(JdbcValues.get(JdbcValues.toCarrier(odt.toInstant()), Instant.class)).isEqualTo(odt.toInstant());
        ZonedDateTime z = odt.toZonedDateTime();
        assertThat(JdbcValues.get(JdbcValues.toCarrier(z), ZonedDateTime.class)).isEqualTo(z);
        OffsetTime ot = odt.toOffsetTime();
        assertThat(JdbcValues.get(JdbcValues.toCarrier(ot), OffsetTime.class).withOffsetSameInstant(off)).isEqualTo(ot);
        LocalTime lt = t.toLocalTime();
        assertThat(JdbcValues.toCarrier(JdbcValues.get(lt, OffsetTime.class))).isEqualTo(lt);
        assertThat(JdbcValues.get(JdbcValues.get(t, String.class), LocalDateTime.class)).isEqualTo(t);
        assertThat(JdbcValues.get(JdbcValues.get(odt, String.class), OffsetDateTime.class)).isEqualTo(odt);
    }

    @Property
    void legacyRoundTrips(@ForAll("stamps") LocalDateTime t) throws SQLException {
        if (t.getYear() < 1900) {
            return; // java.sql.Date and Timestamp use the Julian calendar before 1582 and LMT zones before 1900
        }
        Timestamp ts = Timestamp.valueOf(t);
        assertThat(JdbcValues.get(JdbcValues.toCarrier(ts), Timestamp.class)).isEqualTo(ts);
        java.sql.Date d = java.sql.Date.valueOf(t.toLocalDate());
        assertThat(JdbcValues.get(JdbcValues.toCarrier(d), java.sql.Date.class)).isEqualTo(d);
        assertThat(JdbcValues.getObject(JdbcValues.toCarrier(d))).isEqualTo(d);
        Time time = new Time(JdbcValues.get(t.toLocalTime().withNano(t.getNano() / 1_000_000 * 1_000_000), Time.class)
                .getTime());
        assertThat(JdbcValues.get(JdbcValues.toCarrier(time), Time.class)).isEqualTo(time);
        java.util.Date u = java.util.Date.from(ts.toInstant());
        if (ZoneId.systemDefault().getRules().getValidOffsets(t).size() == 1) { // not in a DST gap or overlap
            assertThat(JdbcValues.get(JdbcValues.toCarrier(u), java.util.Date.class)).isEqualTo(u);
        }
    }

    @Property
    void calendarRoundTrips(@ForAll("stamps") LocalDateTime t, @ForAll("offsets") ZoneOffset off,
                            @ForAll @IntRange(min = 0, max = 999) int millis) throws SQLException {
        Calendar cal = new GregorianCalendar(TimeZone.getTimeZone(off));
        assertThat(JdbcValues.fromSqlTimestamp(JdbcValues.toSqlTimestamp(t, cal), cal)).isEqualTo(t);
        assertThat(JdbcValues.fromSqlDate(JdbcValues.toSqlDate(t, cal), cal)).isEqualTo(t.toLocalDate());
        LocalTime lt = t.toLocalTime().withNano(millis * 1_000_000);
        assertThat(JdbcValues.fromSqlTime(JdbcValues.toSqlTime(lt, cal), cal)).isEqualTo(lt);
    }

    @Property
    void decimalScaleRounds(@ForAll @LongRange(min = -1_000_000, max = 1_000_000) long unscaled,
                            @ForAll @IntRange(min = 0, max = 6) int scale, @ForAll @IntRange(min = 0, max = 6) int to)
            throws SQLException {
        BigDecimal d = BigDecimal.valueOf(unscaled, scale);
        assertThat(JdbcValues.toCarrier(d, Types.DECIMAL, to))
                .isEqualTo(d.setScale(to, java.math.RoundingMode.HALF_UP));
    }

    @Test
    void columnTypesDisplaySizeIsAtLeastTheTextOfItsValues() throws SQLException {
        assertThat(JdbcValues.get(Long.MIN_VALUE, String.class).length())
                .isLessThanOrEqualTo(JdbcValues.displaySize(ColumnType.BIGINT));
        assertThat(JdbcValues.get(Integer.MIN_VALUE, String.class).length())
                .isLessThanOrEqualTo(JdbcValues.displaySize(ColumnType.INTEGER));
        assertThat(JdbcValues.get(-Double.MIN_VALUE, String.class).length())
                .isLessThanOrEqualTo(JdbcValues.displaySize(ColumnType.DOUBLE));
        assertThat(JdbcValues.get(-Float.MIN_VALUE, String.class).length())
                .isLessThanOrEqualTo(JdbcValues.displaySize(ColumnType.REAL));
    }
}
