package io.bstack.btree;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bstack.alloc.Region;
import io.bstack.stack.BStackCorruptException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Edge values of every type, each list in strictly ascending model order, plus fixed examples. */
class KeyEncodingTest {
    private static final List<List<Object>> ASCENDING = List.of(
            List.of(false, true),
            List.of(Byte.MIN_VALUE, (byte) -1, (byte) 0, (byte) 1, Byte.MAX_VALUE),
            List.of(Short.MIN_VALUE, (short) -1, (short) 0, (short) 1, Short.MAX_VALUE),
            List.of(Integer.MIN_VALUE, -1, 0, 1, Integer.MAX_VALUE),
            List.of(Long.MIN_VALUE, -1L, 0L, 1L, Long.MAX_VALUE),
            List.of(new BigDecimal(BigInteger.TEN.pow(50).negate(), Integer.MIN_VALUE), new BigDecimal("-1e400"),
                    new BigDecimal("-100"), new BigDecimal("-99.99"), new BigDecimal("-1.5"), new BigDecimal("-1"),
                    new BigDecimal("-0.5"), new BigDecimal(BigInteger.ONE.negate(), Integer.MAX_VALUE), BigDecimal.ZERO,
                    new BigDecimal(BigInteger.ONE, Integer.MAX_VALUE), new BigDecimal(BigInteger.TWO, Integer.MAX_VALUE),
                    new BigDecimal("1e-130"), new BigDecimal("0.000123"), new BigDecimal("0.5"), new BigDecimal("0.50001"),
                    BigDecimal.ONE, new BigDecimal("1.0000000000000000000000000001"), new BigDecimal("1.5"),
                    new BigDecimal("99.99"), new BigDecimal("100"), new BigDecimal("1e119"), new BigDecimal("1e120"),
                    new BigDecimal("1e400"), new BigDecimal(BigInteger.ONE, Integer.MIN_VALUE),
                    new BigDecimal(BigInteger.TEN, Integer.MIN_VALUE)),
            List.of(Float.NEGATIVE_INFINITY, -Float.MAX_VALUE, -1.0f, -Float.MIN_VALUE, 0.0f, Float.MIN_VALUE, 1.0f,
                    Float.MAX_VALUE, Float.POSITIVE_INFINITY, Float.NaN),
            List.of(Double.NEGATIVE_INFINITY, -Double.MAX_VALUE, -1.0, -Double.MIN_VALUE, 0.0, Double.MIN_VALUE, 1.0,
                    Double.MAX_VALUE, Double.POSITIVE_INFINITY, Double.NaN),
            List.of("", "\0", "\0\0", "\0\u0001", "\u0001", "a", "a\0", "a\0b", "ab", "\u00ff", "\ud7ff", "\ud800",
                    "\ud800\ud800", "\udbff", "\udc00", "\uffff", "\ud800\udc00", "\ud83d\ude00", "\udbff\udfff"),
            List.of(new byte[0], new byte[] {0}, new byte[] {0, 0}, new byte[] {0, -1}, new byte[] {1},
                    new byte[] {1, 0}, new byte[] {127}, new byte[] {-128}, new byte[] {-1}, new byte[] {-1, 0},
                    new byte[] {-1, -1}),
            List.of(LocalDate.MIN, LocalDate.of(-4712, 1, 1), LocalDate.of(1969, 12, 31), LocalDate.EPOCH,
                    LocalDate.of(9999, 12, 31), LocalDate.MAX),
            List.of(LocalTime.MIN, LocalTime.ofNanoOfDay(1), LocalTime.NOON, LocalTime.MAX),
            List.of(LocalDateTime.MIN, LocalDateTime.of(1, 1, 1, 0, 0), LocalDateTime.of(1969, 12, 31, 23, 59, 59, 999_999_999),
                    LocalDateTime.of(1970, 1, 1, 0, 0), LocalDateTime.MAX),
            List.of(OffsetDateTime.MIN, OffsetDateTime.of(LocalDateTime.MIN, ZoneOffset.UTC),
                    OffsetDateTime.of(2020, 1, 1, 10, 0, 0, 0, ZoneOffset.UTC),
                    OffsetDateTime.of(2020, 1, 1, 11, 0, 0, 0, ZoneOffset.ofHours(1)),
                    OffsetDateTime.of(2020, 1, 1, 12, 0, 0, 0, ZoneOffset.ofHours(2)),
                    OffsetDateTime.of(2020, 1, 1, 11, 0, 0, 1, ZoneOffset.ofHours(1)), OffsetDateTime.MAX),
            List.of(new UUID(0, 0), new UUID(0, -1), new UUID(1, 0), new UUID(Long.MAX_VALUE, 0),
                    new UUID(Long.MIN_VALUE, 0), new UUID(-1, -1)),
            List.of(new Region(0, 0), new Region(0, Long.MAX_VALUE), new Region(1, 0), new Region(Long.MAX_VALUE, 0)));

    @Test
    void edgeValuesOfEveryTypeEncodeInModelOrderBothDirections() throws Exception {
        assertThat(ASCENDING).hasSize(SqlType.values().length);
        for (SqlType type : SqlType.values()) {
            List<Object> values = ASCENDING.get(type.ordinal());
            for (boolean desc : new boolean[] {false, true}) {
                for (boolean nullsFirst : new boolean[] {false, true}) {
                    List<KeyColumn> cols = List.of(new KeyColumn(type, desc, nullsFirst), KeyColumn.asc(SqlType.INTEGER));
                    KeyEncoder enc = new KeyEncoder(cols);
                    for (int i = 0; i < values.size(); i++) {
                        assertThat(Values.compare(type, values.get(i), values.get(i))).isZero();
                        if (i > 0) {
                            assertThat(Values.compare(type, values.get(i - 1), values.get(i))).as("%s model", type)
                                    .isNegative();
                        }
                        for (int j = 0; j < values.size(); j++) {
                            byte[] a = enc.encode(Arrays.asList(values.get(i), 7));
                            byte[] b = enc.encode(Arrays.asList(values.get(j), -7));
                            int expected = Integer.signum(Integer.compare(i, j) * (desc ? -1 : 1));
                            if (i == j) {
                                expected = 1;
                            }
                            assertThat(Integer.signum(Arrays.compareUnsigned(a, b)))
                                    .as("%s %s vs %s desc=%s", type, CodecArbitraries.show(values.get(i)),
                                            CodecArbitraries.show(values.get(j)), desc)
                                    .isEqualTo(expected);
                        }
                        KeyEncodingProperties.checkRoundTrip(cols, Arrays.asList(values.get(i), 1),
                                new KeyDecoder(cols).decode(enc.encode(Arrays.asList(values.get(i), 1))));
                    }
                }
            }
        }
    }

    @Test
    void equalValuesEncodeEqually() {
        KeyEncoder dec = new KeyEncoder(List.of(KeyColumn.asc(SqlType.DECIMAL)));
        assertThat(dec.encode(List.of(new BigDecimal("1.0")))).isEqualTo(dec.encode(List.of(new BigDecimal("1.00"))));
        assertThat(dec.encode(List.of(new BigDecimal("0E+7")))).isEqualTo(dec.encode(List.of(BigDecimal.ZERO)));
        assertThat(dec.encode(List.of(new BigDecimal("1E+2")))).isEqualTo(dec.encode(List.of(new BigDecimal("100.000"))));
        KeyEncoder dbl = new KeyEncoder(List.of(KeyColumn.desc(SqlType.DOUBLE)));
        assertThat(dbl.encode(List.of(-0.0))).isEqualTo(dbl.encode(List.of(0.0)));
        assertThat(dbl.encode(List.of(Double.longBitsToDouble(0x7ff0000000000001L))))
                .isEqualTo(dbl.encode(List.of(Double.NaN)));
        KeyEncoder flt = new KeyEncoder(List.of(KeyColumn.asc(SqlType.REAL)));
        assertThat(flt.encode(List.of(-0.0f))).isEqualTo(flt.encode(List.of(0.0f)));
        assertThat(flt.encode(List.of(Float.intBitsToFloat(0xffc00001)))).isEqualTo(flt.encode(List.of(Float.NaN)));
    }

    @Test
    void codePointOrderIsNotUtf16Order() {
        String astral = "\ud83d\ude00";
        assertThat(astral.compareTo("\uffff")).isNegative();
        assertThat(Values.compare(SqlType.VARCHAR, astral, "\uffff")).isPositive();
        KeyEncoder enc = new KeyEncoder(List.of(KeyColumn.asc(SqlType.VARCHAR)));
        assertThat(Arrays.compareUnsigned(enc.encode(List.of(astral)), enc.encode(List.of("\uffff")))).isPositive();
    }

    @Test
    void decimalsDecodeNormalisedAndExtremeScalesSurvive() throws Exception {
        List<KeyColumn> cols = List.of(KeyColumn.desc(SqlType.DECIMAL));
        KeyEncoder enc = new KeyEncoder(cols);
        KeyDecoder dec = new KeyDecoder(cols);
        assertThat(dec.decode(enc.encode(List.of(new BigDecimal("1.50"))))).containsExactly(new BigDecimal("1.5"));
        assertThat(dec.decode(enc.encode(List.of(new BigDecimal("-100"))))).containsExactly(new BigDecimal("-1E+2"));
        BigDecimal huge = new BigDecimal(BigInteger.valueOf(1000), Integer.MIN_VALUE);
        assertThat(dec.decode(enc.encode(List.of(huge)))).containsExactly(huge);
        BigDecimal tiny = new BigDecimal(BigInteger.valueOf(-7), Integer.MAX_VALUE);
        assertThat(dec.decode(enc.encode(List.of(tiny)))).containsExactly(tiny);
        BigDecimal beyond = new BigDecimal(BigInteger.TEN.pow(5000), Integer.MIN_VALUE);
        assertThatThrownBy(() -> enc.encode(List.of(beyond))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void successorAndNextBoundRanges() {
        assertThat(KeyEncoder.successor(new byte[] {1, 2})).containsExactly(1, 3);
        assertThat(KeyEncoder.successor(new byte[] {1, (byte) 0xFF, (byte) 0xFF})).containsExactly(2);
        assertThat(KeyEncoder.successor(new byte[] {(byte) 0xFF})).isNull();
        assertThat(KeyEncoder.successor(new byte[0])).isNull();
        assertThat(KeyEncoder.next(new byte[] {5})).containsExactly(5, 0);
        assertThat(KeyEncoder.startsWith(new byte[] {1, 2, 3}, new byte[] {1, 2})).isTrue();
        assertThat(KeyEncoder.startsWith(new byte[] {1}, new byte[] {1, 2})).isFalse();
    }

    @Test
    void badInputIsRefusedTyped() {
        KeyEncoder enc = new KeyEncoder(List.of(KeyColumn.asc(SqlType.INTEGER)));
        assertThatThrownBy(() -> enc.encode(List.of("x"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> enc.encode(List.of(1, 2))).isInstanceOf(IllegalArgumentException.class);
        KeyDecoder dec = new KeyDecoder(List.of(KeyColumn.asc(SqlType.VARCHAR), KeyColumn.asc(SqlType.DATE)));
        assertThatThrownBy(() -> dec.decode(new byte[] {1, 'a', 0})).isInstanceOf(RecordFormatException.class)
                .isInstanceOf(BStackCorruptException.class);
        assertThatThrownBy(() -> dec.decode(new byte[] {1, 'a', 0, 7})).isInstanceOf(RecordFormatException.class);
        assertThatThrownBy(() -> dec.decode(new byte[] {1, (byte) 0xC0, (byte) 0x80, 0, 1, 0}))
                .isInstanceOf(RecordFormatException.class);
        assertThatThrownBy(() -> dec.decode(new byte[] {0, 1, -1, -1, -1, -1, -1, -1, -1, -1}))
                .isInstanceOf(RecordFormatException.class);
        assertThatThrownBy(() -> dec.decode(new byte[] {0, 0, 9})).isInstanceOf(RecordFormatException.class);
    }
}
