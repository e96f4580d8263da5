package io.bstack.alloc;

import io.bstack.stack.ByteStack;
import static io.bstack.alloc.SegregatedClasses.MAX_CLASS;
import static io.bstack.alloc.SegregatedClasses.NIL;
import static io.bstack.alloc.SegregatedClasses.OVERHEAD;
import static io.bstack.alloc.SegregatedClasses.OVERSIZED;
import static io.bstack.alloc.SegregatedClasses.QUANTUM;
import static io.bstack.alloc.SegregatedClasses.SPLIT_MIN;
import static io.bstack.alloc.SegregatedClasses.blockOf;
import static io.bstack.alloc.SegregatedClasses.carve;
import static io.bstack.alloc.SegregatedClasses.classOf;
import static io.bstack.alloc.SegregatedClasses.le;
import static io.bstack.alloc.SegregatedClasses.listOf;
import static io.bstack.alloc.SegregatedClasses.liveWord;
import static io.bstack.alloc.SegregatedClasses.sizeOf;

import io.bstack.stack.BStack;
import io.bstack.stack.BStackCorruptException;
import io.bstack.stack.BStackInvalidInputException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The bulk calls of {@link SegregatedAllocator}. Allocation follows the crate: classed requests
 * pop their class lists in request order; oversized requests, largest first, are matched against a
 * walk of the oversized list (each block goes to the largest request it fits, and is cut and carved
 * when the excess reaches {@code SPLIT_MIN}); matched blocks are unlinked by repointing their
 * surviving predecessor. Everything is recorded in one batch, so nothing is written until the
 * whole bulk commits in one call (after the zeroing of big reused bodies and one extension for the
 * misses). A cycle or a bad block on a list is a {@link BStackCorruptException} before any write.
 * Called under the allocator's lock.
 */
final class SegregatedBulk {
    private SegregatedBulk() {}

    /** The locked body of {@link SegregatedAllocator#allocBulk}; see its Javadoc for the calls. */
    static List<RegionHandle> allocate(SegregatedAllocator a, long[] lengths, long[] want) throws IOException {
        ByteStack stack = a.stack();
        int n = lengths.length;
        long[] at = new long[n];
        long[] keep = new long[n];
        Arrays.fill(at, -1);
        SegregatedBatch batch = new SegregatedBatch(stack);
        reserve(a, batch, want, at, keep);
        List<Integer> big = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (at[i] >= 0) {
                if (keep[i] > SegregatedAllocator.INLINE_LIMIT) {
                    big.add(i);
                    batch.write(at[i], SegregatedAllocator.claim(16, liveWord(keep[i])));
                } else {
                    batch.write(at[i], SegregatedAllocator.claim(keep[i], liveWord(keep[i])));
                }
            }
        }
        for (int i : big) {
            stack.zero(at[i] + 16, keep[i] - 16); // bodies of blocks still on their lists
        }
        long tail = stack.len();
        long fresh = 0;
        int probe = -1;
        for (int i = 0; i < n; i++) {
            if (want[i] > 0 && at[i] < 0) {
                at[i] = tail + fresh;
                keep[i] = want[i];
                fresh += want[i];
                batch.write(at[i], le(liveWord(want[i])));
            }
            probe = probe < 0 && want[i] > 0 ? i : probe;
        }
        try {
            if (fresh > 0) {
                stack.extend(fresh); // zeros: a crash before the claim leaves a zero tail
            }
            batch.commit();
        } catch (IOException e) {
            Boolean landed = probe < 0 || stack.len() < at[probe] + OVERHEAD ? Boolean.FALSE
                    : a.wordState(at[probe], liveWord(keep[probe]));
            if (landed == null) {
                a.requestRecovery(); // if it did not land, a zero tail is left
                throw e;
            }
            if (!landed) {
                a.rollbackTail(tail);
                throw e;
            }
        }
        List<RegionHandle> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(want[i] == 0 ? a.issue(0, 0) : a.issue(at[i] + OVERHEAD, lengths[i]));
        }
        return out;
    }

    /**
     * The locked body of {@link SegregatedAllocator#deallocBulk}: checks every handle (live word,
     * length fits, no block twice) before any write, then frees them all in one call. On failure
     * the handles go back unless the call may have landed.
     */
    static void free(SegregatedAllocator a, List<RegionHandle> taken, List<RegionHandle> handles)
            throws BStackBulkAllocException {
        long firstBlock = -1;
        long firstSize = 0;
        try {
            a.ready();
            Set<Long> seen = new HashSet<>();
            SegregatedBatch batch = new SegregatedBatch(a.stack());
            for (RegionHandle h : taken) {
                if (h.isEmpty()) {
                    continue;
                }
                long size = a.liveSize(h.region(), "deallocBulk");
                long block = blockOf(h.offset());
                if (!seen.add(block)) {
                    throw new BStackInvalidInputException("deallocBulk: " + h.region() + " appears twice (double free)");
                }
                batch.push(block, size, listOf(size));
                if (firstBlock < 0) {
                    firstBlock = block;
                    firstSize = size;
                }
            }
            batch.commit();
        } catch (IOException e) {
            Boolean freed = firstBlock < 0 || e instanceof BStackInvalidInputException ? Boolean.FALSE
                    : a.freedAfterFailure(firstBlock, firstSize);
            if (freed == null) {
                throw new BStackBulkAllocException("deallocBulk failed; whether it landed is unknown: every handle is lost", e,
                        List.of());
            }
            if (!freed) {
                taken.forEach(RegionHandle::restore);
                throw new BStackBulkAllocException("deallocBulk failed; nothing was freed", e, handles);
            }
        }
    }

    /**
     * Fills {@code at[i]} (block start, -1 = miss) and {@code keep[i]} (the size the block keeps) for
     * every request {@code want[i] > 0} that a free list can serve.
     */
    static void reserve(SegregatedAllocator alloc, SegregatedBatch batch, long[] want, long[] at, long[] keep)
            throws IOException {
        Set<Long> seen = new HashSet<>();
        List<Integer> oversized = new ArrayList<>();
        for (int i = 0; i < want.length; i++) {
            if (want[i] > MAX_CLASS) {
                oversized.add(i);
            } else if (want[i] > 0) {
                int c = classOf(want[i]);
                long head = batch.head(c);
                if (head == NIL) {
                    continue;
                }
                if (!seen.add(head)) {
                    throw new BStackCorruptException("free list " + c + " runs in a cycle through block " + head);
                }
                byte[] node = batch.listed(head, c);
                batch.setHead(c, le(node, 8));
                at[i] = head;
                keep[i] = sizeOf(le(node, 0));
            }
        }
        if (oversized.isEmpty()) {
            return;
        }
        oversized.sort(Comparator.comparingLong((Integer i) -> want[i]).reversed());
        List<Integer> matched = matchOversized(alloc, batch, oversized, want, at, keep, seen);
        for (int i : matched) {
            long excess = keep[i] - want[i];
            if (excess >= SPLIT_MIN) {
                long piece = at[i] + want[i];
                for (long size : carve(excess)) {
                    batch.push(piece, size, listOf(size));
                    piece += size;
                }
                keep[i] = want[i];
            }
        }
    }

    private static List<Integer> matchOversized(SegregatedAllocator alloc, SegregatedBatch batch, List<Integer> requests,
            long[] want, long[] at, long[] keep, Set<Long> seen) throws IOException {
        List<Integer> matched = new ArrayList<>();
        long bound = alloc.stack().len() / QUANTUM + 1;
        long steps = 0;
        long prev = -1; // the surviving block whose link points at the cursor; -1 = the head slot
        boolean dangling = false; // a removed block sits between prev and the cursor
        long cursor = batch.head(OVERSIZED);
        while (cursor != NIL && !requests.isEmpty()) {
            if (++steps > bound || !seen.add(cursor)) {
                throw new BStackCorruptException("the oversized free list runs in a cycle through block " + cursor);
            }
            byte[] node = batch.listed(cursor, OVERSIZED);
            long size = sizeOf(le(node, 0));
            int fit = -1;
            for (int j = 0; j < requests.size() && fit < 0; j++) {
                fit = want[requests.get(j)] <= size ? j : -1;
            }
            if (fit >= 0) {
                int i = requests.remove(fit);
                at[i] = cursor;
                keep[i] = size;
                matched.add(i);
                dangling = true;
            } else {
                if (dangling) {
                    link(batch, prev, cursor);
                    dangling = false;
                }
                prev = cursor;
            }
            cursor = le(node, 8);
        }
        if (dangling) {
            link(batch, prev, cursor);
        }
        return matched;
    }

    private static void link(SegregatedBatch batch, long prev, long target) {
        if (prev < 0) {
            batch.setHead(OVERSIZED, target);
        } else {
            batch.write(prev + OVERHEAD, le(target));
        }
    }
}
