package io.bstack.btree;

import io.bstack.alloc.Region;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * Generators of values for every {@link SqlType}: a mix of a small domain (so equal values and
 * shared prefixes are common) and the full range with its edges (MIN/MAX, NaN, -0.0, infinities,
 * 0x00/0xFF bytes, lone and paired surrogates, huge and tiny DECIMAL exponents, far dates).
 */
final class CodecArbitraries {
    private CodecArbitraries() {
    }

    static Arbitrary<SqlType> types() {
        return Arbitraries.of(SqlType.class);
    }

    /** Values of {@code type}, sometimes null. */
    static Arbitrary<Object> nullable(SqlType type) {
        return values(type).injectNull(0.15);
    }

    static Arbitrary<Object> values(SqlType type) {
        return switch (type) {
            case BOOLEAN -> Arbitraries.of(true, false).map(b -> b);
            case TINYINT -> Arbitraries.bytes().map(b -> b);
            case SMALLINT -> Arbitraries.oneOf(Arbitraries.shorts().between((short) -3, (short) 3), Arbitraries.shorts())
                    .map(s -> s);
            case INTEGER -> Arbitraries.oneOf(Arbitraries.integers().between(-3, 3), Arbitraries.integers()).map(i -> i);
            case BIGINT -> Arbitraries.oneOf(Arbitraries.longs().between(-3, 3), Arbitraries.longs()).map(l -> l);
            case DECIMAL -> decimals().map(d -> d);
            case REAL -> Arbitraries.oneOf(
                    Arbitraries.of(0.0f, -0.0f, Float.NaN, Float.intBitsToFloat(0x7fc00001), Float.intBitsToFloat(0xffc00000),
                            Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.MIN_VALUE, -Float.MIN_VALUE,
                            Float.MAX_VALUE, -Float.MAX_VALUE, 1.0f, -1.0f),
                    Arbitraries.floats(), Arbitraries.integers().map(Float::intBitsToFloat)).map(f -> f);
            case DOUBLE -> Arbitraries.oneOf(
                    Arbitraries.of(0.0, -0.0, Double.NaN, Double.longBitsToDouble(0x7ff0000000000001L),
                            Double.longBitsToDouble(0xfff8000000000000L), Double.POSITIVE_INFINITY,
                            Double.NEGATIVE_INFINITY, Double.MIN_VALUE, -Double.MIN_VALUE, Double.MAX_VALUE,
                            -Double.MAX_VALUE, 1.0, -1.0),
                    Arbitraries.doubles(), Arbitraries.longs().map(Double::longBitsToDouble)).map(d -> d);
            case VARCHAR -> Arbitraries.oneOf(
                    Arbitraries.strings().withChars('\0', 'a', 'b', '\u00e9', '\uffff', '\ud800', '\udc00', '\udbff', '\udfff')
                            .ofMaxLength(5),
                    Arbitraries.strings().all().ofMaxLength(12),
                    Arbitraries.of("", "\0", "a\0", "a\0\0b", "\ud83d\ude00", "\uffff", "\ud800", "\udc00x"))
                    .map(s -> s);
            case VARBINARY -> Arbitraries.oneOf(
                    Arbitraries.bytes().filter(b -> b == 0 || b == 1 || b == -1 || b == 127 || b == -128).array(byte[].class)
                            .ofMaxSize(5),
                    Arbitraries.bytes().array(byte[].class).ofMaxSize(12)).map(b -> b);
            case DATE -> Arbitraries.oneOf(
                    Arbitraries.longs().between(-3, 3),
                    Arbitraries.longs().between(LocalDate.MIN.toEpochDay(), LocalDate.MAX.toEpochDay()))
                    .map(d -> LocalDate.ofEpochDay(d));
            case TIME -> Arbitraries.oneOf(Arbitraries.longs().between(0, 3),
                    Arbitraries.longs().between(0, LocalTime.MAX.toNanoOfDay())).map(n -> LocalTime.ofNanoOfDay(n));
            case TIMESTAMP -> timestamps().map(t -> t);
            case TIMESTAMP_WITH_TIME_ZONE -> Combinators.combine(timestamps(),
                    Arbitraries.oneOf(Arbitraries.integers().between(-1, 1).map(h -> h * 3600),
                            Arbitraries.integers().between(-18 * 3600, 18 * 3600)))
                    .as((t, off) -> (Object) OffsetDateTime.of(t, ZoneOffset.ofTotalSeconds(off)));
            case UUID -> Combinators.combine(Arbitraries.longs().between(-1, 1), Arbitraries.longs())
                    .as((hi, lo) -> (Object) new UUID(hi, lo));
            case REGION -> Combinators.combine(Arbitraries.longs().between(0, Long.MAX_VALUE),
                    Arbitraries.longs().between(0, Long.MAX_VALUE))
                    .as((off, len) -> (Object) new Region(off, Math.min(len, Long.MAX_VALUE - off)));
        };
    }

    static Arbitrary<BigDecimal> decimals() {
        Arbitrary<BigInteger> unscaled = Arbitraries.oneOf(
                Arbitraries.bigIntegers().between(BigInteger.valueOf(-1000), BigInteger.valueOf(1000)),
                Arbitraries.bigIntegers().between(BigInteger.TEN.pow(40).negate(), BigInteger.TEN.pow(40)));
        Arbitrary<Integer> scale = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(8, Arbitraries.integers().between(-6, 6)),
                net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(-300, 300)),
                net.jqwik.api.Tuple.of(1, Arbitraries.of(Integer.MIN_VALUE, Integer.MIN_VALUE + 3, Integer.MAX_VALUE,
                        Integer.MAX_VALUE - 40)));
        return Combinators.combine(unscaled, scale).as(BigDecimal::new);
    }

    private static Arbitrary<LocalDateTime> timestamps() {
        return Combinators.combine(
                Arbitraries.oneOf(Arbitraries.longs().between(-2, 2),
                        Arbitraries.longs().between(LocalDateTime.MIN.toEpochSecond(ZoneOffset.UTC),
                                LocalDateTime.MAX.toEpochSecond(ZoneOffset.UTC))),
                Arbitraries.oneOf(Arbitraries.integers().between(0, 1), Arbitraries.integers().between(0, 999_999_999)))
                .as((s, n) -> LocalDateTime.ofEpochSecond(s, n, ZoneOffset.UTC));
    }

    /** Exact equality (byte arrays by content). */
    static boolean same(Object a, Object b) {
        if (a instanceof byte[] x && b instanceof byte[] y) {
            return Arrays.equals(x, y);
        }
        return Objects.equals(a, b);
    }

    static boolean sameLists(List<?> a, List<?> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (!same(a.get(i), b.get(i))) {
                return false;
            }
        }
        return true;
    }

    static String show(Object v) {
        if (v instanceof byte[] b) {
            return Arrays.toString(b);
        }
        if (v instanceof String s) {
            StringBuilder out = new StringBuilder("\"");
            s.chars().forEach(c -> out.append(c < 0x20 || c > 0x7e ? String.format("\\u%04x", c) : String.valueOf((char) c)));
            return out.append('"').toString();
        }
        return String.valueOf(v);
    }
}
