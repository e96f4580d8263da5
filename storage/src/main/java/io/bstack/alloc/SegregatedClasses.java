package io.bstack.alloc;

import io.bstack.stack.BStackInvalidInputException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The fixed size-class scheme and on-disk constants of {@link SegregatedAllocator}: where the
 * header fields sit, how a request length becomes a physical block size, which free list a block
 * size belongs to, and how the 8-byte block word is encoded. Pure arithmetic, no I/O; every
 * mapping is O(1) (bit tricks on the size, never a loop over the classes).
 *
 * <p>Sizes here are always <em>physical</em>: the 8-byte word plus the data area, a multiple of
 * {@link #QUANTUM}. Classes 0..15 are 16, 32, ..., 256 (step 16); classes 16..31 split each octave
 * (256, 512], (512, 1024], (1024, 2048], (2048, 4096] into four equal steps (320, 384, 448, 512,
 * 640, ...); class 32 holds every block above 4096 (the oversized bucket, mixed sizes).
 */
final class SegregatedClasses {
    /** Every block is a multiple of this, and every block start is aligned to it. */
    static final long QUANTUM = 16;
    /** The block word in front of the data. */
    static final long OVERHEAD = 8;
    /** Largest linear class. */
    static final long LINEAR_MAX = 256;
    /** Largest classed block; above it is the oversized bucket. */
    static final long MAX_CLASS = 4096;
    /** Excess at or above which an oversized reuse or a tail shrink gives bytes back. */
    static final long SPLIT_MIN = MAX_CLASS;
    static final int LINEAR_OCTAVE = 8;
    static final int SUBCLASS_BITS = 2;
    static final int LINEAR_CLASSES = 16;
    static final int NUM_CLASSES = 33;
    static final int OVERSIZED = NUM_CLASSES - 1;
    /** Pieces a greedy carve of a region can produce at most. */
    static final int MAX_CARVE_PIECES = 3;

    /** Bytes at the start of the payload left to the caller. */
    static final long USER_AREA = 24;
    static final long MAGIC_OFFSET = 24;
    static final long RESERVED_OFFSET = 32;
    static final long HEADS_OFFSET = 40;
    static final long ARENA_START = HEADS_OFFSET + NUM_CLASSES * 8L; // 304, already 16-aligned
    /** {@code "ALSG"}, major 0, minor 2, patch 2 (the writer stamp of the newest crate source). */
    static final byte[] MAGIC = {'A', 'L', 'S', 'G', 0, 2, 2, 0};
    /** Only {@code "ALSG"} + major + minor are compared on open; the patch byte is a stamp. */
    static final int MAGIC_CHECKED = 6;

    /** High bit of a block word: the block is live. */
    static final long IN_USE = 0x8000_0000_0000_0000L;
    /** Free-list terminator (offset 0 is the header, never a block). */
    static final long NIL = 0;

    private SegregatedClasses() {}

    /** {@code roundup(len + 8, 16)}: the smallest block that holds {@code len} bytes. */
    static long physNeed(long len) throws BStackInvalidInputException {
        if (len < 0 || len > Long.MAX_VALUE - (OVERHEAD + QUANTUM - 1)) {
            throw new BStackInvalidInputException("allocation length " + len + " is outside [0, 2^63 - 24)");
        }
        return (len + OVERHEAD + QUANTUM - 1) & -QUANTUM;
    }

    /** Snaps a physical need up to its class size; oversized needs pass through. */
    static long blockSize(long need) {
        if (need <= LINEAR_MAX || need > MAX_CLASS) {
            return need;
        }
        long width = subclassWidth(need - 1);
        return (need + width - 1) & -width;
    }

    /** The free list of a block of exactly a class size (or any size above {@link #MAX_CLASS}). */
    static int classOf(long size) {
        if (size <= LINEAR_MAX) {
            return (int) (size >>> 4) - 1;
        }
        if (size > MAX_CLASS) {
            return OVERSIZED;
        }
        int k = 63 - Long.numberOfLeadingZeros(size - 1); // size in (2^k, 2^(k+1)]
        int sub = (int) ((size - 1 - (1L << k)) >>> (k - SUBCLASS_BITS));
        return LINEAR_CLASSES + (k - LINEAR_OCTAVE) * (1 << SUBCLASS_BITS) + sub;
    }

    /** The largest class size {@code <= v}, for {@code 16 <= v <= 4096}, {@code v} a multiple of 16. */
    static long largestClassAtMost(long v) {
        if (v <= LINEAR_MAX) {
            return v;
        }
        return v & -subclassWidth(v);
    }

    /**
     * The free list a free block of any physical size goes on: the largest class not bigger than
     * it, so a list never hands out a block smaller than its class. For class sizes this is
     * {@link #classOf}; a non-class size (left by {@link SegregatedAllocator#coalesce} or a
     * hand-made file) is filed one class down, as the crate's recovery does.
     */
    static int listOf(long size) {
        return size > MAX_CLASS ? OVERSIZED : classOf(largestClassAtMost(size));
    }

    /** The class size of list {@code c} (the smallest block it holds); 0 for the oversized list. */
    static long classSize(int c) {
        if (c < LINEAR_CLASSES) {
            return (c + 1L) * QUANTUM;
        }
        if (c == OVERSIZED) {
            return 0;
        }
        int g = c - LINEAR_CLASSES;
        int k = LINEAR_OCTAVE + g / 4;
        return (1L << k) + (g % 4 + 1L) * (1L << (k - SUBCLASS_BITS));
    }

    /** Subclass width of the octave {@code (2^k, 2^(k+1)]} that {@code x + 1} falls in, k from x's top bit. */
    private static long subclassWidth(long x) {
        int k = 63 - Long.numberOfLeadingZeros(x);
        return 1L << (k - SUBCLASS_BITS);
    }

    /**
     * The greedy decomposition of a free region (a multiple of 16) into class blocks: the largest
     * class that fits, repeated; a region above {@link #MAX_CLASS} is one oversized block. At most
     * {@link #MAX_CARVE_PIECES} pieces.
     */
    static long[] carve(long region) {
        long[] pieces = new long[MAX_CARVE_PIECES];
        int n = 0;
        long rest = region;
        while (rest > 0) {
            long piece = rest > MAX_CLASS ? rest : largestClassAtMost(rest);
            pieces[n++] = piece;
            rest -= piece;
        }
        return java.util.Arrays.copyOf(pieces, n);
    }

    /** Payload offset of the head of list {@code c}. */
    static long headOffset(int c) {
        return HEADS_OFFSET + 8L * c;
    }

    /** The block start of a data offset, or -1 if it cannot be one ({@code 16n + 8}, inside the arena). */
    static long blockOf(long dataOffset) {
        if (dataOffset < ARENA_START + OVERHEAD || dataOffset % QUANTUM != OVERHEAD) {
            return -1;
        }
        return dataOffset - OVERHEAD;
    }

    static long liveWord(long size) {
        return IN_USE | (size >>> 4);
    }

    static long freeWord(long size) {
        return size >>> 4;
    }

    static boolean isLive(long word) {
        return (word & IN_USE) != 0;
    }

    /** The physical size a word records (either tag); may be nonsense for a damaged word. */
    static long sizeOf(long word) {
        return (word & ~IN_USE) << 4;
    }

    /** Whether a word's size is a plausible block at {@code block} in a payload of {@code len} bytes. */
    static boolean fits(long word, long block, long len) {
        long size = sizeOf(word);
        return word != 0 && size >= QUANTUM && size <= len - block;
    }

    static byte[] le(long v) {
        return ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(v).array();
    }

    static long le(byte[] b, int at) {
        return ByteBuffer.wrap(b, at, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
    }

    /** {@code [word | next]}: the first 16 bytes of a free block. */
    static byte[] freeNode(long size, long next) {
        return ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(freeWord(size)).putLong(next).array();
    }
}
