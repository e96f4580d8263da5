package io.bstack.btree;

import java.util.Arrays;
import java.util.List;

/**
 * Encodes index keys (lists of column values) to byte strings whose unsigned lexicographic order
 * ({@link Arrays#compareUnsigned(byte[], byte[])}) is the key order: column by column,
 * {@link Values#compare}, inverted for a DESC column, NULLs placed per
 * {@link KeyColumn#nullsFirst()}. Equal keys (under that order) encode to equal bytes. A
 * composite key is the concatenation of its columns' encodings; each column's encoding is
 * prefix-free, so a shorter column never compares against the next column's bytes. Immutable and
 * thread-safe.
 *
 * <table>
 * <caption>One column (ascending form; a DESC column has every one of these bytes inverted)</caption>
 * <tr><th>part</th><th>bytes</th></tr>
 * <tr><td>NULL</td><td>0x00 if NULLs must come first in ascending form, else 0xFF
 *     (ascending form: low when nullsFirst XOR descending)</td></tr>
 * <tr><td>non-null</td><td>0x01 ‖ value</td></tr>
 * </table>
 *
 * <table>
 * <caption>Value, ascending form ("flipped" = big-endian with the sign bit inverted)</caption>
 * <tr><th>type</th><th>bytes</th></tr>
 * <tr><td>BOOLEAN</td><td>1: 0x00 false, 0x01 true</td></tr>
 * <tr><td>TINYINT / SMALLINT / INTEGER / BIGINT</td><td>1 / 2 / 4 / 8 flipped (each type its own width)</td></tr>
 * <tr><td>REAL / DOUBLE</td><td>4 / 8: IEEE bits of the canonical value, negatives all bits inverted,
 *     others sign bit set; -0.0 is written as 0.0 and every NaN as the canonical NaN, above +Infinity</td></tr>
 * <tr><td>DECIMAL</td><td>variable: tag (0x01 negative, 0x02 zero, 0x03 positive) ‖ order-preserving exponent ‖
 *     base-100 digit bytes, inverted when negative; see {@link KeyDecimalCodec}; scale is not kept</td></tr>
 * <tr><td>VARCHAR</td><td>UTF-8 (unpaired surrogates kept, see {@link CodecUtf8}), each 0x00 as 0x00 0xFF,
 *     then the terminator 0x00 0x01</td></tr>
 * <tr><td>VARBINARY</td><td>the bytes, each 0x00 as 0x00 0xFF, then 0x00 0x01</td></tr>
 * <tr><td>DATE</td><td>8: epoch day flipped</td></tr>
 * <tr><td>TIME</td><td>8: nano of day, big-endian</td></tr>
 * <tr><td>TIMESTAMP</td><td>12: epoch second (as if UTC) flipped ‖ nano (4, big-endian)</td></tr>
 * <tr><td>TIMESTAMP_WITH_TIME_ZONE</td><td>16: instant's epoch second flipped ‖ nano (4) ‖ offset seconds (4, flipped)</td></tr>
 * <tr><td>UUID</td><td>16: most then least significant 64 bits, big-endian</td></tr>
 * <tr><td>REGION</td><td>16: offset then length, u64 big-endian</td></tr>
 * </table>
 *
 * <p>Range scans: {@link #encodePrefix} of the first k values gives the least key with those k
 * columns; every key whose first k columns equal them starts with exactly those bytes and is
 * below {@link #successor(byte[])} of them.
 */
public final class KeyEncoder {
    static final int NULL_LOW = 0x00;
    static final int NULL_HIGH = 0xFF;
    static final int PRESENT = 0x01;

    private final List<KeyColumn> columns;

    public KeyEncoder(List<KeyColumn> columns) {
        this.columns = List.copyOf(columns);
    }

    public List<KeyColumn> columns() {
        return columns;
    }

    /**
     * The encoding of a full key.
     *
     * @throws IllegalArgumentException if {@code key} has not one value per column, a value is
     *     not of its column's type, or a DECIMAL is beyond 10^(2^31 + 4096) in magnitude
     */
    public byte[] encode(List<?> key) {
        if (key.size() != columns.size()) {
            throw new IllegalArgumentException("key has " + key.size() + " values for " + columns.size() + " columns");
        }
        return encodePrefix(key);
    }

    /**
     * The encoding of the first {@code values.size()} columns: a prefix of the encoding of every
     * key that starts with these values.
     *
     * @throws IllegalArgumentException if there are more values than columns, or a value is not of
     *     its column's type
     */
    public byte[] encodePrefix(List<?> values) {
        if (values.size() > columns.size()) {
            throw new IllegalArgumentException(values.size() + " values for " + columns.size() + " columns");
        }
        CodecSink out = new CodecSink(16 * values.size());
        for (int i = 0; i < values.size(); i++) {
            KeyColumn column = columns.get(i);
            Object v = values.get(i);
            Values.check(column.type(), v);
            int start = out.size();
            if (v == null) {
                out.write(column.nullMarkerLow() ? NULL_LOW : NULL_HIGH);
            } else {
                out.write(PRESENT);
                KeyValueCodec.encode(out, column.type(), v);
            }
            if (column.descending()) {
                out.invertFrom(start);
            }
        }
        return out.toByteArray();
    }

    /**
     * The least byte string greater than every string that starts with {@code prefix}: the prefix
     * without its trailing 0xFF bytes, last byte plus one. {@code null} when there is none (the
     * prefix is empty or all 0xFF): the range is then unbounded above.
     */
    public static byte[] successor(byte[] prefix) {
        int n = prefix.length;
        while (n > 0 && prefix[n - 1] == (byte) 0xFF) {
            n--;
        }
        if (n == 0) {
            return null;
        }
        byte[] out = Arrays.copyOf(prefix, n);
        out[n - 1]++;
        return out;
    }

    /** The least byte string strictly greater than {@code key}: {@code key ‖ 0x00}. */
    public static byte[] next(byte[] key) {
        return Arrays.copyOf(key, key.length + 1);
    }

    /** Whether {@code key} starts with {@code prefix}, i.e. lies in {@code [prefix, successor(prefix))}. */
    public static boolean startsWith(byte[] key, byte[] prefix) {
        return key.length >= prefix.length && Arrays.equals(key, 0, prefix.length, prefix, 0, prefix.length);
    }
}
