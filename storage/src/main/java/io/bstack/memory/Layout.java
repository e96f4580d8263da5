package io.bstack.memory;

/**
 * The size and alignment of one native block; guarantees size &gt; 0, a power-of-two alignment and
 * that {@code size + alignment - 1} fits in a {@code long}, so no allocator ever sees a zero-sized or
 * overflowing request.
 *
 * @param size bytes requested, at least 1
 * @param alignment byte alignment of the block start, a power of two
 */
public record Layout(long size, long alignment) {

    /** Checks the invariants; throws {@link IllegalArgumentException} naming the bad value. */
    public Layout {
        if (size <= 0) {
            throw new IllegalArgumentException("layout size must be > 0, was " + size);
        }
        if (alignment <= 0 || Long.bitCount(alignment) != 1) {
            throw new IllegalArgumentException(
                    "layout alignment must be a positive power of two, was " + alignment);
        }
        if (size > Long.MAX_VALUE - (alignment - 1)) {
            throw new IllegalArgumentException("layout size " + size + " with alignment " + alignment
                    + " overflows a long when padded");
        }
    }

    /** A layout of {@code size} bytes and the given alignment. */
    public static Layout of(long size, long alignment) {
        return new Layout(size, alignment);
    }

    /** A byte-aligned layout of {@code size} bytes. */
    public static Layout ofBytes(long size) {
        return new Layout(size, 1);
    }

    /** The same alignment with a different size, as used by grow and shrink. */
    public Layout withSize(long newSize) {
        return new Layout(newSize, alignment);
    }

    /** The size rounded up to a multiple of the alignment. */
    public Layout padToAlign() {
        return new Layout(roundUp(size, alignment), alignment);
    }

    /** {@code count} consecutive copies of this layout, each padded to the alignment. */
    public Layout array(long count) {
        if (count <= 0) {
            throw new IllegalArgumentException("array count must be > 0, was " + count);
        }
        long stride = padToAlign().size;
        try {
            return new Layout(Math.multiplyExact(stride, count), alignment);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("array of " + count + " x " + stride + " bytes overflows a long", e);
        }
    }

    /**
     * Rounds {@code value} up to a multiple of the power-of-two {@code alignment}.
     *
     * @throws IllegalArgumentException if the result does not fit in a long
     */
    static long roundUp(long value, long alignment) {
        long mask = alignment - 1;
        if (value > Long.MAX_VALUE - mask) {
            throw new IllegalArgumentException(value + " rounded up to " + alignment + " overflows a long");
        }
        return (value + mask) & ~mask;
    }
}
