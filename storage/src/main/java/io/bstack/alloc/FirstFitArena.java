package io.bstack.alloc;

import io.bstack.stack.ByteStack;
import static io.bstack.alloc.FirstFitLayout.ARENA_START;
import static io.bstack.alloc.FirstFitLayout.FLAGS_OFFSET;
import static io.bstack.alloc.FirstFitLayout.FOOTER;
import static io.bstack.alloc.FirstFitLayout.FREE_HEAD_OFFSET;
import static io.bstack.alloc.FirstFitLayout.HEADER;
import static io.bstack.alloc.FirstFitLayout.MAX_IMAGE;
import static io.bstack.alloc.FirstFitLayout.MIN_BLOCK;
import static io.bstack.alloc.FirstFitLayout.MIN_PAYLOAD;
import static io.bstack.alloc.FirstFitLayout.OVERHEAD;
import static io.bstack.alloc.FirstFitLayout.corrupt;
import static io.bstack.alloc.FirstFitLayout.impossibleSize;
import static io.bstack.alloc.FirstFitLayout.impossibleStart;
import static io.bstack.alloc.FirstFitLayout.isBlockSize;
import static io.bstack.alloc.FirstFitLayout.putU32;
import static io.bstack.alloc.FirstFitLayout.putU64;
import static io.bstack.alloc.FirstFitLayout.readU64;
import static io.bstack.alloc.FirstFitLayout.u64;
import static io.bstack.alloc.FirstFitLayout.writeU64;

import io.bstack.stack.BStack;
import io.bstack.stack.BStackInvalidInputException;
import java.io.IOException;
import java.util.Arrays;

/**
 * The block and free-list mechanics of {@link FirstFitAllocator}, one stack call at a time and in
 * the crate's order (the order is what recovery relies on). The caller holds the allocator's lock
 * and brackets every multi-call sequence with {@link #raiseRecoveryFlag()} and
 * {@link #lowerRecoveryFlag()}.
 */
final class FirstFitArena {
    private static final byte[] FLAG_DOWN = {0, 0, 0, 0};
    private static final byte[] FLAG_UP = {1, 0, 0, 0};

    private final ByteStack stack;
    /**
     * Whether {@code recovery_needed} is, or may be, set on disk by this allocator: true from a
     * raise (even one that failed: a failed stack call may still have landed) until a successful
     * lower. Under the lock, true at the start of an operation means an earlier one failed midway.
     */
    private boolean flagRaised;
    /** Whether the current operation raised the flag, i.e. began changing the arena. */
    private boolean began;

    FirstFitArena(ByteStack stack) {
        this.stack = stack;
    }

    /** Whether an earlier operation left {@code recovery_needed} (possibly) set: the arena must be reopened. */
    boolean needsRecovery() {
        return flagRaised;
    }

    /** Marks the start of an operation (under the lock). */
    void startOperation() {
        began = false;
    }

    /** Whether the current operation has raised the flag (a failure from here on cannot hand its region back untouched). */
    boolean began() {
        return began;
    }

    /** Sets {@code recovery_needed} by compare-and-swap 0 → 1 (the crate's {@code atomic} form). */
    void raiseRecoveryFlag() throws IOException {
        if (flagRaised) {
            throw corrupt("an earlier operation failed midway; reopen the stack to run recovery");
        }
        boolean swapped;
        try {
            swapped = stack.cas(FLAGS_OFFSET, FLAG_DOWN, FLAG_UP);
        } catch (IOException e) {
            flagRaised = true; // it may have landed
            throw e;
        }
        flagRaised = true;
        if (!swapped) {
            throw corrupt("recovery_needed is already set on disk; reopen the stack to run recovery");
        }
        began = true;
    }

    /** Clears {@code recovery_needed} by compare-and-swap 1 → 0. */
    void lowerRecoveryFlag() throws IOException {
        if (!stack.cas(FLAGS_OFFSET, FLAG_UP, FLAG_DOWN)) {
            throw corrupt("recovery_needed was not set when the operation finished");
        }
        flagRaised = false;
    }

    long freeHead() throws IOException {
        return readU64(stack, FREE_HEAD_OFFSET);
    }

    /** The payload size in the header of the block whose payload starts at {@code start}. */
    long blockSize(long start) throws IOException {
        return readU64(stack, start - HEADER);
    }

    /** The crate's {@code read_block_size}: the header size, refused unless well formed and in bounds. */
    long checkedBlockSize(long start) throws IOException {
        long size = blockSize(start);
        if (!isBlockSize(size) || size > stack.len() - FOOTER - start) {
            throw new BStackInvalidInputException(
                    "the block at " + start + " has an invalid size " + Long.toUnsignedString(size));
        }
        return size;
    }

    /** Removes a free block from the list by relinking its neighbours; its own bytes are untouched. */
    void unlink(long payload) throws IOException {
        byte[] links = new byte[16];
        stack.getInto(payload, links);
        long next = u64(links, 0);
        long prev = u64(links, 8);
        writeU64(stack, prev != 0 ? prev : FREE_HEAD_OFFSET, next);
        if (next != 0) {
            writeU64(stack, next + 8, prev);
        }
    }

    /**
     * The crate's {@code add_to_free_list}: marks the block free, absorbs a free right neighbour,
     * merges into a free left neighbour, writes the merged size (header, then footer), and pushes
     * the result on the list head (links first, then {@code free_head}, then the old head's back
     * link). Tail reclamation is left to {@link #cascadeDiscardFreeTail()}.
     */
    void free(long payload) throws IOException {
        long len = stack.len();
        long header = payload - HEADER;
        long size = readU64(stack, header);
        long resultHeader = header;
        byte[] freeFlag = new byte[4];
        putU32(freeFlag, 0, 1);
        stack.set(header + 8, freeFlag);

        long rightHeader = header + OVERHEAD + size;
        if (rightHeader <= len - HEADER) {
            byte[] right = new byte[16];
            stack.getInto(rightHeader, right);
            long rightSize = u64(right, 0);
            if ((right[8] & 1) != 0 && isBlockSize(rightSize) && rightSize <= len - OVERHEAD - rightHeader) {
                unlink(rightHeader + HEADER);
                size += rightSize + OVERHEAD;
            }
        }
        if (header > ARENA_START) {
            long leftSize = readU64(stack, header - FOOTER);
            if (isBlockSize(leftSize) && leftSize <= header - ARENA_START - OVERHEAD) {
                long leftHeader = header - OVERHEAD - leftSize;
                byte[] left = new byte[16];
                stack.getInto(leftHeader, left);
                if ((left[8] & 1) != 0 && u64(left, 0) == leftSize) {
                    unlink(leftHeader + HEADER);
                    size += leftSize + OVERHEAD;
                    resultHeader = leftHeader;
                }
            }
        }
        long result = resultHeader + HEADER;
        writeU64(stack, resultHeader, size);
        writeU64(stack, result + size, size);

        long oldHead = freeHead();
        byte[] links = new byte[24];
        putU32(links, 0, 1);
        putU64(links, 8, oldHead);
        stack.set(resultHeader + 8, links);
        writeU64(stack, FREE_HEAD_OFFSET, result);
        if (oldHead != 0) {
            writeU64(stack, oldHead + 8, result);
        }
    }

    /**
     * The crate's {@code find_large_enough_block}: walks the list from the head and returns
     * {@code {payload, size}} of the first free block of at least {@code size} bytes, or null. The
     * walk is bounded by the number of blocks the arena can hold, so a cycle is reported as
     * corruption instead of looping.
     */
    long[] firstFit(long size) throws IOException {
        long len = stack.len();
        long maxWalk = Math.max(0, len - ARENA_START) / MIN_BLOCK + 1;
        long head = freeHead();
        if (head != 0 && impossibleStart(head, len)) {
            throw corrupt("free_head " + Long.toUnsignedString(head) + " is not a block");
        }
        long walked = 0;
        byte[] node = new byte[24];
        while (head != 0) {
            if (++walked > maxWalk) {
                throw corrupt("the free list has a cycle (walk exceeded " + maxWalk + " blocks)");
            }
            stack.getInto(head - HEADER, node);
            long blockSize = u64(node, 0);
            if ((node[8] & 1) == 0) {
                throw corrupt("free-list block at " + head + " is not marked free");
            }
            if (impossibleSize(blockSize, len) || (blockSize & 7) != 0) {
                throw corrupt("free-list block at " + head + " has invalid size " + Long.toUnsignedString(blockSize));
            }
            if (blockSize >= size) {
                return new long[] {head, blockSize};
            }
            head = u64(node, 16);
            if (head != 0 && impossibleStart(head, len)) {
                throw corrupt("free-list link " + Long.toUnsignedString(head) + " is not a block");
            }
        }
        return null;
    }

    /** Whether taking {@code requested} bytes from a free block of {@code found} bytes splits it. */
    static boolean splits(long found, long requested) {
        return found >= requested + OVERHEAD + MIN_PAYLOAD;
    }

    /**
     * The crate's {@code unlink_block}: hands the free block at {@code found} out for
     * {@code requested} bytes and returns the new block's payload offset. A split carves the
     * allocation from the back (free footer + new header, then the new payload/footer, then the
     * shrunk free header last, which recovery's partial-split check can undo); otherwise the block
     * is unlinked (back link first, then forward link) and its flags cleared last. With an
     * {@code image} (overhead + requested bytes; content at {@code [16, 16 + requested)}) the flag
     * or footer write also lays down the payload in the same call; without one, payload bytes are
     * left as they were.
     */
    long take(long found, long foundSize, long requested, byte[] image) throws IOException {
        if (splits(foundSize, requested)) {
            long remaining = foundSize - requested - OVERHEAD;
            byte[] tags = new byte[(int) OVERHEAD];
            putU64(tags, 0, remaining);
            putU64(tags, 8, requested);
            stack.set(found + remaining, tags);
            long payload = found + remaining + OVERHEAD;
            if (image != null) {
                putU64(image, (int) (HEADER + requested), requested);
                stack.set(payload, Arrays.copyOfRange(image, (int) HEADER, image.length));
            } else {
                writeU64(stack, payload + requested, requested);
            }
            writeU64(stack, found - HEADER, remaining);
            return payload;
        }
        byte[] links = new byte[16];
        stack.getInto(found, links);
        long next = u64(links, 0);
        long prev = u64(links, 8);
        writeU64(stack, prev != 0 ? prev : FREE_HEAD_OFFSET, next);
        if (next != 0) {
            writeU64(stack, next + 8, prev);
        }
        if (image != null) {
            Arrays.fill(image, 8, 16, (byte) 0);
            stack.set(found - 8, Arrays.copyOfRange(image, 8, (int) (HEADER + requested)));
        } else {
            stack.set(found - 8, new byte[8]);
        }
        return found;
    }

    /**
     * The crate's {@code cascade_discard_free_tail}: while the last block is free (footer and
     * header agree), unlinks and discards it, keeping the invariant that the tail block is allocated.
     */
    void cascadeDiscardFreeTail() throws IOException {
        while (true) {
            long tail = stack.len();
            if (tail <= ARENA_START) {
                return;
            }
            long size = readU64(stack, tail - FOOTER);
            if (!isBlockSize(size) || size > tail - ARENA_START - OVERHEAD) {
                return;
            }
            long header = tail - OVERHEAD - size;
            byte[] h = new byte[16];
            stack.getInto(header, h);
            if ((h[8] & 1) == 0 || u64(h, 0) != size) {
                return;
            }
            unlink(header + HEADER);
            stack.discard(size + OVERHEAD);
        }
    }

    /**
     * The crate's {@code try_grow_into_next_free}: grows the block at {@code start} (payload
     * {@code blockSize}) to at least {@code alignedNew} by absorbing the following block when it is
     * free and big enough, splitting any remainder back onto the list. Returns false (nothing
     * written) when the neighbour does not qualify. With {@code init}, the bytes past
     * {@code userLen} are zeroed first, before the flag is raised (one idempotent write inside the
     * caller's own block).
     */
    boolean growIntoNextFree(long start, long blockSize, long alignedNew, long userLen, boolean init) throws IOException {
        long len = stack.len();
        long next = start + blockSize + OVERHEAD;
        if (next > len - FOOTER - MIN_PAYLOAD) {
            return false;
        }
        byte[] h = new byte[16];
        stack.getInto(next - HEADER, h);
        long nextSize = u64(h, 0);
        if ((h[8] & 1) == 0 || !isBlockSize(nextSize) || nextSize > len - FOOTER - next
                || blockSize + OVERHEAD + nextSize < alignedNew || nextSize + OVERHEAD + FOOTER > MAX_IMAGE) {
            return false;
        }
        if (userLen < blockSize && init) {
            stack.zero(start + userLen, blockSize - userLen);
        }
        raiseRecoveryFlag();
        unlink(next);
        long merged = blockSize + OVERHEAD + nextSize;
        byte[] tail = new byte[(int) (nextSize + OVERHEAD + FOOTER)];
        if (splits(merged, alignedNew)) {
            long remainder = merged - alignedNew - OVERHEAD;
            long freeStart = start + alignedNew + OVERHEAD;
            long oldHead = freeHead();
            int allocFooter = (int) (alignedNew - blockSize);
            putU64(tail, allocFooter, alignedNew);
            putU64(tail, allocFooter + 8, remainder);
            putU32(tail, allocFooter + 16, 1);
            putU64(tail, allocFooter + 24, oldHead);
            putU64(tail, (int) (nextSize + OVERHEAD), remainder);
            writeU64(stack, start - HEADER, merged);
            int from = init ? 0 : allocFooter;
            stack.set(start + blockSize + from, Arrays.copyOfRange(tail, from, tail.length));
            writeU64(stack, start - HEADER, alignedNew);
            writeU64(stack, FREE_HEAD_OFFSET, freeStart);
            if (oldHead != 0) {
                writeU64(stack, oldHead + 8, freeStart);
            }
        } else {
            writeU64(stack, start - HEADER, merged);
            if (init) {
                putU64(tail, (int) (nextSize + OVERHEAD), merged);
                stack.set(start + blockSize, tail);
            } else {
                writeU64(stack, start + merged, merged);
            }
        }
        lowerRecoveryFlag();
        return true;
    }

    /** A block image {@code header ‖ payload ‖ footer} of {@code size} payload bytes, content zero. */
    static byte[] image(long size) throws BStackInvalidInputException {
        if (size > MAX_IMAGE - OVERHEAD) {
            throw new BStackInvalidInputException("a block of " + size
                    + " bytes exceeds the largest block image this port can stage (" + (MAX_IMAGE - OVERHEAD) + ")");
        }
        byte[] image = new byte[(int) (size + OVERHEAD)];
        putU64(image, 0, size);
        putU64(image, (int) (HEADER + size), size);
        return image;
    }

    /** Pushes a block image at the tail in one call; returns its payload offset. */
    long push(byte[] image) throws IOException {
        return stack.push(image) + HEADER;
    }
}
