package io.bstack.alloc;

import io.bstack.stack.ByteStack;
import io.bstack.stack.BStack;
import io.bstack.stack.BStackCorruptException;
import io.bstack.stack.BStackInvalidInputException;
import io.bstack.stack.StackWrite;
import java.io.IOException;
import java.util.Arrays;

/**
 * The 48-byte allocator header shared by {@link SlabAllocator} and {@link CheckedSlabAllocator},
 * little-endian word codecs, and the checks both run on open. All offsets are payload offsets.
 *
 * <pre>
 * [ 0, 24)  reserved for the caller (never read or written by the allocator after creation)
 * [24, 32)  magic: 4 ASCII letters, 0x00, major 0x01, minor, 0x00
 * [32, 40)  block size, u64 LE
 * [40, 48)  free-list head, u64 LE (0 = empty list)
 * [48, ..)  arena of equal blocks
 * </pre>
 */
final class SlabFormat {
    static final long RESERVED = 24;
    static final long MAGIC_AT = 24;
    static final long BLOCK_SIZE_AT = 32;
    static final long FREE_HEAD_AT = 40;
    static final long ARENA_START = 48;
    /** Bytes of the magic compared on open: letters, 0x00 and the major version. */
    static final int MAGIC_PREFIX = 6;
    /** Largest block size accepted: blocks are staged in Java arrays. */
    static final long MAX_BLOCK_SIZE = 1L << 30;
    /** Largest free-run image written as one contiguous buffer; longer runs are written per block. */
    static final long IMAGE_LIMIT = 8L << 20;

    private SlabFormat() {}

    static byte[] le(long v) {
        byte[] b = new byte[8];
        for (int i = 0; i < 8; i++) {
            b[i] = (byte) (v >>> (8 * i));
        }
        return b;
    }

    static long le(byte[] b, int at) {
        long v = 0;
        for (int i = 7; i >= 0; i--) {
            v = (v << 8) | (b[at + i] & 0xFFL);
        }
        return v;
    }

    static void putLe(byte[] b, int at, long v) {
        for (int i = 0; i < 8; i++) {
            b[at + i] = (byte) (v >>> (8 * i));
        }
    }

    static long readU64(ByteStack stack, long at) throws IOException {
        byte[] b = new byte[8];
        stack.getInto(at, b);
        return le(b, 0);
    }

    /**
     * The committed length after a failed call, or -1 when the stack must be reopened before
     * anyone can tell whether that call landed ({@link BStack#len()} is stale then).
     */
    static long settledLen(ByteStack stack) {
        return stack.needsReopen() ? -1 : stack.len();
    }

    static StackWrite word(long at, long value) {
        return new StackWrite(at, le(value));
    }

    /** The header a new allocator pushes onto an empty stack. */
    static byte[] header(byte[] magic, long blockSize) {
        byte[] h = new byte[(int) ARENA_START];
        System.arraycopy(magic, 0, h, (int) MAGIC_AT, 8);
        putLe(h, (int) BLOCK_SIZE_AT, blockSize);
        return h;
    }

    /** Whether {@code at} is the start of a block lying wholly inside {@code [ARENA_START, len)}. */
    static boolean isBlock(long at, long blockSize, long len) {
        return at >= ARENA_START && (at - ARENA_START) % blockSize == 0 && at <= len - blockSize;
    }

    /**
     * Reads and checks the header of an existing allocator file the way the crate's {@code open}
     * does; returns the stored block size.
     *
     * @throws BStackInvalidInputException if the stack is empty (a "new" is wanted)
     * @throws BStackCorruptException on a short header, a wrong magic, an impossible block size, a
     *     free head that is not a block, or an arena that is not a whole number of blocks
     */
    static long openHeader(ByteStack stack, byte[] magic, long minBlockSize, String kind) throws IOException {
        long len = stack.len();
        if (len == 0) {
            throw new BStackInvalidInputException("the stack is empty; create a new " + kind + " instead");
        }
        if (len < ARENA_START) {
            throw new BStackCorruptException(len + " bytes cannot hold a " + kind + " header");
        }
        byte[] h = stack.get(MAGIC_AT, ARENA_START);
        if (!Arrays.equals(h, 0, MAGIC_PREFIX, magic, 0, MAGIC_PREFIX)) {
            throw new BStackCorruptException("bad magic " + hex(Arrays.copyOf(h, 8)) + ": not a " + kind + " file");
        }
        long blockSize = le(h, 8);
        if (blockSize < minBlockSize || blockSize > MAX_BLOCK_SIZE) {
            throw new BStackCorruptException("stored block size " + Long.toUnsignedString(blockSize) + " is invalid for a " + kind);
        }
        long head = le(h, 16);
        if (head != 0 && !isBlock(head, blockSize, len)) {
            throw new BStackCorruptException("stored free head " + Long.toUnsignedString(head) + " is not a block");
        }
        if ((len - ARENA_START) % blockSize != 0) {
            throw new BStackCorruptException("the arena of " + (len - ARENA_START) + " bytes is not a whole number of "
                    + blockSize + "-byte blocks");
        }
        return blockSize;
    }

    static String hex(byte[] b) {
        StringBuilder s = new StringBuilder();
        for (byte x : b) {
            s.append(String.format("%02x", x & 0xFF));
        }
        return s.toString();
    }

    /** {@code a * b}, or an invalid-input refusal naming {@code what}. */
    static long times(long a, long b, String what) throws BStackInvalidInputException {
        try {
            return Math.multiplyExact(a, b);
        } catch (ArithmeticException e) {
            throw new BStackInvalidInputException(what + " overflows 2^63");
        }
    }
}
