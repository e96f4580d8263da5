package io.bstack.btree;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.InputStream;
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
 * The row format: random schemas and rows (NULLs, empty and large values that overflow into an
 * in-memory {@link OverflowStore}) round-trip; streamed reads match the payload without
 * materialising it; reading column i needs only the bytes up to its end; rows written under a
 * shorter schema read the new columns as NULL; damaged rows raise only
 * {@link RecordFormatException} (or the store's own error for a garbled region). jqwik prints
 * each property's seed in its report.
 */
class RowFormatProperties {
    record Case(List<SqlType> schema, List<Object> row, int threshold) {
        @Override
        public String toString() {
            return schema + " threshold " + threshold + "\n row=" + row.stream().map(CodecArbitraries::show).toList();
        }
    }

    @Property(tries = 400)
    void rowsRoundTrip(@ForAll("rows") Case c) throws Exception {
        CodecTestOverflowStore store = new CodecTestOverflowStore();
        byte[] bytes = new RowFormat(c.schema(), c.threshold(), store).write(c.row());
        RowView view = new RowView(c.schema(), bytes, store);
        assertThat(view.storedColumnCount()).isEqualTo(c.schema().size());
        assertThat(CodecArbitraries.sameLists(view.values(), c.row())).as("%s read as %s", c, view.values()).isTrue();
        int spilled = 0;
        for (int i = 0; i < c.schema().size(); i++) {
            Object v = c.row().get(i);
            assertThat(view.isNull(i)).isEqualTo(v == null);
            boolean big = v != null && c.schema().get(i).isVariableLength()
                    && RowPayloadCodec.encode(c.schema().get(i), v).length > c.threshold();
            assertThat(view.isOverflow(i)).isEqualTo(big);
            if (big) {
                spilled++;
                assertThat(view.overflowRef(i).len()).isEqualTo(RowPayloadCodec.encode(c.schema().get(i), v).length);
            }
        }
        assertThat(store.spills).isEqualTo(spilled);
        // the same bytes inside a larger page buffer
        byte[] page = new byte[bytes.length + 10];
        System.arraycopy(bytes, 0, page, 3, bytes.length);
        assertThat(CodecArbitraries.sameLists(new RowView(c.schema(), page, 3, bytes.length, store).values(), c.row()))
                .isTrue();
    }

    @Property(tries = 300)
    void streamedReadsNeverMaterialise(@ForAll("rows") Case c) throws Exception {
        CodecTestOverflowStore store = new CodecTestOverflowStore();
        byte[] bytes = new RowFormat(c.schema(), c.threshold(), store).write(c.row());
        RowView view = new RowView(c.schema(), bytes, store);
        for (int i = 0; i < c.schema().size(); i++) {
            SqlType type = c.schema().get(i);
            Object v = c.row().get(i);
            if (!type.isVariableLength()) {
                continue;
            }
            if (v == null) {
                assertThat(view.stream(i)).isNull();
                continue;
            }
            byte[] payload = RowPayloadCodec.encode(type, v);
            long servedBefore = store.bytesServed;
            try (InputStream in = view.stream(i)) {
                if (payload.length > 0) {
                    assertThat(in.read()).isEqualTo(payload[0] & 0xFF);
                    if (view.isOverflow(i)) {
                        assertThat(store.bytesServed - servedBefore).as("one byte read, one byte served").isEqualTo(1);
                    }
                    byte[] rest = in.readAllBytes();
                    assertThat(rest).isEqualTo(Arrays.copyOfRange(payload, 1, payload.length));
                }
                assertThat(in.read()).isEqualTo(-1);
            }
        }
    }

    @Property(tries = 300)
    void columnIReadsOnlyTheBytesUpToItsEnd(@ForAll("rows") Case c, @ForAll long seed) throws Exception {
        CodecTestOverflowStore store = new CodecTestOverflowStore();
        byte[] bytes = new RowFormat(c.schema(), c.threshold(), store).write(c.row());
        RowView full = new RowView(c.schema(), bytes, store);
        Random random = new Random(seed);
        int i = random.nextInt(c.schema().size());
        int end = full.valueEnd(i);
        byte[] truncated = Arrays.copyOf(bytes, end);
        byte[] garbled = bytes.clone();
        Arrays.fill(garbled, end, garbled.length, (byte) 0xFF);
        for (byte[] damaged : List.of(truncated, garbled)) {
            RowView view = new RowView(c.schema(), damaged, store);
            for (int j = i; j >= 0; j--) {
                assertThat(CodecArbitraries.same(view.get(j), c.row().get(j))).as("column %d of %s", j, c).isTrue();
            }
        }
    }

    @Property(tries = 200)
    void rowsFromAnOlderSchemaReadNewColumnsAsNull(@ForAll("rows") Case c, @ForAll Random random) throws Exception {
        int old = random.nextInt(c.schema().size() + 1);
        CodecTestOverflowStore store = new CodecTestOverflowStore();
        byte[] bytes = new RowFormat(c.schema().subList(0, old), c.threshold(), store).write(c.row().subList(0, old));
        RowView view = new RowView(c.schema(), bytes, store);
        assertThat(view.storedColumnCount()).isEqualTo(old);
        List<Object> expected = new ArrayList<>(c.row().subList(0, old));
        while (expected.size() < c.schema().size()) {
            expected.add(null);
        }
        assertThat(CodecArbitraries.sameLists(view.values(), expected)).isTrue();
        for (int i = old; i < c.schema().size(); i++) {
            assertThat(view.isNull(i)).isTrue();
            assertThat(view.isOverflow(i)).isFalse();
        }
    }

    @Property(tries = 800)
    void damagedRowsRaiseOnlyRecordFormatException(@ForAll("rows") Case c, @ForAll long seed) throws Exception {
        CodecTestOverflowStore store = new CodecTestOverflowStore();
        byte[] bytes = new RowFormat(c.schema(), c.threshold(), store).write(c.row());
        Random random = new Random(seed);
        byte[] damaged = CodecMutations.mutate(bytes, random);
        try {
            RowView view = new RowView(c.schema(), damaged, store);
            for (int k = 0; k < c.schema().size(); k++) {
                int i = random.nextInt(c.schema().size());
                try {
                    view.isNull(i);
                    view.get(i);
                    if (view.isOverflow(i)) {
                        view.overflowRef(i);
                    }
                    if (c.schema().get(i).isVariableLength()) {
                        try (InputStream in = view.stream(i)) {
                            if (in != null) {
                                in.readAllBytes();
                            }
                        }
                    }
                } catch (RecordFormatException | CodecTestOverflowStore.UnknownRegionException expected) {
                    // a later column may still read
                }
            }
        } catch (RecordFormatException expected) {
            // header damaged
        } catch (Throwable t) {
            fail("seed " + seed + ": " + Arrays.toString(damaged) + " threw " + t, t);
        }
    }

    @Provide
    Arbitrary<Case> rows() {
        Arbitrary<List<SqlType>> schemas = CodecArbitraries.types().list().ofMinSize(1).ofMaxSize(12);
        Arbitrary<Integer> thresholds = Arbitraries.of(16, 40, 256);
        return Combinators.combine(schemas, thresholds).flatAs((schema, threshold) -> {
            List<Arbitrary<Object>> parts = schema.stream().map(RowFormatProperties::rowValues).toList();
            return Combinators.combine(parts).as(values -> new Case(schema, new ArrayList<>(values), threshold));
        });
    }

    private static Arbitrary<Object> rowValues(SqlType type) {
        Arbitrary<Object> big = switch (type) {
            case VARCHAR -> Arbitraries.strings().all().ofMinLength(10).ofMaxLength(400).map(s -> s);
            case VARBINARY -> Arbitraries.bytes().array(byte[].class).ofMinSize(10).ofMaxSize(600).map(b -> b);
            default -> CodecArbitraries.values(type);
        };
        return Arbitraries.oneOf(CodecArbitraries.values(type), big).injectNull(0.2);
    }
}
