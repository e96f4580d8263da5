package io.bstack.alloc;

import io.bstack.stack.ByteStack;
import static io.bstack.alloc.SegregatedClasses.ARENA_START;
import static io.bstack.alloc.SegregatedClasses.HEADS_OFFSET;
import static io.bstack.alloc.SegregatedClasses.MAX_CLASS;
import static io.bstack.alloc.SegregatedClasses.NIL;
import static io.bstack.alloc.SegregatedClasses.NUM_CLASSES;
import static io.bstack.alloc.SegregatedClasses.OVERSIZED;
import static io.bstack.alloc.SegregatedClasses.QUANTUM;
import static io.bstack.alloc.SegregatedClasses.SPLIT_MIN;
import static io.bstack.alloc.SegregatedClasses.carve;
import static io.bstack.alloc.SegregatedClasses.classOf;
import static io.bstack.alloc.SegregatedClasses.fits;
import static io.bstack.alloc.SegregatedClasses.freeNode;
import static io.bstack.alloc.SegregatedClasses.headOffset;
import static io.bstack.alloc.SegregatedClasses.isLive;
import static io.bstack.alloc.SegregatedClasses.le;
import static io.bstack.alloc.SegregatedClasses.listOf;
import static io.bstack.alloc.SegregatedClasses.sizeOf;

import io.bstack.stack.BStack;
import io.bstack.stack.BStackCorruptException;
import io.bstack.stack.StackWrite;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * The metadata edits of one {@link SegregatedAllocator} step, gathered in memory and committed as
 * one {@link BStack#setBatched} call (all or nothing, crash-atomic), and the free-list reads that
 * plan them (taking a block off a list, checking a listed block). It starts from the head table
 * as stored, applies head changes in program order (so "pop from class c, then push onto class c"
 * composes correctly), and writes each changed head once. Used only under the allocator's lock.
 */
final class SegregatedBatch {
    private final ByteStack stack;
    private final long[] heads = new long[NUM_CLASSES];
    private final long[] stored = new long[NUM_CLASSES];
    private final TreeMap<Long, byte[]> writes = new TreeMap<>();

    SegregatedBatch(ByteStack stack) throws IOException {
        this.stack = stack;
        byte[] table = stack.get(HEADS_OFFSET, HEADS_OFFSET + 8L * NUM_CLASSES);
        for (int c = 0; c < NUM_CLASSES; c++) {
            heads[c] = le(table, 8 * c);
            stored[c] = heads[c];
        }
    }

    /** Head of list {@code c} as this batch would leave it. */
    long head(int c) {
        return heads[c];
    }

    void setHead(int c, long block) {
        heads[c] = block;
    }

    /** Writes {@code data} at {@code offset}; entries must not overlap each other or the head table. */
    void write(long offset, byte[] data) {
        if (data.length == 0) {
            return;
        }
        var below = writes.floorEntry(offset + data.length - 1);
        if (below != null && below.getKey() + below.getValue().length > offset) {
            throw new IllegalStateException("batched edits at " + below.getKey() + " and " + offset + " overlap");
        }
        writes.put(offset, data);
    }

    /** Pushes a free block onto list {@code c}: {@code [free word | next = head]}, then head = block. */
    void push(long block, long size, int c) {
        write(block, freeNode(size, heads[c]));
        heads[c] = block;
    }

    /** A block taken off a free list in this batch (not yet committed): its start and the size it keeps. */
    record Reserved(long block, long size) {}

    /**
     * Takes a block of at least {@code want} bytes off its list, or null on a miss. A classed hit
     * keeps its recorded size; the oversized head is taken only if big enough (O(1), no search),
     * kept whole when the excess is below {@code SPLIT_MIN}, else cut to {@code want} with the
     * excess carved into free class blocks pushed in this batch.
     */
    Reserved take(long want) throws IOException {
        int c = want <= MAX_CLASS ? classOf(want) : OVERSIZED;
        long head = heads[c];
        if (head == NIL) {
            return null;
        }
        byte[] node = listed(head, c);
        long size = sizeOf(le(node, 0));
        if (size < want) {
            return null;
        }
        heads[c] = le(node, 8);
        if (c != OVERSIZED || size - want < SPLIT_MIN) {
            return new Reserved(head, size);
        }
        long at = head + want;
        for (long piece : carve(size - want)) {
            push(at, piece, listOf(piece));
            at += piece;
        }
        return new Reserved(head, want);
    }

    /**
     * Reads and checks the first 16 bytes {@code [word | next]} of a block listed on {@code c}:
     * free, on the right list, inside the arena, with a plausible link. Anything else is a
     * {@link BStackCorruptException}: a list never hands out a live or foreign block.
     */
    byte[] listed(long block, int c) throws IOException {
        long len = stack.len();
        if (block < ARENA_START || block % QUANTUM != 0 || block > len - 16) {
            throw new BStackCorruptException("free list " + c + " points at " + block + ", not a block of the arena");
        }
        byte[] node = stack.get(block, block + 16);
        long word = le(node, 0);
        if (isLive(word) || !fits(word, block, len) || listOf(sizeOf(word)) != c
                || !SegregatedArena.plausibleLink(le(node, 8), len)) {
            throw new BStackCorruptException("free list " + c + " holds block " + block + " with word 0x"
                    + Long.toHexString(word) + " and next " + le(node, 8));
        }
        return node;
    }

    /** Whether anything would be written. */
    boolean isEmpty() {
        return writes.isEmpty() && java.util.Arrays.equals(heads, stored);
    }

    /** The writes, changed heads included, in offset order. */
    List<StackWrite> toWrites() {
        List<StackWrite> out = new ArrayList<>(writes.size() + 4);
        for (int c = 0; c < NUM_CLASSES; c++) {
            if (heads[c] != stored[c]) {
                out.add(new StackWrite(headOffset(c), le(heads[c])));
            }
        }
        writes.forEach((off, data) -> out.add(new StackWrite(off, data)));
        return out;
    }

    /** One all-or-nothing stack call; nothing if the batch is empty. */
    void commit() throws IOException {
        if (!isEmpty()) {
            stack.setBatched(toWrites());
        }
    }
}
