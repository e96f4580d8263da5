package io.bstack.alloc;

import io.bstack.stack.ByteStack;
import io.bstack.alloc.GhostTreeNodes.Block;
import io.bstack.alloc.GhostTreeNodes.Landed;
import io.bstack.stack.BStack;
import io.bstack.stack.BStackCorruptException;
import io.bstack.stack.BStackInvalidInputException;
import io.bstack.stack.BStackUnsupportedException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;

/**
 * Best-fit allocator with zero overhead on live blocks (the crate's
 * {@code GhostTreeBstackAllocator}): free blocks form an AVL tree keyed by {@code (size, ptr)}
 * whose nodes live inside the free blocks themselves, so a live block carries no header at all.
 * Every block is a multiple of 32 bytes; a live block's size is its handle's length rounded up
 * to 32 (at least 32). All free memory reads zero, and so does every live block past its
 * handle's length.
 *
 * <table>
 * <caption>On-disk layout (payload offsets; integers little-endian)</caption>
 * <tr><th>offset</th><th>bytes</th><th>content</th></tr>
 * <tr><td>0</td><td>32</td><td>user-reserved; never touched by the allocator</td></tr>
 * <tr><td>32</td><td>8</td><td>magic {@code ALGT 00 01 04 00} (allocator format 0.1.4); open checks the
 * first 6 bytes, {@code ALGT 00 01}</td></tr>
 * <tr><td>40</td><td>8</td><td>AVL root: payload offset of the root node, 0 = no free block</td></tr>
 * <tr><td>48</td><td>…</td><td>arena: blocks at offsets ≡ 16 (mod 32), sizes multiples of 32</td></tr>
 * <tr><td colspan="3">free block at {@code ptr}: its first 32 bytes are the node of {@link GhostTreeNode}
 * ({@code size} u64 @0, balance i8 @8, height u8 @9, left-child height u8 @10, right-child height
 * u8 @11, 0 @12–15, {@code left} u64 @16, {@code right} u64 @24); the rest is zero</td></tr>
 * <tr><td colspan="3">live block: the caller's bytes, no header; zero past the handle's length</td></tr>
 * </table>
 *
 * <p>Settled from the newest crate source ({@code src/alloc/ghost_tree.rs}, which also supports
 * trimming both edges in place), where the reference notes differ or left it open: the magic is
 * {@code ALGT 00 01 04 00} (the notes say {@code 03}, crate 0.4.2; only the 6-byte prefix is
 * checked, so each reads the other's files). The arena still starts at payload offset 48: the
 * crate kept {@code ARENA_START = 48} under the 32-byte header of format 0.4, so blocks sit at
 * file offsets ≡ 16 (mod 32), not 32-aligned on disk as its comment (written for the 16-byte 0.1
 * header) claims; moving it would break byte compatibility. Node bytes 10 and 11 are the
 * child-height cache of crate 0.4.2: the left child's height, then the right child's, each a u8;
 * bytes 12–15 stay 0. Files written before the cache (zeros there) are healed by the repair every
 * open runs.
 *
 * <table>
 * <caption>Operations: stack calls in order and crash-consistency class</caption>
 * <tr><th>operation</th><th>calls</th><th>class</th></tr>
 * <tr><td>new on an empty stack</td><td>{@code push} of the 48-byte header</td><td>single-call</td></tr>
 * <tr><td>open</td><td>{@code extend} (only to pad a misaligned tail); one {@code setBatched}
 * writing the rebuilt tree</td><td>single-call repair</td></tr>
 * <tr><td>alloc, allocUninit, allocBulk (a free block fits)</td><td>one {@code setBatched}: unlink
 * the best fit, relink its remainder or scrub its node</td><td>single-call</td></tr>
 * <tr><td>alloc, allocUninit, allocBulk (nothing fits)</td><td>{@code extend}</td><td>single-call</td></tr>
 * <tr><td>allocAligned (a free block holds an aligned block)</td><td>one {@code setBatched}: unlink
 * the block, link its parts before and after the aligned block</td><td>single-call</td></tr>
 * <tr><td>allocAligned (none does)</td><td>{@code extend} past the padding up to the boundary;
 * {@code setBatched} linking the padding, if any</td><td>multi-call (a crash between leaks the
 * padding)</td></tr>
 * <tr><td>dealloc of the last block</td><td>{@code discard}</td><td>single-call</td></tr>
 * <tr><td>dealloc of any other block</td><td>{@code zero}; {@code setBatched} (link)</td><td>multi-call</td></tr>
 * <tr><td>realloc within the same 32-byte block</td><td>{@code zero} of the dropped bytes (shrink)
 * or nothing (grow)</td><td>single-call</td></tr>
 * <tr><td>realloc shrink of the last block</td><td>{@code atrunc}: cut the excess, re-append zero
 * padding</td><td>single-call</td></tr>
 * <tr><td>realloc shrink of another block</td><td>{@code zero}; {@code setBatched} (link the excess)</td>
 * <td>multi-call</td></tr>
 * <tr><td>realloc grow of the last block</td><td>{@code extend}</td><td>single-call</td></tr>
 * <tr><td>realloc grow of another block (move)</td><td>alloc (above); {@code copy}; dealloc of the
 * old block (above)</td><td>multi-call</td></tr>
 * <tr><td>deallocBulk</td><td>{@code discard} of the run at the tail; {@code zero} per other run;
 * one {@code setBatched} linking them all</td><td>multi-call</td></tr>
 * <tr><td>reallocInPlace (shrink)</td><td>{@code zero} of padding and back residue; {@code zero} of
 * the front residue; {@code setBatched} (link both)</td><td>multi-call</td></tr>
 * </table>
 *
 * <p>Open runs the crate's repair: walk the tree in order (depth capped at 128), drop nodes
 * reached twice (a torn crate rotation can leave one under two parents), merge address-adjacent
 * free blocks, zeroing the absorbed nodes, and write a perfectly balanced tree (middle key at
 * each level); nodes outside the arena, misaligned, with impossible sizes or overlapping each
 * other are refused with {@link BStackCorruptException}.
 *
 * <p>Where this port deliberately differs from the crate (same bytes on disk after every
 * operation; only crash and failure behaviour improve):
 * <ul>
 * <li>A tree edit (every node it changes, the root, a scrubbed node) is one
 *     {@link BStack#setBatched} call instead of one {@code set} per node, so a crash never tears
 *     a rotation, and the crate's "torn rotation orphans a subtree" leak cannot happen here.</li>
 * <li>The header is one {@code push} (the crate extends, then sets the magic: a crash between
 *     left a file its own open refuses).</li>
 * <li>A tail shrink is one {@code atrunc} (the crate's {@code atomic}-feature path).</li>
 * <li>An in-place shrink zeroes the kept block's padding too: the crate leaves those bytes
 *     stale, and a later grow within the block hands them back as "new" bytes.</li>
 * <li>The repair's walk has a visit budget as well as the depth cap: the crate's walk never
 *     ends on a cycle through right links.</li>
 * <li>A failed stack call that the stack rolled forward counts as done (the stack repairs
 *     itself after a failed call, and that may replay it): the operation carries on.</li>
 * <li>Once a shrink has zeroed its excess, a failure hands back the shrunk region (moved; the
 *     excess leaks) where the crate reports the region lost, and a failed bulk free hands back
 *     the handles whose blocks it had not touched yet, where the crate hands back none.</li>
 * </ul>
 *
 * <p><b>Holes a database has to live with.</b> <i>Double free is not detectable</i>: a live block
 * has no header or state word, so nothing on disk tells a live block from a leaked one.
 * {@link #reclaim} checks only that a region is an aligned, in-bounds block that does not
 * overlap a free block, which refuses a freed region only until its space is handed out again;
 * after that a stale region is accepted and freeing it frees someone else's bytes. A crash (or
 * an unreadable failure) between the calls of a multi-call operation <i>leaks</i> space for
 * good, because recovery only sees blocks reachable from the tree: the zeroed block of a
 * dealloc, the excess of a shrink, both blocks of a move interrupted before the old block is
 * linked, the zeroed runs of a bulk free. Live bytes are never lost: a crash only leaks.
 * Adjacent free blocks are merged only at open, so the tree fragments during a long session.
 *
 * <p>Failure contract (the crate's {@code BStackAllocError}): a failure before anything changed
 * hands the original back untouched, and a failed alloc hands out nothing; a failed move hands
 * back the new region once the copy is done; a failure after a shrink zeroed its excess hands back
 * the shrunk region; a failure after a dealloc zeroed its block reports it lost;
 * {@link BStackBulkAllocException#notFreed} lists the handles whose blocks a failed bulk free had
 * not touched (all of them if it freed nothing). When even the stack's own repair fails, whatever
 * cannot be read back is reported lost. Threads: every operation takes the allocator's one lock
 * (alloc, realloc, dealloc, their variants, bulk calls and reclaim all contend on it); reads
 * and writes through handles do not.
 */
public final class GhostTreeAllocator extends AllocatorBase
        implements BStackBulkAllocator, BStackUninitAllocator, BStackInPlaceResizeAllocator, BStackAlignedAllocator {
    static final byte[] MAGIC = {'A', 'L', 'G', 'T', 0, 1, 4, 0};
    static final int MAGIC_PREFIX = 6;
    static final long MAGIC_AT = 32;
    static final long ROOT_AT = GhostTreeNodes.ROOT_AT;
    static final long ARENA_START = GhostTreeNodes.ARENA_START;
    static final long GRANULE = GhostTreeNodes.GRANULE;
    /**
     * Blocks start 16 bytes past the 32-byte grid (the arena starts at 48), so a block can never
     * start on a boundary: an aligned block starts 16 bytes before one.
     */
    static final int ALIGNMENT_LEAD = (int) (GRANULE - ARENA_START % GRANULE);
    /** Free blocks an aligned allocation looks at in best-fit order before it takes a surely big enough one. */
    static final int ALIGNED_SEARCH = 16;
    /** The largest handle length: its block must still end below 2^63. */
    static final long MAX_LEN = (Long.MAX_VALUE - ARENA_START) & -GRANULE;

    private final GhostTreeNodes.Store store;

    /**
     * The crate's {@code new}: on an empty stack writes the header; otherwise checks the magic,
     * pads a misaligned tail with zeros and runs the repair (coalesce and rebuild).
     *
     * @throws BStackCorruptException if the stack is shorter than the header, the magic is not
     *     {@code ALGT 00 01}, or the free tree is damaged beyond the crate's repair
     */
    public GhostTreeAllocator(ByteStack stack) throws IOException {
        super(stack);
        this.store = GhostTreeNodes.Store.of(stack);
        long size = stack.len();
        if (size == 0) {
            byte[] header = new byte[(int) ARENA_START];
            System.arraycopy(MAGIC, 0, header, (int) MAGIC_AT, MAGIC.length);
            stack.push(header);
            return;
        }
        if (size < ARENA_START) {
            throw new BStackCorruptException("GhostTree: payload is " + size + " bytes, too small for the "
                    + ARENA_START + "-byte header");
        }
        byte[] magic = stack.get(MAGIC_AT, MAGIC_AT + MAGIC_PREFIX);
        if (!Arrays.equals(magic, Arrays.copyOf(MAGIC, MAGIC_PREFIX))) {
            throw new BStackCorruptException("GhostTree: magic mismatch at payload offset " + MAGIC_AT + ": "
                    + HexFormat.ofDelimiter(" ").formatHex(magic));
        }
        long misaligned = (size - ARENA_START) % GRANULE;
        if (misaligned != 0) {
            stack.extend(GRANULE - misaligned);
        }
        GhostTreeNodes tree = new GhostTreeNodes(store);
        tree.coalesceAndRebuild();
        tree.commit();
    }

    /**
     * Commits a change that takes a block out of the free tree: a failure after the change landed
     * (the block is the caller's) is not one.
     */
    private static void commitTaking(GhostTreeNodes tree) throws IOException {
        try {
            tree.commit();
        } catch (IOException e) {
            if (tree.landed() != Landed.YES) {
                throw e;
            }
        }
    }

    /** A handle length rounded up to its block: a multiple of 32, at least 32. */
    static long blockLen(long len) throws BStackInvalidInputException {
        if (len < 0 || len > MAX_LEN) {
            throw new BStackInvalidInputException("length " + len + " is outside [0, " + MAX_LEN + "]");
        }
        return Math.max(GRANULE, (len + GRANULE - 1) & -GRANULE);
    }

    // ------------------------------------------------------------------ alloc

    @Override
    public RegionHandle alloc(long len) throws IOException {
        return allocate(len, true);
    }

    @Override
    public RegionHandle allocUninit(long len) throws IOException {
        return allocate(len, false);
    }

    private RegionHandle allocate(long len, boolean zeroed) throws IOException {
        checkLength(len);
        if (len == 0) {
            return issue(0, 0);
        }
        long block = blockLen(len);
        lock.lock();
        try {
            return issue(claim(block, scrubFrom(len, zeroed)), len);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Where a reused whole block's stale node must be zeroed from: all of it for zeroed memory;
     * for uninitialised memory only past the handle's length, since a live block must read zero
     * beyond its length (an in-place grow hands those bytes out unzeroed).
     */
    private static int scrubFrom(long len, boolean zeroed) {
        return zeroed ? 0 : (int) Math.min(len, GRANULE);
    }

    /** Takes a block of {@code block} bytes: the best fit from the tree, else the tail. */
    private long claim(long block, int scrubFrom) throws IOException {
        GhostTreeNodes tree = new GhostTreeNodes(store);
        Block fit = tree.removeBestFit(block);
        if (fit != null) {
            long start = fit.ptr();
            long rest = fit.size() - block;
            if (rest >= GRANULE) {
                tree.insert(fit.ptr(), rest); // the remainder keeps the node; the tail part is already zero
                start += rest;
            } else {
                tree.scrub(fit.ptr(), scrubFrom);
            }
            commitTaking(tree);
            return start;
        }
        long before = stack.len();
        try {
            return stack.extend(block);
        } catch (IOException e) {
            if (stack.len() == before + block) {
                return before;
            }
            throw e;
        }
    }

    @Override
    public int alignmentLead() {
        return ALIGNMENT_LEAD;
    }

    /**
     * Takes the first free block in best-fit order (of the first {@value #ALIGNED_SEARCH}) that holds
     * an aligned block, else the smallest one sure to hold it, and links its parts before and after
     * as free blocks; else extends the tail, padding up to the boundary with a free block. Calls: one
     * {@code setBatched} (from the tree), or {@code extend} then, when there is padding, one
     * {@code setBatched} linking it (multi-call: a crash between leaks the padding).
     */
    @Override
    public RegionHandle allocAligned(long len, long align) throws IOException {
        checkLength(len);
        if (align < 64 || align > 1 << 30 || Long.bitCount(align) != 1) {
            throw new BStackInvalidInputException("alignment " + align + " is not a power of two in [64, 2^30]");
        }
        if (len == 0) {
            return issue(0, 0);
        }
        long block = blockLen(len);
        lock.lock();
        try {
            return issue(claimAligned(block, align), len);
        } finally {
            lock.unlock();
        }
    }

    private long claimAligned(long block, long align) throws IOException {
        GhostTreeNodes tree = new GhostTreeNodes(store);
        Block fit = tree.removeAlignedFit(block, align, ALIGNMENT_LEAD, ALIGNED_SEARCH);
        if (fit != null) {
            long start = GhostTreeNodes.alignedStart(fit.ptr(), align, ALIGNMENT_LEAD);
            if (start > fit.ptr()) {
                tree.insert(fit.ptr(), start - fit.ptr()); // the front part keeps the node
            } else {
                tree.scrub(fit.ptr(), 0);
            }
            if (fit.end() > start + block) {
                tree.insert(start + block, fit.end() - start - block); // free bytes: zero until this node
            }
            commitTaking(tree);
            return start;
        }
        long before = stack.len();
        long start = GhostTreeNodes.alignedStart(before, align, ALIGNMENT_LEAD);
        try {
            stack.extend(start - before + block);
        } catch (IOException e) {
            if (stack.len() != start + block) {
                throw e;
            }
        }
        if (start > before) {
            link(List.of(new Block(before, start - before))); // on failure the padding leaks, as after a crash
        }
        return start;
    }

    @Override
    public List<RegionHandle> allocBulk(long[] lengths) throws IOException {
        long total = 0;
        for (long len : lengths) {
            checkLength(len);
            long block = len == 0 ? 0 : blockLen(len);
            if (block > MAX_LEN - total) {
                throw new BStackInvalidInputException("bulk lengths add up to more than " + MAX_LEN);
            }
            total += block;
        }
        List<RegionHandle> out = new ArrayList<>(lengths.length);
        lock.lock();
        try {
            long at = total == 0 ? 0 : claim(total, 0);
            for (long len : lengths) {
                if (len == 0) {
                    out.add(issue(0, 0));
                } else {
                    out.add(issue(at, len));
                    at += blockLen(len);
                }
            }
            return out;
        } finally {
            lock.unlock();
        }
    }

    // ------------------------------------------------------------------ free

    /** Why freeing a block failed: whether the block is still the caller's, and the cause. */
    private record FreeFailure(boolean intact, IOException cause) {}

    @Override
    public void dealloc(RegionHandle handle) throws BStackAllocException {
        take(handle);
        if (handle.isEmpty()) {
            return;
        }
        lock.lock();
        try {
            FreeFailure f = free(handle.offset(), checkBlock(handle, "dealloc"));
            if (f != null) {
                throw f.intact() ? untouched(handle, "dealloc", f.cause()) : lost(handle.region(), "dealloc", f.cause());
            }
        } finally {
            lock.unlock();
        }
    }

    /** Frees {@code [start, start+block)}: discards it at the tail, else zeroes and links it. */
    private FreeFailure free(long start, long block) {
        if (start + block == stack.len()) {
            try {
                stack.discard(block);
                return null;
            } catch (IOException e) {
                if (!lengthKnown()) {
                    return new FreeFailure(false, e);
                }
                return stack.len() == start ? null : new FreeFailure(true, e);
            }
        }
        try {
            stack.zero(start, block);
        } catch (IOException e) {
            Landed zeroed = zeroed(start, block);
            if (zeroed != Landed.YES) {
                return new FreeFailure(zeroed == Landed.NO, e);
            }
        }
        return link(List.of(new Block(start, block)));
    }

    /** Links zeroed blocks into the tree in one edit; a failure leaves them zeroed and leaked. */
    private FreeFailure link(List<Block> blocks) {
        GhostTreeNodes tree = new GhostTreeNodes(store);
        try {
            for (Block b : blocks) {
                tree.insert(b.ptr(), b.size());
            }
            tree.commit();
            return null;
        } catch (IOException e) {
            return tree.landed() == Landed.YES ? null : new FreeFailure(false, e);
        }
    }

    /**
     * After a failed call: whether the stack's length can be trusted. The stack repairs itself
     * after a failed call, rolling it back or forward; if that repair fails too, it refuses every
     * call until reopened, and its length is stale (the reopen may still roll the call forward).
     */
    private boolean lengthKnown() {
        try {
            stack.getInto(0, new byte[0]);
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** After a failed zero: whether the range reads all zero (it landed, or was zero already). */
    private Landed zeroed(long from, long n) {
        byte[] buf = new byte[(int) Math.min(n, 1 << 16)];
        try {
            for (long at = from; at < from + n; at += buf.length) {
                if (from + n - at < buf.length) {
                    buf = new byte[(int) (from + n - at)];
                }
                stack.getInto(at, buf);
                for (byte b : buf) {
                    if (b != 0) {
                        return Landed.NO;
                    }
                }
            }
            return Landed.YES;
        } catch (IOException | RuntimeException e) {
            return Landed.UNKNOWN;
        }
    }

    /** The block of a live handle, refusing one that cannot be a block of this arena. */
    private long checkBlock(RegionHandle handle, String what) throws BStackAllocException {
        try {
            long block = blockLen(handle.len());
            checkRegion(handle.offset(), block);
            return block;
        } catch (BStackInvalidInputException e) {
            throw untouched(handle, what, e);
        }
    }

    private void checkRegion(long offset, long block) throws BStackInvalidInputException {
        if (!GhostTreeNodes.isBlockAddress(offset)) {
            throw new BStackInvalidInputException("offset " + offset + " is not a block address (>= " + ARENA_START
                    + ", = 16 mod 32)");
        }
        if (block > stack.len() - offset) {
            throw new BStackInvalidInputException("block [" + offset + ", " + (offset + block) + ") lies beyond the "
                    + stack.len() + "-byte stack");
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
        } catch (BStackAllocException | IllegalStateException e) {
            taken.forEach(RegionHandle::restore); // also when the same handle is listed twice
            throw new BStackBulkAllocException("deallocBulk refused: " + e.getMessage(), e, handles);
        }
        lock.lock();
        try {
            freeRuns(runs(taken, handles), taken.stream().filter(RegionHandle::isEmpty).toList());
        } finally {
            lock.unlock();
        }
    }

    /** Address-adjacent blocks of a bulk free, merged, with the handles they came from. */
    private record Run(long ptr, long size, List<RegionHandle> handles) {}

    private List<Run> runs(List<RegionHandle> taken, List<RegionHandle> all) throws BStackBulkAllocException {
        List<RegionHandle> sorted = new ArrayList<>(taken);
        sorted.removeIf(RegionHandle::isEmpty);
        sorted.sort(Comparator.comparingLong(RegionHandle::offset));
        List<Run> runs = new ArrayList<>();
        try {
            for (RegionHandle h : sorted) {
                long block = blockLen(h.len());
                checkRegion(h.offset(), block);
                Run last = runs.isEmpty() ? null : runs.get(runs.size() - 1);
                if (last != null && last.ptr() + last.size() > h.offset()) {
                    throw new BStackInvalidInputException("regions " + last.handles().get(last.handles().size() - 1).region()
                            + " and " + h.region() + " share a block");
                }
                if (last != null && last.ptr() + last.size() == h.offset()) {
                    last.handles().add(h);
                    runs.set(runs.size() - 1, new Run(last.ptr(), last.size() + block, last.handles()));
                } else {
                    runs.add(new Run(h.offset(), block, new ArrayList<>(List.of(h))));
                }
            }
        } catch (BStackInvalidInputException e) {
            taken.forEach(RegionHandle::restore);
            throw new BStackBulkAllocException("deallocBulk refused: " + e.getMessage(), e, all);
        }
        return runs;
    }

    /**
     * Frees the runs: the one at the tail by {@code discard}, each other one by {@code zero}, then
     * all of those in one tree edit. On a failure the handles of the runs not yet touched go back
     * to the caller (with the empty handles too, if nothing at all was freed).
     */
    private void freeRuns(List<Run> runs, List<RegionHandle> empties) throws BStackBulkAllocException {
        if (runs.isEmpty()) {
            return;
        }
        List<Run> rest = new ArrayList<>(runs);
        Run last = rest.get(rest.size() - 1);
        boolean discarded = false;
        if (last.ptr() + last.size() == stack.len()) {
            try {
                stack.discard(last.size());
            } catch (IOException e) {
                if (!lengthKnown()) {
                    rest.remove(rest.size() - 1);
                    throw bulkFailure("the run at the tail may or may not be discarded", e, rest, 0, List.of());
                }
                if (stack.len() != last.ptr()) {
                    throw bulkFailure("nothing was freed", e, rest, 0, empties);
                }
            }
            rest.remove(rest.size() - 1);
            discarded = true;
        }
        for (int i = 0; i < rest.size(); i++) {
            Run r = rest.get(i);
            try {
                stack.zero(r.ptr(), r.size());
            } catch (IOException e) {
                Landed zeroed = zeroed(r.ptr(), r.size());
                if (zeroed != Landed.YES) {
                    int untouchedFrom = zeroed == Landed.NO ? i : i + 1;
                    throw bulkFailure("the runs zeroed before " + r.ptr() + " leak", e, rest, untouchedFrom,
                            untouchedFrom == 0 && !discarded ? empties : List.of());
                }
            }
        }
        FreeFailure f = link(rest.stream().map(r -> new Block(r.ptr(), r.size())).toList());
        if (f != null) {
            throw bulkFailure("the zeroed runs were not linked and leak", f.cause(), rest, rest.size(), List.of());
        }
    }

    /** A bulk free that stopped: the handles of runs from {@code untouchedFrom} on go back to the caller. */
    private static BStackBulkAllocException bulkFailure(String what, IOException cause, List<Run> runs, int untouchedFrom,
            List<RegionHandle> empties) {
        List<RegionHandle> back = new ArrayList<>();
        empties.forEach(RegionHandle::restore);
        back.addAll(empties);
        for (Run r : runs.subList(untouchedFrom, runs.size())) {
            r.handles().forEach(RegionHandle::restore);
            back.addAll(r.handles());
        }
        return new BStackBulkAllocException("deallocBulk failed: " + what + "; " + back.size()
                + " handles are handed back untouched", cause, back);
    }

    // ------------------------------------------------------------------ resize

    @Override
    public RegionHandle realloc(RegionHandle handle, long newLen) throws BStackAllocException {
        return resize(handle, newLen, true);
    }

    @Override
    public RegionHandle reallocUninit(RegionHandle handle, long newLen) throws BStackAllocException {
        return resize(handle, newLen, false);
    }

    private RegionHandle resize(RegionHandle handle, long newLen, boolean zeroed) throws BStackAllocException {
        take(handle);
        long newBlock;
        try {
            newBlock = blockLen(newLen);
        } catch (BStackInvalidInputException e) {
            throw untouched(handle, "realloc", e);
        }
        lock.lock();
        try {
            if (handle.isEmpty()) {
                try {
                    return newLen == 0 ? issue(0, 0) : issue(claim(newBlock, scrubFrom(newLen, zeroed)), newLen);
                } catch (IOException e) {
                    throw untouched(handle, "realloc", e);
                }
            }
            long start = handle.offset();
            long oldBlock = checkBlock(handle, "realloc");
            if (newLen == 0) {
                FreeFailure f = free(start, oldBlock);
                if (f != null) {
                    throw f.intact() ? untouched(handle, "realloc", f.cause()) : lost(handle.region(), "realloc", f.cause());
                }
                return issue(0, 0);
            }
            if (newBlock == oldBlock) {
                if (newLen < handle.len()) {
                    zeroExcess(handle, start + newLen, handle.len() - newLen);
                }
                return issue(start, newLen);
            }
            if (newBlock < oldBlock) {
                return shrink(handle, newLen, oldBlock, newBlock);
            }
            return grow(handle, newLen, oldBlock, newBlock, zeroed);
        } finally {
            lock.unlock();
        }
    }

    /** Zeroes bytes a shrink drops; a failure that did not zero them leaves the handle untouched. */
    private void zeroExcess(RegionHandle handle, long from, long n) throws BStackAllocException {
        try {
            stack.zero(from, n);
        } catch (IOException e) {
            Landed zeroed = zeroed(from, n);
            if (zeroed == Landed.NO) {
                throw untouched(handle, "realloc", e);
            }
            if (zeroed == Landed.UNKNOWN) {
                throw lost(handle.region(), "realloc", e);
            }
        }
    }

    private RegionHandle shrink(RegionHandle handle, long newLen, long oldBlock, long newBlock) throws BStackAllocException {
        long start = handle.offset();
        if (start + oldBlock == stack.len()) {
            try {
                stack.atrunc(oldBlock - newLen, new byte[(int) (newBlock - newLen)]);
            } catch (IOException e) {
                if (!lengthKnown()) {
                    throw lost(handle.region(), "realloc", e);
                }
                if (stack.len() == start + oldBlock) {
                    throw untouched(handle, "realloc", e);
                }
                if (stack.len() != start + newBlock) {
                    throw lost(handle.region(), "realloc", e);
                }
            }
            return issue(start, newLen);
        }
        zeroExcess(handle, start + newLen, oldBlock - newLen);
        FreeFailure f = link(List.of(new Block(start + newBlock, oldBlock - newBlock)));
        if (f != null) {
            throw moved(handle.region(), new Region(start, newLen), "realloc (the freed excess leaks)", f.cause());
        }
        return issue(start, newLen);
    }

    private RegionHandle grow(RegionHandle handle, long newLen, long oldBlock, long newBlock, boolean zeroed)
            throws BStackAllocException {
        long start = handle.offset();
        if (start + oldBlock == stack.len()) {
            try {
                stack.extend(newBlock - oldBlock);
            } catch (IOException e) {
                if (stack.len() != start + newBlock) {
                    throw untouched(handle, "realloc", e);
                }
            }
            return issue(start, newLen);
        }
        long to;
        try {
            to = claim(newBlock, scrubFrom(newLen, zeroed));
        } catch (IOException e) {
            throw untouched(handle, "realloc", e);
        }
        try {
            stack.copy(start, to, handle.len());
        } catch (IOException e) {
            free(to, newBlock); // best effort: a copy never changes its source, so the original survives either way
            throw untouched(handle, "realloc", e);
        }
        Region now = new Region(to, newLen);
        FreeFailure f = free(start, oldBlock);
        if (f != null) {
            throw moved(handle.region(), now, "realloc (the old block leaks)", f.cause());
        }
        return issue(now.offset(), now.len());
    }

    @Override
    public RegionHandle reallocInPlace(RegionHandle handle, long prepend, long append) throws BStackAllocException {
        long newLen = takeForInPlaceResize(handle, prepend, append);
        lock.lock();
        try {
            long start = handle.offset();
            long oldBlock = checkBlock(handle, "in-place resize");
            if (newLen == 0) {
                FreeFailure f = free(start, oldBlock);
                if (f != null) {
                    throw f.intact() ? untouched(handle, "in-place resize", f.cause())
                            : lost(handle.region(), "in-place resize", f.cause());
                }
                return issue(0, 0);
            }
            if (prepend == 0 && append == 0) {
                return issue(start, newLen);
            }
            if (prepend > 0 || append > 0) {
                throw untouched(handle, "in-place resize", new BStackUnsupportedException(
                        "a headerless block cannot grow in place; only shrinking is supported"));
            }
            if (-prepend % GRANULE != 0) {
                throw untouched(handle, "in-place resize", new BStackUnsupportedException(
                        "a front trim must be a multiple of " + GRANULE + " bytes, not " + -prepend));
            }
            return shrinkInPlace(handle, -prepend, newLen, oldBlock);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Keeps {@code [start+front, start+front+newLen)} where it is; zeroes its padding and the back
     * residue, then the front residue, then links both residues in one edit. Once anything is
     * zeroed the kept window is the surviving region (the residues leak on a later failure).
     */
    private RegionHandle shrinkInPlace(RegionHandle handle, long front, long newLen, long oldBlock)
            throws BStackAllocException {
        long start = handle.offset();
        long keptAt = start + front;
        long kept;
        try {
            kept = blockLen(newLen);
        } catch (BStackInvalidInputException e) {
            throw untouched(handle, "in-place resize", e);
        }
        long back = oldBlock - front - kept;
        Region now = new Region(keptAt, newLen);
        boolean changed = false;
        long tailFrom = keptAt + newLen;
        long tailLen = start + oldBlock - tailFrom;
        if (tailLen > 0) {
            try {
                stack.zero(tailFrom, tailLen);
            } catch (IOException e) {
                Landed zeroed = zeroed(tailFrom, tailLen);
                if (zeroed != Landed.YES) {
                    throw zeroed == Landed.NO ? untouched(handle, "in-place resize", e)
                            : lost(handle.region(), "in-place resize", e);
                }
            }
            changed = true;
        }
        if (front > 0) {
            try {
                stack.zero(start, front);
            } catch (IOException e) {
                Landed zeroed = zeroed(start, front);
                if (zeroed != Landed.YES) {
                    throw !changed && zeroed == Landed.NO ? untouched(handle, "in-place resize", e)
                            : moved(handle.region(), now, "in-place resize (the trimmed bytes leak)", e);
                }
            }
        }
        List<Block> residues = new ArrayList<>();
        if (front > 0) {
            residues.add(new Block(start, front));
        }
        if (back > 0) {
            residues.add(new Block(keptAt + kept, back));
        }
        FreeFailure f = link(residues);
        if (f != null) {
            throw moved(handle.region(), now, "in-place resize (the trimmed bytes leak)", f.cause());
        }
        return issue(now.offset(), now.len());
    }

    // ------------------------------------------------------------------ reclaim

    /**
     * A handle for a stored region. Checks what can be checked without per-block metadata: the
     * block ({@code offset} and the length rounded up to 32) is at an arena block address, inside
     * the stack, and overlaps no free block (so a freed region is refused until its space is
     * reused). It cannot check that the region is exactly one live allocation, nor that no other
     * handle for it exists. Costs one walk of the free tree.
     */
    @Override
    public RegionHandle reclaim(Region region) throws IOException {
        if (region.isEmpty()) {
            return issue(region.offset(), 0);
        }
        long block = blockLen(region.len());
        lock.lock();
        try {
            checkRegion(region.offset(), block);
            long end = region.offset() + block;
            for (GhostTreeNode n : new GhostTreeNodes(store).walk()) {
                if (n.ptr() < end && region.offset() < n.end()) {
                    throw new BStackInvalidInputException(region + " overlaps the free block [" + n.ptr() + ", " + n.end()
                            + "): it is not a live allocation (freed already?)");
                }
            }
            return issue(region.offset(), region.len());
        } finally {
            lock.unlock();
        }
    }
}
