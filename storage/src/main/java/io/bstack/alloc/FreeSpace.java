package io.bstack.alloc;

import io.bstack.stack.BStackCorruptException;
import io.bstack.stack.ByteStack;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Read-only maps of an allocator's space, for reports (a database's {@code ALLOCATOR} and
 * {@code FILE_MAP} views): the free extents, in address order, and the block a live region
 * occupies (its bytes plus the allocator's own header, footer and padding). Nothing here writes,
 * so the maps can be read from a snapshot. Each free extent is a whole free block, metadata
 * included, so the extents, the live blocks and the header tile the arena.
 *
 * <p>GhostTree: a walk of the free tree (its nodes live in the free blocks). First-fit and
 * segregated: one scan of the block headers from the arena start, O(blocks). A block header that
 * is not a block size is {@link BStackCorruptException}; a zero tail (an interrupted extend the
 * next open discards) ends the scan.
 */
public final class FreeSpace {
    private FreeSpace() {
    }

    /** The free blocks of a {@link GhostTreeAllocator} stack, by address. */
    public static List<Region> ghostTree(ByteStack stack) throws IOException {
        if (stack.len() <= GhostTreeAllocator.ARENA_START) {
            return List.of();
        }
        List<Region> out = new ArrayList<>();
        for (GhostTreeNode n : new GhostTreeNodes(GhostTreeNodes.Store.of(stack)).walk()) {
            out.add(new Region(n.ptr(), n.size()));
        }
        out.sort(Comparator.naturalOrder());
        return out;
    }

    /** The block of GhostTree region {@code r}: its length rounded up to 32 (at least 32). */
    public static Region ghostTreeBlock(Region r) {
        long g = GhostTreeAllocator.GRANULE;
        return new Region(r.offset(), Math.max(g, (r.len() + g - 1) / g * g));
    }

    /** The free blocks (header, payload and footer) of a {@link FirstFitAllocator} stack, by address. */
    public static List<Region> firstFit(ByteStack stack) throws IOException {
        List<Region> out = new ArrayList<>();
        long len = stack.len();
        byte[] header = new byte[(int) FirstFitLayout.HEADER];
        for (long pos = FirstFitLayout.ARENA_START; pos + FirstFitLayout.OVERHEAD <= len; ) {
            stack.getInto(pos, header);
            long size = FirstFitLayout.u64(header, 0);
            if (size == 0 && allZero(header)) {
                break; // an interrupted extend: open discards it
            }
            if (!FirstFitLayout.isBlockSize(size) || size > len - pos - FirstFitLayout.OVERHEAD) {
                throw new BStackCorruptException("first-fit block at " + pos + " has the impossible size " + size);
            }
            long block = size + FirstFitLayout.OVERHEAD;
            if ((header[8] & 1) != 0) {
                out.add(new Region(pos, block));
            }
            pos += block;
        }
        return out;
    }

    /** The block of first-fit region {@code r}: its header, payload (as the header says) and footer. */
    public static Region firstFitBlock(ByteStack stack, Region r) throws IOException {
        long start = r.offset() - FirstFitLayout.HEADER;
        long size = FirstFitLayout.readU64(stack, start);
        return new Region(start, size + FirstFitLayout.OVERHEAD);
    }

    /** The free blocks (tag word included) of a {@link SegregatedAllocator} stack, by address. */
    public static List<Region> segregated(ByteStack stack) throws IOException {
        List<Region> out = new ArrayList<>();
        long len = stack.len();
        byte[] word = new byte[8];
        for (long pos = SegregatedClasses.ARENA_START; pos + 16 <= len; ) {
            stack.getInto(pos, word);
            long w = SegregatedClasses.le(word, 0);
            long size = SegregatedClasses.sizeOf(w);
            if (w == 0) {
                break; // a zero tail: open discards it
            }
            if (size < 16 || size > len - pos) {
                throw new BStackCorruptException("segregated block at " + pos + " has the impossible size " + size);
            }
            if (!SegregatedClasses.isLive(w)) {
                out.add(new Region(pos, size));
            }
            pos += size;
        }
        return out;
    }

    /** The block of segregated region {@code r}: its tag word and everything up to the next block. */
    public static Region segregatedBlock(ByteStack stack, Region r) throws IOException {
        long start = SegregatedClasses.blockOf(r.offset());
        byte[] word = stack.get(start, start + 8);
        return new Region(start, SegregatedClasses.sizeOf(SegregatedClasses.le(word, 0)));
    }

    private static boolean allZero(byte[] b) {
        for (byte x : b) {
            if (x != 0) {
                return false;
            }
        }
        return true;
    }
}
