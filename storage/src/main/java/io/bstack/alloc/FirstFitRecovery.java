package io.bstack.alloc;

import io.bstack.stack.ByteStack;
import static io.bstack.alloc.FirstFitLayout.ARENA_START;
import static io.bstack.alloc.FirstFitLayout.FLAGS_OFFSET;
import static io.bstack.alloc.FirstFitLayout.FOOTER;
import static io.bstack.alloc.FirstFitLayout.FREE_HEAD_OFFSET;
import static io.bstack.alloc.FirstFitLayout.HEADER;
import static io.bstack.alloc.FirstFitLayout.MIN_PAYLOAD;
import static io.bstack.alloc.FirstFitLayout.OVERHEAD;
import static io.bstack.alloc.FirstFitLayout.corrupt;
import static io.bstack.alloc.FirstFitLayout.putU64;
import static io.bstack.alloc.FirstFitLayout.readU64;
import static io.bstack.alloc.FirstFitLayout.u64;
import static io.bstack.alloc.FirstFitLayout.writeU64;

import io.bstack.stack.BStack;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The crate's {@code recovery}: one linear scan of the arena that trusts only the block headers
 * ({@code size} and the {@code is_free} bit), never a stored link. In order, per block:
 * <ol>
 * <li>fewer than 24 bytes left: a torn tail, discarded;</li>
 * <li>a header size that is not a block size: if every byte from there to the end is zero, an
 *     interrupted tail {@code extend} (discarded); otherwise {@link io.bstack.stack.BStackCorruptException}
 *     and the file is left as found;</li>
 * <li>a well-formed size reaching past the end: a torn tail block, discarded;</li>
 * <li>the partial-split signature (header {@code H}, footer at {@code H} says {@code F < H}, footer
 *     at {@code R = H - F - 24} says {@code R}, header after it says {@code F}): the header is
 *     rewritten to {@code R} so the scan enters both halves;</li>
 * <li>the footer is rewritten from the header when they differ (headers are always committed
 *     first);</li>
 * </ol>
 * then every free block is relinked in address order, {@code free_head} is written and the flag
 * cleared last. Running it twice is harmless: a crash during recovery leaves the flag set.
 */
final class FirstFitRecovery {
    private FirstFitRecovery() {}

    static void recover(ByteStack stack) throws IOException {
        long len = stack.len();
        long pos = ARENA_START;
        List<Long> free = new ArrayList<>();
        byte[] header = new byte[16];
        while (pos < len) {
            long remaining = len - pos;
            if (remaining < OVERHEAD) {
                stack.discard(remaining);
                break;
            }
            stack.getInto(pos, header);
            long size = u64(header, 0);
            boolean isFree = (header[8] & 1) != 0;
            if (Long.compareUnsigned(size, MIN_PAYLOAD) < 0 || (size & 7) != 0
                    || Long.compareUnsigned(size, -1L - OVERHEAD) > 0) {
                // not a block size (unsigned: below 16, misaligned, or size + 24 overflows u64)
                if (allZero(stack, pos, len)) {
                    stack.discard(remaining);
                    break;
                }
                throw corrupt("recovery: block header at " + pos + " has invalid size " + Long.toUnsignedString(size)
                        + "; manual repair required");
            }
            if (size < 0 || size > remaining - OVERHEAD) {
                // a well-formed size that runs past the end: a torn tail block
                stack.discard(remaining);
                break;
            }
            size = repairPartialSplit(stack, pos, size, len);
            long footerAt = pos + HEADER + size;
            if (readU64(stack, footerAt) != size) {
                writeU64(stack, footerAt, size);
            }
            if (isFree) {
                free.add(pos + HEADER);
            }
            pos += size + OVERHEAD;
        }
        for (int i = 0; i < free.size(); i++) {
            byte[] links = new byte[16];
            putU64(links, 0, i + 1 < free.size() ? free.get(i + 1) : 0);
            putU64(links, 8, i > 0 ? free.get(i - 1) : 0);
            stack.set(free.get(i), links);
        }
        writeU64(stack, FREE_HEAD_OFFSET, free.isEmpty() ? 0 : free.get(0));
        stack.set(FLAGS_OFFSET, new byte[4]);
    }

    /** Fixes a header a split never shrank; returns the size the scan should use. */
    private static long repairPartialSplit(ByteStack stack, long pos, long size, long len) throws IOException {
        long f = readU64(stack, pos + HEADER + size);
        if (f == size || f < MIN_PAYLOAD || (f & 7) != 0 || f > size - OVERHEAD - MIN_PAYLOAD) {
            return size;
        }
        long r = size - f - OVERHEAD;
        long innerFooter = pos + HEADER + r;
        long secondHeader = innerFooter + FOOTER;
        if (secondHeader + HEADER > len) {
            return size;
        }
        if (readU64(stack, innerFooter) == r && readU64(stack, secondHeader) == f) {
            writeU64(stack, pos, r);
            return r;
        }
        return size;
    }

    private static boolean allZero(ByteStack stack, long from, long to) throws IOException {
        byte[] chunk = new byte[(int) Math.min(to - from, 1 << 16)];
        for (long at = from; at < to; ) {
            int n = (int) Math.min(chunk.length, to - at);
            byte[] buf = n == chunk.length ? chunk : new byte[n];
            stack.getInto(at, buf);
            for (byte b : buf) {
                if (b != 0) {
                    return false;
                }
            }
            at += n;
        }
        return true;
    }
}
