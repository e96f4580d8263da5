package io.bstack.alloc;

import io.bstack.stack.ByteStack;
import static io.bstack.alloc.SlabFormat.FREE_HEAD_AT;
import static io.bstack.alloc.SlabFormat.IMAGE_LIMIT;
import static io.bstack.alloc.SlabFormat.isBlock;
import static io.bstack.alloc.SlabFormat.readU64;
import static io.bstack.alloc.SlabFormat.times;
import static io.bstack.alloc.SlabFormat.word;

import io.bstack.stack.BStack;
import io.bstack.stack.BStackCorruptException;
import io.bstack.stack.BStackInvalidInputException;
import io.bstack.stack.StackWrite;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Fixed-block slab allocator with an 8-byte state word per allocation (the crate's
 * {@code CheckedSlabBStackAllocator}, {@code src/alloc/checked_slab.rs}, PR #7): the word tells
 * free blocks from live ones, so double frees are refused, {@link #reclaim} is verified, and
 * blocks leaked by a crash are found again by a linear scan on {@link #open}.
 *
 * <table>
 * <caption>On-disk layout (payload offsets, all integers u64 little-endian)</caption>
 * <tr><th>offset</th><th>size</th><th>field</th></tr>
 * <tr><td>0</td><td>24</td><td>reserved for the caller; the allocator never touches it after {@link #create}</td></tr>
 * <tr><td>24</td><td>8</td><td>magic {@code 41 4C 43 4B 00 01 03 00} ({@code "ALCK"}, 0, major 1, minor 3, 0); open compares the first 6 bytes</td></tr>
 * <tr><td>32</td><td>8</td><td>{@code block_size} = {@code data_size + 8} (&ge; 16)</td></tr>
 * <tr><td>40</td><td>8</td><td>{@code free_head}: start of the first free block, 0 = none</td></tr>
 * <tr><td>48</td><td>n &times; block_size</td><td>arena; block {@code i} starts at {@code 48 + i * block_size}</td></tr>
 * <tr><td>block + 0</td><td>8</td><td>state word: 0 = free; high bit set = first block of a live allocation whose block count is the low 63 bits</td></tr>
 * <tr><td>free block + 8</td><td>8</td><td>start of the next free block, 0 = end of list</td></tr>
 * <tr><td>live block + 8</td><td>count &times; block_size &minus; 8</td><td>the caller's bytes: the handle is {@code (block + 8, len)}; later blocks of the allocation carry no word</td></tr>
 * </table>
 *
 * <p>An allocation of {@code len} bytes takes {@code ceil((len + 8) / block_size)} blocks;
 * {@code alloc(0)} is the null handle {@code (0, 0)}. A one-block request pops the list or extends
 * the stack; a larger one always extends (the list holds single blocks). {@code dealloc} refuses a
 * block whose word says free (double free: {@link BStackAllocException} with a
 * {@link BStackInvalidInputException} cause, handle back untouched); an allocation ending at the
 * tail is discarded; anything else becomes free blocks, each rewritten as zeros with a link.
 *
 * <p>Magic version: the newest crate text (the C mirror's {@code bstack_alloc.h}, alongside
 * {@code ALSG 0.2.2}) writes {@code ALCK 00 01 03 00}; the CHANGELOG's Unreleased section and the
 * reference notes name 0.1.2, and 0.4.2 wrote 0.1.1. The newest source wins; every version reads
 * only the first six bytes, so all 0.1.x files open in both directions.
 *
 * <table>
 * <caption>Operations: BStack calls in order and crash-consistency class</caption>
 * <tr><th>operation / path</th><th>calls</th><th>class; what a crash can leave</th></tr>
 * <tr><td>create</td><td>{@code push} of the header</td><td>single-call</td></tr>
 * <tr><td>alloc, free-list hit</td><td>{@code setBatched}: free_head := next, block := in-use word + zeros (uninit: the word only)</td><td>single-call</td></tr>
 * <tr><td>alloc, tail</td><td>{@code extend}, then {@code set} of the word</td><td>multi-call: zero-word blocks, relinked by recovery</td></tr>
 * <tr><td>dealloc at the tail</td><td>{@code discard}</td><td>single-call</td></tr>
 * <tr><td>dealloc elsewhere</td><td>{@code setBatched}: the blocks as a free run + free_head</td><td>single-call</td></tr>
 * <tr><td>realloc, same block count</td><td>none, or {@code zero} of newly visible bytes</td><td>single-call</td></tr>
 * <tr><td>realloc, tail grow</td><td>{@code zero} of stale bytes in its own blocks, {@code extend}, then {@code set} of the word (the commit)</td><td>multi-call: zero-word blocks after the old span, relinked by recovery</td></tr>
 * <tr><td>realloc, tail shrink</td><td>{@code setBatched}: new count + a zero word at every cut-off block, then {@code discard}</td><td>multi-call: zero-word blocks at the tail, relinked by recovery</td></tr>
 * <tr><td>realloc, non-tail shrink</td><td>{@code setBatched}: excess as a free run + new count + free_head</td><td>single-call</td></tr>
 * <tr><td>realloc, non-tail grow (move)</td><td>a new allocation (as alloc), {@code copy} of the prefix, then the dealloc of the old one</td><td>multi-call: a crash between leaves one of the two allocations live but unreferenced — a permanent leak no scan can tell from a live region</td></tr>
 * <tr><td>allocBulk</td><td>{@code extend} of what the list cannot cover (if any), then one {@code setBatched}: free_head + every claimed block's word</td><td>single-call when the list covers all; else multi-call: zero-word blocks, relinked</td></tr>
 * <tr><td>deallocBulk</td><td>word reads (double-free check of the whole batch), then one {@code setBatched}</td><td>single-call</td></tr>
 * <tr><td>open / recover</td><td>scan reads; {@code discard} of an orphaned tail; one {@code setBatched} relinking leaked blocks</td><td>multi-call: a crash leaves leaks the next recovery finds</td></tr>
 * </table>
 *
 * <p>Deviations from the crate's call order, all under the allocator lock and all writing the
 * crate's bytes: list updates that the crate does as two lock-free calls are one
 * {@link BStack#setBatched}; the non-tail shrink writes the free run, the new count and the head
 * in one batch (the crate's post-0.4.2 fix orders them so a crash only leaks; here no window is
 * left); the tail shrink zeroes the word of every cut-off block together with the new count before
 * it discards, so cut-off blocks that survive a failed discard can never be read by a later
 * recovery as stale in-use words that would stride over live allocations.
 *
 * <p>Failure outcomes ({@link BStackAllocException}): a failed stack call is all or nothing but
 * may have landed, so each path re-reads the state word before it answers: UNTOUCHED when the word
 * still records the old allocation, MOVED to {@code (offset, newLen)} when it records the new count,
 * LOST when the region was freed or nothing can be read ({@link BStack#needsReopen()}). The move
 * path answers MOVED once the new allocation holds the prefix (the old one is then freed or
 * leaked); a failed copy frees the new allocation again, best effort. A refused double free is
 * UNTOUCHED with a {@link BStackInvalidInputException} cause. deallocBulk is all or nothing:
 * refused or not landed hands every handle back, landed (or not knowable) hands none back. A
 * failed alloc hands out nothing; blocks it extended are discarded again, best effort, and
 * otherwise left as zero-word blocks for recovery.
 *
 * <p>Recovery ({@link #open} runs {@link #recover()}): see {@link CheckedSlabRecovery}. It relinks
 * zero-word blocks missing from the list (the crate's order: as if pushed one by one in ascending
 * order), discards an orphaned tail, and counts blocks it cannot classify
 * ({@link #lastRecoveryUnclassified()}; 0 means fully accounted for). No crash of this class
 * leaves an unclassifiable block; a nonzero count means outside damage.
 *
 * <p>Holes a database cannot live with, stated plainly: an allocation that is live on disk but
 * referenced by nobody (a crash inside the move path, a region reported LOST, a caller that
 * forgot it) is leaked for good — the scan cannot tell it from a live one. Double-free detection
 * is by state word only: if a freed block was handed out again before the second free, that free
 * releases the new owner's block (no generation counter exists). A corrupt free list stops
 * relinking and is only counted.
 *
 * <p>Thread safety: every operation, including {@link #recover()}, takes the allocator lock and
 * contends on it (the crate is lock-free with {@code atomic} and uses a mutex for recovery only).
 */
public final class CheckedSlabAllocator extends AllocatorBase implements BStackBulkAllocator, BStackUninitAllocator {
    /** {@code "ALCK"}, 0x00, major 1, minor 3, 0x00. */
    static final byte[] MAGIC = {'A', 'L', 'C', 'K', 0, 1, 3, 0};
    static final long OVERHEAD = 8;
    static final long IN_USE = Long.MIN_VALUE;
    static final long COUNT_MASK = Long.MAX_VALUE;
    public static final long MIN_DATA_SIZE = 8;

    private final long blockSize;
    private volatile long lastUnclassified;

    private CheckedSlabAllocator(ByteStack stack, long blockSize) {
        super(stack);
        this.blockSize = blockSize;
    }

    /**
     * A new allocator on an empty stack (the crate's {@code new}) with {@code dataSize} usable
     * bytes per block; the stored block size is {@code dataSize + 8}.
     *
     * @throws BStackInvalidInputException if the stack is not empty or {@code dataSize} is below 8
     */
    public static CheckedSlabAllocator create(ByteStack stack, long dataSize) throws IOException {
        if (!stack.isEmpty()) {
            throw new BStackInvalidInputException("the stack is not empty; open the existing checked slab allocator instead");
        }
        if (dataSize < MIN_DATA_SIZE || dataSize > SlabFormat.MAX_BLOCK_SIZE - OVERHEAD) {
            throw new BStackInvalidInputException("data size " + dataSize + " is outside [" + MIN_DATA_SIZE + ", "
                    + (SlabFormat.MAX_BLOCK_SIZE - OVERHEAD) + "]");
        }
        stack.push(SlabFormat.header(MAGIC, dataSize + OVERHEAD));
        return new CheckedSlabAllocator(stack, dataSize + OVERHEAD);
    }

    /**
     * The allocator over a stack a checked slab allocator wrote: checks the header (as
     * {@link SlabFormat}) and that the free head's word is 0, then runs {@link #recover()}.
     *
     * @throws BStackInvalidInputException if the stack is empty
     * @throws BStackCorruptException if the header or the free head is not a checked slab's
     */
    public static CheckedSlabAllocator open(ByteStack stack) throws IOException {
        long blockSize = SlabFormat.openHeader(stack, MAGIC, MIN_DATA_SIZE + OVERHEAD, "checked slab allocator");
        long head = readU64(stack, FREE_HEAD_AT);
        if (head != 0 && readU64(stack, head) != 0) {
            throw new BStackCorruptException("the free head " + head + " is marked in use; free list corrupt");
        }
        CheckedSlabAllocator a = new CheckedSlabAllocator(stack, blockSize);
        a.recover();
        return a;
    }

    public long dataSize() {
        return blockSize - OVERHEAD;
    }

    public long blockSize() {
        return blockSize;
    }

    /** The unclassified block count of the last {@link #recover()} (0 on a new allocator). */
    public long lastRecoveryUnclassified() {
        return lastUnclassified;
    }

    /**
     * Repairs what an unclean shutdown left: relinks leaked zero-word blocks, discards an orphaned
     * tail, and returns the number of blocks it could not classify (0 = the arena is fully
     * accounted for). Idempotent; a crash during it leaves leaks the next run finds.
     */
    public long recover() throws IOException {
        lock.lock();
        try {
            CheckedSlabRecovery.Plan plan = new CheckedSlabRecovery(stack, blockSize).scan();
            if (plan.discardFrom() >= 0) {
                stack.discard(stack.len() - plan.discardFrom());
            }
            List<Long> leaked = plan.reclaim();
            if (!leaked.isEmpty()) {
                List<long[]> runs = new ArrayList<>();
                for (int i = leaked.size() - 1; i >= 0; i--) {
                    runs.add(new long[] {leaked.get(i), 1});
                }
                List<StackWrite> writes = freeRuns(runs, readU64(stack, FREE_HEAD_AT));
                writes.add(word(FREE_HEAD_AT, leaked.get(leaked.size() - 1)));
                stack.setBatched(writes);
            }
            lastUnclassified = plan.unclassified();
            return plan.unclassified();
        } finally {
            lock.unlock();
        }
    }

    /** Blocks for {@code len} bytes: {@code ceil((len + 8) / blockSize)}, 0 for 0. */
    long blocksFor(long len) throws BStackInvalidInputException {
        if (len == 0) {
            return 0;
        }
        if (len > Long.MAX_VALUE - OVERHEAD) {
            throw new BStackInvalidInputException("length " + len + " plus the 8-byte word overflows 2^63");
        }
        return (len + OVERHEAD - 1) / blockSize + 1;
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
        long n = blocksFor(len);
        long total = times(n, blockSize, "allocation of " + len + " bytes");
        lock.lock();
        try {
            return issue(claim(n, total, zeroed) + OVERHEAD, len);
        } finally {
            lock.unlock();
        }
    }

    /** Claims {@code n} blocks from the list (one block) or the tail; returns the block start. */
    private long claim(long n, long total, boolean zeroed) throws IOException {
        if (n == 1) {
            long head = readU64(stack, FREE_HEAD_AT);
            if (head != 0) {
                long next = freeNext(head);
                byte[] image = new byte[zeroed ? (int) blockSize : 8];
                SlabFormat.putLe(image, 0, IN_USE | 1);
                stack.setBatched(List.of(word(FREE_HEAD_AT, next), new StackWrite(head, image)));
                return head;
            }
        }
        long at = stack.extend(total);
        try {
            stack.set(at, SlabFormat.le(IN_USE | n));
        } catch (IOException e) {
            rollbackTail(at, total, e);
            throw e;
        }
        return at;
    }

    /** The link of free block {@code at}, after checking it is a free block linking to a block. */
    private long freeNext(long at) throws IOException {
        long len = stack.len();
        if (!isBlock(at, blockSize, len)) {
            throw new BStackCorruptException("free-list entry " + at + " is not a block of this arena; free list corrupt");
        }
        byte[] node = stack.get(at, at + 16);
        long w = SlabFormat.le(node, 0);
        long next = SlabFormat.le(node, 8);
        if (w != 0) {
            throw new BStackCorruptException("free-list block " + at + " has state word 0x" + Long.toHexString(w)
                    + "; free list corrupt");
        }
        if (next != 0 && !isBlock(next, blockSize, len)) {
            throw new BStackCorruptException("free block " + at + " links to " + Long.toUnsignedString(next)
                    + ", which is not a block; free list corrupt");
        }
        return next;
    }

    /** Best effort: drops {@code [at, at + n)} if it is still the tail. */
    private void rollbackTail(long at, long n, IOException cause) {
        try {
            stack.tryDiscard(at + n, n);
        } catch (IOException e) {
            cause.addSuppressed(e);
        }
    }

    // ------------------------------------------------------------------ state words

    /**
     * The block count recorded for {@code r}, checking that it is a live allocation: its block
     * start (offset - 8) is a block, the word's high bit is set, and the count is exactly the one
     * {@code r.len()} needs and fits in the stack.
     *
     * @throws BStackInvalidInputException when it is not (a freed block is reported as a double free)
     * @throws BStackCorruptException for an in-use word with a zero count
     */
    long recordedCount(Region r) throws IOException {
        long start = r.offset() - OVERHEAD;
        if (r.offset() < OVERHEAD || !isBlock(start, blockSize, stack.len())) {
            throw new BStackInvalidInputException(r + " does not start 8 bytes into a block of this arena");
        }
        long w = readU64(stack, start);
        if ((w & IN_USE) == 0) {
            throw new BStackInvalidInputException("double free or stale region: the block at " + start + " of " + r
                    + " is not marked in use");
        }
        long n = w & COUNT_MASK;
        if (n == 0) {
            throw new BStackCorruptException("the in-use block at " + start + " records a zero block count");
        }
        if (n != blocksFor(r.len()) || n > (stack.len() - start) / blockSize) {
            throw new BStackInvalidInputException("the block at " + start + " records an allocation of " + n + " blocks, which "
                    + r + " is not");
        }
        return n;
    }

    /** {@link #recordedCount} for a taken handle; a refusal hands it back untouched. */
    private long liveCount(RegionHandle h, String what) throws BStackAllocException {
        try {
            return recordedCount(h.region());
        } catch (IOException e) {
            throw untouched(h, what, e);
        }
    }

    /** The word at {@code at}, or null when the stack cannot be read (it must be reopened). */
    private Long wordOrNull(long at, IOException cause) {
        try {
            return readU64(stack, at);
        } catch (IOException e) {
            cause.addSuppressed(e);
            return null;
        }
    }

    /**
     * After a failed single-call batch that sets the word at the block start of {@code h} to
     * {@code after} (the word before was {@code before}): untouched if the word is unchanged, else
     * the region the batch committed ({@code null} region = freed), else lost.
     */
    private BStackAllocException afterBatch(RegionHandle h, long before, long after, Region committed, String what,
            IOException e) {
        Long w = wordOrNull(h.offset() - OVERHEAD, e);
        if (w != null && w == before) {
            return untouched(h, what, e);
        }
        if (w != null && w == after && committed != null) {
            return moved(h.region(), committed, what, e);
        }
        return lost(h.region(), what + (w != null && w == after ? " (the region was freed)" : ""), e);
    }

    // ------------------------------------------------------------------ free

    @Override
    public void dealloc(RegionHandle handle) throws BStackAllocException {
        take(handle);
        if (handle.isEmpty()) {
            return;
        }
        lock.lock();
        try {
            free(handle);
        } finally {
            lock.unlock();
        }
    }

    private void free(RegionHandle h) throws BStackAllocException {
        long n = liveCount(h, "dealloc");
        long start = h.offset() - OVERHEAD;
        long backing = n * blockSize;
        if (start + backing == stack.len()) {
            try {
                stack.discard(backing);
            } catch (IOException e) {
                long now = SlabFormat.settledLen(stack);
                if (now == -1 || now == start) {
                    throw lost(h.region(), "dealloc (the region was freed, or the stack must be reopened to tell)", e);
                }
                throw untouched(h, "dealloc", e);
            }
            return;
        }
        try {
            pushRun(start, n);
        } catch (IOException e) {
            throw afterBatch(h, IN_USE | n, 0, null, "dealloc", e);
        }
    }

    /** Turns {@code n} blocks from {@code start} into free blocks at the head of the list, in one call. */
    private void pushRun(long start, long n) throws IOException {
        List<StackWrite> writes = freeRuns(List.<long[]>of(new long[] {start, n}), readU64(stack, FREE_HEAD_AT));
        writes.add(word(FREE_HEAD_AT, start));
        stack.setBatched(writes);
    }

    /**
     * The writes that turn each run {@code {first, count}} into free blocks linked in order: within
     * a run block to block, the last block of a run to the first of the next, the very last to
     * {@code lastNext}. A run is written as the crate writes it — one image of zeros with each
     * block's link at +8 — or, past {@link SlabFormat#IMAGE_LIMIT}, as a 16-byte prefix per block.
     * The head is not written.
     */
    private List<StackWrite> freeRuns(List<long[]> runs, long lastNext) {
        List<StackWrite> writes = new ArrayList<>();
        for (int r = 0; r < runs.size(); r++) {
            long first = runs.get(r)[0];
            long count = runs.get(r)[1];
            long after = r + 1 < runs.size() ? runs.get(r + 1)[0] : lastNext;
            long bytes = count * blockSize;
            byte[] image = bytes <= IMAGE_LIMIT ? new byte[(int) bytes] : null;
            for (long i = 0; i < count; i++) {
                long next = i + 1 < count ? first + (i + 1) * blockSize : after;
                if (image != null) {
                    SlabFormat.putLe(image, (int) (i * blockSize + OVERHEAD), next);
                } else {
                    byte[] prefix = new byte[16];
                    SlabFormat.putLe(prefix, 8, next);
                    writes.add(new StackWrite(first + i * blockSize, prefix));
                }
            }
            if (image != null) {
                writes.add(new StackWrite(first, image));
            }
        }
        return writes;
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

    private RegionHandle resize(RegionHandle h, long newLen, boolean zeroed) throws BStackAllocException {
        RegionHandle fresh = takeForResize(h, newLen, len -> allocate(len, zeroed));
        if (fresh != null) {
            return fresh;
        }
        lock.lock();
        try {
            if (newLen == 0) {
                free(h);
                return issue(0, 0);
            }
            long oldN = liveCount(h, "realloc");
            if (newLen == h.len()) {
                return issue(h.offset(), newLen);
            }
            long newN;
            long newBacking;
            try {
                newN = blocksFor(newLen);
                newBacking = times(newN, blockSize, "realloc to " + newLen + " bytes");
            } catch (BStackInvalidInputException e) {
                throw untouched(h, "realloc", e);
            }
            if (oldN == newN) {
                try {
                    if (zeroed && newLen > h.len()) {
                        stack.zero(h.end(), newLen - h.len());
                    }
                } catch (IOException e) {
                    throw untouched(h, "realloc", e);
                }
                return issue(h.offset(), newLen);
            }
            long start = h.offset() - OVERHEAD;
            boolean atTail = start + oldN * blockSize == stack.len();
            if (newN > oldN) {
                return atTail ? growAtTail(h, newLen, oldN, newN, zeroed) : move(h, newLen, oldN, newN, zeroed);
            }
            return atTail ? shrinkAtTail(h, newLen, oldN, newN) : shrinkInPlace(h, newLen, oldN, newN);
        } finally {
            lock.unlock();
        }
    }

    private RegionHandle growAtTail(RegionHandle h, long newLen, long oldN, long newN, boolean zeroed)
            throws BStackAllocException {
        long start = h.offset() - OVERHEAD;
        long oldEnd = start + oldN * blockSize;
        long delta = (newN - oldN) * blockSize;
        try {
            long staleEnd = Math.min(oldEnd, h.offset() + newLen);
            if (zeroed && staleEnd > h.end()) {
                stack.zero(h.end(), staleEnd - h.end());
            }
            stack.extend(delta);
        } catch (IOException e) {
            // the word still records oldN whatever landed: an extension that did is zero-word blocks
            if (SlabFormat.settledLen(stack) == oldEnd + delta) {
                rollbackTail(oldEnd, delta, e);
            }
            throw untouched(h, "realloc", e);
        }
        try {
            stack.set(start, SlabFormat.le(IN_USE | newN));
        } catch (IOException e) {
            Long w = wordOrNull(start, e);
            if (w != null && w == (IN_USE | oldN)) {
                rollbackTail(oldEnd, delta, e);
                throw untouched(h, "realloc", e);
            }
            if (w != null && w == (IN_USE | newN)) {
                throw moved(h.region(), new Region(h.offset(), newLen), "realloc", e);
            }
            throw lost(h.region(), "realloc", e);
        }
        return issue(h.offset(), newLen);
    }

    /** Non-tail grow: a new allocation, the prefix copied, then the old blocks freed. */
    private RegionHandle move(RegionHandle h, long newLen, long oldN, long newN, boolean zeroed) throws BStackAllocException {
        long at;
        try {
            at = claim(newN, newN * blockSize, zeroed);
        } catch (IOException e) {
            throw untouched(h, "realloc", e);
        }
        try {
            stack.copy(h.offset(), at + OVERHEAD, h.len());
        } catch (IOException e) {
            try {
                release(at, newN);
            } catch (IOException again) {
                e.addSuppressed(again);
            }
            throw untouched(h, "realloc", e);
        }
        Region now = new Region(at + OVERHEAD, newLen);
        try {
            release(h.offset() - OVERHEAD, oldN);
        } catch (IOException e) {
            throw moved(h.region(), now, "realloc (the old allocation may have leaked)", e);
        }
        return issue(now.offset(), newLen);
    }

    /** Frees the live allocation of {@code n} blocks at {@code start}: discard at the tail, else a free run. */
    private void release(long start, long n) throws IOException {
        if (start + n * blockSize == stack.len()) {
            stack.discard(n * blockSize);
        } else {
            pushRun(start, n);
        }
    }

    private RegionHandle shrinkAtTail(RegionHandle h, long newLen, long oldN, long newN) throws BStackAllocException {
        long start = h.offset() - OVERHEAD;
        Region shrunk = new Region(h.offset(), newLen);
        List<StackWrite> writes = new ArrayList<>();
        writes.add(word(start, IN_USE | newN));
        for (long k = newN; k < oldN; k++) {
            writes.add(word(start + k * blockSize, 0));
        }
        try {
            stack.setBatched(writes);
        } catch (IOException e) {
            throw afterBatch(h, IN_USE | oldN, IN_USE | newN, shrunk, "realloc", e);
        }
        try {
            stack.discard((oldN - newN) * blockSize);
        } catch (IOException e) {
            throw moved(h.region(), shrunk, "realloc (the cut-off blocks stay as zero-word blocks until recovery)", e);
        }
        return issue(h.offset(), newLen);
    }

    private RegionHandle shrinkInPlace(RegionHandle h, long newLen, long oldN, long newN) throws BStackAllocException {
        long start = h.offset() - OVERHEAD;
        long excess = start + newN * blockSize;
        Region shrunk = new Region(h.offset(), newLen);
        try {
            List<StackWrite> writes = freeRuns(List.<long[]>of(new long[] {excess, oldN - newN}), readU64(stack, FREE_HEAD_AT));
            writes.add(word(start, IN_USE | newN));
            writes.add(word(FREE_HEAD_AT, excess));
            stack.setBatched(writes);
        } catch (IOException e) {
            throw afterBatch(h, IN_USE | oldN, IN_USE | newN, shrunk, "realloc", e);
        }
        return issue(h.offset(), newLen);
    }

    // ------------------------------------------------------------------ bulk

    /**
     * One region per length, all or nothing. Single-block requests take list blocks first; the
     * rest is one {@code extend}; then one batch advances the head and writes every word (recycled
     * blocks are zeroed in the same batch). When the list covers everything, the batch is the only
     * call.
     */
    @Override
    public List<RegionHandle> allocBulk(long[] lengths) throws IOException {
        long[] counts = new long[lengths.length];
        long totalBlocks = 0;
        int singles = 0;
        for (int i = 0; i < lengths.length; i++) {
            checkLength(lengths[i]);
            counts[i] = blocksFor(lengths[i]);
            if (counts[i] > Long.MAX_VALUE - totalBlocks) {
                throw new BStackInvalidInputException("bulk block count overflows 2^63");
            }
            totalBlocks += counts[i];
            singles += counts[i] == 1 ? 1 : 0;
        }
        times(totalBlocks, blockSize, "bulk allocation");
        List<RegionHandle> out = new ArrayList<>(lengths.length);
        lock.lock();
        try {
            List<Long> popped = new ArrayList<>();
            long after = readU64(stack, FREE_HEAD_AT);
            Set<Long> seen = new HashSet<>();
            while (popped.size() < singles && after != 0) {
                if (!seen.add(after)) {
                    throw new BStackCorruptException("the free list loops back to " + after);
                }
                long next = freeNext(after);
                popped.add(after);
                after = next;
            }
            long remainder = totalBlocks - popped.size();
            long ext = remainder > 0 ? stack.extend(remainder * blockSize) : 0;
            long extStart = ext;
            long[] starts = new long[lengths.length];
            List<StackWrite> writes = new ArrayList<>();
            int next = 0;
            for (int i = 0; i < lengths.length; i++) {
                if (counts[i] == 0) {
                    continue;
                }
                if (counts[i] == 1 && next < popped.size()) {
                    starts[i] = popped.get(next++);
                    byte[] image = new byte[(int) blockSize];
                    SlabFormat.putLe(image, 0, IN_USE | 1);
                    writes.add(new StackWrite(starts[i], image));
                } else {
                    starts[i] = ext;
                    ext += counts[i] * blockSize;
                    writes.add(word(starts[i], IN_USE | counts[i]));
                }
            }
            if (!popped.isEmpty()) {
                writes.add(word(FREE_HEAD_AT, after));
            }
            if (!writes.isEmpty()) {
                try {
                    stack.setBatched(writes);
                } catch (IOException e) {
                    if (remainder > 0) {
                        rollbackTail(extStart, remainder * blockSize, e);
                    }
                    throw e;
                }
            }
            for (int i = 0; i < lengths.length; i++) {
                out.add(counts[i] == 0 ? issue(0, 0) : issue(starts[i] + OVERHEAD, lengths[i]));
            }
            return out;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Frees every handle in one batch, or none: the whole batch is checked first (each word must
     * say in use with the handle's count, and no block may appear twice), so a double free
     * anywhere refuses the batch and hands every handle back. Blocks go to the list in handle
     * order; nothing is discarded, even at the tail (as the crate).
     */
    @Override
    public void deallocBulk(List<RegionHandle> handles) throws BStackBulkAllocException {
        List<RegionHandle> taken = SlabAllocator.takeAll(this, handles);
        lock.lock();
        try {
            List<long[]> runs = new ArrayList<>();
            Set<Long> starts = new HashSet<>();
            for (RegionHandle h : taken) {
                if (h.isEmpty()) {
                    continue;
                }
                long n;
                try {
                    n = recordedCount(h.region());
                } catch (IOException e) {
                    throw SlabAllocator.refuseBulk(taken, handles, e);
                }
                if (!starts.add(h.offset() - OVERHEAD)) {
                    throw SlabAllocator.refuseBulk(taken, handles, new BStackInvalidInputException(
                            "double free: " + h.region() + " appears twice in one batch"));
                }
                runs.add(new long[] {h.offset() - OVERHEAD, n});
            }
            if (runs.isEmpty()) {
                return;
            }
            long first = runs.get(0)[0];
            try {
                List<StackWrite> writes = freeRuns(runs, readU64(stack, FREE_HEAD_AT));
                writes.add(word(FREE_HEAD_AT, first));
                stack.setBatched(writes);
            } catch (IOException e) {
                Long w = wordOrNull(first, e);
                if (w != null && w != 0) {
                    throw SlabAllocator.refuseBulk(taken, handles, e);
                }
                throw new BStackBulkAllocException("deallocBulk failed as its batch landed (or the stack must be reopened to "
                        + "tell); no handle is handed back", e, List.of());
            }
        } finally {
            lock.unlock();
        }
    }

    // ------------------------------------------------------------------ reclaim

    /**
     * A handle for a stored region, verified against its state word: the null region, or a region
     * whose block start holds an in-use word with exactly the block count its length needs. A
     * freed region is refused; a region handed out twice cannot be told apart (no handle registry
     * exists on disk), nor can a region of the same length reused by another owner.
     */
    @Override
    public RegionHandle reclaim(Region region) throws IOException {
        lock.lock();
        try {
            if (region.isEmpty()) {
                if (region.offset() != 0) {
                    throw new BStackInvalidInputException("an empty region is only ever the null region, not " + region);
                }
                return issue(0, 0);
            }
            recordedCount(region);
            return issue(region.offset(), region.len());
        } finally {
            lock.unlock();
        }
    }

    @Override
    public String toString() {
        return "CheckedSlabAllocator[dataSize=" + dataSize() + ", len=" + stack.len() + "]";
    }
}
