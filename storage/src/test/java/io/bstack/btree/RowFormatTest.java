package io.bstack.btree;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bstack.alloc.Region;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Fixed examples of the row format: exact bytes, exactness of values, and each refusal. */
class RowFormatTest {
    private static final List<SqlType> SMALL = List.of(SqlType.INTEGER, SqlType.VARCHAR, SqlType.BOOLEAN);

    @Test
    void smallRowHasTheDocumentedBytes() throws Exception {
        byte[] row = new RowFormat(SMALL, 64, new CodecTestOverflowStore()).write(Arrays.asList(-1, "hi", null));
        // count 3, bitmap 0b100, zigzag(-1) = 1, len 2 << 1 = 4, 'h', 'i'
        assertThat(row).containsExactly(3, 4, 1, 4, 'h', 'i');
    }

    @Test
    void overflowReferenceHasTheDocumentedBytes() throws Exception {
        CodecTestOverflowStore store = new CodecTestOverflowStore();
        byte[] value = new byte[17];
        byte[] row = new RowFormat(List.of(SqlType.VARBINARY), 16, store).write(List.of(value));
        Region r = new RowView(List.of(SqlType.VARBINARY), row, store).overflowRef(0);
        byte[] expected = new byte[3 + 16];
        expected[0] = 1;
        expected[2] = 33;
        System.arraycopy(r.toBytes(), 0, expected, 3, 16);
        assertThat(row).containsExactly(expected);
        assertThat(r.len()).isEqualTo(17);
    }

    @Test
    void valuesAreKeptExactly() throws Exception {
        List<SqlType> schema = List.of(SqlType.DECIMAL, SqlType.REAL, SqlType.DOUBLE, SqlType.DOUBLE, SqlType.VARCHAR);
        List<Object> values = Arrays.asList(new BigDecimal("1.00"), -0.0f, Double.longBitsToDouble(0x7ff0000000000123L),
                -0.0, "");
        CodecTestOverflowStore store = new CodecTestOverflowStore();
        RowView view = new RowView(schema, new RowFormat(schema, 16, store).write(values), store);
        assertThat(((BigDecimal) view.get(0)).scale()).isEqualTo(2);
        assertThat(Float.floatToRawIntBits((Float) view.get(1))).isEqualTo(Float.floatToRawIntBits(-0.0f));
        assertThat(Double.doubleToRawLongBits((Double) view.get(2))).isEqualTo(0x7ff0000000000123L);
        assertThat(Double.doubleToRawLongBits((Double) view.get(3))).isEqualTo(Double.doubleToRawLongBits(-0.0));
        assertThat(view.get(4)).isEqualTo("");
        assertThat(view.isNull(4)).isFalse();
    }

    @Test
    void readingAnEarlyColumnDoesNotTouchALaterOverflowValue() throws Exception {
        List<SqlType> schema = List.of(SqlType.BIGINT, SqlType.VARCHAR, SqlType.VARCHAR);
        CodecTestOverflowStore store = new CodecTestOverflowStore();
        byte[] row = new RowFormat(schema, 16, store).write(List.of(42L, "x".repeat(500), "tail"));
        RowView view = new RowView(schema, row, store);
        assertThat(view.get(0)).isEqualTo(42L);
        assertThat(view.get(2)).isEqualTo("tail");
        assertThat(view.isOverflow(1)).isTrue();
        assertThat(store.opens).isZero();
        assertThat(view.get(1)).isEqualTo("x".repeat(500));
        assertThat(store.opens).isEqualTo(1);
    }

    @Test
    void damagedRowsAndMisuseAreRefusedTyped() throws Exception {
        CodecTestOverflowStore store = new CodecTestOverflowStore();
        assertThatThrownBy(() -> new RowView(List.of(SqlType.INTEGER), new byte[] {2, 0, 0, 0}, store))
                .isInstanceOf(RecordFormatException.class).hasMessageContaining("column count");
        assertThatThrownBy(() -> new RowView(List.of(SqlType.INTEGER), new byte[] {1, 2, 0}, store))
                .isInstanceOf(RecordFormatException.class).hasMessageContaining("bitmap");
        assertThatThrownBy(() -> new RowView(SMALL, new byte[] {3, 0, 1, 9, 'h'}, store).get(1))
                .isInstanceOf(RecordFormatException.class);
        assertThatThrownBy(() -> new RowView(List.of(SqlType.TINYINT), new byte[] {1, 0, (byte) 0x80, 2}, store).get(0))
                .isInstanceOf(RecordFormatException.class).hasMessageContaining("out of range");
        assertThatThrownBy(() -> new RowView(List.of(SqlType.DATE), new byte[] {1, 0, -1, -1, -1, -1, -1, -1, -1, -1, -1, 1},
                store).get(0)).isInstanceOf(RecordFormatException.class);
        assertThatThrownBy(() -> new RowFormat(SMALL, 15, store)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RowFormat(SMALL, 64, store).write(List.of(1, 2, true)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RowFormat(SMALL, 64, store).write(List.of(1, "a")))
                .isInstanceOf(IllegalArgumentException.class);
        RowView view = new RowView(SMALL, new RowFormat(SMALL, 64, store).write(Arrays.asList(1, "a", true)), store);
        assertThatThrownBy(() -> view.overflowRef(1)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> view.stream(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anOverflowValueThatEndsEarlyIsCorrupt() throws Exception {
        OverflowStore shortStore = new OverflowStore() {
            @Override
            public Region spill(byte[] value) {
                return new Region(100, value.length);
            }

            @Override
            public InputStream open(long offset, long length) {
                return new ByteArrayInputStream(new byte[(int) length - 1]);
            }
        };
        List<SqlType> schema = List.of(SqlType.VARBINARY);
        byte[] row = new RowFormat(schema, 16, shortStore).write(List.of(new byte[40]));
        RowView view = new RowView(schema, row, shortStore);
        assertThatThrownBy(() -> view.get(0)).isInstanceOf(RecordFormatException.class);
        assertThatThrownBy(() -> view.stream(0).readAllBytes()).isInstanceOf(RecordFormatException.class);
    }
}
