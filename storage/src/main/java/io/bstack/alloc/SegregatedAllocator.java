package io.bstack.alloc;

import io.bstack.stack.ByteStack;
import static io.bstack.alloc.SegregatedClasses.ARENA_START;
import static io.bstack.alloc.SegregatedClasses.HEADS_OFFSET;
import static io.bstack.alloc.SegregatedClasses.MAGIC;
import static io.bstack.alloc.SegregatedClasses.MAGIC_CHECKED;
import static io.bstack.alloc.SegregatedClasses.MAGIC_OFFSET;
import static io.bstack.alloc.SegregatedClasses.MAX_CLASS;
import static io.bstack.alloc.SegregatedClasses.OVERHEAD;
import static io.bstack.alloc.SegregatedClasses.OVERSIZED;
import static io.bstack.alloc.SegregatedClasses.QUANTUM;
import static io.bstack.alloc.SegregatedClasses.SPLIT_MIN;
import static io.bstack.alloc.SegregatedClasses.blockOf;
import static io.bstack.alloc.SegregatedClasses.blockSize;
import static io.bstack.alloc.SegregatedClasses.fits;
import static io.bstack.alloc.SegregatedClasses.freeWord;
import static io.bstack.alloc.SegregatedClasses.isLive;
import static io.bstack.alloc.SegregatedClasses.le;
import static io.bstack.alloc.SegregatedClasses.listOf;
import static io.bstack.alloc.SegregatedClasses.liveWord;
import static io.bstack.alloc.SegregatedClasses.physNeed;
import static io.bstack.alloc.SegregatedClasses.sizeOf;

import io.bstack.stack.BStack;
import io.bstack.stack.BStackCorruptException;
import io.bstack.stack.BStackInvalidInputException;
import io.bstack.stack.BStackUnsupportedException;
import io.bstack.stack.StackWrite;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Segregated free-list allocator: 33 size classes sharing one arena, O(1) class lookup, a tagged
 * 8-byte word in front of every block (the crate's {@code SegregatedBStackAllocator}).
 * <strong>EXPERIMENTAL</strong>: the crate marks this allocator and its {@code ALSG} format as
 * unstable; files may need rewriting when the crate's format moves on.
 *
 * <h2>On-disk layout (payload offsets, little-endian)</h2>
 * <table>
 * <caption>Header</caption>
 * <tr><th>offset</th><th>size</th><th>field</th></tr>
 * <tr><td>0</td><td>24</td><td>user area: never read or written by the allocator after creation</td></tr>
 * <tr><td>24</td><td>8</td><td>magic {@code 41 4C 53 47 00 02 02 00} ({@code "ALSG"}, major 0, minor 2,
 *     patch 2); only the first 6 bytes are checked on open</td></tr>
 * <tr><td>32</td><td>8</td><td>reserved, zero</td></tr>
 * <tr><td>40 + 8c</td><td>8 each</td><td>{@code head[c]}, c = 0..32: block start of the first free block
 *     of class c, 0 = empty; {@code head[32]} is the oversized list</td></tr>
 * <tr><td>304</td><td>…</td><td>arena: blocks back to back, each 16-aligned</td></tr>
 * </table>
 * <table>
 * <caption>Block (physical size = multiple of 16, at least 16)</caption>
 * <tr><th>offset in block</th><th>size</th><th>live block</th><th>free block</th></tr>
 * <tr><td>0</td><td>8</td><td>word = {@code 1 << 63 | size >> 4}</td><td>word = {@code size >> 4}</td></tr>
 * <tr><td>8</td><td>8</td><td rowspan="2">caller data (the handle's offset is block + 8, always 16n + 8)</td>
 *     <td>{@code next}: block start of the next free block of the list, 0 = end</td></tr>
 * <tr><td>16</td><td>size − 16</td><td>stale bytes</td></tr>
 * </table>
 * Classes (physical sizes): 16, 32, …, 256 (classes 0–15); 320, 384, 448, 512, 640, 768, 896, 1024,
 * 1280, …, 2048, 2560, …, 4096 (classes 16–31, four per octave); anything above 4096 (class 32, mixed
 * sizes). A request of {@code len} bytes needs {@code roundup(len + 8, 16)} bytes, snapped up to its
 * class (oversized needs stay as they are). The visible length is never stored: it lives in the
 * handle, so a live block may be larger than its handle needs (retained excess).
 *
 * <p>Source: the newest crate text (the 0.4.5-stabilised {@code segregated.rs}). Where it differs from
 * the reference notes §3.7, it wins: the magic's patch byte is {@code 02} (not {@code 00}; not checked
 * on open, so both read alike); {@code SPLIT_MIN} is 4096 (not 256); an interior shrink always keeps
 * its excess (never carved) and only a tail shrink by ≥ 4096 gives bytes back; a move stages the new
 * block and flips "new live + old free" in one call, so it leaves no in-use orphan.
 *
 * <h2>Operations and their crash-consistency class</h2>
 * "One call" = one BStack call (crash-atomic by inheritance). Where the crate uses {@code process_gen}
 * / {@code inplace_gen}, we build the same edit set under our lock and commit it with one
 * {@link BStack#setBatched}; several steps the crate does in two calls are fused into one. Blocks
 * above {@value #INLINE_LIMIT} bytes are zeroed and copied with O(1)-memory stack calls instead of a
 * block-sized buffer, which adds calls (listed in brackets).
 * <table>
 * <caption>Calls per operation, in order</caption>
 * <tr><th>operation</th><th>calls</th><th>class</th></tr>
 * <tr><td>new (empty stack)</td><td>{@code push} of the 304-byte header</td><td>single-call</td></tr>
 * <tr><td>alloc, free-list hit</td><td>{@code setBatched}(head advance, claim word, zero body, carve pieces)
 *     [big block: {@code zero} body first]</td><td>single-call [multi-call, safe: the block is still listed]</td></tr>
 * <tr><td>alloc, miss</td><td>{@code push} of the whole claimed block [big: {@code extend}, then {@code set} word]</td>
 *     <td>single-call [multi-call: a crash leaves a zero tail, discarded by recovery]</td></tr>
 * <tr><td>dealloc, oversized block at the tail</td><td>{@code discard}</td><td>single-call</td></tr>
 * <tr><td>dealloc, any other</td><td>{@code setBatched}(free word + next, head)</td><td>single-call</td></tr>
 * <tr><td>realloc that fits the block</td><td>none on shrink; {@code zero} of the re-exposed bytes on grow</td><td>single-call</td></tr>
 * <tr><td>realloc, shrink of the tail block by ≥ 4096</td><td>{@code atrunc}(old block → its shrunk copy)</td><td>single-call</td></tr>
 * <tr><td>realloc, grow of the tail block</td><td>{@code extend}, then {@code setBatched}(word, zero slack)
 *     [big slack: {@code zero} before]</td><td>multi-call: a crash leaves a zero tail, discarded by recovery</td></tr>
 * <tr><td>realloc, move via free-list hit</td><td>{@code setBatched}(take new, fill it, new live, old free)
 *     [big: stage {@code setBatched}, {@code copy}, {@code zero}, commit {@code setBatched}]</td>
 *     <td>single-call [multi-call: the staged block is free-tagged until the commit]</td></tr>
 * <tr><td>realloc, move via miss</td><td>{@code push} of the filled block with a zero word [big: {@code extend},
 *     {@code copy}], then commit {@code setBatched}(new live, old free)</td><td>multi-call: a crash leaves a zero
 *     tail, discarded by recovery</td></tr>
 * <tr><td>reallocInPlace</td><td>as realloc's in-block and tail-grow paths; never moves</td><td>as above</td></tr>
 * <tr><td>allocBulk</td><td>[{@code zero} of big bodies], [{@code extend} for the misses], one {@code setBatched}
 *     claiming every block</td><td>multi-call: a crash before the last call leaves a zero tail, discarded</td></tr>
 * <tr><td>deallocBulk</td><td>{@code setBatched} freeing every block</td><td>single-call</td></tr>
 * <tr><td>coalesce</td><td>{@code setBatched}(merged runs, whole head table)</td><td>single-call</td></tr>
 * <tr><td>recovery</td><td>{@code discard} of a zero tail, then {@code setBatched}(links, heads)</td>
 *     <td>multi-call, idempotent: rerun on the next open</td></tr>
 * </table>
 *
 * <h2>Open and recovery</h2>
 * On a non-empty stack the constructor checks the length (≥ 40), the magic prefix and the arena
 * alignment ({@link BStackCorruptException} otherwise), zero-fills a header shorter than 304 bytes,
 * then walks the arena by the words alone: a free block is relinked on the list of the largest
 * class not bigger than it (rebuilding every list, never trusting stored links); a zero word is the
 * tail of a torn extension and is discarded; a word with an impossible size stops the walk, and the
 * rest is reported by {@link #unaccountedAtOpen()} (left untouched). A failed call that may have left
 * a zero tail behind (and whose undo also failed) makes the next operation run the same recovery.
 *
 * <h2>Failure contract</h2>
 * Every path has one committing call; when it fails, the allocator reads back the word (or the stack
 * length) it would have changed. Landed: the operation succeeds. Not landed: alloc throws with
 * nothing allocated (an extension is undone); realloc, reallocInPlace and dealloc hand the original
 * back UNTOUCHED; deallocBulk hands every handle back. Unreadable: dealloc and deallocBulk report
 * LOST, and so does a move (either block may be the live one); a tail grow stays UNTOUCHED (the old
 * region is valid either way). MOVED never occurs. An undo that fails, or an unreadable outcome that
 * may have left a zero tail, makes the next operation run recovery first.
 *
 * <h2>Holes</h2>
 * <ul>
 * <li>Recovery never reclaims a live block. A block is left live without an owner when an outcome
 *     is unreadable (a LOST move or free; an alloc whose commit landed but could not be read back)
 *     and when the process dies between a returned alloc and the caller storing the handle — the
 *     transaction layer must cover that. A crash inside a move itself leaves no orphan (the crate's
 *     older notes say otherwise; the newest crate and this port stage the new block).</li>
 * <li>Double free is detected only while the block is still free: once it is reused, a stale handle
 *     frees someone else's block. {@link #reclaim} checks the word but cannot tell one live handle
 *     from two.</li>
 * <li>Freed blocks never merge on their own (call {@link #coalesce}); a shrink keeps its excess
 *     (except the tail shrink above); an oversized request takes only the list head (O(1), no search);
 *     deallocBulk lists oversized tail blocks instead of discarding them (as the crate does).</li>
 * </ul>
 *
 * <h2>Deviations from the crate (fixes)</h2>
 * A reused block is claimed at its recorded size and freed blocks go on {@code listOf(size)} (largest
 * class not bigger), where the crate claims at the class size and frees on {@code classify(size)}:
 * for the non-class sizes its own recovery and coalescing create, the crate would strand bytes (a
 * later recovery mis-strides) or file a block on a list of bigger blocks. A popped list head is
 * validated (free, on the right list, inside the arena) and a bad one is a {@link BStackCorruptException}.
 * Failures are read back (above) where the crate reports every failed splice as LOST. After a tail
 * extension whose next call fails, the crate leaves the zero tail in place, where a later extension
 * buries it and the next recovery discards everything behind it; this port undoes the extension.
 *
 * <h2>Threads</h2>
 * Every operation, reclaim and the scans included, takes the one allocator lock (the crate goes
 * lock-free on its {@code atomic} build). Reads and writes through handles take only the stack's locks.
 */
public final class SegregatedAllocator extends AllocatorBase
        implements BStackBulkAllocator, BStackUninitAllocator, BStackInPlaceResizeAllocator {
    /** Largest block zeroed or copied through a buffer in memory; bigger ones use stack calls. */
    static final int INLINE_LIMIT = 64 * 1024;

    /** Block and byte counts of the arena (physical sizes, words included). */
    public record Stats(long freeBlocks, long freeBytes, long liveBlocks, long liveBytes) {}

    private final long unaccountedAtOpen;
    private boolean needsRecovery;

    /**
     * Writes a fresh header on an empty stack, or opens an existing one and runs recovery.
     *
     * @throws BStackCorruptException the stack is not a segregated-allocator stack of format 0.2
     */
    public SegregatedAllocator(ByteStack stack) throws IOException {
        super(stack);
        if (stack.isEmpty()) {
            byte[] header = new byte[(int) ARENA_START];
            System.arraycopy(MAGIC, 0, header, (int) MAGIC_OFFSET, MAGIC.length);
            stack.push(header);
            unaccountedAtOpen = 0;
            return;
        }
        long len = stack.len();
        if (len < HEADS_OFFSET) {
            throw new BStackCorruptException("a " + len + "-byte stack is too short for a segregated allocator header");
        }
        byte[] magic = stack.get(MAGIC_OFFSET, MAGIC_OFFSET + MAGIC.length);
        if (!Arrays.equals(magic, 0, MAGIC_CHECKED, MAGIC, 0, MAGIC_CHECKED)) {
            throw new BStackCorruptException("not a segregated allocator stack of format 0.2: magic "
                    + java.util.HexFormat.ofDelimiter(" ").formatHex(magic));
        }
        if (len < ARENA_START) {
            stack.extend(ARENA_START - len);
        } else if ((len - ARENA_START) % QUANTUM != 0) {
            throw new BStackCorruptException("the arena (" + (len - ARENA_START) + " bytes) is not a whole number of 16-byte quanta");
        }
        unaccountedAtOpen = SegregatedArena.recover(stack);
    }

    /** The 16-byte quanta past a malformed word that the opening recovery could not account for (0 normally). */
    public long unaccountedAtOpen() {
        return unaccountedAtOpen;
    }

    // ------------------------------------------------------------------ alloc

    @Override
    public RegionHandle alloc(long len) throws IOException {
        return allocating(len, true);
    }

    @Override
    public RegionHandle allocUninit(long len) throws IOException {
        return allocating(len, false);
    }

    private RegionHandle allocating(long len, boolean init) throws IOException {
        checkLength(len);
        lock.lock();
        try {
            return allocLocked(len, init);
        } finally {
            lock.unlock();
        }
    }

    private RegionHandle allocLocked(long len, boolean init) throws IOException {
        if (len == 0) {
            return issue(0, 0);
        }
        long want = blockSize(physNeed(len));
        ready();
        SegregatedBatch batch = new SegregatedBatch(stack);
        SegregatedBatch.Reserved r = batch.take(want);
        if (r == null) {
            return issue(fresh(want) + OVERHEAD, len);
        }
        if (init && r.size() > INLINE_LIMIT) {
            stack.zero(r.block() + 16, r.size() - 16); // the body of a block still on its list
            batch.write(r.block(), claim(16, liveWord(r.size())));
        } else {
            batch.write(r.block(), claim(init ? r.size() : OVERHEAD, liveWord(r.size())));
        }
        commitOrLanded(batch, r.block(), liveWord(r.size()));
        return issue(r.block() + OVERHEAD, len);
    }

    /** A new live block at the tail; returns its start. */
    private long fresh(long size) throws IOException {
        long at = stack.len();
        if (size <= INLINE_LIMIT) {
            try {
                stack.push(claim(size, liveWord(size)));
            } catch (IOException e) {
                if (stack.len() == at + size) {
                    return at; // the push (all or nothing) landed before its failure was reported
                }
                throw e;
            }
            return at;
        }
        try {
            stack.extend(size); // zeros: a crash here leaves a zero tail that recovery discards
            stack.set(at, le(liveWord(size)));
        } catch (IOException e) {
            if (stack.len() == at + size && wordState(at, liveWord(size)) == Boolean.TRUE) {
                return at;
            }
            rollbackTail(at); // no handle was given out: whatever is past `at` goes
            throw e;
        }
        return at;
    }

    // ------------------------------------------------------------------ dealloc

    @Override
    public void dealloc(RegionHandle handle) throws BStackAllocException {
        take(handle);
        if (handle.isEmpty()) {
            return;
        }
        lock.lock();
        try {
            deallocLocked(handle);
        } finally {
            lock.unlock();
        }
    }

    private void deallocLocked(RegionHandle handle) throws BStackAllocException {
        long block = blockOf(handle.offset());
        long size;
        try {
            ready();
            size = liveSize(handle.region(), "free");
        } catch (IOException e) {
            throw untouched(handle, "dealloc", e);
        }
        boolean discard = size > MAX_CLASS && block + size == stack.len();
        try {
            if (discard) {
                stack.discard(size);
                return;
            }
            SegregatedBatch batch = new SegregatedBatch(stack);
            batch.push(block, size, listOf(size));
            batch.commit();
        } catch (IOException e) {
            // A stack that needs reopening may still hold the cut in its file: which one a reopen sees is unknown.
            Boolean freed = discard ? (stack.needsReopen() ? null : Boolean.valueOf(stack.len() == block))
                    : freedAfterFailure(block, size);
            if (freed == null) {
                throw lost(handle.region(), "dealloc", e);
            }
            if (!freed) {
                throw untouched(handle, "dealloc", e);
            }
            // the call landed before its failure was reported: the block is free
        }
    }

    /** After a failed push onto a list: TRUE if the block is free, FALSE if still live, null if unknown. */
    Boolean freedAfterFailure(long block, long size) {
        Boolean live = wordState(block, liveWord(size));
        return live == null ? null : !live;
    }

    /**
     * Checks that {@code region} is a live allocation: its offset is a block's data offset, the word
     * is live, and the block can hold the region. Returns the block's physical size.
     */
    long liveSize(Region region, String what) throws IOException {
        long block = blockOf(region.offset());
        if (block < 0) {
            throw new BStackInvalidInputException(what + ": " + region + " does not start at a block's data (16n + 8, past the header)");
        }
        long len = stack.len();
        if (block > len - 16) {
            throw new BStackInvalidInputException(what + ": " + region + " lies beyond the " + len + "-byte arena");
        }
        long word = le(stack.get(block, block + OVERHEAD), 0);
        if (!isLive(word)) {
            throw new BStackInvalidInputException(what + ": the block of " + region + " is free (double free?)");
        }
        if (!fits(word, block, len)) {
            throw new BStackInvalidInputException(what + ": " + region + " is not at a block (word 0x" + Long.toHexString(word) + ")");
        }
        long size = sizeOf(word);
        if (physNeed(region.len()) > size) {
            throw new BStackInvalidInputException(what + ": " + region + " does not fit its " + size + "-byte block");
        }
        return size;
    }

    // ------------------------------------------------------------------ realloc

    @Override
    public RegionHandle realloc(RegionHandle handle, long newLen) throws BStackAllocException {
        return resize(handle, newLen, true);
    }

    @Override
    public RegionHandle reallocUninit(RegionHandle handle, long newLen) throws BStackAllocException {
        return resize(handle, newLen, false);
    }

    private RegionHandle resize(RegionHandle handle, long newLen, boolean init) throws BStackAllocException {
        RegionHandle fresh = takeForResize(handle, newLen, len -> init ? alloc(len) : allocUninit(len));
        if (fresh != null) {
            return fresh;
        }
        lock.lock();
        try {
            return resizeLocked(handle, newLen, init, true, "realloc");
        } finally {
            lock.unlock();
        }
    }

    /**
     * The body realloc and in-place resize share (lock held): free on 0, keep an equal length, fit
     * the block's recorded size, grow the last block at the tail, else move — or, when
     * {@code mayMove} is false, refuse and hand the handle back untouched.
     */
    private RegionHandle resizeLocked(RegionHandle handle, long newLen, boolean init, boolean mayMove, String what)
            throws BStackAllocException {
        if (newLen == 0) {
            deallocLocked(handle);
            return issue(0, 0); // the empty handle, as the crate returns
        }
        Region old = handle.region();
        long block = blockOf(old.offset());
        if (block < 0) {
            throw untouched(handle, what, new BStackInvalidInputException(old + " does not start at a block's data"));
        }
        if (newLen == old.len()) {
            return issue(old.offset(), newLen);
        }
        long size;
        long need;
        try {
            ready();
            size = liveSize(old, what);
            need = physNeed(newLen);
        } catch (IOException e) {
            throw untouched(handle, what, e);
        }
        if (need <= size) {
            return resizeInBlock(handle, block, size, newLen, init, what);
        }
        RegionHandle grown = growAtTail(handle, block, size, blockSize(need), newLen, init, what);
        if (grown != null) {
            return grown;
        }
        if (mayMove) {
            return move(handle, block, size, blockSize(need), newLen, init);
        }
        throw untouched(handle, what, new BStackUnsupportedException(
                old + " is not the last block and would have to move to grow to " + newLen + " bytes"));
    }

    /**
     * The new length fits the block's recorded size: a grow zeroes the re-exposed bytes; a shrink
     * keeps the excess, unless the block is the last one and would give back at least
     * {@code SPLIT_MIN} bytes, in which case one {@code atrunc} replaces it by its shrunk copy.
     */
    private RegionHandle resizeInBlock(RegionHandle handle, long block, long size, long newLen, boolean init, String what)
            throws BStackAllocException {
        Region old = handle.region();
        try {
            if (newLen > old.len()) {
                if (init) {
                    stack.zero(old.end(), newLen - old.len());
                }
                return issue(old.offset(), newLen);
            }
            long newSize = blockSize(physNeed(newLen));
            if (size - newSize < SPLIT_MIN || newSize > INLINE_LIMIT || block + size != stack.len()) {
                return issue(old.offset(), newLen); // keep the excess: no write at all
            }
            byte[] shrunk = claim(newSize, liveWord(newSize));
            byte[] prefix = stack.get(old.offset(), old.offset() + newLen);
            System.arraycopy(prefix, 0, shrunk, (int) OVERHEAD, prefix.length);
            try {
                stack.atrunc(size, shrunk);
            } catch (IOException e) {
                if (stack.len() == block + newSize) {
                    return issue(old.offset(), newLen); // the atrunc (all or nothing) landed
                }
                throw e;
            }
            return issue(old.offset(), newLen);
        } catch (IOException e) {
            throw untouched(handle, what, e);
        }
    }

    /**
     * Grows the last block of the arena in place to {@code newSize}: extend, then record the new
     * size (with the old slack zeroed in the same call). Returns null when the block is not last.
     */
    private RegionHandle growAtTail(RegionHandle handle, long block, long size, long newSize, long newLen, boolean init,
            String what) throws BStackAllocException {
        long end = block + size;
        if (end != stack.len()) {
            return null;
        }
        Region old = handle.region();
        long slack = end - old.end();
        try {
            stack.extend(newSize - size);
            List<StackWrite> writes = new ArrayList<>(2);
            writes.add(new StackWrite(block, le(liveWord(newSize))));
            if (init && slack > INLINE_LIMIT) {
                stack.zero(old.end(), slack);
            } else if (init && slack > 0) {
                writes.add(new StackWrite(old.end(), new byte[(int) slack]));
            }
            stack.setBatched(writes);
        } catch (IOException e) {
            Boolean grown = stack.len() == block + newSize ? wordState(block, liveWord(newSize)) : Boolean.FALSE;
            if (grown == Boolean.TRUE) {
                return issue(old.offset(), newLen);
            }
            if (grown == null) {
                needsRecovery = true; // either a longer block or a zero tail: recovery tells them apart
            } else {
                rollbackTail(end);
            }
            throw untouched(handle, what, e); // the old region is valid in both cases
        }
        return issue(old.offset(), newLen);
    }

    /**
     * Moves a grow that cannot happen in place. The new block is filled while free-tagged (a hit)
     * or zero-worded (a miss), then one commit makes it live and frees the old block; a hit whose
     * block fits in memory does all of it in a single call.
     */
    private RegionHandle move(RegionHandle handle, long block, long size, long newSize, long newLen, boolean init)
            throws BStackAllocException {
        Region old = handle.region();
        long staged = -1;
        long stagedSize = newSize;
        boolean listed = false;
        boolean stageUnknown = false;
        boolean committing = false;
        long tail = stack.len();
        try {
            SegregatedBatch batch = new SegregatedBatch(stack);
            SegregatedBatch.Reserved r = batch.take(newSize);
            if (r != null && r.size() <= INLINE_LIMIT) {
                byte[] filled = claim(init ? r.size() : OVERHEAD + old.len(), liveWord(r.size()));
                byte[] prefix = stack.get(old.offset(), old.end());
                System.arraycopy(prefix, 0, filled, (int) OVERHEAD, prefix.length);
                batch.write(r.block(), filled);
                batch.push(block, size, listOf(size));
                staged = r.block();
                stagedSize = r.size();
                committing = true;
                batch.commit();
                return issue(staged + OVERHEAD, newLen);
            }
            if (r != null) {
                batch.write(r.block(), le(freeWord(r.size()))); // detached, free-tagged: recovery relinks it
                staged = r.block(); // only blocks above the inline limit get here: always the oversized list
                stagedSize = r.size();
                stageUnknown = true; // a failed stage may or may not have detached the block
                batch.commit();
                stageUnknown = false;
                listed = true;
                stack.copy(old.offset(), staged + OVERHEAD, old.len());
                if (init) {
                    stack.zero(staged + OVERHEAD + old.len(), stagedSize - OVERHEAD - old.len());
                }
            } else if (newSize <= INLINE_LIMIT) {
                byte[] filled = new byte[(int) newSize]; // word 0: a crash leaves a zero tail
                byte[] prefix = stack.get(old.offset(), old.end());
                System.arraycopy(prefix, 0, filled, (int) OVERHEAD, prefix.length);
                staged = tail;
                stack.push(filled);
            } else {
                staged = tail;
                stack.extend(newSize);
                stack.copy(old.offset(), staged + OVERHEAD, old.len());
            }
            SegregatedBatch commit = new SegregatedBatch(stack);
            commit.write(staged, le(liveWord(stagedSize)));
            commit.push(block, size, listOf(size));
            committing = true;
            commit.commit();
            return issue(staged + OVERHEAD, newLen);
        } catch (IOException e) {
            Boolean landed = committing ? wordState(staged, liveWord(stagedSize)) : Boolean.FALSE;
            if (landed == Boolean.TRUE) {
                return issue(staged + OVERHEAD, newLen); // the commit landed before its failure was reported
            }
            if (landed == null) {
                needsRecovery = true; // a zero tail or a detached block may be left: recovery settles both
                throw lost(old, "realloc (the move's commit may or may not have landed)", e);
            }
            if (stageUnknown) {
                // the stage (all or nothing) popped the block iff the oversized head moved off it
                Boolean kept = headState(OVERSIZED, staged);
                if (kept == null) {
                    needsRecovery = true; // recovery relinks the block if it was detached
                } else if (!kept) {
                    relist(staged, stagedSize);
                }
            } else if (listed) {
                relist(staged, stagedSize);
            } else {
                rollbackTail(tail);
            }
            throw untouched(handle, "realloc", e);
        }
    }

    // ------------------------------------------------------------------ in place

    @Override
    public RegionHandle reallocInPlace(RegionHandle handle, long prepend, long append) throws BStackAllocException {
        long newLen = takeForInPlaceResize(handle, prepend, append);
        if (prepend != 0) {
            throw untouched(handle, "in-place resize", new BStackUnsupportedException(
                    "a segregated block's front edge is fixed by its word"));
        }
        lock.lock();
        try {
            return resizeLocked(handle, newLen, true, false, "in-place resize");
        } finally {
            lock.unlock();
        }
    }

    // ------------------------------------------------------------------ bulk

    @Override
    public List<RegionHandle> allocBulk(long[] lengths) throws IOException {
        long[] want = new long[lengths.length];
        long total = 0;
        for (int i = 0; i < lengths.length; i++) {
            checkLength(lengths[i]);
            want[i] = lengths[i] == 0 ? 0 : blockSize(physNeed(lengths[i]));
            if (want[i] > Long.MAX_VALUE - total) {
                throw new BStackInvalidInputException("bulk lengths overflow 2^63");
            }
            total += want[i];
        }
        lock.lock();
        try {
            ready();
            return SegregatedBulk.allocate(this, lengths, want);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void deallocBulk(List<RegionHandle> handles) throws BStackBulkAllocException {
        List<RegionHandle> taken = new ArrayList<>(handles.size());
        try {
            for (RegionHandle h : handles) {
                take(h);
                taken.add(h);
            }
        } catch (BStackAllocException e) {
            taken.forEach(RegionHandle::restore);
            throw new BStackBulkAllocException("deallocBulk refused: " + e.getMessage(), e, handles);
        } catch (RuntimeException e) {
            taken.forEach(RegionHandle::restore); // e.g. a consumed handle: give the others back
            throw e;
        }
        lock.lock();
        try {
            SegregatedBulk.free(this, taken, handles);
        } finally {
            lock.unlock();
        }
    }

    // ------------------------------------------------------------------ reclaim, maintenance

    /**
     * A handle for a stored region, verified against its block word: the offset must be a block's
     * data offset, the word live, and the block big enough for the length. A freed region is refused
     * (double free). Two reclaims of one live region cannot be told apart.
     */
    @Override
    public RegionHandle reclaim(Region region) throws IOException {
        lock.lock();
        try {
            if (region.isEmpty()) {
                if (region.offset() > stack.len()) {
                    throw new BStackInvalidInputException(region + " lies beyond the stack's " + stack.len() + " bytes");
                }
                return issue(region.offset(), 0);
            }
            ready();
            liveSize(region, "reclaim");
            return issue(region.offset(), region.len());
        } finally {
            lock.unlock();
        }
    }

    /** Runs recovery now (as open does); returns the 16-byte quanta it could not account for. */
    public long recover() throws IOException {
        lock.lock();
        try {
            needsRecovery = false;
            return SegregatedArena.recover(stack);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Merges runs of adjacent free blocks into single free blocks and rebuilds every list, in one
     * call; returns how many blocks were absorbed (0 = nothing written). A merged size that is not a
     * class goes on the list of the largest class below it.
     */
    public long coalesce() throws IOException {
        lock.lock();
        try {
            ready();
            return SegregatedArena.coalesce(stack);
        } finally {
            lock.unlock();
        }
    }

    /** Counts of the arena's blocks by a walk of the words. */
    public Stats stats() throws IOException {
        lock.lock();
        try {
            return SegregatedArena.stats(stack);
        } finally {
            lock.unlock();
        }
    }

    // ------------------------------------------------------------------ helpers

    /** Runs the recovery a failed undo asked for, before touching anything else. */
    void ready() throws IOException {
        if (needsRecovery) {
            SegregatedArena.recover(stack);
            needsRecovery = false;
        }
    }

    /** Commits a claim; a failure whose effect landed anyway (the block's word reads {@code word}) is success. */
    private void commitOrLanded(SegregatedBatch batch, long block, long word) throws IOException {
        try {
            batch.commit();
        } catch (IOException e) {
            if (wordState(block, word) != Boolean.TRUE) {
                throw e;
            }
        }
    }

    /** Whether {@code head[c]} reads {@code block}; null if it cannot be read. */
    private Boolean headState(int c, long block) {
        try {
            long at = SegregatedClasses.headOffset(c);
            return le(stack.get(at, at + 8), 0) == block;
        } catch (IOException e) {
            return null;
        }
    }

    /** Whether the word at {@code block} reads {@code word}; null if it cannot be read. */
    Boolean wordState(long block, long word) {
        if (stack.len() < block + OVERHEAD) {
            return Boolean.FALSE;
        }
        try {
            return le(stack.get(block, block + OVERHEAD), 0) == word;
        } catch (IOException e) {
            return null;
        }
    }

    /** Makes the next operation run recovery first. */
    void requestRecovery() {
        needsRecovery = true;
    }

    /** Undoes an extension past {@code at}; if that fails, the next operation runs recovery. */
    void rollbackTail(long at) {
        long len = stack.len();
        if (len > at) {
            try {
                stack.discard(len - at);
            } catch (IOException e) {
                needsRecovery = true;
            }
        }
    }

    /** Puts a staged, detached free block back on its list; if that fails, recovery will. */
    private void relist(long block, long size) {
        try {
            SegregatedBatch batch = new SegregatedBatch(stack);
            batch.push(block, size, listOf(size));
            batch.commit();
        } catch (IOException e) {
            needsRecovery = true;
        }
    }

    /** A zeroed buffer of {@code n} bytes starting with {@code word}. */
    static byte[] claim(long n, long word) {
        byte[] b = new byte[(int) n];
        System.arraycopy(le(word), 0, b, 0, 8);
        return b;
    }
}
