package io.bstack.btree;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bstack.alloc.BStackAllocator;
import io.bstack.alloc.GhostTreeFactory;
import io.bstack.stack.BStack;
import io.bstack.stack.StackOptions;
import io.bstack.tx.ReadTx;
import io.bstack.tx.TxOptions;
import io.bstack.tx.TxStore;
import io.bstack.tx.WriteTx;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BTreeTest {

    private static final GhostTreeFactory ALLOCATORS = new GhostTreeFactory();

    @TempDir
    Path dir;

    private BStack stack() throws IOException {
        return BStack.open(dir.resolve("t.bstack"), StackOptions.testing().withoutSync());
    }

    static byte[] key(long i) {
        return ByteBuffer.allocate(8).putLong(i ^ Long.MIN_VALUE).array();
    }

    static byte[] value(long i, int len) {
        byte[] v = new byte[len];
        new Random(i).nextBytes(v);
        return v;
    }

    private static Iterator<Map.Entry<byte[], byte[]>> entries(long n, int valueLen) {
        return new Iterator<>() {
            long i;

            @Override
            public boolean hasNext() {
                return i < n;
            }

            @Override
            public Map.Entry<byte[], byte[]> next() {
                long k = i++;
                return new AbstractMap.SimpleEntry<>(key(k), value(k, k % 97 == 0 ? 3000 : valueLen));
            }
        };
    }

    @Test
    void bulkLoadBuildsTheSameContentsAsInsertsAndVerifies() throws IOException {
        try (BStack stack = stack()) {
            BStackAllocator alloc = ALLOCATORS.create(stack);
            BTree loaded = BulkLoad.build(stack, alloc, 512, entries(5000, 20), 0.9);
            TreeStats stats = loaded.verify();
            assertThat(stats.entries()).isEqualTo(5000);
            assertThat(stats.height()).isGreaterThanOrEqualTo(3);
            assertThat(stats.fill()).as("bulk-loaded pages are filled to about the target").isGreaterThan(0.75);
            Cursor c = loaded.cursor();
            long i = 0;
            for (boolean ok = c.first(); ok; ok = c.next(), i++) {
                assertThat(c.key()).isEqualTo(key(i));
                assertThat(c.value()).isEqualTo(value(i, i % 97 == 0 ? 3000 : 20));
            }
            assertThat(i).isEqualTo(5000);
            // and it stays a normal tree: deletes and inserts keep it sound
            for (long k = 0; k < 5000; k += 3) {
                assertThat(loaded.remove(key(k))).isTrue();
            }
            assertThat(loaded.put(key(-1), value(-1, 10))).isTrue();
            assertThat(loaded.verify().entries()).isEqualTo(5000 - 1667 + 1);
            ALLOCATORS.verify(alloc, loaded.verify().regions());
        }
    }

    @Test
    void bulkLoadOfNothingAndOfOneLeafUsesOnlyTheRoot() throws IOException {
        try (BStack stack = stack()) {
            BStackAllocator alloc = ALLOCATORS.create(stack);
            BTree empty = BulkLoad.build(stack, alloc, 4096, entries(0, 10), 1.0);
            assertThat(empty.verify().pages()).isEqualTo(1);
            assertThat(empty.cursor().first()).isFalse();
            BTree small = BulkLoad.build(stack, alloc, 4096, entries(10, 10), 1.0);
            assertThat(small.verify().pages()).isEqualTo(1);
            assertThat(small.get(key(9))).isEqualTo(value(9, 10));
        }
    }

    @Test
    void bulkLoadRefusesKeysOutOfOrder() throws IOException {
        try (BStack stack = stack()) {
            BStackAllocator alloc = ALLOCATORS.create(stack);
            List<Map.Entry<byte[], byte[]>> list = List.of(Map.entry(key(2), new byte[1]), Map.entry(key(1), new byte[1]));
            assertThatThrownBy(() -> BulkLoad.build(stack, alloc, 4096, list.iterator(), 0.9))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ascending");
            assertThatThrownBy(() -> BulkLoad.build(stack, alloc, 4096, list.iterator(), 0.3))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("fill");
        }
    }

    @Test
    void tooLongKeysAreRefusedAndBigValuesOverflowAndStream() throws IOException {
        try (BStack stack = stack()) {
            BStackAllocator alloc = ALLOCATORS.create(stack);
            BTree tree = BTree.create(stack, alloc, 4096);
            assertThatThrownBy(() -> tree.put(new byte[tree.maxKey() + 1], new byte[0]))
                    .isInstanceOf(KeyTooLongException.class).hasMessageContaining("longer than");
            assertThat(tree.get(new byte[tree.maxKey() + 1])).as("a key no tree can hold is absent").isNull();
            assertThat(tree.contains(new byte[tree.maxKey() + 1])).isFalse();
            assertThat(tree.remove(new byte[tree.maxKey() + 1])).isFalse();
            assertThat(tree.put(new byte[tree.maxKey()], new byte[] {1})).isTrue();
            byte[] big = value(7, 1_000_000);
            tree.put(key(7), big);
            TreeStats stats = tree.verify();
            assertThat(stats.regions()).anyMatch(r -> r.len() == 1_000_000);
            try (InputStream in = tree.stream(key(7))) {
                byte[] chunk = new byte[100_000];
                int n = in.read(chunk);
                assertThat(n).as("a stream hands out pieces, not the whole value").isLessThan(big.length).isPositive();
                assertThat(in.available()).isEqualTo(big.length - n);
            }
            assertThat(tree.get(key(7))).isEqualTo(big);
            tree.put(key(7), new byte[] {2}); // replacing frees the overflow region
            assertThat(tree.verify().regions()).noneMatch(r -> r.len() == 1_000_000);
            ALLOCATORS.verify(alloc, tree.verify().regions());
            tree.drop();
            ALLOCATORS.verify(alloc, List.of());
        }
    }

    @Test
    void aCursorStaysRightWhenTheTreeChangesUnderIt() throws IOException {
        try (BStack stack = stack()) {
            BStackAllocator alloc = ALLOCATORS.create(stack);
            BTree tree = BTree.create(stack, alloc, 512);
            for (long i = 0; i < 400; i += 2) {
                tree.put(key(i), value(i, 30));
            }
            Cursor c = tree.cursor();
            assertThat(c.seek(key(101))).isTrue();
            assertThat(c.key()).isEqualTo(key(102));
            for (long i = 1; i < 400; i += 2) { // splits everywhere, including the cursor's leaf
                tree.put(key(i), value(i, 30));
            }
            assertThat(c.next()).isTrue();
            assertThat(c.key()).isEqualTo(key(103));
            tree.remove(key(102));
            assertThat(c.previous()).isTrue();
            assertThat(c.key()).isEqualTo(key(101));
            assertThatThrownBy(() -> tree.cursor().key()).isInstanceOf(java.util.NoSuchElementException.class);
        }
    }

    @Test
    void aTreeInsideTransactionsCommitsAndRollsBackWithThem() throws IOException {
        Path file = dir.resolve("tx.bstack");
        long root;
        try (TxStore store = TxStore.open(file, TxOptions.defaults())) {
            try (WriteTx tx = store.beginWrite(Duration.ofSeconds(5))) {
                BStackAllocator alloc = ALLOCATORS.create(tx);
                BTree tree = BTree.create(tx, alloc, 4096);
                root = tree.root();
                for (long i = 0; i < 3000; i++) {
                    tree.put(key(i), value(i, 40));
                }
                tx.commit();
            }
            List<byte[]> before;
            try (WriteTx tx = store.beginWrite(Duration.ofSeconds(5))) {
                BTree tree = BTree.open(tx, ALLOCATORS.open(tx), 4096, root);
                before = keys(tree);
                for (long i = 0; i < 3000; i += 2) {
                    tree.remove(key(i));
                }
                tree.put(key(5000), value(5000, 10_000));
                assertThat(tree.verify().entries()).isEqualTo(1501);
                tx.rollback();
            }
            try (ReadTx snapshot = store.beginRead()) {
                BTree tree = BTree.open(snapshot, null, 4096, root);
                assertThat(keys(tree)).as("the rolled-back deletes left no trace").hasSize(3000);
                assertThat(tree.get(key(1234))).isEqualTo(value(1234, 40));
                assertThat(tree.verify().entries()).isEqualTo(3000);
            }
            assertThat(before).hasSize(3000);
        }
        try (TxStore store = TxStore.open(file, TxOptions.defaults()); ReadTx snapshot = store.beginRead()) {
            BTree tree = BTree.open(snapshot, null, 4096, root);
            assertThat(tree.verify().entries()).isEqualTo(3000);
        }
    }

    @Test
    void aSnapshotCursorKeepsItsViewWhileAWriterCommitsAndCheckpoints() throws Exception {
        Path file = dir.resolve("snap.bstack");
        try (TxStore store = TxStore.open(file, TxOptions.defaults().withCheckpointWalBytes(64 * 1024))) {
            long root;
            try (WriteTx tx = store.beginWrite(Duration.ofSeconds(5))) {
                root = BTree.create(tx, ALLOCATORS.create(tx), 512).root();
                BTree tree = BTree.open(tx, ALLOCATORS.open(tx), 512, root);
                for (long i = 0; i < 2000; i++) {
                    tree.put(key(i), value(i, 24));
                }
                tx.commit();
            }
            try (ReadTx snapshot = store.beginRead()) {
                Cursor c = BTree.open(snapshot, null, 512, root).cursor();
                assertThat(c.first()).isTrue();
                java.util.concurrent.CountDownLatch rounds = new java.util.concurrent.CountDownLatch(5);
                Thread writer = Thread.ofPlatform().start(() -> {
                    try {
                        for (int round = 0; round < 20; round++) {
                            try (WriteTx tx = store.beginWrite(Duration.ofSeconds(5))) {
                                BTree tree = BTree.open(tx, ALLOCATORS.open(tx), 512, root);
                                for (long i = round; i < 2000; i += 20) {
                                    tree.remove(key(i)); // merges and frees pages the reader is walking
                                }
                                tx.commit();
                            }
                            store.checkpoint();
                            rounds.countDown();
                        }
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                });
                long seen = 0;
                do {
                    assertThat(c.key()).isEqualTo(key(seen));
                    assertThat(c.value()).isEqualTo(value(seen, 24));
                    seen++;
                    if (seen == 1000) {
                        assertThat(rounds.await(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue(); // mid-walk
                    }
                } while (c.next());
                writer.join();
                assertThat(seen).as("the snapshot saw every row it started with").isEqualTo(2000);
            }
            try (ReadTx now = store.beginRead()) {
                assertThat(BTree.open(now, null, 512, root).verify().entries()).isZero();
            }
        }
    }

    @Test
    void twoTreeObjectsOverOneTransactionSeeEachOthersChanges() throws IOException {
        try (TxStore store = TxStore.open(dir.resolve("two.bstack"), TxOptions.defaults());
                WriteTx tx = store.beginWrite(Duration.ofSeconds(5))) {
            BStackAllocator alloc = ALLOCATORS.create(tx);
            BTree a = BTree.create(tx, alloc, 512);
            for (long i = 0; i < 500; i++) {
                a.put(key(i), value(i, 20));
            }
            BTree b = BTree.open(tx, alloc, 512, a.root());
            Cursor reader = a.cursor();
            assertThat(reader.seek(key(100))).isTrue();
            assertThat(a.get(key(200))).isEqualTo(value(200, 20)); // a's node cache is warm
            long before = tx.writeCount();
            b.put(key(200), value(9, 5));
            b.remove(key(101));
            assertThat(tx.writeCount()).isNotEqualTo(before);
            assertThat(a.get(key(200))).as("a's cached nodes were dropped").isEqualTo(value(9, 5));
            assertThat(reader.next()).isTrue();
            assertThat(reader.key()).as("a's cursor noticed the removal made through b").isEqualTo(key(102));
            io.bstack.tx.Savepoint sp = tx.savepoint();
            b.remove(key(300));
            assertThat(a.contains(key(300))).isFalse();
            tx.rollbackTo(sp);
            assertThat(a.contains(key(300))).as("a rollback to a savepoint is a change too").isTrue();
        }
        try (io.bstack.stack.BStack stack = stack()) {
            long n = stack.writeCount();
            stack.push(new byte[] {1});
            assertThat(stack.writeCount()).isGreaterThan(n);
        }
    }

    @Test
    void aTinyNodeCacheEvictsAndStillReadsRight() throws IOException {
        try (BStack stack = stack()) {
            BTree tree = BTree.create(stack, ALLOCATORS.create(stack), 512).nodeCache(2);
            for (long i = 0; i < 500; i++) {
                tree.put(key(i), value(i, 30));
            }
            for (long i = 499; i >= 0; i -= 7) {
                assertThat(tree.get(key(i))).isEqualTo(value(i, 30));
            }
            assertThat(keys(tree)).hasSize(500);
            assertThatThrownBy(() -> tree.nodeCache(0)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void keyOrderInsertsFillPagesAndRandomOnesStayBalanced() throws IOException {
        try (BStack stack = stack()) {
            BStackAllocator alloc = ALLOCATORS.create(stack);
            BTree ordered = BTree.create(stack, alloc, 512);
            for (long i = 0; i < 3000; i++) {
                ordered.put(key(i), value(i, 20));
            }
            TreeStats stats = ordered.verify();
            assertThat(stats.fill()).as("appends split along the right edge, leaving full pages").isGreaterThan(0.85);
            BTree shuffled = BTree.create(stack, alloc, 512);
            Random random = new Random(3);
            for (long i : random.longs(3000, 0, 1 << 20).toArray()) {
                shuffled.put(key(i), value(i, 20));
            }
            assertThat(shuffled.verify().fill()).isBetween(0.5, 0.85);
            assertThat(keys(ordered)).hasSize(3000);
        }
    }

    private static List<byte[]> keys(BTree tree) throws IOException {
        List<byte[]> keys = new ArrayList<>();
        Cursor c = tree.cursor();
        for (boolean ok = c.first(); ok; ok = c.next()) {
            keys.add(c.key());
        }
        return keys;
    }

    /**
     * A large tree in random key order inside transactions of 10 000 rows; {@code -Dbstack.btree.rows}
     * sets the size (CI default 100 000; the long mode is 10 000 000). Height and fill are printed.
     */
    @Test
    void aLargeTreeInRandomOrderStaysSound() throws IOException {
        long rows = Long.getLong("bstack.btree.rows", 100_000);
        Path file = dir.resolve("large.bstack");
        long root;
        Random random = new Random(42);
        long[] order = random.longs(rows).toArray();
        try (TxStore store = TxStore.open(file, TxOptions.defaults().withDurability(io.bstack.tx.Durability.OFF))) {
            try (WriteTx tx = store.beginWrite(Duration.ofSeconds(5))) {
                root = BTree.create(tx, ALLOCATORS.create(tx), 4096).root();
                tx.commit();
            }
            for (long from = 0; from < rows; from += 10_000) {
                try (WriteTx tx = store.beginWrite(Duration.ofSeconds(5))) {
                    BTree tree = BTree.open(tx, ALLOCATORS.open(tx), 4096, root);
                    for (long i = from; i < Math.min(rows, from + 10_000); i++) {
                        tree.put(key(order[(int) i]), value(i, 16));
                    }
                    tx.commit();
                }
            }
            try (ReadTx snapshot = store.beginRead()) {
                BTree tree = BTree.open(snapshot, null, 4096, root);
                TreeStats stats = tree.verify();
                System.out.printf("BTree large: %d rows, height %d, %d pages (%d leaves), fill %.2f%n", stats.entries(),
                        stats.height(), stats.pages(), stats.leaves(), stats.fill());
                assertThat(stats.entries()).isEqualTo(rows);
                assertThat(stats.fill()).isGreaterThan(0.5);
                for (int probe = 0; probe < 1000; probe++) {
                    int i = random.nextInt((int) rows);
                    assertThat(tree.get(key(order[i]))).isEqualTo(value(i, 16));
                }
            }
        }
    }
}
