package io.bstack.btree;

import java.util.Arrays;

/**
 * A growable byte array the encoders write into: big- and little-endian fixed widths, unsigned
 * LEB128 varints (7 bits a byte, low group first, high bit = more) and zig-zag signed varints.
 * Not thread-safe; one per encode call.
 */
final class CodecSink {
    private byte[] buf;
    private int size;

    CodecSink(int capacity) {
        buf = new byte[Math.max(16, capacity)];
    }

    int size() {
        return size;
    }

    void write(int b) {
        ensure(1);
        buf[size++] = (byte) b;
    }

    void write(byte[] bytes) {
        write(bytes, 0, bytes.length);
    }

    void write(byte[] bytes, int off, int len) {
        ensure(len);
        System.arraycopy(bytes, off, buf, size, len);
        size += len;
    }

    /** The low {@code width} bytes of {@code v}, most significant first. */
    void writeBigEndian(long v, int width) {
        ensure(width);
        for (int i = width - 1; i >= 0; i--) {
            buf[size++] = (byte) (v >>> (8 * i));
        }
    }

    /** The low {@code width} bytes of {@code v}, least significant first. */
    void writeLittleEndian(long v, int width) {
        ensure(width);
        for (int i = 0; i < width; i++) {
            buf[size++] = (byte) (v >>> (8 * i));
        }
    }

    /** {@code v} as an unsigned LEB128 varint (1 to 10 bytes). */
    void writeVarLong(long v) {
        ensure(10);
        while ((v & ~0x7FL) != 0) {
            buf[size++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        buf[size++] = (byte) v;
    }

    /** {@code v} zig-zag mapped (0, -1, 1, -2, ... → 0, 1, 2, 3, ...) then as a varint. */
    void writeZigZag(long v) {
        writeVarLong((v << 1) ^ (v >> 63));
    }

    /** Inverts every byte from {@code from} to the end (a DESC column). */
    void invertFrom(int from) {
        for (int i = from; i < size; i++) {
            buf[i] = (byte) ~buf[i];
        }
    }

    byte[] toByteArray() {
        return Arrays.copyOf(buf, size);
    }

    /** Bytes needed by {@link #writeVarLong}. */
    static int varLongSize(long v) {
        int n = 1;
        while ((v & ~0x7FL) != 0) {
            v >>>= 7;
            n++;
        }
        return n;
    }

    private void ensure(int more) {
        if (size + more > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(size + more, buf.length * 2));
        }
    }
}
