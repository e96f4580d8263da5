package io.bstack.alloc;

import io.bstack.stack.ByteStack;
import static io.bstack.alloc.FirstFitLayout.ARENA_START;
import static io.bstack.alloc.FirstFitLayout.FOOTER;
import static io.bstack.alloc.FirstFitLayout.HEADER;
import static io.bstack.alloc.FirstFitLayout.MAGIC;
import static io.bstack.alloc.FirstFitLayout.MAGIC_CHECKED;
import static io.bstack.alloc.FirstFitLayout.MAGIC_OFFSET;
import static io.bstack.alloc.FirstFitLayout.OVERHEAD;
import static io.bstack.alloc.FirstFitLayout.align;
import static io.bstack.alloc.FirstFitLayout.corrupt;
import static io.bstack.alloc.FirstFitLayout.impossibleRegion;
import static io.bstack.alloc.FirstFitLayout.isBlockSize;
import static io.bstack.alloc.FirstFitLayout.magicText;
import static io.bstack.alloc.FirstFitLayout.readU64;
import static io.bstack.alloc.FirstFitLayout.u64;
import static io.bstack.alloc.FirstFitLayout.writeU64;

import io.bstack.stack.BStack;
import io.bstack.stack.BStackInvalidInputException;
import io.bstack.stack.BStackUnsupportedException;
import java.io.IOException;
import java.util.Arrays;

/**
 * Boundary-tag first-fit free-list allocator (the crate's {@code FirstFitBStackAllocator},
 * allocator format {@code ALFF 0.1.3}): freed blocks go on an on-disk doubly linked list, are
 * coalesced with free neighbours, and are handed out again first-fit; the file does not grow
 * without bound. Byte-compatible with the crate.
 *
 * <h2>On-disk layout</h2>
 * All integers little-endian; offsets are payload offsets of the stack.
 * <table>
 * <caption>Allocator header (payload {@code [0, 48)})</caption>
 * <tr><th>offset</th><th>size</th><th>field</th></tr>
 * <tr><td>0</td><td>16</td><td>reserved for the user; never read or written by the allocator</td></tr>
 * <tr><td>16</td><td>8</td><td>magic {@code 41 4C 46 46 00 01 03 00} ({@code "ALFF"} 0.1.3); open checks the
 *     first 6 bytes ({@code ALFF 0.1.x})</td></tr>
 * <tr><td>24</td><td>4</td><td>flags u32: bit 0 = {@code recovery_needed}; other bits ignored</td></tr>
 * <tr><td>28</td><td>4</td><td>reserved (0)</td></tr>
 * <tr><td>32</td><td>8</td><td>{@code free_head}: payload offset of the first free block's payload, 0 = empty list</td></tr>
 * <tr><td>40</td><td>8</td><td>reserved (0)</td></tr>
 * <tr><td>48</td><td>…</td><td>the block arena, blocks back to back up to the stack's end</td></tr>
 * </table>
 * <table>
 * <caption>One block ({@code size} = payload bytes, a multiple of 8, at least 16)</caption>
 * <tr><th>offset in block</th><th>size</th><th>field</th></tr>
 * <tr><td>0</td><td>8</td><td>{@code size} u64</td></tr>
 * <tr><td>8</td><td>4</td><td>flags u32: bit 0 = {@code is_free}</td></tr>
 * <tr><td>12</td><td>4</td><td>reserved (0)</td></tr>
 * <tr><td>16</td><td>{@code size}</td><td>payload (a handle's offset points here); in a free block its first
 *     16 bytes are {@code next_free} u64 and {@code prev_free} u64 (payload offsets, 0 = none)</td></tr>
 * <tr><td>16 + {@code size}</td><td>8</td><td>footer: {@code size} u64 again, for leftward coalescing</td></tr>
 * </table>
 * A request of {@code n} bytes occupies a block of {@code max(n, 16)} rounded up to 8; the handle
 * covers exactly {@code n}. A block can be larger than its handle (a whole free block reused
 * without split, or a shrink, keeps the spare bytes until it is freed). The list is LIFO: freed
 * blocks are pushed at the head; recovery rebuilds it in address order.
 *
 * <h2>Operations</h2>
 * <table>
 * <caption>Crash-consistency class and the order of BStack calls ("flag↑/↓" = compare-and-swap of
 * {@code recovery_needed}; reads omitted)</caption>
 * <tr><th>operation / path</th><th>calls in order</th><th>class</th></tr>
 * <tr><td>alloc, no free block fits</td><td>{@code push(header ‖ zeros ‖ footer)}</td><td>single-call</td></tr>
 * <tr><td>alloc, fit with split (allocation carved from the back)</td><td>flag↑; set free footer + new header;
 *     set payload + footer (footer only, uninit); set shrunk free header; flag↓</td><td>multi-call</td></tr>
 * <tr><td>alloc, fit without split</td><td>flag↑; set prev's {@code next_free} (or {@code free_head});
 *     set next's {@code prev_free}; set flags + payload (flags only, uninit); flag↓</td><td>multi-call</td></tr>
 * <tr><td>dealloc, tail block</td><td>flag↑; {@code discard}; per newly exposed free tail block: unlink
 *     (1–2 sets), {@code discard}; flag↓</td><td>multi-call</td></tr>
 * <tr><td>dealloc, other block</td><td>flag↑; set {@code is_free}; unlink a free right neighbour; unlink a
 *     free left neighbour; set merged header size; set merged footer; set flags + links; set
 *     {@code free_head}; set old head's {@code prev_free}; tail cascade; flag↓</td><td>multi-call</td></tr>
 * <tr><td>realloc within the block (same 8-byte bucket, or the block is big enough)</td><td>{@code zero} of
 *     the newly visible bytes (nothing when shrinking or uninit)</td><td>single-call</td></tr>
 * <tr><td>realloc shrink of the tail block</td><td>none: only the visible length narrows (space returns on
 *     free, crate 0.4.1)</td><td>—</td></tr>
 * <tr><td>realloc grow of the tail block</td><td>flag↑; {@code extend}; {@code zero} from the old visible end
 *     through the old footer (not uninit); set header; set footer; flag↓</td><td>multi-call</td></tr>
 * <tr><td>realloc absorbing a free right neighbour</td><td>{@code zero} of stale bytes in the block (not uninit,
 *     before the flag); flag↑; unlink it; set header = merged; split: one set of the new footer +
 *     free header + links + free footer, set header = new size, set {@code free_head}, set old head's
 *     {@code prev_free} — no split: one set of zeros + merged footer; flag↓</td><td>multi-call</td></tr>
 * <tr><td>realloc that moves</td><td>flag↑; take a free block (as alloc, the copied prefix fused into its
 *     write) or {@code push} a new block image; free the old block (as dealloc); tail cascade; flag↓</td><td>multi-call</td></tr>
 * <tr><td>reallocInPlace, identity or back shrink</td><td>none</td><td>—</td></tr>
 * <tr><td>reallocInPlace, back grow</td><td>within the block: one {@code zero}; tail block: as realloc's tail
 *     grow; else absorbing a free right neighbour as realloc</td><td>single / multi-call</td></tr>
 * <tr><td>reallocInPlace, front shrink (trim ≥ 40, multiple of 8)</td><td>flag↑; set front footer + retained
 *     header; set retained footer; set front header size; free the front (as dealloc); flag↓</td><td>multi-call</td></tr>
 * <tr><td>reallocInPlace, front grow (≥ 24, multiple of 8, free left neighbour)</td><td>flag↑; shrink it: set
 *     its footer + our header, set our footer, set its header size — or absorb it: unlink, set our
 *     header over its header, set our footer; {@code zero} the new front bytes; flag↓</td><td>multi-call</td></tr>
 * <tr><td>reclaim</td><td>reads only</td><td>—</td></tr>
 * </table>
 *
 * <p>Failure contract (per the crate): {@code dealloc} and the structural {@code reallocInPlace}
 * paths hand the handle back untouched if they fail before the flag is raised and report it
 * {@linkplain BStackAllocException.Outcome#LOST lost} after; {@code realloc} hands back the
 * untouched original until a moved copy is committed, and the {@linkplain BStackAllocException.Outcome#MOVED
 * moved} region after; a failed {@code alloc} returns nothing — except that a tail {@code push}
 * reported failed whose block the stack's length shows committed is returned as a success (a
 * failed BStack call is all or nothing, but may be either). Because a failed call may have
 * landed, a raise of the flag that fails counts as a raised flag. After any failure that leaves
 * the flag (possibly) raised, this allocator refuses every further change (cause
 * {@link io.bstack.stack.BStackCorruptException}) until the stack is reopened and recovery has run
 * — the crate's {@code atomic} build refuses the same way, and continuing would let a later tail
 * push land behind a half-finished one, which recovery could no longer parse.
 *
 * <h2>Open and recovery</h2>
 * {@link #FirstFitAllocator(BStack)} on an empty stack pushes the 48-byte header (magic, flags 0,
 * {@code free_head} 0). On a non-empty stack it refuses one shorter than 48 bytes or with a wrong
 * magic ({@link io.bstack.stack.BStackCorruptException}, nothing written), and runs recovery when
 * {@code recovery_needed} is set or {@code free_head} is neither 0 nor in {@code [64, len)}.
 * Recovery ({@link FirstFitRecovery}) is one linear scan trusting only header sizes and
 * {@code is_free} bits: it truncates a torn tail, rolls back an interrupted tail grow (an all-zero
 * trailing region), repairs a split whose first header was never shrunk, rewrites every footer
 * from its header, relinks all free blocks in address order, then clears the flag. A malformed
 * size in the middle of the arena is {@link io.bstack.stack.BStackCorruptException}, the file left
 * as found.
 *
 * <h2>Holes a database has to live with</h2>
 * <ul>
 * <li><b>Leaks after a crash or a mid-operation failure.</b> Recovery trusts the {@code is_free}
 *     bits and has no notion of ownership: a block taken by an {@code alloc} that then failed, a
 *     block whose {@code dealloc} was reported lost before it was marked free, the new block of a
 *     move that failed before it was committed or the old one of a move interrupted before it was
 *     marked free, and the block of a lost in-place resize — or both halves of its carve: a torn
 *     front shrink, or a front grow that overwrote its free neighbour's header, becomes two
 *     allocated blocks — stays allocated and unreachable for good. At most one block per failed
 *     operation leaks, two for a lost in-place resize. A lost region's bytes are never moved, so
 *     a layer that knows the live regions (the transaction layer) can reclaim or free it.</li>
 * <li><b>Double free is detected only while the evidence lasts.</b> {@code dealloc} refuses a block
 *     whose header says free, {@code reclaim} refuses it too, and a block discarded from the tail
 *     lies past the end; once the freed bytes are handed out again, a stale region can free or
 *     reclaim somebody else's block.</li>
 * <li><b>{@code reclaim} checks boundary tags, not reachability</b> (O(1), no arena walk): a forged
 *     region inside a live payload whose bytes imitate a consistent header, footer and left
 *     neighbour is accepted.</li>
 * <li><b>Recovery truncates, by the crate's rule, a block whose well-formed size runs past the
 *     end.</b> No crash of a BStack call produces that mid-arena, but a corrupted size would
 *     silently drop every later block.</li>
 * <li>Recovery does not coalesce adjacent free blocks nor discard a free tail block; it only
 *     costs space.</li>
 * <li>Block images are staged in one Java array, so one block holds at most 2^31 − 33 payload
 *     bytes; larger requests are refused with {@link BStackInvalidInputException}.</li>
 * </ul>
 *
 * <h2>Threads</h2>
 * Every public operation — alloc, dealloc, realloc, reallocInPlace and reclaim — takes the one
 * lock: they all read or change the free list, the tail or block headers. Reads and writes through
 * handles take only the stack's own locks.
 *
 * <h2>Where this port differs from the crate source</h2>
 * <ul>
 * <li>{@code recovery_needed} is raised and lowered by compare-and-swap (the crate's {@code atomic}
 *     build), and the refusal after a mid-operation failure also covers the single-call paths.</li>
 * <li>{@code realloc}, {@code reallocInPlace} and {@code reclaim} also refuse a handle whose block
 *     is marked free (the crate checks only in {@code dealloc}); the free-list walk also checks
 *     {@code free_head}; absorbing a right neighbour also checks that it fits in the stack.</li>
 * <li>An empty handle is refused by every {@code reallocInPlace}, the identity included, and
 *     back growth may absorb a free right neighbour: both as the crate's newer
 *     {@code algos/ALLOCATOR.md} describes (the readable {@code first_fit.rs} predates them). A
 *     failure once that merge has raised the flag reports the region lost, like the other
 *     structural in-place paths. A resize to length 0 frees the block and returns the empty
 *     handle at offset 0.</li>
 * <li>{@code allocUninit} at the tail pushes the same zero-filled image as {@code alloc} (this
 *     BStack has no sparse extend); the bytes on disk are the crate's.</li>
 * </ul>
 */
public final class FirstFitAllocator extends AllocatorBase implements BStackUninitAllocator, BStackInPlaceResizeAllocator {
    private final FirstFitArena arena;
    private final FirstFitInPlace inPlace;

    /**
     * Initialises an empty stack or opens one this allocator wrote, running recovery if needed.
     *
     * @throws io.bstack.stack.BStackCorruptException if the stack is not an {@code ALFF 0.1.x}
     *     arena, or recovery finds a malformed block
     */
    public FirstFitAllocator(ByteStack stack) throws IOException {
        super(stack);
        this.arena = new FirstFitArena(stack);
        this.inPlace = new FirstFitInPlace(this, arena);
        if (stack.isEmpty()) {
            byte[] header = new byte[(int) ARENA_START];
            System.arraycopy(MAGIC, 0, header, (int) MAGIC_OFFSET, MAGIC.length);
            stack.push(header);
            return;
        }
        long len = stack.len();
        if (len < ARENA_START) {
            throw corrupt("a " + len + "-byte stack is too short for the 48-byte allocator header");
        }
        byte[] header = stack.get(MAGIC_OFFSET, ARENA_START);
        if (!Arrays.equals(header, 0, MAGIC_CHECKED, MAGIC, 0, MAGIC_CHECKED)) {
            throw corrupt("wrong magic " + magicText(header) + " at payload offset 16; expected ALFF 0.1.x");
        }
        boolean recoveryNeeded = (header[8] & 1) != 0;
        long freeHead = u64(header, 16);
        if (freeHead != 0 && (freeHead < ARENA_START + HEADER || Long.compareUnsigned(freeHead, len) >= 0)) {
            recoveryNeeded = true;
        }
        if (recoveryNeeded) {
            FirstFitRecovery.recover(stack);
        }
    }

    // ---------------------------------------------------------------- alloc

    @Override
    public RegionHandle alloc(long len) throws IOException {
        return allocate(len, true);
    }

    @Override
    public RegionHandle allocUninit(long len) throws IOException {
        return allocate(len, false);
    }

    private RegionHandle allocate(long len, boolean init) throws IOException {
        checkLength(len);
        if (len == 0) {
            return issue(0, 0);
        }
        long aligned = align(len);
        if (aligned < 0) {
            throw new BStackInvalidInputException("length " + len + " overflows a block");
        }
        lock.lock();
        try {
            refuseAfterFailure();
            long[] fit = arena.firstFit(aligned);
            if (fit == null) {
                byte[] image = FirstFitArena.image(aligned);
                long before = stack.len();
                try {
                    return issue(arena.push(image), len);
                } catch (IOException e) {
                    if (stack.len() == before + image.length) {
                        return issue(before + HEADER, len); // the failed push landed whole: the block is ours
                    }
                    throw e;
                }
            }
            byte[] image = init ? FirstFitArena.image(aligned) : null;
            arena.raiseRecoveryFlag();
            long payload = arena.take(fit[0], fit[1], aligned, image);
            arena.lowerRecoveryFlag();
            return issue(payload, len);
        } finally {
            lock.unlock();
        }
    }

    // ---------------------------------------------------------------- dealloc

    @Override
    public void dealloc(RegionHandle handle) throws BStackAllocException {
        take(handle);
        if (handle.isEmpty()) {
            return;
        }
        lock.lock();
        try {
            free(handle, "dealloc");
        } finally {
            lock.unlock();
        }
    }

    /** The crate's dealloc body, under the lock, for a taken non-empty handle. */
    private void free(RegionHandle handle, String what) throws BStackAllocException {
        long start = handle.offset();
        try {
            refuseAfterFailure();
            long stackLen = stack.len();
            checkBlock(handle, stackLen);
            if (start + align(handle.len()) == stackLen - FOOTER) {
                arena.raiseRecoveryFlag();
                stack.discard(align(handle.len()) + OVERHEAD);
            } else {
                arena.raiseRecoveryFlag();
                arena.free(start);
            }
            arena.cascadeDiscardFreeTail();
            arena.lowerRecoveryFlag();
        } catch (IOException e) {
            throw arena.began() ? lost(handle.region(), what, e) : untouched(handle, what, e);
        }
    }

    /**
     * Refuses a handle that cannot describe a block of the arena, or whose block is marked free
     * (a double free or use after free).
     */
    private void checkBlock(RegionHandle handle, long stackLen) throws IOException {
        long start = handle.offset();
        if (impossibleRegion(start, handle.len(), stackLen)) {
            throw new BStackInvalidInputException(handle.region() + " cannot be a block of this " + stackLen
                    + "-byte arena (freed from the tail already?)");
        }
        byte[] flags = new byte[4];
        stack.getInto(start - 8, flags);
        if ((flags[0] & 1) != 0) {
            throw new BStackInvalidInputException("double free: the block of " + handle.region() + " is already free");
        }
    }

    // ---------------------------------------------------------------- realloc

    @Override
    public RegionHandle realloc(RegionHandle handle, long newLen) throws BStackAllocException {
        return resize(handle, newLen, true);
    }

    @Override
    public RegionHandle reallocUninit(RegionHandle handle, long newLen) throws BStackAllocException {
        return resize(handle, newLen, false);
    }

    private RegionHandle resize(RegionHandle handle, long newLen, boolean init) throws BStackAllocException {
        RegionHandle fresh = takeForResize(handle, newLen, this::alloc);
        if (fresh != null) {
            return fresh;
        }
        lock.lock();
        try {
            if (newLen == 0) {
                free(handle, "realloc to 0");
                return issue(0, 0);
            }
            return resizeLocked(handle, newLen, init);
        } finally {
            lock.unlock();
        }
    }

    private RegionHandle resizeLocked(RegionHandle handle, long newLen, boolean init) throws BStackAllocException {
        Region original = handle.region();
        Region survivor = original;
        long start = original.offset();
        long oldLen = original.len();
        try {
            refuseAfterFailure();
            long stackLen = stack.len();
            checkBlock(handle, stackLen);
            long alignedOld = align(oldLen);
            long alignedNew = align(newLen);
            if (alignedNew < 0) {
                throw new BStackInvalidInputException("length " + newLen + " overflows a block");
            }
            if (alignedNew == alignedOld) {
                zeroGrown(start, oldLen, newLen, init);
                return issue(start, newLen);
            }
            if (start + alignedOld == stackLen - FOOTER) {
                if (alignedNew > alignedOld) {
                    arena.raiseRecoveryFlag();
                    stack.extend(alignedNew - alignedOld);
                    if (init) {
                        stack.zero(start + oldLen, alignedOld + FOOTER - oldLen);
                    }
                    writeU64(stack, start - HEADER, alignedNew);
                    writeU64(stack, start + alignedNew, alignedNew);
                    arena.lowerRecoveryFlag();
                }
                return issue(start, newLen);
            }
            long blockSize = arena.checkedBlockSize(start);
            if (blockSize >= alignedNew) {
                zeroGrown(start, oldLen, newLen, init);
                return issue(start, newLen);
            }
            if (arena.growIntoNextFree(start, blockSize, alignedNew, oldLen, init)) {
                return issue(start, newLen);
            }
            long[] fit = arena.firstFit(alignedNew);
            byte[] image = FirstFitArena.image(alignedNew);
            byte[] kept = stack.get(start, start + Math.min(oldLen, alignedNew));
            System.arraycopy(kept, 0, image, (int) HEADER, kept.length);
            arena.raiseRecoveryFlag();
            long payload = fit != null ? arena.take(fit[0], fit[1], alignedNew, image) : arena.push(image);
            survivor = new Region(payload, newLen);
            arena.free(start);
            arena.cascadeDiscardFreeTail();
            arena.lowerRecoveryFlag();
            return issue(payload, newLen);
        } catch (IOException e) {
            if (survivor.equals(original)) {
                throw untouched(handle, "realloc", e);
            }
            throw moved(original, survivor, "realloc", e);
        }
    }

    private void zeroGrown(long start, long oldLen, long newLen, boolean init) throws IOException {
        if (newLen > oldLen && init) {
            stack.zero(start + oldLen, newLen - oldLen);
        }
    }

    // ---------------------------------------------------------------- in place

    /**
     * Front and back resize without moving the retained bytes. {@code prepend == 0}: a back shrink
     * only narrows the handle; a back grow zero-fills inside the block, extends the tail block, or
     * absorbs a free right neighbour. {@code prepend < 0, append <= 0}: the front (a multiple of 8,
     * at least 40 bytes) becomes a free block. {@code prepend > 0, append == 0}: the front grows
     * into a free left neighbour (a multiple of 8, at least 24 bytes, leaving it at least 16 bytes
     * or absorbing it exactly). Anything else, and any resize of an empty handle, is
     * {@link BStackUnsupportedException} with the handle back untouched; a resulting length of 0
     * frees the block and returns the empty handle.
     */
    @Override
    public RegionHandle reallocInPlace(RegionHandle handle, long prepend, long append) throws BStackAllocException {
        long newLen = takeForInPlaceResize(handle, prepend, append);
        lock.lock();
        try {
            if (newLen == 0) {
                free(handle, "in-place resize to 0");
                return issue(0, 0);
            }
            try {
                refuseAfterFailure();
                checkBlock(handle, stack.len());
                if (prepend < 0 && append > 0 || prepend > 0 && append != 0) {
                    throw new BStackUnsupportedException("moving both edges of a block the opposite or same way at once ("
                            + prepend + ", " + append + ") is not supported in place");
                }
            } catch (IOException e) {
                throw untouched(handle, "in-place resize", e);
            }
            if (prepend == 0) {
                return append <= 0 ? issue(handle.offset(), newLen) : inPlace.growBack(handle, newLen);
            }
            if (prepend < 0) {
                return inPlace.shrinkFront(handle, -prepend, newLen);
            }
            return inPlace.growFront(handle, prepend, newLen);
        } finally {
            lock.unlock();
        }
    }

    // ---------------------------------------------------------------- reclaim

    /**
     * A handle for a live allocation stored earlier. Checked against the boundary tags (O(1)): the
     * header must describe an allocated, well-formed block starting at the region, holding its
     * length, with a matching footer, a well-formed left neighbour (or the arena start) and a
     * well-formed right neighbour (or the stack's end). The empty region at offset 0 is the empty
     * handle. What cannot be checked is in the class documentation.
     *
     * @throws BStackInvalidInputException if the region is not a live allocation by these checks
     */
    @Override
    public RegionHandle reclaim(Region region) throws IOException {
        if (region.isEmpty()) {
            if (region.offset() != 0) {
                throw new BStackInvalidInputException("an empty region is only the empty handle at offset 0, not " + region);
            }
            return issue(0, 0);
        }
        lock.lock();
        try {
            long len = stack.len();
            long start = region.offset();
            if (impossibleRegion(start, region.len(), len)) {
                throw new BStackInvalidInputException(region + " cannot be a block of this " + len + "-byte arena");
            }
            byte[] header = stack.get(start - HEADER, start);
            long size = u64(header, 0);
            if ((header[8] & 1) != 0) {
                throw new BStackInvalidInputException(region + " is not live: its block is free");
            }
            if (!isBlockSize(size) || size > len - FOOTER - start || align(region.len()) > size
                    || readU64(stack, start + size) != size) {
                throw new BStackInvalidInputException(region + " is not the start of an allocated block holding "
                        + region.len() + " bytes");
            }
            long headerAt = start - HEADER;
            if (headerAt > ARENA_START) {
                long leftSize = readU64(stack, headerAt - FOOTER);
                if (!isBlockSize(leftSize) || leftSize > headerAt - ARENA_START - OVERHEAD
                        || readU64(stack, headerAt - OVERHEAD - leftSize) != leftSize) {
                    throw new BStackInvalidInputException(region + " does not follow a block boundary");
                }
            }
            long next = start + size + FOOTER;
            if (next < len) {
                long nextSize = next > len - OVERHEAD ? -1 : readU64(stack, next);
                if (!isBlockSize(nextSize) || nextSize > len - OVERHEAD - next) {
                    throw new BStackInvalidInputException(region + " is not followed by a block boundary");
                }
            }
            return issue(start, region.len());
        } finally {
            lock.unlock();
        }
    }

    // ---------------------------------------------------------------- internals

    /** Starts an operation under the lock: refuses it while an earlier one is unrecovered. */
    private void refuseAfterFailure() throws IOException {
        arena.startOperation();
        if (arena.needsRecovery()) {
            throw corrupt("an earlier operation failed midway and left recovery_needed set; reopen the stack to recover");
        }
    }

    /** Whether an earlier operation failed midway (this allocator refuses changes until reopened). */
    public boolean needsRecovery() {
        return arena.needsRecovery();
    }
}
