package io.bstack.btree;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The key encoding against the model order: for single columns of every type and for random
 * composite column lists with random DESC / NULLS FIRST flags, the sign of the unsigned byte
 * comparison equals the sign of the column-by-column model comparison; keys round-trip (up to the
 * documented normalisations); prefixes and successors bound exactly the keys that share the first
 * k columns; damaged keys raise only {@link RecordFormatException}. jqwik prints each property's
 * seed in its report.
 */
class KeyEncodingProperties {
    /** A column list and two keys for it, the second sharing a random number of leading values. */
    record Case(List<KeyColumn> columns, List<Object> a, List<Object> b) {
        @Override
        public String toString() {
            return columns + "\n a=" + a.stream().map(CodecArbitraries::show).toList() + "\n b="
                    + b.stream().map(CodecArbitraries::show).toList();
        }
    }

    @Property(tries = 1000)
    void singleColumnOrderMatchesModel(@ForAll("singleColumnCases") Case c) throws Exception {
        checkOrderAndRoundTrip(c);
    }

    @Property(tries = 1000)
    void compositeOrderMatchesModel(@ForAll("compositeCases") Case c) throws Exception {
        checkOrderAndRoundTrip(c);
    }

    @Property(tries = 300)
    void prefixesBoundExactlyTheKeysThatShareThem(@ForAll("compositeCases") Case c, @ForAll Random random)
            throws Exception {
        KeyEncoder encoder = new KeyEncoder(c.columns());
        int k = random.nextInt(c.columns().size() + 1);
        byte[] prefix = encoder.encodePrefix(c.a().subList(0, k));
        byte[] upper = KeyEncoder.successor(prefix);
        byte[] ea = encoder.encode(c.a());
        byte[] eb = encoder.encode(c.b());
        assertThat(KeyEncoder.startsWith(ea, prefix)).isTrue();
        assertThat(new KeyDecoder(c.columns()).decodePrefix(prefix)).hasSize(k);
        boolean sharesPrefix = true;
        for (int i = 0; i < k; i++) {
            sharesPrefix &= Values.compare(c.columns().get(i).type(), c.a().get(i), c.b().get(i)) == 0;
        }
        boolean inRange = Arrays.compareUnsigned(eb, prefix) >= 0
                && (upper == null || Arrays.compareUnsigned(eb, upper) < 0);
        assertThat(inRange).as("in [prefix, successor)").isEqualTo(sharesPrefix);
        assertThat(KeyEncoder.startsWith(eb, prefix)).isEqualTo(sharesPrefix);
        byte[] next = KeyEncoder.next(ea);
        assertThat(Arrays.compareUnsigned(next, ea)).isPositive();
        assertThat(Arrays.compareUnsigned(eb, ea) <= 0 || Arrays.compareUnsigned(eb, next) >= 0).isTrue();
    }

    @Property(tries = 600)
    void damagedKeysRaiseOnlyRecordFormatException(@ForAll("compositeCases") Case c, @ForAll long seed) {
        Random random = new Random(seed);
        byte[] key = new KeyEncoder(c.columns()).encode(c.a());
        byte[] damaged = CodecMutations.mutate(key, random);
        KeyDecoder decoder = new KeyDecoder(c.columns());
        try {
            decoder.decode(damaged);
            decoder.decodePrefix(damaged);
        } catch (RecordFormatException expected) {
            // the only acceptable failure
        } catch (Throwable t) {
            fail("seed " + seed + ": " + Arrays.toString(damaged) + " threw " + t, t);
        }
    }

    private static void checkOrderAndRoundTrip(Case c) throws RecordFormatException {
        KeyEncoder encoder = new KeyEncoder(c.columns());
        KeyDecoder decoder = new KeyDecoder(c.columns());
        byte[] ea = encoder.encode(c.a());
        byte[] eb = encoder.encode(c.b());
        int model = Integer.signum(compareKeys(c.columns(), c.a(), c.b()));
        int bytes = Integer.signum(Arrays.compareUnsigned(ea, eb));
        assertThat(bytes).as("byte order vs model for %s\n ea=%s\n eb=%s", c, Arrays.toString(ea), Arrays.toString(eb))
                .isEqualTo(model);
        assertThat(Arrays.compareUnsigned(encoder.encode(c.b()), eb)).isZero();
        checkRoundTrip(c.columns(), c.a(), decoder.decode(ea));
        checkRoundTrip(c.columns(), c.b(), decoder.decode(eb));
    }

    static void checkRoundTrip(List<KeyColumn> columns, List<Object> original, List<Object> decoded) {
        assertThat(decoded).hasSize(original.size());
        for (int i = 0; i < original.size(); i++) {
            SqlType type = columns.get(i).type();
            Object o = original.get(i);
            Object d = decoded.get(i);
            Object expected = switch (type) {
                case REAL -> o == null ? null : Values.canonical((Float) o);
                case DOUBLE -> o == null ? null : Values.canonical((Double) o);
                default -> o;
            };
            if (type == SqlType.DECIMAL && o != null) {
                BigDecimal dd = (BigDecimal) d;
                assertThat(dd.compareTo((BigDecimal) o)).as("DECIMAL %s vs %s", o, d).isZero();
                if (dd.scale() != Integer.MIN_VALUE) {
                    assertThat(dd).isEqualTo(dd.stripTrailingZeros());
                }
            } else {
                assertThat(CodecArbitraries.same(expected, d)).as("column %d %s: %s decoded as %s", i, type,
                        CodecArbitraries.show(o), CodecArbitraries.show(d)).isTrue();
            }
        }
    }

    /** The model: column by column, NULL per nullsFirst, DESC inverting the value order. */
    static int compareKeys(List<KeyColumn> columns, List<Object> a, List<Object> b) {
        for (int i = 0; i < columns.size(); i++) {
            KeyColumn col = columns.get(i);
            Object x = a.get(i);
            Object y = b.get(i);
            if (x == null || y == null) {
                if (x == null && y == null) {
                    continue;
                }
                return (x == null) == col.nullsFirst() ? -1 : 1;
            }
            int cmp = Values.compare(col.type(), x, y);
            if (cmp != 0) {
                return col.descending() ? -cmp : cmp;
            }
        }
        return 0;
    }

    @Provide
    Arbitrary<Case> singleColumnCases() {
        return columns(1, 1).flatMap(this::cases);
    }

    @Provide
    Arbitrary<Case> compositeCases() {
        return columns(1, 5).flatMap(this::cases);
    }

    private Arbitrary<List<KeyColumn>> columns(int min, int max) {
        Arbitrary<KeyColumn> column = Combinators.combine(CodecArbitraries.types(), Arbitraries.of(true, false),
                Arbitraries.of(true, false)).as(KeyColumn::new);
        return column.list().ofMinSize(min).ofMaxSize(max);
    }

    private Arbitrary<Case> cases(List<KeyColumn> columns) {
        Arbitrary<List<Object>> key = key(columns);
        return Combinators.combine(key, key, Arbitraries.integers().between(0, columns.size()))
                .as((a, b, shared) -> {
                    List<Object> b2 = new ArrayList<>(b);
                    for (int i = 0; i < shared; i++) {
                        b2.set(i, a.get(i));
                    }
                    return new Case(columns, a, b2);
                });
    }

    private static Arbitrary<List<Object>> key(List<KeyColumn> columns) {
        List<Arbitrary<Object>> parts = columns.stream().map(c -> CodecArbitraries.nullable(c.type())).toList();
        return Combinators.combine(parts).as(ArrayList::new);
    }
}
