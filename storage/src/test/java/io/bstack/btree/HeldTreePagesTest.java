package io.bstack.btree;

import static io.bstack.btree.BTreeTest.key;
import static io.bstack.btree.BTreeTest.value;
import static org.assertj.core.api.Assertions.assertThat;

import io.bstack.alloc.BStackAllocator;
import io.bstack.alloc.GhostTreeFactory;
import io.bstack.tx.ReadTx;
import io.bstack.tx.Savepoint;
import io.bstack.tx.TxOptions;
import io.bstack.tx.TxStore;
import io.bstack.tx.WriteTx;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Inside a write transaction a tree holds its changed pages decoded and writes each once (at
 * commit, a savepoint, a flush, or when too many are held), instead of re-encoding a page per put.
 */
class HeldTreePagesTest {
    private static final GhostTreeFactory ALLOCATORS = new GhostTreeFactory();
    private static final Duration T = Duration.ofSeconds(5);
    @TempDir
    Path dir;

    /** The node stored for {@code page} of {@code tree} now (past the lead of an aligned tree). */
    private Node stored(WriteTx tx, BTree tree, long page) throws IOException {
        return Node.decode(tx.get(page + tree.lead(), page + 512), page);
    }

    @Test
    void changedPagesReachTheStackAtFlushAndCommit() throws IOException {
        try (TxStore store = TxStore.open(dir.resolve("h.bstack"), TxOptions.defaults())) {
            long root;
            try (WriteTx tx = store.beginWrite(T)) {
                root = BTree.create(tx, ALLOCATORS.create(tx), 512).root();
                tx.commit();
            }
            try (WriteTx tx = store.beginWrite(T)) {
                BTree tree = BTree.open(tx, ALLOCATORS.open(tx), 512, root);
                tree.put(key(1), value(1, 10));
                tree.put(key(2), value(2, 10));
                assertThat(tree.heldNodes()).isEqualTo(1);
                assertThat(stored(tx, tree, root).size()).as("not written yet").isZero();
                assertThat(tree.get(key(2))).isEqualTo(value(2, 10));
                tree.flush();
                assertThat(tree.heldNodes()).isZero();
                assertThat(stored(tx, tree, root).size()).isEqualTo(2);
                tree.put(key(3), value(3, 10));
                tx.commit(); // writes the held root
            }
            try (ReadTx r = store.beginRead()) {
                BTree tree = BTree.open(r, null, 512, root);
                assertThat(tree.get(key(3))).isEqualTo(value(3, 10));
                assertThat(tree.verify().entries()).isEqualTo(3);
            }
        }
    }

    @Test
    void theNodesACommitWroteAreSharedWithLaterTransactions() throws IOException {
        try (TxStore store = TxStore.open(dir.resolve("p.bstack"), TxOptions.defaults())) {
            long root;
            int lead;
            try (WriteTx tx = store.beginWrite(T)) {
                BTree tree = BTree.create(tx, ALLOCATORS.create(tx), 512);
                root = tree.root();
                lead = tree.lead();
                for (long i = 0; i < 200; i++) {
                    tree.put(key(i), value(i, 20));
                }
                tx.commit();
            }
            try (ReadTx r = store.beginRead()) {
                assertThat(r.decoded(root + lead, 512 - lead)).as("the root the commit wrote, decoded")
                        .isInstanceOf(Node.class);
                Node shared = (Node) r.decoded(root + lead, 512 - lead);
                assertThat(shared.leaf).isFalse();
                BTree tree = BTree.open(r, null, 512, root);
                assertThat(tree.get(key(150))).isEqualTo(value(150, 20));
                assertThat(tree.verify().entries()).isEqualTo(200);
            }
        }
    }

    @Test
    void aSavepointKeepsEarlierRowsAndRollingBackToItDropsLaterOnes() throws IOException {
        try (TxStore store = TxStore.open(dir.resolve("s.bstack"), TxOptions.defaults());
                WriteTx tx = store.beginWrite(T)) {
            BStackAllocator alloc = ALLOCATORS.create(tx);
            BTree tree = BTree.create(tx, alloc, 512);
            for (long i = 0; i < 300; i++) {
                tree.put(key(i), value(i, 20));
            }
            Savepoint sp = tx.savepoint();
            for (long i = 300; i < 600; i++) {
                tree.put(key(i), value(i, 20));
            }
            tree.remove(key(5));
            tx.rollbackTo(sp);
            BTree again = BTree.open(tx, ALLOCATORS.open(tx), 512, tree.root());
            assertThat(again.verify().entries()).isEqualTo(300);
            assertThat(again.get(key(5))).isEqualTo(value(5, 20));
            assertThat(again.get(key(300))).isNull();
        }
    }

    @Test
    void noMoreThanTheLimitIsHeld() throws IOException {
        try (TxStore store = TxStore.open(dir.resolve("l.bstack"), TxOptions.defaults());
                WriteTx tx = store.beginWrite(T)) {
            BTree tree = BTree.create(tx, ALLOCATORS.create(tx), 512);
            tree.holdAtMost(4);
            java.util.SplittableRandom r = new java.util.SplittableRandom(7);
            int most = 0;
            for (int i = 0; i < 3000; i++) {
                long k = r.nextLong(100_000);
                tree.put(key(k), value(k, 30));
                most = Math.max(most, tree.heldNodes());
            }
            assertThat(most).isBetween(1, 4);
            assertThat(tree.verify().height()).isGreaterThan(2);
        }
    }
}
