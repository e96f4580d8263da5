package io.bstack.btree;

import java.util.Objects;

/**
 * A bounds-checked reader over a slice of a byte array, the decoders' only way to touch bytes:
 * every read past the slice, and every malformed varint, is a {@link RecordFormatException},
 * never an index error. An optional mask (0x00 or 0xFF) is XORed into every byte read, so a DESC
 * key column is decoded by the ascending code. Not thread-safe.
 */
final class CodecCursor {
    private final byte[] buf;
    private final int limit;
    private int pos;
    private int mask;

    CodecCursor(byte[] buf, int off, int len) {
        Objects.checkFromIndexSize(off, len, buf.length);
        this.buf = buf;
        this.pos = off;
        this.limit = off + len;
    }

    int position() {
        return pos;
    }

    void position(int p) throws RecordFormatException {
        if (p < 0 || p > limit) {
            throw new RecordFormatException("position " + p + " outside the encoding (end " + limit + ")");
        }
        pos = p;
    }

    int limit() {
        return limit;
    }

    int remaining() {
        return limit - pos;
    }

    /** Whether later reads invert each byte. */
    void inverted(boolean invert) {
        mask = invert ? 0xFF : 0;
    }

    int readUnsignedByte() throws RecordFormatException {
        if (pos >= limit) {
            throw truncated(1);
        }
        return (buf[pos++] ^ mask) & 0xFF;
    }

    /** {@code width} (≤ 8) bytes, most significant first, unmasked as they are read. */
    long readBigEndian(int width) throws RecordFormatException {
        require(width);
        long v = 0;
        for (int i = 0; i < width; i++) {
            v = (v << 8) | ((buf[pos++] ^ mask) & 0xFF);
        }
        return v;
    }

    /** {@code width} (≤ 8) bytes, least significant first. */
    long readLittleEndian(int width) throws RecordFormatException {
        require(width);
        long v = 0;
        for (int i = 0; i < width; i++) {
            v |= ((long) ((buf[pos++] ^ mask) & 0xFF)) << (8 * i);
        }
        return v;
    }

    byte[] readBytes(int n) throws RecordFormatException {
        require(n);
        byte[] out = new byte[n];
        for (int i = 0; i < n; i++) {
            out[i] = (byte) (buf[pos++] ^ mask);
        }
        return out;
    }

    void skip(long n) throws RecordFormatException {
        if (n < 0 || n > remaining()) {
            throw truncated(n);
        }
        pos += (int) n;
    }

    /** An unsigned LEB128 varint of at most 10 bytes whose value fits 64 bits. */
    long readVarLong() throws RecordFormatException {
        long v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            int b = readUnsignedByte();
            if (shift == 63 && b > 1) {
                throw new RecordFormatException("varint overflows 64 bits at byte " + (pos - 1));
            }
            v |= ((long) (b & 0x7F)) << shift;
            if ((b & 0x80) == 0) {
                return v;
            }
        }
        throw new RecordFormatException("varint longer than 10 bytes at byte " + (pos - 1));
    }

    long readZigZag() throws RecordFormatException {
        long z = readVarLong();
        return (z >>> 1) ^ -(z & 1);
    }

    /** A varint that must lie in {@code [0, max]}. */
    int readLength(int max, String what) throws RecordFormatException {
        long v = readVarLong();
        if (v < 0 || v > max) {
            throw new RecordFormatException(what + " " + Long.toUnsignedString(v) + " exceeds " + max);
        }
        return (int) v;
    }

    RecordFormatException truncated(long wanted) {
        return new RecordFormatException("encoding truncated: wanted " + wanted + " byte(s) at " + pos + ", only "
                + remaining() + " left");
    }

    private void require(int n) throws RecordFormatException {
        if (n < 0 || n > remaining()) {
            throw truncated(n);
        }
    }
}
