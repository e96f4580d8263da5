package io.bstack.alloc;

import io.bstack.stack.ByteStack;
import static io.bstack.alloc.SegregatedClasses.ARENA_START;
import static io.bstack.alloc.SegregatedClasses.NIL;
import static io.bstack.alloc.SegregatedClasses.NUM_CLASSES;
import static io.bstack.alloc.SegregatedClasses.OVERHEAD;
import static io.bstack.alloc.SegregatedClasses.QUANTUM;
import static io.bstack.alloc.SegregatedClasses.fits;
import static io.bstack.alloc.SegregatedClasses.freeNode;
import static io.bstack.alloc.SegregatedClasses.isLive;
import static io.bstack.alloc.SegregatedClasses.le;
import static io.bstack.alloc.SegregatedClasses.listOf;
import static io.bstack.alloc.SegregatedClasses.sizeOf;

import io.bstack.stack.BStack;
import io.bstack.stack.StackWrite;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The linear walk over a {@link SegregatedAllocator} arena, trusting only the block words (never
 * the free-list links): the basis of recovery, {@link SegregatedAllocator#coalesce} and
 * {@link SegregatedAllocator#stats}. The walk starts at {@link SegregatedClasses#ARENA_START} and
 * strides by each word's recorded physical size; it stops at the payload end, at a zero word (the
 * zero tail of an extension whose word never landed), or at a word whose size is impossible.
 */
final class SegregatedArena {
    /** Why a walk ended. */
    enum Stop {
        /** Parsed up to the payload end. */
        END,
        /** A zero word: everything from {@link Walk#end} on is the zero tail of a torn extension. */
        ZERO_TAIL,
        /** A word with an impossible size: the rest cannot be parsed. */
        MALFORMED
    }

    /** One parsed block: its start, its word and (for a free block) its stored next link. */
    record Block(long start, long word, long next) {
        long size() {
            return sizeOf(word);
        }

        boolean live() {
            return isLive(word);
        }
    }

    /** The blocks parsed, where parsing ended and why. */
    record Walk(List<Block> blocks, long end, Stop stop) {}

    private SegregatedArena() {}

    static Walk walk(ByteStack stack) throws IOException {
        long len = stack.len();
        List<Block> blocks = new ArrayList<>();
        long p = ARENA_START;
        byte[] node = new byte[16];
        while (p < len) {
            if (len - p < 16) {
                // no block fits here; a zero word is still a torn extension's tail
                boolean zero = len - p >= OVERHEAD && le(stack.get(p, p + OVERHEAD), 0) == 0;
                return new Walk(blocks, p, zero ? Stop.ZERO_TAIL : Stop.MALFORMED);
            }
            stack.getInto(p, node);
            long word = le(node, 0);
            if (word == 0) {
                return new Walk(blocks, p, Stop.ZERO_TAIL);
            }
            if (!fits(word, p, len)) {
                return new Walk(blocks, p, Stop.MALFORMED);
            }
            blocks.add(new Block(p, word, isLive(word) ? 0 : le(node, 8)));
            p += sizeOf(word);
        }
        return new Walk(blocks, p, Stop.END);
    }

    /**
     * Recovery: discards a zero tail (one call), then relinks every free block on the list of the
     * largest class not bigger than it, in address order (the crate's order), and writes the links
     * and heads that differ from what is stored as one {@code setBatched} (one call). Returns how
     * many 16-byte quanta past a malformed word could not be accounted for (0 = all of them).
     */
    static long recover(ByteStack stack) throws IOException {
        if (stack.len() <= ARENA_START) {
            return 0;
        }
        Walk walk = walk(stack);
        if (walk.stop() == Stop.ZERO_TAIL) {
            stack.discard(stack.len() - walk.end());
        }
        long[] heads = new long[NUM_CLASSES];
        List<StackWrite> writes = new ArrayList<>();
        for (Block b : walk.blocks()) {
            if (!b.live()) {
                int c = listOf(b.size());
                if (b.next() != heads[c]) {
                    writes.add(new StackWrite(b.start() + OVERHEAD, le(heads[c])));
                }
                heads[c] = b.start();
            }
        }
        byte[] stored = stack.get(SegregatedClasses.HEADS_OFFSET, ARENA_START);
        for (int c = 0; c < NUM_CLASSES; c++) {
            if (le(stored, 8 * c) != heads[c]) {
                writes.add(new StackWrite(SegregatedClasses.headOffset(c), le(heads[c])));
            }
        }
        if (!writes.isEmpty()) {
            stack.setBatched(writes);
        }
        return walk.stop() == Stop.MALFORMED ? (stack.len() - walk.end()) / QUANTUM : 0;
    }

    /**
     * Merges runs of adjacent free blocks: every free run becomes one free block, and every list is
     * rebuilt from the walk, all in one {@code setBatched}. Returns how many blocks were absorbed
     * into a neighbour; 0 writes nothing. A zero tail or malformed word ends the walk (nothing is
     * discarded; free blocks past a malformed word drop off the lists until recovery).
     */
    static long coalesce(ByteStack stack) throws IOException {
        if (stack.len() <= ARENA_START) {
            return 0;
        }
        Walk walk = walk(stack);
        long fused = 0;
        long[] heads = new long[NUM_CLASSES];
        List<StackWrite> writes = new ArrayList<>();
        List<Block> blocks = walk.blocks();
        for (int i = 0; i < blocks.size(); i++) {
            Block b = blocks.get(i);
            if (b.live()) {
                continue;
            }
            long runSize = b.size();
            while (i + 1 < blocks.size() && !blocks.get(i + 1).live()) {
                runSize += blocks.get(++i).size();
                fused++;
            }
            int c = listOf(runSize);
            writes.add(new StackWrite(b.start(), freeNode(runSize, heads[c])));
            heads[c] = b.start();
        }
        if (fused == 0) {
            return 0;
        }
        byte[] table = new byte[8 * NUM_CLASSES];
        for (int c = 0; c < NUM_CLASSES; c++) {
            System.arraycopy(le(heads[c]), 0, table, 8 * c, 8);
        }
        writes.add(new StackWrite(SegregatedClasses.HEADS_OFFSET, table));
        stack.setBatched(writes);
        return fused;
    }

    /** Block and byte counts of a walk (physical sizes, words included). */
    static SegregatedAllocator.Stats stats(ByteStack stack) throws IOException {
        if (stack.len() <= ARENA_START) {
            return new SegregatedAllocator.Stats(0, 0, 0, 0);
        }
        long freeBlocks = 0;
        long freeBytes = 0;
        long liveBlocks = 0;
        long liveBytes = 0;
        for (Block b : walk(stack).blocks()) {
            if (b.live()) {
                liveBlocks++;
                liveBytes += b.size();
            } else {
                freeBlocks++;
                freeBytes += b.size();
            }
        }
        return new SegregatedAllocator.Stats(freeBlocks, freeBytes, liveBlocks, liveBytes);
    }

    /** Whether {@code next} can be a list link at all (NIL or a block start inside the arena). */
    static boolean plausibleLink(long next, long len) {
        return next == NIL || (next >= ARENA_START && next % QUANTUM == 0 && next < len);
    }
}
