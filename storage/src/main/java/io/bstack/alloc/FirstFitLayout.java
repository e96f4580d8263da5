package io.bstack.alloc;

import io.bstack.stack.ByteStack;
import io.bstack.stack.BStack;
import io.bstack.stack.BStackCorruptException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The on-disk constants of {@link FirstFitAllocator} and the little-endian codec its parts share.
 * Every offset is a payload offset of the stack; every integer is little-endian. See the class
 * documentation of {@link FirstFitAllocator} for the table these constants spell out.
 */
final class FirstFitLayout {
    /** Bytes {@code [0, 16)} are left to the user. */
    static final long USER_RESERVED = 16;
    /** The 8-byte magic {@code ALFF 00 01 03 00} (allocator 0.1.3). */
    static final long MAGIC_OFFSET = 16;
    /** {@code flags} u32; bit 0 is {@code recovery_needed}. */
    static final long FLAGS_OFFSET = 24;
    /** Payload offset of the first free block's payload, or 0. */
    static final long FREE_HEAD_OFFSET = 32;
    /** First byte of the block arena (bytes {@code [40, 48)} are reserved). */
    static final long ARENA_START = 48;

    /** {@code size u64 ‖ flags u32 (bit 0 = is_free) ‖ reserved u32}. */
    static final long HEADER = 16;
    /** {@code size u64}, mirroring the header. */
    static final long FOOTER = 8;
    static final long OVERHEAD = HEADER + FOOTER;
    /** Smallest payload: room for the two free-list links. */
    static final long MIN_PAYLOAD = 16;
    /** Smallest block, header and footer included. */
    static final long MIN_BLOCK = OVERHEAD + MIN_PAYLOAD;
    /** Smallest payload offset a block can have. */
    static final long FIRST_PAYLOAD = ARENA_START + HEADER;
    /** Front trims below this cannot carve a standalone free block. */
    static final long MIN_FRONT_TRIM = OVERHEAD + MIN_PAYLOAD;
    /** Front growth below this would overlap the old boundary tags. */
    static final long MIN_FRONT_GROW = OVERHEAD;

    static final byte[] MAGIC = {'A', 'L', 'F', 'F', 0, 1, 3, 0};
    /** Open accepts any file whose magic starts with these 6 bytes ({@code ALFF 0.1.x}). */
    static final int MAGIC_CHECKED = 6;

    /** Block images are staged in one Java array, so a block cannot exceed this. */
    static final long MAX_IMAGE = Integer.MAX_VALUE - 8;

    private FirstFitLayout() {}

    /** The payload size a request occupies: at least 16, rounded up to 8; -1 if that overflows. */
    static long align(long len) {
        if (len > Long.MAX_VALUE - 7) {
            return -1;
        }
        return (Math.max(len, MIN_PAYLOAD) + 7) & ~7L;
    }

    static long u64(byte[] b, int at) {
        long v = 0;
        for (int i = 7; i >= 0; i--) {
            v = (v << 8) | (b[at + i] & 0xFF);
        }
        return v;
    }

    static int u32(byte[] b, int at) {
        return (b[at] & 0xFF) | (b[at + 1] & 0xFF) << 8 | (b[at + 2] & 0xFF) << 16 | (b[at + 3] & 0xFF) << 24;
    }

    static void putU64(byte[] b, int at, long v) {
        for (int i = 0; i < 8; i++) {
            b[at + i] = (byte) (v >>> (8 * i));
        }
    }

    static void putU32(byte[] b, int at, int v) {
        for (int i = 0; i < 4; i++) {
            b[at + i] = (byte) (v >>> (8 * i));
        }
    }

    static byte[] le64(long v) {
        byte[] b = new byte[8];
        putU64(b, 0, v);
        return b;
    }

    static long readU64(ByteStack stack, long at) throws IOException {
        byte[] b = new byte[8];
        stack.getInto(at, b);
        return u64(b, 0);
    }

    static void writeU64(ByteStack stack, long at, long v) throws IOException {
        stack.set(at, le64(v));
    }

    /** Whether {@code size} is a well-formed payload size (unsigned: at least 16, 8-aligned). */
    static boolean isBlockSize(long size) {
        return size >= MIN_PAYLOAD && (size & 7) == 0;
    }

    /** The crate's {@code is_impossible_block_start}: misaligned, before the first block, or past the end. */
    static boolean impossibleStart(long start, long stackLen) {
        return (start & 7) != 0 || start < FIRST_PAYLOAD || start >= stackLen;
    }

    /** The crate's {@code is_impossible_block_end}: a payload end no block can have. */
    static boolean impossibleEnd(long end, long stackLen) {
        return end < FIRST_PAYLOAD + MIN_PAYLOAD || end > stackLen - FOOTER;
    }

    /** The crate's {@code is_impossible_block_size}. */
    static boolean impossibleSize(long size, long stackLen) {
        return size < MIN_PAYLOAD || size > stackLen;
    }

    /** Whether {@code (start, len)} cannot describe a block of this arena (dealloc/realloc validation). */
    static boolean impossibleRegion(long start, long len, long stackLen) {
        long aligned = align(len);
        return aligned < 0 || impossibleStart(start, stackLen) || aligned > Long.MAX_VALUE - start
                || impossibleEnd(start + aligned, stackLen) || impossibleSize(aligned, stackLen);
    }

    static BStackCorruptException corrupt(String message) {
        return new BStackCorruptException("first-fit allocator: " + message);
    }

    static String magicText(byte[] header) {
        return new String(header, 0, 4, StandardCharsets.ISO_8859_1) + " " + (header[4] & 0xFF) + "."
                + (header[5] & 0xFF) + "." + (header[6] & 0xFF);
    }
}
