package io.bstack.tx;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Group commit with real syncs: 8 writer threads, FULL durability, 50 commits each; one sync
 * serves several commits, and every acknowledged commit is there after a reopen.
 */
class TxGroupCommitTest {
    private static final int THREADS = 8;
    private static final int COMMITS = 50;

    @Test
    void eightWritersShareSyncs() throws Exception {
        Path dir = TxTesting.tempDir();
        Path db = dir.resolve("g.bstack");
        TxOptions opts = TxOptions.defaults().withPoolBytes(64 * 4096);
        try {
            TxStats stats;
            long start = System.nanoTime();
            try (TxStore store = TxStore.open(db, opts)) {
                AtomicReference<Throwable> failure = new AtomicReference<>();
                List<Thread> threads = new ArrayList<>();
                for (int t = 0; t < THREADS; t++) {
                    int id = t;
                    threads.add(Thread.ofPlatform().start(() -> {
                        try {
                            for (int i = 0; i < COMMITS; i++) {
                                try (WriteTx tx = store.beginWrite(Duration.ofSeconds(30))) {
                                    tx.push(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putInt(id).putInt(i).array());
                                    tx.commit();
                                }
                            }
                        } catch (Throwable e) {
                            failure.compareAndSet(null, e);
                        }
                    }));
                }
                for (Thread t : threads) {
                    t.join();
                }
                if (failure.get() != null) {
                    throw new AssertionError("a writer failed", failure.get());
                }
                stats = store.stats();
            }
            long ms = (System.nanoTime() - start) / 1_000_000;
            System.out.printf("group commit: %d commits, %d syncs, %.2f commits per sync, %d ms%n",
                    stats.commits(), stats.syncs(), stats.commitsPerSync(), ms);
            assertThat(stats.commits()).isEqualTo(THREADS * COMMITS);
            assertThat(stats.commitsPerSync()).as("commits per sync").isGreaterThan(1.0);
            try (TxStore store = TxStore.open(db, opts); ReadTx r = store.beginRead()) {
                assertThat(r.len()).isEqualTo(8L * THREADS * COMMITS);
                int[] next = new int[THREADS];
                ByteBuffer all = ByteBuffer.wrap(r.get(0, r.len())).order(ByteOrder.LITTLE_ENDIAN);
                while (all.hasRemaining()) {
                    int id = all.getInt();
                    int i = all.getInt();
                    assertThat(i).as("thread %d's commits in order", id).isEqualTo(next[id]++);
                }
                assertThat(next).containsOnly(COMMITS);
            }
        } finally {
            TxTesting.deleteTree(dir);
        }
    }
}
