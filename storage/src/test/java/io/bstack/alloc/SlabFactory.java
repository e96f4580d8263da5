package io.bstack.alloc;

import static org.assertj.core.api.Assertions.assertThat;

import io.bstack.stack.ByteStack;
import io.bstack.stack.BStack;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * {@link SlabAllocator} with 64-byte blocks for the shared suites; {@link Slab16Factory} is the
 * 16-byte variant (the crate fuzzes both). {@link #verify} re-reads the file on its own: the
 * header, the free list (every entry a block inside the arena, no loops), no free block inside a
 * live region, live regions on whole blocks, and free + live blocks at most the arena.
 *
 * <p>Slabs reuse single blocks only (multi-block regions are never handed out of the list, as in
 * the crate), so {@link #reusableLength()} is one block's worth of caller bytes.
 */
public class SlabFactory implements AllocatorFactory {
    private final long blockSize;

    public SlabFactory() {
        this(64);
    }

    protected SlabFactory(long blockSize) {
        this.blockSize = blockSize;
    }

    @Override
    public String name() {
        return "slab" + blockSize;
    }

    @Override
    public BStackAllocator create(ByteStack stack) throws IOException {
        return SlabAllocator.create(stack, blockSize);
    }

    @Override
    public BStackAllocator open(ByteStack stack) throws IOException {
        SlabAllocator a = SlabAllocator.open(stack);
        assertThat(a.blockSize()).isEqualTo(blockSize);
        return a;
    }

    @Override
    public long reusableLength() {
        return blockSize;
    }

    static long u64(byte[] b, int at) {
        return ByteBuffer.wrap(b, at, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
    }

    static long u64(ByteStack stack, long at) throws IOException {
        return u64(stack.get(at, at + 8), 0);
    }

    @Override
    public void verify(BStackAllocator allocator, Collection<Region> live) throws IOException {
        verifySlab(allocator.stack(), live, blockSize);
    }

    /** The free blocks, after checking the layout against {@code live}. */
    static List<Long> verifySlab(ByteStack stack, Collection<Region> live, long bs) throws IOException {
        long len = stack.len();
        byte[] all = stack.get(0, len); // one read: the verifier parses the whole file in memory
        byte[] header = java.util.Arrays.copyOfRange(all, 24, 48);
        assertThat(new String(header, 0, 4, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("ALSL");
        assertThat(new byte[] {header[4], header[5], header[6], header[7]}).containsExactly(0, 1, 1, 0);
        assertThat(u64(header, 8)).as("block size").isEqualTo(bs);
        assertThat((len - 48) % bs).as("arena of %d bytes is whole blocks", len - 48).isZero();
        long total = (len - 48) / bs;
        Set<Long> liveBlocks = new HashSet<>();
        for (Region r : live) {
            if (r.isEmpty()) {
                assertThat(r.offset()).as("empty region %s is the null region", r).isZero();
                continue;
            }
            assertThat((r.offset() - 48) % bs).as("%s starts on a block", r).isZero();
            long n = r.len() <= bs ? 1 : (r.len() + bs - 1) / bs;
            assertThat(r.offset() >= 48 && r.offset() + n * bs <= len).as("%s lies in the arena", r).isTrue();
            for (long i = 0; i < n; i++) {
                assertThat(liveBlocks.add(r.offset() + i * bs)).as("block of %s is owned twice", r).isTrue();
            }
        }
        List<Long> free = new ArrayList<>();
        Set<Long> seen = new HashSet<>();
        long at = u64(all, 40);
        while (at != 0) {
            assertThat(at >= 48 && (at - 48) % bs == 0 && at + bs <= len).as("free entry %d is a block", at).isTrue();
            assertThat(seen.add(at)).as("free list loops at %d", at).isTrue();
            assertThat(liveBlocks.contains(at)).as("free block %d is inside a live region", at).isFalse();
            free.add(at);
            at = u64(all, (int) at);
        }
        assertThat(free.size() + liveBlocks.size()).as("free + live blocks fit the arena").isLessThanOrEqualTo((int) total);
        return free;
    }
}
