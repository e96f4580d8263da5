package io.bstack.btree;

import io.bstack.alloc.Region;
import java.io.IOException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * Writes table rows in the compact row format that {@link RowView} reads. Immutable and
 * thread-safe if its {@link OverflowStore} is.
 *
 * <table>
 * <caption>Row</caption>
 * <tr><th>part</th><th>bytes</th></tr>
 * <tr><td>column count N</td><td>varint (unsigned LEB128)</td></tr>
 * <tr><td>null bitmap</td><td>ceil(N/8) bytes; bit (i mod 8) of byte (i div 8) set = column i is NULL; unused bits 0</td></tr>
 * <tr><td>values</td><td>each non-null column's payload, in column order; a NULL takes no bytes</td></tr>
 * </table>
 *
 * <table>
 * <caption>Payload per type</caption>
 * <tr><th>type</th><th>bytes</th></tr>
 * <tr><td>BOOLEAN</td><td>1: 0 or 1</td></tr>
 * <tr><td>TINYINT, SMALLINT, INTEGER, BIGINT</td><td>zig-zag varint</td></tr>
 * <tr><td>REAL / DOUBLE</td><td>4 / 8: raw IEEE bits, little-endian (exact: -0.0 and NaN bits kept)</td></tr>
 * <tr><td>DATE</td><td>zig-zag varint epoch day</td></tr>
 * <tr><td>TIME</td><td>varint nano of day</td></tr>
 * <tr><td>TIMESTAMP</td><td>zig-zag varint epoch day ‖ varint nano of day</td></tr>
 * <tr><td>TIMESTAMP_WITH_TIME_ZONE</td><td>local date-time as TIMESTAMP ‖ zig-zag varint offset seconds</td></tr>
 * <tr><td>UUID</td><td>16: most then least significant 64 bits, big-endian</td></tr>
 * <tr><td>REGION</td><td>16: offset u64 LE ‖ length u64 LE (as {@link Region#toBytes()})</td></tr>
 * <tr><td>VARCHAR, VARBINARY, DECIMAL inline</td><td>varint (len &lt;&lt; 1) ‖ len bytes ({@link RowPayloadCodec})</td></tr>
 * <tr><td>VARCHAR, VARBINARY, DECIMAL overflow</td><td>varint (16 &lt;&lt; 1 | 1) ‖ region offset u64 LE ‖ length u64 LE</td></tr>
 * </table>
 *
 * <p>A variable-length value whose payload is longer than the overflow threshold is handed to
 * {@link OverflowStore#spill} and only its region stays in the row; a {@link Lob} value is streamed
 * into its region in chunks. There is no offset table:
 * every payload is skippable from its first bytes (a fixed width, a varint, or a length), so
 * {@link RowView} reaches column i by skipping i payloads without decoding them, and remembers
 * the offsets it found. That keeps small rows (the common case) free of 1–4 bytes per column of
 * table on every page, at the cost of an O(i) skip on a view's first access to column i.
 */
public final class RowFormat {
    /** The smallest threshold: below it a spilled value's reference would outgrow the value. */
    public static final int MIN_OVERFLOW_THRESHOLD = Region.ENCODED_SIZE;
    static final int OVERFLOW_HEADER = (Region.ENCODED_SIZE << 1) | 1;

    private final List<SqlType> schema;
    private final int overflowThreshold;
    private final OverflowStore store;

    /**
     * @param overflowThreshold the largest payload kept in the row, e.g. a quarter of the page
     *     size; at least {@link #MIN_OVERFLOW_THRESHOLD}
     */
    public RowFormat(List<SqlType> schema, int overflowThreshold, OverflowStore store) {
        this.schema = List.copyOf(schema);
        if (overflowThreshold < MIN_OVERFLOW_THRESHOLD) {
            throw new IllegalArgumentException("overflow threshold " + overflowThreshold + " < " + MIN_OVERFLOW_THRESHOLD);
        }
        this.overflowThreshold = overflowThreshold;
        this.store = Objects.requireNonNull(store, "store");
    }

    public List<SqlType> schema() {
        return schema;
    }

    public int overflowThreshold() {
        return overflowThreshold;
    }

    /**
     * The row of {@code values}, one per schema column (null = SQL NULL); spills large values.
     *
     * @throws IllegalArgumentException if the count or a value's class does not match the schema
     * @throws IOException if the overflow store fails
     */
    public byte[] write(List<?> values) throws IOException {
        int n = schema.size();
        if (values.size() != n) {
            throw new IllegalArgumentException("row has " + values.size() + " values for " + n + " columns");
        }
        byte[] bitmap = new byte[(n + 7) >>> 3];
        for (int i = 0; i < n; i++) {
            Values.check(schema.get(i), values.get(i));
            if (values.get(i) == null) {
                bitmap[i >>> 3] |= (byte) (1 << (i & 7));
            }
        }
        CodecSink out = new CodecSink(8 + bitmap.length + 8 * n);
        out.writeVarLong(n);
        out.write(bitmap);
        for (int i = 0; i < n; i++) {
            Object v = values.get(i);
            if (v != null) {
                writeValue(out, schema.get(i), v);
            }
        }
        return out.toByteArray();
    }

    private void writeValue(CodecSink out, SqlType type, Object v) throws IOException {
        switch (type) {
            case BOOLEAN -> out.write((Boolean) v ? 1 : 0);
            case TINYINT -> out.writeZigZag((Byte) v);
            case SMALLINT -> out.writeZigZag((Short) v);
            case INTEGER -> out.writeZigZag((Integer) v);
            case BIGINT -> out.writeZigZag((Long) v);
            case REAL -> out.writeLittleEndian(Float.floatToRawIntBits((Float) v), 4);
            case DOUBLE -> out.writeLittleEndian(Double.doubleToRawLongBits((Double) v), 8);
            case DATE -> out.writeZigZag(((LocalDate) v).toEpochDay());
            case TIME -> out.writeVarLong(((LocalTime) v).toNanoOfDay());
            case TIMESTAMP -> writeDateTime(out, (LocalDateTime) v);
            case TIMESTAMP_WITH_TIME_ZONE -> {
                OffsetDateTime t = (OffsetDateTime) v;
                writeDateTime(out, t.toLocalDateTime());
                out.writeZigZag(t.getOffset().getTotalSeconds());
            }
            case UUID -> {
                out.writeBigEndian(((UUID) v).getMostSignificantBits(), 8);
                out.writeBigEndian(((UUID) v).getLeastSignificantBits(), 8);
            }
            case REGION -> out.write(((Region) v).toBytes());
            case VARCHAR, VARBINARY, DECIMAL -> {
                if (v instanceof Lob lob) {
                    writeLob(out, lob);
                } else {
                    writeVariable(out, RowPayloadCodec.encode(type, v));
                }
            }
        }
    }

    /** A value carried by reference: inline if small, else streamed into a fresh region in chunks. */
    private void writeLob(CodecSink out, Lob lob) throws IOException {
        long n = lob.length();
        if (n <= overflowThreshold) {
            byte[] payload;
            try (var in = lob.open()) {
                payload = in.readNBytes((int) n);
            }
            if (payload.length != n) {
                throw new LobStreamException("the value's stream ended after " + payload.length + " of " + n + " bytes");
            }
            writeVariable(out, payload);
            return;
        }
        Region region;
        try (var in = lob.open()) {
            region = store.spill(in, n);
        }
        if (region.len() != n) {
            throw new IllegalStateException("overflow store returned " + region + " for " + n + " bytes");
        }
        out.writeVarLong(OVERFLOW_HEADER);
        out.write(region.toBytes());
    }

    private void writeVariable(CodecSink out, byte[] payload) throws IOException {
        if (payload.length <= overflowThreshold) {
            out.writeVarLong((long) payload.length << 1);
            out.write(payload);
            return;
        }
        Region region = store.spill(payload);
        if (region.len() != payload.length) {
            throw new IllegalStateException("overflow store returned " + region + " for " + payload.length + " bytes");
        }
        out.writeVarLong(OVERFLOW_HEADER);
        out.write(region.toBytes());
    }

    private static void writeDateTime(CodecSink out, LocalDateTime t) {
        out.writeZigZag(t.toLocalDate().toEpochDay());
        out.writeVarLong(t.toLocalTime().toNanoOfDay());
    }
}
