package io.bstack.btree;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bstack.alloc.BStackAllocException;
import io.bstack.alloc.BStackAllocator;
import io.bstack.alloc.GhostTreeAllocator;
import io.bstack.alloc.GhostTreeFactory;
import io.bstack.alloc.Region;
import io.bstack.alloc.RegionHandle;
import io.bstack.stack.BStack;
import io.bstack.stack.ByteStack;
import io.bstack.stack.StackOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Aligned trees (see {@link BTree}'s class comment): over an allocator that can align, every node
 * starts on a page boundary and so lies in one store page; trees without a lead (made over an
 * allocator that cannot align, as every tree was before) keep their layout and live beside aligned
 * ones in one file; an aligned tree over an allocator that cannot align stays correct.
 */
class AlignedTreeTest {

    private static final GhostTreeFactory GHOST = new GhostTreeFactory();

    @TempDir
    Path dir;

    @Property(tries = 25)
    void everyNodeOfARandomTreeStartsOnAPageBoundary(@ForAll long seed) throws IOException {
        Random random = new Random(seed);
        int pageSize = random.nextBoolean() ? 512 : 4096;
        Path file = Files.createTempFile("aligned-tree", ".bstack");
        Files.delete(file);
        try (BStack stack = BStack.open(file, StackOptions.testing().withoutSync())) {
            BStackAllocator alloc = GHOST.create(stack);
            BTree tree = BTree.create(stack, alloc, pageSize);
            TreeMap<Long, byte[]> model = new TreeMap<>();
            int ops = 200 + random.nextInt(3000);
            for (int i = 0; i < ops; i++) {
                long k = random.nextInt(2000);
                if (random.nextInt(4) == 0) {
                    assertThat(tree.remove(BTreeTest.key(k))).isEqualTo(model.remove(k) != null);
                } else {
                    byte[] v = BTreeTest.value(random.nextLong(), random.nextInt(10) == 0 ? pageSize : random.nextInt(60));
                    tree.put(BTreeTest.key(k), v);
                    model.put(k, v);
                }
            }
            TreeStats stats = tree.verify();
            assertThat(stats.entries()).isEqualTo(model.size());
            assertThat(tree.lead()).isEqualTo(((GhostTreeAllocator) alloc).alignmentLead());
            for (long page : pages(tree)) {
                assertThat((page + tree.lead()) % pageSize).as("seed %d: node of page %d starts on a boundary", seed, page)
                        .isZero();
            }
            GHOST.verify(alloc, stats.regions());
            model.forEach((k, v) -> assertThat(get(tree, k)).isEqualTo(v));
        } finally {
            Files.deleteIfExists(file);
        }
    }

    @Test
    void treesWithAndWithoutALeadLiveInOneFileAndKeepTheirLayouts() throws IOException {
        Path file = dir.resolve("mixed.bstack");
        long legacyRoot;
        long alignedRoot;
        TreeMap<Long, byte[]> model = new TreeMap<>();
        try (BStack stack = BStack.open(file, StackOptions.testing().withoutSync())) {
            GhostTreeAllocator ghost = new GhostTreeAllocator(stack);
            BTree legacy = BTree.create(stack, new Unaligned(ghost), 4096); // as trees were made before
            BTree aligned = BTree.create(stack, ghost, 4096);
            assertThat(legacy.lead()).isZero();
            assertThat(stack.get(legacy.root(), legacy.root() + 1)[0]).as("a node's kind byte").isEqualTo(Node.LEAF);
            assertThat(aligned.lead()).isEqualTo(16);
            legacyRoot = legacy.root();
            alignedRoot = aligned.root();
            fill(legacy, aligned, model, 0, 3000);
            ghost.intoStack();
        }
        for (int session = 0; session < 2; session++) {
            try (BStack stack = BStack.open(file, StackOptions.testing().withoutSync())) {
                GhostTreeAllocator ghost = new GhostTreeAllocator(stack);
                // the legacy tree now over an allocator that can align; the aligned one over one that cannot
                BTree legacy = BTree.open(stack, ghost, 4096, legacyRoot);
                BTree aligned = BTree.open(stack, new Unaligned(ghost), 4096, alignedRoot);
                assertThat(legacy.lead()).isZero();
                assertThat(aligned.lead()).isEqualTo(16);
                fill(legacy, aligned, model, 3000 * (session + 1), 3000);
                TreeStats a = legacy.verify();
                TreeStats b = aligned.verify();
                assertThat(a.entries()).isEqualTo(model.size());
                assertThat(b.entries()).isEqualTo(model.size());
                List<Region> live = new ArrayList<>(a.regions());
                live.addAll(b.regions());
                GHOST.verify(ghost, live);
                for (var e : model.entrySet()) {
                    assertThat(get(legacy, e.getKey())).isEqualTo(e.getValue());
                    assertThat(get(aligned, e.getKey())).isEqualTo(e.getValue());
                }
                ghost.intoStack();
            }
        }
        try (BStack stack = BStack.open(file, StackOptions.testing().withoutSync())) {
            GhostTreeAllocator ghost = new GhostTreeAllocator(stack);
            BTree.open(stack, ghost, 4096, legacyRoot).drop();
            BTree.open(stack, ghost, 4096, alignedRoot).drop();
            GHOST.verify(ghost, List.of());
            ghost.intoStack();
        }
    }

    @Test
    void aDamagedAlignmentMarkIsRefused() throws IOException {
        try (BStack stack = BStack.open(dir.resolve("bad.bstack"), StackOptions.testing().withoutSync())) {
            BTree tree = BTree.create(stack, GHOST.create(stack), 512);
            stack.set(tree.root() + 1, new byte[] {1}); // a lead too short for the mark itself
            assertThatThrownBy(() -> BTree.open(stack, null, 512, tree.root())).isInstanceOf(TreeCorruptException.class)
                    .hasMessageContaining("lead of 1 bytes");
            stack.set(tree.root() + 1, new byte[] {(byte) 200}); // more than an eighth of the page
            assertThatThrownBy(() -> BTree.open(stack, null, 512, tree.root())).isInstanceOf(TreeCorruptException.class);
            assertThatThrownBy(() -> BTree.open(stack, null, 512, stack.len() - 1)).isInstanceOf(TreeCorruptException.class);
        }
    }

    private static void fill(BTree a, BTree b, TreeMap<Long, byte[]> model, long from, int n) throws IOException {
        for (long k = from; k < from + n; k++) {
            long key = (k * 7919) % 100_000;
            byte[] v = BTreeTest.value(k, (int) (k % 90));
            a.put(BTreeTest.key(key), v);
            b.put(BTreeTest.key(key), v);
            model.put(key, v);
        }
    }

    private static byte[] get(BTree tree, long k) {
        try {
            return tree.get(BTreeTest.key(k));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Every page of the tree, by a walk from the root. */
    private static List<Long> pages(BTree tree) throws IOException {
        List<Long> out = new ArrayList<>();
        List<Long> todo = new ArrayList<>(List.of(tree.root()));
        while (!todo.isEmpty()) {
            long page = todo.removeLast();
            out.add(page);
            Node n = tree.read(page);
            if (!n.leaf) {
                for (int i = 0; i <= n.size(); i++) {
                    todo.add(n.childAt(i));
                }
            }
        }
        return out;
    }

    /** An allocator that cannot align: the GhostTree one seen through the plain interface only. */
    private record Unaligned(BStackAllocator inner) implements BStackAllocator {
        @Override
        public ByteStack stack() {
            return inner.stack();
        }

        @Override
        public RegionHandle alloc(long len) throws IOException {
            return inner.alloc(len);
        }

        @Override
        public RegionHandle realloc(RegionHandle handle, long newLen) throws BStackAllocException {
            return inner.realloc(handle, newLen);
        }

        @Override
        public void dealloc(RegionHandle handle) throws BStackAllocException {
            inner.dealloc(handle);
        }

        @Override
        public RegionHandle reclaim(Region region) throws IOException {
            return inner.reclaim(region);
        }

        @Override
        public ByteStack intoStack() {
            return inner.intoStack();
        }

        @Override
        public void close() throws IOException {
            inner.close();
        }
    }
}
