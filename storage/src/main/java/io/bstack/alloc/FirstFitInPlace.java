package io.bstack.alloc;

import io.bstack.stack.ByteStack;
import static io.bstack.alloc.FirstFitLayout.ARENA_START;
import static io.bstack.alloc.FirstFitLayout.FOOTER;
import static io.bstack.alloc.FirstFitLayout.HEADER;
import static io.bstack.alloc.FirstFitLayout.MIN_FRONT_GROW;
import static io.bstack.alloc.FirstFitLayout.MIN_FRONT_TRIM;
import static io.bstack.alloc.FirstFitLayout.MIN_PAYLOAD;
import static io.bstack.alloc.FirstFitLayout.OVERHEAD;
import static io.bstack.alloc.FirstFitLayout.align;
import static io.bstack.alloc.FirstFitLayout.isBlockSize;
import static io.bstack.alloc.FirstFitLayout.putU64;
import static io.bstack.alloc.FirstFitLayout.readU64;
import static io.bstack.alloc.FirstFitLayout.u64;
import static io.bstack.alloc.FirstFitLayout.writeU64;

import io.bstack.stack.BStack;
import io.bstack.stack.BStackInvalidInputException;
import io.bstack.stack.BStackUnsupportedException;
import java.io.IOException;

/**
 * The structural paths of {@link FirstFitAllocator#reallocInPlace}: back grow, front shrink and
 * front grow (the crate's {@code grow_back_inplace}, {@code shrink_front_inplace},
 * {@code grow_front_inplace}). Called under the allocator's lock with a taken, validated handle.
 * Every refusal before the recovery flag is raised hands the handle back untouched; a failure
 * after it reports the region lost (the crate's {@code handle: None}).
 */
final class FirstFitInPlace {
    private final FirstFitAllocator allocator;
    private final FirstFitArena arena;
    private final ByteStack stack;

    FirstFitInPlace(FirstFitAllocator allocator, FirstFitArena arena) {
        this.allocator = allocator;
        this.arena = arena;
        this.stack = allocator.stack();
    }

    private static final String WHAT = "in-place resize";

    private BStackAllocException failure(RegionHandle handle, IOException cause) {
        return arena.began() ? allocator.lost(handle.region(), WHAT, cause) : allocator.untouched(handle, WHAT, cause);
    }

    /** Grows the back edge: inside the block, else by extending the tail block, else by absorbing a free right neighbour. */
    RegionHandle growBack(RegionHandle handle, long newLen) throws BStackAllocException {
        long start = handle.offset();
        long oldLen = handle.len();
        try {
            long blockSize = arena.checkedBlockSize(start);
            long alignedNew = align(newLen);
            if (alignedNew < 0) {
                throw new BStackInvalidInputException("length " + newLen + " overflows a block");
            }
            if (blockSize >= alignedNew) {
                if (newLen > oldLen) {
                    stack.zero(start + oldLen, newLen - oldLen);
                }
                return allocator.issue(start, newLen);
            }
            if (start + blockSize == stack.len() - FOOTER) {
                arena.raiseRecoveryFlag();
                stack.extend(alignedNew - blockSize);
                stack.zero(start + oldLen, blockSize + FOOTER - oldLen);
                writeU64(stack, start - HEADER, alignedNew);
                writeU64(stack, start + alignedNew, alignedNew);
                arena.lowerRecoveryFlag();
                return allocator.issue(start, newLen);
            }
            if (arena.growIntoNextFree(start, blockSize, alignedNew, oldLen, true)) {
                return allocator.issue(start, newLen);
            }
            throw new BStackUnsupportedException("growing " + handle.region() + " by " + (newLen - oldLen)
                    + " bytes would move it: it is not the tail block and its right neighbour is not a large enough free block");
        } catch (IOException e) {
            throw failure(handle, e);
        }
    }

    /**
     * Carves {@code [start, start + pf)} off into a free block: the front footer and the retained
     * block's header in one write, the retained footer, then the front header shrunk last (the
     * split shape recovery repairs), then the front is freed like a dealloc.
     */
    RegionHandle shrinkFront(RegionHandle handle, long pf, long newLen) throws BStackAllocException {
        long start = handle.offset();
        try {
            if (pf < MIN_FRONT_TRIM || (pf & 7) != 0) {
                throw new BStackUnsupportedException("a front trim must be a multiple of 8 and at least "
                        + MIN_FRONT_TRIM + " bytes to form a free block, not " + pf);
            }
            long blockSize = arena.checkedBlockSize(start);
            long retained = blockSize - pf;
            if (pf > blockSize || retained < MIN_PAYLOAD || retained < newLen) {
                throw new BStackUnsupportedException("trimming " + pf + " bytes off a " + blockSize
                        + "-byte block leaves too small a block for " + newLen + " bytes");
            }
            long frontPayload = pf - OVERHEAD;
            long newStart = start + pf;
            arena.raiseRecoveryFlag();
            byte[] tags = new byte[(int) OVERHEAD];
            putU64(tags, 0, frontPayload);
            putU64(tags, 8, retained);
            stack.set(newStart - OVERHEAD, tags);
            writeU64(stack, start + blockSize, retained);
            writeU64(stack, start - HEADER, frontPayload);
            arena.free(start);
            arena.cascadeDiscardFreeTail();
            arena.lowerRecoveryFlag();
            return allocator.issue(newStart, newLen);
        } catch (IOException e) {
            throw failure(handle, e);
        }
    }

    /**
     * Takes {@code pg} bytes from a free left neighbour: either shrinking it (its new footer and
     * our new header in one write, our footer, then its header last) or absorbing it whole
     * (unlink, our header over its header, our footer); then zeroes the new front bytes.
     */
    RegionHandle growFront(RegionHandle handle, long pg, long newLen) throws BStackAllocException {
        long start = handle.offset();
        try {
            if (pg < MIN_FRONT_GROW || (pg & 7) != 0) {
                throw new BStackUnsupportedException("a front growth must be a multiple of 8 and at least "
                        + MIN_FRONT_GROW + " bytes, not " + pg);
            }
            long ourHeader = start - HEADER;
            if (ourHeader <= ARENA_START) {
                throw new BStackUnsupportedException(handle.region() + " is the first block: it has no left neighbour");
            }
            long blockSize = arena.checkedBlockSize(start);
            if (pg > Long.MAX_VALUE - blockSize) {
                throw new BStackInvalidInputException("growing a " + blockSize + "-byte block by " + pg + " overflows");
            }
            long ourNewSize = blockSize + pg;
            long leftSize = readU64(stack, ourHeader - FOOTER);
            if (!isBlockSize(leftSize) || leftSize > ourHeader - ARENA_START - OVERHEAD) {
                throw noLeftNeighbour(handle, pg);
            }
            long leftHeader = ourHeader - OVERHEAD - leftSize;
            byte[] left = new byte[16];
            stack.getInto(leftHeader, left);
            if ((left[8] & 1) == 0 || u64(left, 0) != leftSize) {
                throw noLeftNeighbour(handle, pg);
            }
            long newStart = start - pg;
            long newHeader = newStart - HEADER;
            boolean absorb;
            if (pg <= leftSize - MIN_PAYLOAD) {
                absorb = false;
            } else if (pg == leftSize + OVERHEAD) {
                absorb = true;
            } else {
                throw new BStackUnsupportedException("growing the front by " + pg + " bytes neither leaves a valid free block of "
                        + leftSize + " bytes nor absorbs it whole (" + (leftSize + OVERHEAD) + ")");
            }
            arena.raiseRecoveryFlag();
            if (!absorb) {
                long leftNewSize = leftSize - pg;
                byte[] tags = new byte[(int) OVERHEAD];
                putU64(tags, 0, leftNewSize);
                putU64(tags, 8, ourNewSize);
                stack.set(newHeader - FOOTER, tags);
                writeU64(stack, start + blockSize, ourNewSize);
                writeU64(stack, leftHeader, leftNewSize);
            } else {
                arena.unlink(leftHeader + HEADER);
                byte[] header = new byte[(int) HEADER];
                putU64(header, 0, ourNewSize);
                stack.set(newHeader, header);
                writeU64(stack, start + blockSize, ourNewSize);
            }
            stack.zero(newStart, pg);
            arena.lowerRecoveryFlag();
            return allocator.issue(newStart, newLen);
        } catch (IOException e) {
            throw failure(handle, e);
        }
    }

    private static BStackUnsupportedException noLeftNeighbour(RegionHandle handle, long pg) {
        return new BStackUnsupportedException("growing the front of " + handle.region() + " by " + pg
                + " bytes needs a free left neighbour");
    }
}
