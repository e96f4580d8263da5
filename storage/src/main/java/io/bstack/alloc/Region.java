package io.bstack.alloc;

import io.bstack.stack.BStackInvalidInputException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A raw {@code [offset, offset + len)} coordinate in a stack's payload (the crate's
 * {@code BStackRange}): no I/O, no owner, safe to store. Its 16-byte encoding is
 * {@code offset u64 LE ‖ len u64 LE}; {@link #fromBytes} refuses anything a Java {@code long}
 * cannot carry. A region is not an allocation: to free or resize one, an allocator must hand
 * out a {@link RegionHandle} for it ({@link BStackAllocator#reclaim}).
 */
public record Region(long offset, long len) implements Comparable<Region> {
    /** The empty region at offset 0 that zero-length allocations return. */
    public static final Region NULL = new Region(0, 0);
    /** Bytes of the encoding. */
    public static final int ENCODED_SIZE = 16;

    public Region {
        if (offset < 0 || len < 0 || len > Long.MAX_VALUE - offset) {
            throw new IllegalArgumentException("region [" + offset + " + " + len + ") is outside [0, 2^63)");
        }
    }

    public long end() {
        return offset + len;
    }

    public boolean isEmpty() {
        return len == 0;
    }

    /** Whether the two share at least one byte. */
    public boolean overlaps(Region other) {
        return offset < other.end() && other.offset < end() && !isEmpty() && !other.isEmpty();
    }

    /** Whether one ends exactly where the other begins. */
    public boolean adjacentTo(Region other) {
        return end() == other.offset || other.end() == offset;
    }

    /** Whether {@code other} lies wholly inside this region. */
    public boolean contains(Region other) {
        return other.offset >= offset && other.end() <= end();
    }

    /**
     * The union of two overlapping regions; an empty region is the identity.
     *
     * @throws IllegalArgumentException if both are non-empty and do not overlap
     */
    public Region merge(Region other) {
        if (isEmpty()) {
            return other;
        }
        if (other.isEmpty()) {
            return this;
        }
        if (!overlaps(other)) {
            throw new IllegalArgumentException(this + " and " + other + " do not overlap");
        }
        return span(other);
    }

    /**
     * The union of two overlapping or adjacent regions.
     *
     * @throws IllegalArgumentException if there is a gap between them
     */
    public Region mergeAdjacent(Region other) {
        if (!overlaps(other) && !adjacentTo(other)) {
            throw new IllegalArgumentException(this + " and " + other + " are neither adjacent nor overlapping");
        }
        return span(other);
    }

    private Region span(Region other) {
        long start = Math.min(offset, other.offset);
        return new Region(start, Math.max(end(), other.end()) - start);
    }

    /** The 16-byte encoding {@code offset u64 LE ‖ len u64 LE}. */
    public byte[] toBytes() {
        return ByteBuffer.allocate(ENCODED_SIZE).order(ByteOrder.LITTLE_ENDIAN).putLong(offset).putLong(len).array();
    }

    /** Decodes {@link #toBytes()}; refuses a wrong length, values of 2^63 or more, and an end past 2^63-1. */
    public static Region fromBytes(byte[] bytes) throws BStackInvalidInputException {
        if (bytes == null || bytes.length != ENCODED_SIZE) {
            throw new BStackInvalidInputException("a region encoding is exactly 16 bytes, got "
                    + (bytes == null ? "null" : bytes.length));
        }
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        long offset = b.getLong();
        long len = b.getLong();
        if (offset < 0 || len < 0 || len > Long.MAX_VALUE - offset) {
            throw new BStackInvalidInputException("region encoding [" + Long.toUnsignedString(offset) + " + "
                    + Long.toUnsignedString(len) + ") is outside [0, 2^63)");
        }
        return new Region(offset, len);
    }

    /** Orders by offset, then length. */
    @Override
    public int compareTo(Region o) {
        int c = Long.compare(offset, o.offset);
        return c != 0 ? c : Long.compare(len, o.len);
    }

    @Override
    public String toString() {
        return "[" + offset + ", " + end() + ")";
    }
}
