package io.bstack.alloc;

import io.bstack.stack.ByteStack;
import static io.bstack.alloc.SlabFormat.ARENA_START;
import static io.bstack.alloc.SlabFormat.FREE_HEAD_AT;

import io.bstack.stack.BStack;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The read-only half of {@link CheckedSlabAllocator#recover}: a port of the crate's recovery
 * scan. It walks the free list (stopping at the first misaligned, out-of-range, in-use or
 * repeated entry: a "corrupt" list), then scans the arena linearly from offset 48:
 * <ul>
 * <li>word 0 and on the list: free, stride one block;</li>
 * <li>word 0 and not on the list: leaked, to be relinked (only counted as unclassified when the
 *     list walk was cut short, since it might already be linked);</li>
 * <li>a valid in-use word (high bit, count &ge; 1, span inside the stack, no listed free block
 *     inside the span): live, stride by its count;</li>
 * <li>anything else is suspicious: the scan resumes at the next listed free block if one follows
 *     (the gap is counted unclassified); otherwise a backward pass marks every boundary from which
 *     a clean walk ends exactly at the tail, resumes at the first such interior boundary, and if
 *     there is none the region is an orphaned tail to discard (unless the list is corrupt).</li>
 * </ul>
 * The scan reads words through a window cache; it writes nothing.
 */
final class CheckedSlabRecovery {
    /** Largest suspicious tail region analysed (as the crate); a larger one is left unclassified. */
    static final long MAX_RECOVER_REGION = 1L << 26;
    private static final int WINDOW = 64 << 10;

    /** Leaked blocks in ascending order, the unclassified block count, and the tail to cut (-1 = none). */
    record Plan(List<Long> reclaim, long unclassified, long discardFrom, boolean freeListCorrupt) {}

    private final ByteStack stack;
    private final long blockSize;
    private final long len;
    private long[] free = new long[0];
    private boolean freeCorrupt;
    private byte[] window = new byte[0];
    private long windowStart = -1;

    CheckedSlabRecovery(ByteStack stack, long blockSize) {
        this.stack = stack;
        this.blockSize = blockSize;
        this.len = stack.len();
    }

    Plan scan() throws IOException {
        List<Long> reclaim = new ArrayList<>();
        if (len <= ARENA_START) {
            return new Plan(reclaim, 0, -1, false);
        }
        walkFreeList();
        long unsure = 0;
        long discardFrom = -1;
        long p = ARENA_START;
        while (p < len) {
            long w = wordAt(p);
            if (w == 0) {
                if (Arrays.binarySearch(free, p) < 0) {
                    if (freeCorrupt) {
                        unsure++;
                    } else {
                        reclaim.add(p);
                    }
                }
                p += blockSize;
                continue;
            }
            long n = liveSpan(w, p);
            if (n > 0) {
                p += n * blockSize;
                continue;
            }
            long anchor = nextFree(p);
            if (anchor > 0) {
                unsure += (anchor - p) / blockSize;
                p = anchor;
                continue;
            }
            long m = (len - p) / blockSize;
            if (m > MAX_RECOVER_REGION) {
                unsure += m;
                break;
            }
            long resume = resync(p, (int) m);
            if (resume > 0) {
                unsure += resume;
                p += resume * blockSize;
                continue;
            }
            if (freeCorrupt) {
                unsure += m;
            } else {
                discardFrom = p;
            }
            break;
        }
        return new Plan(reclaim, unsure, discardFrom, freeCorrupt);
    }

    private void walkFreeList() throws IOException {
        List<Long> found = new ArrayList<>();
        Set<Long> seen = new HashSet<>();
        long head = SlabFormat.readU64(stack, FREE_HEAD_AT);
        while (head != 0) {
            if (!SlabFormat.isBlock(head, blockSize, len) || !seen.add(head)) {
                freeCorrupt = true;
                break;
            }
            byte[] node = stack.get(head, head + 16);
            if (SlabFormat.le(node, 0) != 0) {
                freeCorrupt = true;
                break;
            }
            found.add(head);
            head = SlabFormat.le(node, 8);
        }
        free = found.stream().mapToLong(Long::longValue).sorted().toArray();
    }

    /** The first listed free block strictly after {@code p}, or 0. */
    private long nextFree(long p) {
        int i = Arrays.binarySearch(free, p);
        int at = i >= 0 ? i + 1 : -i - 1;
        return at < free.length ? free[at] : 0;
    }

    /**
     * The block count of a valid in-use word at {@code p}, or 0: high bit set, count at least one,
     * span inside the stack, and no listed free block inside the span (a free block never lies
     * inside a live allocation).
     */
    private long liveSpan(long w, long p) {
        if ((w & CheckedSlabAllocator.IN_USE) == 0) {
            return 0;
        }
        long n = w & CheckedSlabAllocator.COUNT_MASK;
        if (n == 0 || n > (len - p) / blockSize) {
            return 0;
        }
        long f = nextFree(p);
        if (f > 0 && f < p + n * blockSize) {
            return 0;
        }
        return n;
    }

    /**
     * Backward reachability over {@code [p, len)} of {@code m} blocks: the smallest interior block
     * index from which a clean walk (free or valid in-use blocks only) lands exactly on the tail,
     * or 0 when none does (index 0 is excluded: {@code p} itself was suspicious).
     */
    private long resync(long p, int m) throws IOException {
        boolean[] reach = new boolean[m + 1];
        reach[m] = true;
        for (int j = m - 1; j >= 0; j--) {
            long off = p + j * blockSize;
            long w = wordAt(off);
            if (w == 0) {
                reach[j] = reach[j + 1];
            } else {
                long n = liveSpan(w, off);
                reach[j] = n > 0 && reach[j + (int) n];
            }
        }
        for (int j = 1; j < m; j++) {
            if (reach[j]) {
                return j;
            }
        }
        return 0;
    }

    /** The u64 at {@code p}, read through a window of up to 64 KiB (forward or backward). */
    private long wordAt(long p) throws IOException {
        if (windowStart < 0 || p < windowStart || p + 8 > windowStart + window.length) {
            long start = p < windowStart ? Math.max(ARENA_START, p + 8 - WINDOW) : p;
            long end = Math.min(len, start + WINDOW);
            window = stack.get(start, end);
            windowStart = start;
        }
        return SlabFormat.le(window, (int) (p - windowStart));
    }
}
