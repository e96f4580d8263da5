package io.bstack.alloc;

import static org.assertj.core.api.Assertions.assertThat;

import io.bstack.alloc.GhostTreeFactory.FreeBlock;
import io.bstack.alloc.GhostTreeNodes.Block;
import io.bstack.alloc.GhostTreeNodes.Landed;
import io.bstack.stack.StackWrite;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * The free tree's AVL code ({@link GhostTreeNodes}) over an in-memory store, against a
 * {@link TreeSet} of {@code (size, ptr)} keys: random programs of inserts, best-fit removals and
 * open-time rebuilds. After every step the raw bytes are decoded independently
 * ({@link GhostTreeFactory#tree}) and must be an AVL tree (|balance| ≤ 1, heights and cached
 * child heights exact, reserved bytes zero) whose in-order keys equal the model. A second property
 * makes some commits fail, half of them after the write landed, and checks that
 * {@link GhostTreeNodes#landed} tells the two apart.
 */
class GhostTreeNodesProperties {
    enum Kind {
        INSERT, REMOVE_BEST_FIT, REBUILD
    }

    /** One step: what to do, a size in 32-byte granules, whether the new block touches the previous one. */
    record Op(Kind kind, int granules, boolean adjacent) {}

    private static final Comparator<FreeBlock> KEY = Comparator.comparingLong(FreeBlock::size).thenComparingLong(FreeBlock::ptr);

    /** The payload bytes of a stack, in memory; writes are all or nothing. */
    static final class MemoryStore implements GhostTreeNodes.Store {
        byte[] bytes = new byte[48];
        /** Fails the next commits: 0 = no, 1 = before writing, 2 = after writing. */
        int failNext;

        void grow(long end) {
            if (end > bytes.length) {
                bytes = Arrays.copyOf(bytes, (int) end);
            }
        }

        @Override
        public void read(long offset, byte[] into) throws IOException {
            if (offset < 0 || offset + into.length > bytes.length) {
                throw new IOException("read [" + offset + ", " + (offset + into.length) + ") past " + bytes.length);
            }
            System.arraycopy(bytes, (int) offset, into, 0, into.length);
        }

        @Override
        public void write(List<StackWrite> writes) throws IOException {
            List<StackWrite> sorted = new ArrayList<>(writes);
            sorted.sort(Comparator.comparingLong(StackWrite::offset));
            for (int i = 1; i < sorted.size(); i++) {
                assertThat(sorted.get(i - 1).offset() + sorted.get(i - 1).data().length).as("batched writes overlap")
                        .isLessThanOrEqualTo(sorted.get(i).offset());
            }
            int fail = failNext;
            failNext = 0;
            if (fail == 1) {
                throw new IOException("failed before writing");
            }
            for (StackWrite w : writes) {
                assertThat(w.offset() + w.data().length).isLessThanOrEqualTo(bytes.length);
                System.arraycopy(w.data(), 0, bytes, (int) w.offset(), w.data().length);
            }
            if (fail == 2) {
                throw new IOException("failed after writing (rolled forward)");
            }
        }

        @Override
        public long end() {
            return bytes.length;
        }

        long root() {
            return ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong(40);
        }
    }

    @Provide
    Arbitrary<List<Op>> programs() {
        Arbitrary<Kind> kind = Arbitraries.frequency(Tuple.of(6, Kind.INSERT), Tuple.of(3, Kind.REMOVE_BEST_FIT),
                Tuple.of(1, Kind.REBUILD));
        Arbitrary<Op> op = Combinators.combine(kind, Arbitraries.integers().between(1, 12), Arbitraries.of(true, false))
                .as(Op::new);
        return op.list().ofMaxSize(80);
    }

    @Property(tries = 300)
    void everyStepLeavesAnAvlTreeEqualToTheModel(@ForAll("programs") List<Op> program) throws IOException {
        run(program, false);
    }

    @Property(tries = 200)
    void aFailedCommitIsTotalAndLandedTellsWhetherItWrote(@ForAll("programs") List<Op> program) throws IOException {
        run(program, true);
    }

    private static void run(List<Op> program, boolean faults) throws IOException {
        MemoryStore store = new MemoryStore();
        TreeSet<FreeBlock> model = new TreeSet<>(KEY);
        Random failures = new Random(program.hashCode());
        long cursor = 48;
        for (int step = 0; step < program.size(); step++) {
            Op op = program.get(step);
            GhostTreeNodes tree = new GhostTreeNodes(store);
            TreeSet<FreeBlock> next = new TreeSet<>(model);
            long size = 32L * op.granules();
            Block removed = null;
            switch (op.kind()) {
                case INSERT -> {
                    cursor += op.adjacent() ? 0 : 32; // a gap keeps it from merging with the block before
                    store.grow(cursor + size);
                    tree.insert(cursor, size);
                    next.add(new FreeBlock(cursor, size));
                    cursor += size;
                }
                case REMOVE_BEST_FIT -> {
                    removed = tree.removeBestFit(size);
                    FreeBlock expected = model.ceiling(new FreeBlock(0, size));
                    if (expected == null) {
                        assertThat(removed).as("step %d: nothing fits %d bytes", step, size).isNull();
                    } else {
                        assertThat(removed).as("step %d: best fit for %d bytes", step, size)
                                .isEqualTo(new Block(expected.ptr(), expected.size()));
                        next.remove(expected);
                    }
                }
                case REBUILD -> {
                    List<Block> merged = tree.coalesceAndRebuild();
                    next = coalesced(model);
                    assertThat(merged).as("step %d: coalesced blocks", step)
                            .containsExactlyElementsOf(next.stream().sorted(Comparator.comparingLong(FreeBlock::ptr))
                                    .map(b -> new Block(b.ptr(), b.size())).toList());
                }
            }
            byte[] before = store.bytes.clone();
            int fail = faults && !tree.isEmpty() && failures.nextInt(3) == 0 ? 1 + failures.nextInt(2) : 0;
            store.failNext = fail;
            try {
                tree.commit();
                assertThat(fail).as("step %d: the commit should have failed", step).isZero();
            } catch (IOException e) {
                assertThat(fail).as("step %d: unexpected failure %s", step, e).isPositive();
                Landed landed = tree.landed();
                assertThat(landed).as("step %d: landed after failure mode %d", step, fail)
                        .isEqualTo(fail == 2 ? Landed.YES : Landed.NO);
                if (fail == 1) {
                    assertThat(store.bytes).as("step %d: a commit failing before it writes changes nothing", step)
                            .isEqualTo(before);
                    next = model;
                }
            }
            model = next;
            MemoryStore at = store;
            List<FreeBlock> onDisk = GhostTreeFactory.tree((from, to) -> Arrays.copyOfRange(at.bytes, (int) from, (int) to),
                    store.end(), store.root());
            assertThat(onDisk).as("step %d (%s): in-order keys", step, op).containsExactlyElementsOf(model);
        }
    }

    /** The model after the open-time repair: address-adjacent blocks merged. */
    private static TreeSet<FreeBlock> coalesced(TreeSet<FreeBlock> model) {
        List<FreeBlock> byAddress = new ArrayList<>(model);
        byAddress.sort(Comparator.comparingLong(FreeBlock::ptr));
        TreeSet<FreeBlock> out = new TreeSet<>(KEY);
        FreeBlock run = null;
        for (FreeBlock b : byAddress) {
            if (run != null && run.end() == b.ptr()) {
                run = new FreeBlock(run.ptr(), run.size() + b.size());
            } else {
                if (run != null) {
                    out.add(run);
                }
                run = b;
            }
        }
        if (run != null) {
            out.add(run);
        }
        return out;
    }
}
