package io.bstack.alloc;

import static org.assertj.core.api.Assertions.assertThat;

import io.bstack.stack.ByteStack;
import io.bstack.stack.BStack;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The AVL best-fit allocator for the shared suites. {@link #verify} decodes the free tree from
 * the raw stack bytes on its own (it does not reuse the allocator's tree code) and checks it.
 */
public final class GhostTreeFactory implements AllocatorFactory {
    private static final byte[] MAGIC_PREFIX = {'A', 'L', 'G', 'T', 0, 1};

    /** A free block as found on disk. */
    record FreeBlock(long ptr, long size) {
        long end() {
            return ptr + size;
        }
    }

    @Override
    public String name() {
        return "ghosttree";
    }

    @Override
    public BStackAllocator create(ByteStack stack) throws IOException {
        assertThat(stack.isEmpty()).as("create() gets an empty stack").isTrue();
        return new GhostTreeAllocator(stack);
    }

    @Override
    public BStackAllocator open(ByteStack stack) throws IOException {
        return new GhostTreeAllocator(stack);
    }

    /**
     * True in the sense the suite checks: {@code reclaim} refuses a freed region while its space
     * is still free. Once the space is handed out again a stale region is accepted (the Javadoc's
     * "double free is not detectable").
     */
    @Override
    public boolean detectsDoubleFree() {
        return true;
    }

    @Override
    public void verify(BStackAllocator allocator, Collection<Region> live) throws IOException {
        check(allocator.stack(), live);
    }

    /**
     * Checks the header, every tree invariant (key order, heights, balance, cached child heights,
     * reserved bytes, no node reached twice), that free blocks are aligned, in bounds, disjoint
     * and zero past their node, and that each live region is a block overlapping neither a free
     * block nor another live block, zero past its length. Blocks that are neither free nor live
     * (leaks) are allowed. Returns the free blocks in address order.
     */
    static List<FreeBlock> check(ByteStack stack, Collection<Region> live) throws IOException {
        long len = stack.len();
        assertThat(len).as("payload holds the header").isGreaterThanOrEqualTo(48);
        assertThat(stack.get(32, 38)).as("magic prefix").isEqualTo(MAGIC_PREFIX);
        assertThat((len - 48) % 32).as("arena length is a multiple of 32").isZero();
        long root = u64(stack.get(40, 48), 0);
        List<FreeBlock> free = tree(stack::get, len, root);
        free.sort(Comparator.comparingLong(FreeBlock::ptr));
        for (int i = 1; i < free.size(); i++) {
            assertThat(free.get(i - 1).end()).as("free %s overlaps free %s", free.get(i - 1), free.get(i))
                    .isLessThanOrEqualTo(free.get(i).ptr());
        }
        for (FreeBlock f : free) {
            assertZero(stack, f.ptr() + 32, f.end(), "free block " + f + " past its node");
        }
        List<FreeBlock> used = new ArrayList<>();
        for (Region r : live) {
            if (r.isEmpty()) {
                continue;
            }
            assertThat(r.offset() >= 48 && r.offset() % 32 == 16).as("live %s at a block address", r).isTrue();
            long block = Math.max(32, (r.len() + 31) & -32L);
            assertThat(r.offset() + block).as("live %s block inside the stack", r).isLessThanOrEqualTo(len);
            used.add(new FreeBlock(r.offset(), block));
            assertZero(stack, r.end(), r.offset() + block, "live " + r + " past its length");
        }
        used.sort(Comparator.comparingLong(FreeBlock::ptr));
        for (int i = 1; i < used.size(); i++) {
            assertThat(used.get(i - 1).end()).as("live blocks %s and %s overlap", used.get(i - 1), used.get(i))
                    .isLessThanOrEqualTo(used.get(i).ptr());
        }
        for (FreeBlock u : used) {
            for (FreeBlock f : free) {
                assertThat(u.ptr() < f.end() && f.ptr() < u.end()).as("live block %s overlaps free block %s", u, f).isFalse();
            }
        }
        return free;
    }

    /** {@link #check}, plus: every arena byte is in a free or a live block (nothing leaked). */
    static List<FreeBlock> checkNoLeak(ByteStack stack, Collection<Region> live) throws IOException {
        List<FreeBlock> free = check(stack, live);
        long covered = free.stream().mapToLong(FreeBlock::size).sum();
        for (Region r : live) {
            covered += r.isEmpty() ? 0 : Math.max(32, (r.len() + 31) & -32L);
        }
        assertThat(covered).as("free + live blocks cover the arena (no leak)").isEqualTo(stack.len() - 48);
        return free;
    }

    private static void assertZero(ByteStack stack, long from, long to, String what) throws IOException {
        if (to <= from) {
            return;
        }
        byte[] b = stack.get(from, to);
        for (int i = 0; i < b.length; i++) {
            if (b[i] != 0) {
                assertThat(b[i]).as("%s: byte at %d", what, from + i).isZero();
            }
        }
    }

    private static long u64(byte[] b, int at) {
        return ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).getLong(at);
    }

    /** Reads raw bytes {@code [from, to)}. */
    @FunctionalInterface
    interface Bytes {
        byte[] get(long from, long to) throws IOException;
    }

    /**
     * Decodes and checks the tree under {@code root} (key order, heights, balance, cached child
     * heights, reserved bytes, nodes inside {@code [48, end)}, none reached twice); returns its
     * blocks in key order.
     */
    static List<FreeBlock> tree(Bytes bytes, long end, long root) throws IOException {
        List<FreeBlock> free = new ArrayList<>();
        new Walker(bytes, end, free, new HashSet<>()).subtree(root, 0, null, null);
        return free;
    }

    /** Recursive decoder: returns the subtree height, collecting its blocks. */
    private record Walker(Bytes stack, long end, List<FreeBlock> out, Set<Long> seen) {

        int subtree(long ptr, int depth, FreeBlock low, FreeBlock high) throws IOException {
            if (ptr == 0) {
                return 0;
            }
            assertThat(depth).as("tree depth").isLessThan(128);
            assertThat(seen.add(ptr)).as("node %d reached twice", ptr).isTrue();
            assertThat(ptr >= 48 && ptr % 32 == 16 && ptr + 32 <= end).as("node pointer %d", ptr).isTrue();
            byte[] n = stack.get(ptr, ptr + 32);
            long size = u64(n, 0);
            int balance = n[8];
            int height = n[9] & 0xFF;
            int lh = n[10] & 0xFF;
            int rh = n[11] & 0xFF;
            assertThat(new byte[] {n[12], n[13], n[14], n[15]}).as("reserved bytes of node %d", ptr).containsOnly(0);
            FreeBlock self = new FreeBlock(ptr, size);
            assertThat(size >= 32 && size % 32 == 0 && ptr + size <= end).as("size of node %s", self).isTrue();
            if (low != null) {
                assertThat(before(low, self)).as("node %s sorts after %s", self, low).isTrue();
            }
            if (high != null) {
                assertThat(before(self, high)).as("node %s sorts before %s", self, high).isTrue();
            }
            int left = subtree(u64(n, 16), depth + 1, low, self);
            out.add(self);
            int right = subtree(u64(n, 24), depth + 1, self, high);
            assertThat(lh).as("cached left height of %s", self).isEqualTo(left);
            assertThat(rh).as("cached right height of %s", self).isEqualTo(right);
            assertThat(height).as("height of %s", self).isEqualTo(1 + Math.max(left, right));
            assertThat(balance).as("balance of %s", self).isEqualTo(right - left);
            assertThat(Math.abs(balance)).as("AVL balance of %s", self).isLessThanOrEqualTo(1);
            return height;
        }

        private static boolean before(FreeBlock a, FreeBlock b) {
            return a.size() != b.size() ? a.size() < b.size() : a.ptr() < b.ptr();
        }
    }
}
