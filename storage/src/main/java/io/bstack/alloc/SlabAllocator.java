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
 * Fixed-block slab allocator with no per-block metadata (the crate's {@code SlabBStackAllocator},
 * {@code src/alloc/slab.rs}): every allocation is a whole number of equal blocks, freed blocks form
 * an intrusive singly linked list, and single-block allocations are O(1).
 *
 * <table>
 * <caption>On-disk layout (payload offsets, all integers u64 little-endian)</caption>
 * <tr><th>offset</th><th>size</th><th>field</th></tr>
 * <tr><td>0</td><td>24</td><td>reserved for the caller; the allocator never touches it after {@link #create}</td></tr>
 * <tr><td>24</td><td>8</td><td>magic {@code 41 4C 53 4C 00 01 01 00} ({@code "ALSL"}, 0, major 1, minor 1, 0); open compares the first 6 bytes</td></tr>
 * <tr><td>32</td><td>8</td><td>{@code block_size} (&ge; 8)</td></tr>
 * <tr><td>40</td><td>8</td><td>{@code free_head}: payload offset of the first free block, 0 = none</td></tr>
 * <tr><td>48</td><td>n &times; block_size</td><td>arena; block {@code i} starts at {@code 48 + i * block_size}</td></tr>
 * <tr><td>free block + 0</td><td>8</td><td>offset of the next free block, 0 = end of list; the rest of the block is stale</td></tr>
 * </table>
 *
 * <p>A live allocation of {@code len} bytes starts at a block boundary and owns
 * {@code len <= block_size ? 1 : ceil(len / block_size)} contiguous blocks; its handle is
 * {@code (block start, len)}. Nothing on disk records which blocks are live.
 *
 * <p>Policy (as the crate): {@code alloc(0)} is the null handle {@code (0, 0)}; a single-block
 * request pops the free list or extends the stack by one block; a larger request always extends
 * the stack (the list holds single blocks only). {@code dealloc} of a multi-block allocation that
 * ends at the tail discards it; every other free pushes each of its blocks onto the list (a
 * single tail block is pushed, not discarded). {@code deallocBulk} never discards.
 *
 * <table>
 * <caption>Operations: BStack calls in order and crash-consistency class</caption>
 * <tr><th>operation / path</th><th>calls</th><th>class; what a crash can leave</th></tr>
 * <tr><td>create</td><td>{@code push} of the 48-byte header</td><td>single-call</td></tr>
 * <tr><td>open</td><td>reads only</td><td>—</td></tr>
 * <tr><td>alloc, free-list hit</td><td>{@code setBatched}: free_head := next, block := zeros (uninit: {@code set} of free_head only)</td><td>single-call</td></tr>
 * <tr><td>alloc, tail (one block or oversized)</td><td>{@code extend}</td><td>single-call</td></tr>
 * <tr><td>dealloc, oversized at the tail</td><td>{@code discard}</td><td>single-call</td></tr>
 * <tr><td>dealloc, anything else</td><td>{@code setBatched}: links written into the blocks + free_head</td><td>single-call</td></tr>
 * <tr><td>realloc, same block count</td><td>none, or {@code zero} of the newly visible bytes</td><td>single-call</td></tr>
 * <tr><td>realloc, tail grow</td><td>{@code zero} of stale bytes inside its own last block, then {@code extend}</td><td>single-call (the zero touches only bytes past the caller's length)</td></tr>
 * <tr><td>realloc, tail shrink</td><td>{@code discard}</td><td>single-call</td></tr>
 * <tr><td>realloc, non-tail shrink</td><td>{@code setBatched}: links into the excess blocks + free_head</td><td>single-call</td></tr>
 * <tr><td>realloc, non-tail grow (move)</td><td>{@code push} of the new image (prefix + zeros), then the dealloc {@code setBatched}</td><td>multi-call: a crash between leaks the new region for good (the caller still holds the old one)</td></tr>
 * <tr><td>allocBulk, all from the free list</td><td>one {@code setBatched}: free_head + every popped block zeroed</td><td>single-call</td></tr>
 * <tr><td>allocBulk, otherwise</td><td>{@code extend} of the remainder, then {@code setBatched}: free_head + zeroed popped blocks</td><td>multi-call: a crash between leaks the extended tail for good</td></tr>
 * <tr><td>deallocBulk</td><td>one {@code setBatched}: every block linked + free_head</td><td>single-call</td></tr>
 * </table>
 *
 * <p>Where the crate needs two calls for a list update (write the link, then {@code free_head}, or
 * its lock-free {@code process_gen}/{@code cross_exchange} pair), this port holds the allocator
 * lock and issues both writes as one {@link BStack#setBatched}; the bytes written are the same
 * (a single freed block gets an 8-byte link, a run of two or more is rewritten as one image of
 * zeros and links, exactly as the crate writes it), so files stay byte-compatible and the crate's
 * "a crash leaks at most the block being pushed" window is closed. The bulk extend path extends
 * before it detaches anything, so a failure or crash there never detaches free blocks.
 *
 * <p>Failure outcomes ({@link BStackAllocException}): a failed stack call is all or nothing but
 * may have landed, so each path re-reads what decides before it answers; when the stack needs
 * reopening ({@link BStack#needsReopen()}) and nothing can be read, the region is reported LOST.
 * dealloc: UNTOUCHED if the blocks did not reach the list (or the tail was not discarded), LOST
 * if they did (the crate answers LOST for every failed list push). realloc: UNTOUCHED while the
 * original is intact; MOVED to {@code (offset, newLen)} when a tail extend, tail discard or
 * excess push landed; for the move path MOVED to the new region once its image is pushed (the old
 * blocks are then freed or leaked). deallocBulk: refused or not landed hands every handle back;
 * landed (or not knowable) hands none back. A failed alloc or allocBulk hands out nothing; what it
 * may have taken before failing is leaked (allocBulk first tries to discard its extension).
 *
 * <p>Recovery: none. {@link #open} checks the magic, the block size, that {@code free_head} is a
 * block and that the arena is whole blocks; it scans nothing.
 *
 * <p>Holes a database cannot live with, stated plainly: <b>there is no double-free
 * detection</b> — freeing a region twice (or freeing a forged or stale {@link #reclaim}ed region)
 * links the same block into the list twice, and two later allocations then share it;
 * <b>leaks are permanent</b> — a crash inside the multi-call paths above, or a failure whose
 * rollback also fails, leaves blocks that nothing references and no scan will find;
 * {@link #reclaim} can check only alignment and bounds, not that a region is live.
 *
 * <p>Thread safety: every operation takes the allocator lock (the crate is lock-free with its
 * {@code atomic} feature); all of them contend on it. Reads and writes through handles take only
 * the stack's locks.
 */
public final class SlabAllocator extends AllocatorBase implements BStackBulkAllocator, BStackUninitAllocator {
    /** {@code "ALSL"}, 0x00, major 1, minor 1, 0x00 — version 0.1.1 of the format. */
    static final byte[] MAGIC = {'A', 'L', 'S', 'L', 0, 1, 1, 0};
    /** A block must hold one free-list link. */
    public static final long MIN_BLOCK_SIZE = 8;

    private final long blockSize;

    private SlabAllocator(ByteStack stack, long blockSize) {
        super(stack);
        this.blockSize = blockSize;
    }

    /**
     * A new allocator on an empty stack (the crate's {@code new}): pushes the 48-byte header.
     *
     * @throws BStackInvalidInputException if the stack is not empty or {@code blockSize} is below 8
     *     or above 2^30
     */
    public static SlabAllocator create(ByteStack stack, long blockSize) throws IOException {
        if (!stack.isEmpty()) {
            throw new BStackInvalidInputException("the stack is not empty; open the existing slab allocator instead");
        }
        if (blockSize < MIN_BLOCK_SIZE || blockSize > SlabFormat.MAX_BLOCK_SIZE) {
            throw new BStackInvalidInputException("block size " + blockSize + " is outside [" + MIN_BLOCK_SIZE + ", "
                    + SlabFormat.MAX_BLOCK_SIZE + "]");
        }
        stack.push(SlabFormat.header(MAGIC, blockSize));
        return new SlabAllocator(stack, blockSize);
    }

    /**
     * The allocator over a stack a slab allocator wrote (the crate's {@code open}); no recovery
     * runs because none exists.
     *
     * @throws BStackInvalidInputException if the stack is empty
     * @throws BStackCorruptException if the header is not a slab header (see {@link SlabFormat})
     */
    public static SlabAllocator open(ByteStack stack) throws IOException {
        return new SlabAllocator(stack, SlabFormat.openHeader(stack, MAGIC, MIN_BLOCK_SIZE, "slab allocator"));
    }

    public long blockSize() {
        return blockSize;
    }

    /** Blocks backing {@code len} bytes: 0, 1 up to the block size, else {@code ceil(len / blockSize)}. */
    long blocksFor(long len) {
        if (len == 0) {
            return 0;
        }
        return len <= blockSize ? 1 : (len - 1) / blockSize + 1;
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
            if (n == 1) {
                long head = readU64(stack, FREE_HEAD_AT);
                if (head != 0) {
                    long next = nextOf(head);
                    if (zeroed) {
                        stack.setBatched(List.of(word(FREE_HEAD_AT, next), new StackWrite(head, new byte[(int) blockSize])));
                    } else {
                        stack.set(FREE_HEAD_AT, SlabFormat.le(next));
                    }
                    return issue(head, len);
                }
            }
            return issue(stack.extend(total), len);
        } finally {
            lock.unlock();
        }
    }

    /** The link stored in free block {@code at}, after checking both are blocks of this arena. */
    private long nextOf(long at) throws IOException {
        long len = stack.len();
        if (!isBlock(at, blockSize, len)) {
            throw new BStackCorruptException("free-list entry " + at + " is not a block of this arena; free list corrupt");
        }
        long next = readU64(stack, at);
        if (next != 0 && !isBlock(next, blockSize, len)) {
            throw new BStackCorruptException("free block " + at + " links to " + Long.toUnsignedString(next)
                    + ", which is not a block; free list corrupt");
        }
        return next;
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

    /** Frees a taken, non-empty handle; the caller holds the lock. */
    private void free(RegionHandle handle) throws BStackAllocException {
        long n = blocksFor(handle.len());
        long backing = n * blockSize; // a live region's blocks fit in the stack, so no overflow
        if (!fits(handle.offset(), backing)) {
            throw untouched(handle, "dealloc", new BStackCorruptException(handle.region() + " does not lie on whole blocks of this arena"));
        }
        if (n > 1 && handle.offset() + backing == stack.len()) {
            try {
                stack.discard(backing);
            } catch (IOException e) {
                long now = SlabFormat.settledLen(stack);
                if (now == -1 || now == handle.offset()) {
                    throw lost(handle.region(), "dealloc (the region was freed, or the stack must be reopened to tell)", e);
                }
                throw untouched(handle, "dealloc", e);
            }
            return;
        }
        try {
            pushRun(handle.offset(), n);
        } catch (IOException e) {
            throw landed(handle.offset(), e) == Landed.NO ? untouched(handle, "dealloc", e)
                    : lost(handle.region(), "dealloc (the region was freed, or the stack must be reopened to tell)", e);
        }
    }

    private boolean fits(long offset, long backing) {
        return isBlock(offset, blockSize, stack.len()) && backing <= stack.len() - offset;
    }

    enum Landed {
        YES,
        NO,
        UNKNOWN
    }

    /**
     * Whether a failed single-call push of a run starting at {@code first} landed: the batch is
     * all or nothing, and it landed exactly when {@code free_head} names {@code first}. An
     * unreadable stack (one that must be reopened) leaves it unknown.
     */
    private Landed landed(long first, IOException cause) {
        try {
            return readU64(stack, FREE_HEAD_AT) == first ? Landed.YES : Landed.NO;
        } catch (IOException e) {
            cause.addSuppressed(e);
            return Landed.UNKNOWN;
        }
    }

    /**
     * Pushes {@code count} contiguous blocks from {@code first} onto the list in one call. One
     * block gets an 8-byte link; a run is rewritten as the crate writes it, one image of zeros
     * with a link at the head of each block (per block when the image would be huge).
     */
    private void pushRun(long first, long count) throws IOException {
        long oldHead = readU64(stack, FREE_HEAD_AT);
        List<StackWrite> writes = new ArrayList<>();
        long bytes = count * blockSize;
        if (count > 1 && bytes <= IMAGE_LIMIT) {
            byte[] image = new byte[(int) bytes];
            for (long i = 0; i < count; i++) {
                SlabFormat.putLe(image, (int) (i * blockSize), i + 1 < count ? first + (i + 1) * blockSize : oldHead);
            }
            writes.add(new StackWrite(first, image));
        } else {
            for (long i = 0; i < count; i++) {
                writes.add(word(first + i * blockSize, i + 1 < count ? first + (i + 1) * blockSize : oldHead));
            }
        }
        writes.add(word(FREE_HEAD_AT, first));
        stack.setBatched(writes);
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

    private RegionHandle resize(RegionHandle handle, long newLen, boolean zeroed) throws BStackAllocException {
        RegionHandle fresh = takeForResize(handle, newLen, len -> allocate(len, zeroed));
        if (fresh != null) {
            return fresh;
        }
        lock.lock();
        try {
            if (newLen == 0) {
                free(handle);
                return issue(0, 0);
            }
            if (newLen == handle.len()) {
                return issue(handle.offset(), newLen);
            }
            return resizeLocked(handle, newLen, zeroed);
        } finally {
            lock.unlock();
        }
    }

    private RegionHandle resizeLocked(RegionHandle handle, long newLen, boolean zeroed) throws BStackAllocException {
        long offset = handle.offset();
        long oldN = blocksFor(handle.len());
        long newN = blocksFor(newLen);
        long oldBacking = oldN * blockSize;
        if (!fits(offset, oldBacking)) {
            throw untouched(handle, "realloc", new BStackCorruptException(handle.region() + " does not lie on whole blocks of this arena"));
        }
        long newBacking;
        try {
            newBacking = times(newN, blockSize, "realloc to " + newLen + " bytes");
        } catch (BStackInvalidInputException e) {
            throw untouched(handle, "realloc", e);
        }
        if (oldN == newN) {
            try {
                if (zeroed && newLen > handle.len()) {
                    stack.zero(handle.end(), newLen - handle.len());
                }
            } catch (IOException e) {
                throw untouched(handle, "realloc", e);
            }
            return issue(offset, newLen);
        }
        boolean atTail = offset + oldBacking == stack.len();
        if (newN > oldN) {
            return atTail ? growAtTail(handle, newLen, oldBacking, newBacking, zeroed) : move(handle, newLen, oldN, newBacking);
        }
        Region shrunk = new Region(offset, newLen);
        if (atTail) {
            try {
                stack.discard(oldBacking - newBacking);
            } catch (IOException e) {
                long now = SlabFormat.settledLen(stack);
                if (now == -1) {
                    throw lost(handle.region(), "realloc", e);
                }
                if (now == offset + newBacking) {
                    throw moved(handle.region(), shrunk, "realloc", e);
                }
                throw untouched(handle, "realloc", e);
            }
            return issue(offset, newLen);
        }
        long excess = offset + newBacking;
        try {
            pushRun(excess, oldN - newN);
        } catch (IOException e) {
            throw switch (landed(excess, e)) {
                case YES -> moved(handle.region(), shrunk, "realloc (the excess blocks were freed)", e);
                case NO -> untouched(handle, "realloc", e);
                case UNKNOWN -> lost(handle.region(), "realloc", e);
            };
        }
        return issue(offset, newLen);
    }

    private RegionHandle growAtTail(RegionHandle handle, long newLen, long oldBacking, long newBacking, boolean zeroed)
            throws BStackAllocException {
        long offset = handle.offset();
        try {
            long staleEnd = Math.min(offset + oldBacking, offset + newLen);
            if (zeroed && staleEnd > handle.end()) {
                stack.zero(handle.end(), staleEnd - handle.end());
            }
            stack.extend(newBacking - oldBacking);
        } catch (IOException e) {
            long now = SlabFormat.settledLen(stack);
            if (now == -1) {
                throw lost(handle.region(), "realloc", e);
            }
            if (now == offset + newBacking) {
                throw moved(handle.region(), new Region(offset, newLen), "realloc", e);
            }
            throw untouched(handle, "realloc", e);
        }
        return issue(offset, newLen);
    }

    /** Non-tail grow: a new region at the tail holding the prefix, then the old blocks freed. */
    private RegionHandle move(RegionHandle handle, long newLen, long oldN, long newBacking) throws BStackAllocException {
        long at;
        try {
            if (newBacking <= IMAGE_LIMIT) {
                byte[] image = new byte[(int) newBacking];
                byte[] prefix = stack.get(handle.offset(), handle.end());
                System.arraycopy(prefix, 0, image, 0, prefix.length);
                at = stack.push(image);
            } else {
                at = stack.extend(newBacking);
                try {
                    stack.copy(handle.offset(), at, handle.len());
                } catch (IOException e) {
                    rollbackTail(at, newBacking, e);
                    throw e;
                }
            }
        } catch (IOException e) {
            throw untouched(handle, "realloc", e);
        }
        Region now = new Region(at, newLen);
        try {
            pushRun(handle.offset(), oldN);
        } catch (IOException e) {
            throw moved(handle.region(), now, "realloc (the old blocks may have leaked)", e);
        }
        return issue(at, newLen);
    }

    /** Best effort: drops {@code [at, at + n)} if it is still the tail. */
    private void rollbackTail(long at, long n, IOException cause) {
        try {
            stack.tryDiscard(at + n, n);
        } catch (IOException e) {
            cause.addSuppressed(e);
        }
    }

    // ------------------------------------------------------------------ bulk

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
        if (totalBlocks == 0) {
            for (int i = 0; i < lengths.length; i++) {
                out.add(issue(0, 0));
            }
            return out;
        }
        lock.lock();
        try {
            // as the crate: singles come off the list first; the rest (oversized requests and what the
            // list could not cover) is one extend. When nothing needs extending the whole batch is
            // one commit; otherwise the extend comes first, so a failure never detaches list blocks.
            List<Long> popped = new ArrayList<>();
            long after = chase(singles, popped);
            long remainder = totalBlocks - popped.size();
            long ext = remainder > 0 ? stack.extend(remainder * blockSize) : 0;
            if (!popped.isEmpty()) {
                List<StackWrite> writes = new ArrayList<>();
                writes.add(word(FREE_HEAD_AT, after));
                for (long b : popped) {
                    writes.add(new StackWrite(b, new byte[(int) blockSize]));
                }
                try {
                    stack.setBatched(writes);
                } catch (IOException e) {
                    if (remainder > 0) {
                        rollbackTail(ext, remainder * blockSize, e);
                    }
                    throw e;
                }
            }
            int next = 0;
            for (int i = 0; i < lengths.length; i++) {
                if (counts[i] == 0) {
                    out.add(issue(0, 0));
                } else if (counts[i] == 1 && next < popped.size()) {
                    out.add(issue(popped.get(next++), lengths[i]));
                } else {
                    out.add(issue(ext, lengths[i]));
                    ext += counts[i] * blockSize;
                }
            }
            return out;
        } finally {
            lock.unlock();
        }
    }

    /** Reads up to {@code want} blocks off the head of the list; returns the link after the last. */
    private long chase(int want, List<Long> into) throws IOException {
        long at = readU64(stack, FREE_HEAD_AT);
        Set<Long> seen = new HashSet<>();
        while (into.size() < want && at != 0) {
            if (!seen.add(at)) {
                throw new BStackCorruptException("the free list loops back to " + at);
            }
            long next = nextOf(at);
            into.add(at);
            at = next;
        }
        return at;
    }

    @Override
    public void deallocBulk(List<RegionHandle> handles) throws BStackBulkAllocException {
        List<RegionHandle> taken = takeAll(handles);
        lock.lock();
        try {
            List<Long> blocks = new ArrayList<>();
            Set<Long> seen = new HashSet<>();
            for (RegionHandle h : taken) {
                if (h.isEmpty()) {
                    continue;
                }
                long n = blocksFor(h.len());
                if (!fits(h.offset(), n * blockSize)) {
                    throw refuseBulk(taken, handles, new BStackCorruptException(h.region()
                            + " does not lie on whole blocks of this arena"));
                }
                for (long i = 0; i < n; i++) {
                    long b = h.offset() + i * blockSize;
                    if (!seen.add(b)) {
                        throw refuseBulk(taken, handles, new BStackInvalidInputException("block " + b
                                + " is freed twice in one batch"));
                    }
                    blocks.add(b);
                }
            }
            if (!blocks.isEmpty()) {
                spliceBlocks(taken, handles, blocks);
            }
        } finally {
            lock.unlock();
        }
    }

    /** One batch: each block linked to the next, the last to the old head, and free_head to the first. */
    private void spliceBlocks(List<RegionHandle> taken, List<RegionHandle> handles, List<Long> blocks)
            throws BStackBulkAllocException {
        try {
            long oldHead = readU64(stack, FREE_HEAD_AT);
            List<StackWrite> writes = new ArrayList<>(blocks.size() + 1);
            for (int i = 0; i < blocks.size(); i++) {
                writes.add(word(blocks.get(i), i + 1 < blocks.size() ? blocks.get(i + 1) : oldHead));
            }
            writes.add(word(FREE_HEAD_AT, blocks.get(0)));
            stack.setBatched(writes);
        } catch (IOException e) {
            if (landed(blocks.get(0), e) == Landed.NO) {
                throw refuseBulk(taken, handles, e);
            }
            throw new BStackBulkAllocException("deallocBulk failed as its batch landed (or the stack must be reopened to "
                    + "tell); no handle is handed back", e, List.of());
        }
    }

    /** Hands every handle back live: nothing was freed. */
    static BStackBulkAllocException refuseBulk(List<RegionHandle> taken, List<RegionHandle> handles, IOException cause) {
        taken.forEach(RegionHandle::restore);
        return new BStackBulkAllocException("deallocBulk failed; nothing was freed: " + cause.getMessage(), cause, handles);
    }

    /** Takes every handle or none: a refused one hands all of them back. */
    static List<RegionHandle> takeAll(AllocatorBase owner, List<RegionHandle> handles) throws BStackBulkAllocException {
        List<RegionHandle> taken = new ArrayList<>(handles.size());
        try {
            for (RegionHandle h : handles) {
                owner.take(h);
                taken.add(h);
            }
        } catch (BStackAllocException | RuntimeException e) {
            taken.forEach(RegionHandle::restore);
            throw new BStackBulkAllocException("deallocBulk refused: " + e.getMessage(), e, handles);
        }
        return taken;
    }

    private List<RegionHandle> takeAll(List<RegionHandle> handles) throws BStackBulkAllocException {
        return takeAll(this, handles);
    }

    // ------------------------------------------------------------------ reclaim

    /**
     * A handle for a stored region. Checks only what the layout allows: the null region, or a
     * region starting on a block boundary whose blocks lie inside the stack. Whether it is live —
     * not freed, not part of another allocation, not already handed out — cannot be checked.
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
            if (!fits(region.offset(), times(blocksFor(region.len()), blockSize, "region length"))) {
                throw new BStackInvalidInputException(region + " does not lie on whole blocks of this arena");
            }
            return issue(region.offset(), region.len());
        } finally {
            lock.unlock();
        }
    }

    @Override
    public String toString() {
        return "SlabAllocator[blockSize=" + blockSize + ", len=" + stack.len() + "]";
    }
}
