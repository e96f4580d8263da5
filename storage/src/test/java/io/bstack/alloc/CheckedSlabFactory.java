package io.bstack.alloc;

import static org.assertj.core.api.Assertions.assertThat;

import io.bstack.stack.ByteStack;
import io.bstack.stack.BStack;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * {@link CheckedSlabAllocator} with 64 data bytes per block (72-byte blocks) for the shared
 * suites; {@link CheckedSlab16Factory} is the 16-byte variant. Double frees are detected and
 * {@link BStackAllocator#reclaim} is verified against the state words.
 *
 * <p>{@link #verify} re-reads the file on its own and is strict, because no crash of this
 * allocator leaves anything recovery cannot classify: the arena tiles exactly (zero words stride
 * one block, in-use words stride their count), every zero-word block is on the free list and
 * every list entry is a zero-word block (so nothing leaked is left unlinked), no list loops, each
 * live region starts 8 bytes into a block whose word records exactly its block count, and the last
 * recovery classified everything. In-use allocations outside the live set are allowed (a crash or
 * a LOST outcome leaks them for good, as the Javadoc admits).
 *
 * <p>Slabs reuse single blocks only (multi-block regions are never handed out of the list, as in
 * the crate), so {@link #reusableLength()} is one block's worth of caller bytes.
 */
public class CheckedSlabFactory implements AllocatorFactory {
    private final long dataSize;

    public CheckedSlabFactory() {
        this(64);
    }

    protected CheckedSlabFactory(long dataSize) {
        this.dataSize = dataSize;
    }

    @Override
    public String name() {
        return "checked-slab" + dataSize;
    }

    @Override
    public BStackAllocator create(ByteStack stack) throws IOException {
        return CheckedSlabAllocator.create(stack, dataSize);
    }

    @Override
    public BStackAllocator open(ByteStack stack) throws IOException {
        CheckedSlabAllocator a = CheckedSlabAllocator.open(stack);
        assertThat(a.dataSize()).isEqualTo(dataSize);
        return a;
    }

    @Override
    public long reusableLength() {
        return dataSize;
    }

    @Override
    public boolean detectsDoubleFree() {
        return true;
    }

    @Override
    public boolean reclaimVerifies() {
        return true;
    }

    @Override
    public void verify(BStackAllocator allocator, Collection<Region> live) throws IOException {
        verifyChecked(allocator.stack(), live, dataSize + 8);
        if (allocator instanceof CheckedSlabAllocator c) {
            assertThat(c.lastRecoveryUnclassified()).as("blocks the last recovery could not classify").isZero();
        }
    }

    /** The allocations found by the scan (block start to block count), after checking the layout. */
    static Map<Long, Long> verifyChecked(ByteStack stack, Collection<Region> live, long bs) throws IOException {
        long len = stack.len();
        byte[] all = stack.get(0, len); // one read: the verifier parses the whole file in memory
        byte[] header = java.util.Arrays.copyOfRange(all, 24, 48);
        assertThat(new String(header, 0, 4, StandardCharsets.US_ASCII)).isEqualTo("ALCK");
        assertThat(new byte[] {header[4], header[5], header[6], header[7]}).containsExactly(0, 1, 3, 0);
        assertThat(SlabFactory.u64(header, 8)).as("block size").isEqualTo(bs);
        assertThat((len - 48) % bs).as("arena of %d bytes is whole blocks", len - 48).isZero();
        Map<Long, Long> inUse = new TreeMap<>();
        Set<Long> zero = new LinkedHashSet<>();
        long p = 48;
        while (p < len) {
            long w = SlabFactory.u64(all, (int) p);
            if (w == 0) {
                zero.add(p);
                p += bs;
                continue;
            }
            long n = w & Long.MAX_VALUE;
            assertThat(w < 0 && n >= 1 && n <= (len - p) / bs).as("block %d has state word 0x%x: the arena does not tile", p, w)
                    .isTrue();
            inUse.put(p, n);
            p += n * bs;
        }
        assertThat(p).as("the scan ends at the tail").isEqualTo(len);
        Set<Long> free = new HashSet<>();
        long at = SlabFactory.u64(all, 40);
        while (at != 0) {
            assertThat(zero.contains(at)).as("free-list entry %d is a zero-word block", at).isTrue();
            assertThat(free.add(at)).as("free list loops at %d", at).isTrue();
            at = SlabFactory.u64(all, (int) at + 8);
        }
        assertThat(free.size()).as("every zero-word block is on the free list (none leaked)").isEqualTo(zero.size());
        for (Region r : live) {
            if (r.isEmpty()) {
                assertThat(r.offset()).as("empty region %s is the null region", r).isZero();
                continue;
            }
            long need = (r.len() + 8 + bs - 1) / bs;
            assertThat(inUse.get(r.offset() - 8)).as("live region %s has an in-use word for %d blocks", r, need).isEqualTo(need);
        }
        return inUse;
    }
}
