package io.bstack.btree;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Decodes what {@link KeyEncoder} wrote for the same column list back to values. Exact, except
 * that the encoding keeps only what the order sees: REAL/DOUBLE -0.0 comes back as 0.0 and any
 * NaN as the canonical NaN; DECIMAL comes back normalised ({@link java.math.BigDecimal#stripTrailingZeros},
 * e.g. 1.50 → 1.5, 100 → 1E+2), equal by {@code compareTo}. Bytes no encoder could have written
 * (truncated, a bad marker, escape or digit, trailing garbage, an out-of-range date) raise
 * {@link RecordFormatException}. Immutable and thread-safe.
 */
public final class KeyDecoder {
    private final List<KeyColumn> columns;

    public KeyDecoder(List<KeyColumn> columns) {
        this.columns = List.copyOf(columns);
    }

    public List<KeyColumn> columns() {
        return columns;
    }

    /** The values of a full key: exactly one per column, no bytes left over. */
    public List<Object> decode(byte[] key) throws RecordFormatException {
        return decode(key, 0, key.length);
    }

    /** {@link #decode(byte[])} of {@code key[off, off + len)}. */
    public List<Object> decode(byte[] key, int off, int len) throws RecordFormatException {
        CodecCursor in = new CodecCursor(key, off, len);
        List<Object> values = decodeColumns(in, columns.size());
        if (in.remaining() != 0) {
            throw new RecordFormatException(in.remaining() + " byte(s) after the last key column");
        }
        return values;
    }

    /**
     * The values of an encoded prefix ({@link KeyEncoder#encodePrefix}): as many whole columns as
     * the bytes hold; a column cut in the middle is an error.
     */
    public List<Object> decodePrefix(byte[] prefix) throws RecordFormatException {
        CodecCursor in = new CodecCursor(prefix, 0, prefix.length);
        List<Object> values = new ArrayList<>();
        while (in.remaining() > 0) {
            if (values.size() == columns.size()) {
                throw new RecordFormatException(in.remaining() + " byte(s) after the last key column");
            }
            values.add(decodeColumn(in, columns.get(values.size())));
        }
        return Collections.unmodifiableList(values);
    }

    private List<Object> decodeColumns(CodecCursor in, int count) throws RecordFormatException {
        List<Object> values = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            values.add(decodeColumn(in, columns.get(i)));
        }
        return Collections.unmodifiableList(values);
    }

    private static Object decodeColumn(CodecCursor in, KeyColumn column) throws RecordFormatException {
        in.inverted(column.descending());
        try {
            int marker = in.readUnsignedByte();
            if (marker == KeyEncoder.PRESENT) {
                return KeyValueCodec.decode(in, column.type(), column.descending());
            }
            int nullMarker = column.nullMarkerLow() ? KeyEncoder.NULL_LOW : KeyEncoder.NULL_HIGH;
            if (marker != nullMarker) {
                throw new RecordFormatException("key column marker 0x" + Integer.toHexString(marker) + " for "
                        + column);
            }
            return null;
        } finally {
            in.inverted(false);
        }
    }
}
