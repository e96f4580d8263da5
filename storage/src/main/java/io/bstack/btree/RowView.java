package io.bstack.btree;

import io.bstack.alloc.Region;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * Reads one row written by {@link RowFormat} (format tables there) under the current schema,
 * column by column, without decoding the others: reaching column i skips the payloads of columns
 * 0..i-1 by their widths, varints or length prefixes (never decoding them), and caches each
 * offset found, so only the bytes up to the end of column i are ever looked at; a damaged later
 * column cannot break an earlier one. A row written with fewer columns than the schema (before an
 * ADD COLUMN) reads the missing trailing columns as NULL; a row with more columns than the schema
 * is refused. Overflowed values can be streamed through the {@link OverflowStore} without being
 * materialised. Damaged bytes raise {@link RecordFormatException}. The view does not copy the
 * array, which must not change while the view is used; it is not thread-safe (the offset cache
 * is filled lazily).
 */
public final class RowView {
    private static final int MAX_MATERIALISED = Integer.MAX_VALUE - 16;

    private final List<SqlType> schema;
    private final byte[] row;
    private final int end;
    private final OverflowStore store;
    private final int stored;
    private final int bitmapStart;
    /** starts[i] = offset of column i's payload, known for i < known. */
    private final int[] starts;
    private int known;

    public RowView(List<SqlType> schema, byte[] row, OverflowStore store) throws RecordFormatException {
        this(schema, row, 0, row.length, store);
    }

    /** A view of {@code row[off, off + len)}, e.g. a cell inside a page. */
    public RowView(List<SqlType> schema, byte[] row, int off, int len, OverflowStore store)
            throws RecordFormatException {
        this.schema = List.copyOf(schema);
        this.row = row;
        this.store = Objects.requireNonNull(store, "store");
        CodecCursor in = new CodecCursor(row, off, len);
        this.end = in.limit();
        this.stored = in.readLength(this.schema.size(), "row column count");
        this.bitmapStart = in.position();
        int bitmapLength = (stored + 7) >>> 3;
        in.skip(bitmapLength);
        if ((stored & 7) != 0 && (row[bitmapStart + bitmapLength - 1] & 0xFF) >>> (stored & 7) != 0) {
            throw new RecordFormatException("null bitmap has bits set past column " + stored);
        }
        this.starts = new int[stored];
        if (stored > 0) {
            starts[0] = in.position();
            known = 1;
        }
    }

    /** The number of columns of the schema, which the view shows. */
    public int columnCount() {
        return schema.size();
    }

    /** The number of columns the row was written with (at most {@link #columnCount()}). */
    public int storedColumnCount() {
        return stored;
    }

    /** Whether column i is SQL NULL (always, for a column the row was written without). */
    public boolean isNull(int i) {
        Objects.checkIndex(i, schema.size());
        return i >= stored || (row[bitmapStart + (i >>> 3)] & (1 << (i & 7))) != 0;
    }

    /** Whether column i is a value kept in overflow storage (only VARCHAR, VARBINARY, DECIMAL can be). */
    public boolean isOverflow(int i) throws RecordFormatException {
        if (isNull(i) || !schema.get(i).isVariableLength()) {
            return false;
        }
        return (readVariableHeader(cursorAt(i)) & 1) != 0;
    }

    /**
     * The overflow region of column i.
     *
     * @throws IllegalStateException if the column is not {@link #isOverflow overflowed}
     */
    public Region overflowRef(int i) throws RecordFormatException {
        if (!isOverflow(i)) {
            throw new IllegalStateException("column " + i + " is not an overflow value");
        }
        CodecCursor in = cursorAt(i);
        readVariableHeader(in);
        return readRegion(in);
    }

    /**
     * The payload bytes of a variable-length column (UTF-8 for VARCHAR, the bytes for VARBINARY,
     * scale varint + unscaled bytes for DECIMAL), streamed from the overflow store if it was
     * spilled, never materialised; {@code null} if the column is NULL.
     *
     * @throws IllegalArgumentException if the column's type is not variable-length
     */
    public InputStream stream(int i) throws IOException {
        if (!schema.get(i).isVariableLength()) {
            throw new IllegalArgumentException("column " + i + " is " + schema.get(i) + ", not variable-length");
        }
        if (isNull(i)) {
            return null;
        }
        CodecCursor in = cursorAt(i);
        long header = readVariableHeader(in);
        if ((header & 1) != 0) {
            Region r = readRegion(in);
            return new RowOverflowStream(store.open(r.offset(), r.len()), r.len());
        }
        int len = inlineLength(in, header);
        return new ByteArrayInputStream(row, in.position(), len);
    }

    /**
     * Column i's value like {@link #get}, except that a spilled VARCHAR or VARBINARY value comes as
     * a {@link StoredLob} over its region in {@code view} (the view the row was read through), not
     * read at all.
     */
    public Object lob(int i, io.bstack.stack.ByteStack view) throws IOException {
        SqlType type = schema.get(i);
        if ((type == SqlType.VARCHAR || type == SqlType.VARBINARY) && isOverflow(i)) {
            return new StoredLob(view, overflowRef(i), type == SqlType.VARCHAR);
        }
        return get(i);
    }

    /** Column i's value (null = SQL NULL), read from the overflow store if it was spilled. */
    public Object get(int i) throws IOException {
        if (isNull(i)) {
            return null;
        }
        SqlType type = schema.get(i);
        CodecCursor in = cursorAt(i);
        try {
            return switch (type) {
                case BOOLEAN -> {
                    int b = in.readUnsignedByte();
                    if (b > 1) {
                        throw new RecordFormatException("BOOLEAN byte " + b);
                    }
                    yield b == 1;
                }
                case TINYINT -> (byte) ranged(in.readZigZag(), Byte.MIN_VALUE, Byte.MAX_VALUE, type);
                case SMALLINT -> (short) ranged(in.readZigZag(), Short.MIN_VALUE, Short.MAX_VALUE, type);
                case INTEGER -> (int) ranged(in.readZigZag(), Integer.MIN_VALUE, Integer.MAX_VALUE, type);
                case BIGINT -> in.readZigZag();
                case REAL -> Float.intBitsToFloat((int) in.readLittleEndian(4));
                case DOUBLE -> Double.longBitsToDouble(in.readLittleEndian(8));
                case DATE -> LocalDate.ofEpochDay(in.readZigZag());
                case TIME -> LocalTime.ofNanoOfDay(in.readVarLong());
                case TIMESTAMP -> readDateTime(in);
                case TIMESTAMP_WITH_TIME_ZONE -> {
                    LocalDateTime local = readDateTime(in);
                    int offset = (int) ranged(in.readZigZag(), Integer.MIN_VALUE, Integer.MAX_VALUE, type);
                    yield OffsetDateTime.of(local, ZoneOffset.ofTotalSeconds(offset));
                }
                case UUID -> new UUID(in.readBigEndian(8), in.readBigEndian(8));
                case REGION -> readRegion(in);
                case VARCHAR, VARBINARY, DECIMAL -> readVariable(in, type);
            };
        } catch (DateTimeException e) {
            throw new RecordFormatException(type + " value out of range in column " + i + ": " + e.getMessage());
        }
    }

    /** Every column's value, schema order. */
    public List<Object> values() throws IOException {
        return Collections.unmodifiableList(Arrays.asList(toArray()));
    }

    /** Every column's value, in order, in a new array. */
    public Object[] toArray() throws IOException {
        Object[] out = new Object[schema.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = get(i);
        }
        return out;
    }

    /** The offset just past column i's payload (its start for a NULL); for tests of locality. */
    int valueEnd(int i) throws RecordFormatException {
        CodecCursor in = cursorAt(i);
        if (!isNull(i)) {
            skipValue(in, schema.get(i));
        }
        return in.position();
    }

    private Object readVariable(CodecCursor in, SqlType type) throws IOException {
        long header = readVariableHeader(in);
        if ((header & 1) == 0) {
            int len = inlineLength(in, header);
            return RowPayloadCodec.decode(type, row, in.position(), len);
        }
        Region r = readRegion(in);
        if (r.len() > MAX_MATERIALISED) {
            throw new RecordFormatException("overflow value of " + r.len() + " bytes is too large to materialise");
        }
        byte[] payload;
        try (InputStream s = new RowOverflowStream(store.open(r.offset(), r.len()), r.len())) {
            payload = s.readNBytes((int) r.len());
        }
        if (payload.length != r.len()) {
            throw new RecordFormatException("overflow value ended after " + payload.length + " of " + r.len() + " bytes");
        }
        return RowPayloadCodec.decode(type, payload, 0, payload.length);
    }

    /** A cursor at column i's payload (i < stored), skipping and caching earlier columns' offsets. */
    private CodecCursor cursorAt(int i) throws RecordFormatException {
        CodecCursor in = new CodecCursor(row, 0, end);
        while (known <= i) {
            int c = known - 1;
            in.position(starts[c]);
            if (!isNull(c)) {
                skipValue(in, schema.get(c));
            }
            starts[known++] = in.position();
        }
        in.position(starts[i]);
        return in;
    }

    private static void skipValue(CodecCursor in, SqlType type) throws RecordFormatException {
        switch (type) {
            case BOOLEAN -> in.skip(1);
            case REAL -> in.skip(4);
            case DOUBLE -> in.skip(8);
            case UUID, REGION -> in.skip(16);
            case TINYINT, SMALLINT, INTEGER, BIGINT, DATE, TIME -> in.readVarLong();
            case TIMESTAMP -> {
                in.readVarLong();
                in.readVarLong();
            }
            case TIMESTAMP_WITH_TIME_ZONE -> {
                in.readVarLong();
                in.readVarLong();
                in.readVarLong();
            }
            case VARCHAR, VARBINARY, DECIMAL -> {
                long header = readVariableHeader(in);
                in.skip((header & 1) != 0 ? Region.ENCODED_SIZE : inlineLength(in, header));
            }
        }
    }

    private static int inlineLength(CodecCursor in, long header) throws RecordFormatException {
        long len = header >>> 1;
        if (len > in.remaining()) {
            throw in.truncated(len);
        }
        return (int) len;
    }

    /** A variable-length value's header: (len << 1) inline, or exactly the overflow header. */
    private static long readVariableHeader(CodecCursor in) throws RecordFormatException {
        long header = in.readVarLong();
        if ((header & 1) != 0 && header != RowFormat.OVERFLOW_HEADER) {
            throw new RecordFormatException("overflow header " + Long.toUnsignedString(header));
        }
        return header;
    }

    private static Region readRegion(CodecCursor in) throws RecordFormatException {
        long offset = in.readLittleEndian(8);
        long len = in.readLittleEndian(8);
        if (offset < 0 || len < 0 || len > Long.MAX_VALUE - offset) {
            throw new RecordFormatException("region [" + Long.toUnsignedString(offset) + " + "
                    + Long.toUnsignedString(len) + ") is outside [0, 2^63)");
        }
        return new Region(offset, len);
    }

    private static LocalDateTime readDateTime(CodecCursor in) throws RecordFormatException {
        LocalDate date = LocalDate.ofEpochDay(in.readZigZag());
        return LocalDateTime.of(date, LocalTime.ofNanoOfDay(in.readVarLong()));
    }

    private static long ranged(long v, long min, long max, SqlType type) throws RecordFormatException {
        if (v < min || v > max) {
            throw new RecordFormatException(type + " value " + v + " out of range");
        }
        return v;
    }

    @Override
    public String toString() {
        return "RowView[" + stored + "/" + schema.size() + " columns, " + Arrays.toString(schema.toArray()) + "]";
    }
}
