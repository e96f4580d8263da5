package io.bstack.tx;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

/**
 * Snapshot isolation: one writer moves amounts between slots spread over several pages (the sum
 * stays constant) and bumps a commit counter; four readers check, in every snapshot, the constant
 * sum and a counter that never goes back, while automatic and explicit checkpoints run.
 */
class TxSnapshotIsolationProperties {
    private static final int SLOTS = 24;
    private static final long START = 1000;
    private static final Duration T = Duration.ofSeconds(5);

    private static long slotAt(int i) {
        return 8 + i * 1499L; // slots straddle page boundaries now and then
    }

    private static long u64(byte[] b) {
        return ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).getLong();
    }

    private static byte[] le(long v) {
        return ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(v).array();
    }

    @Property(tries = 2)
    void readersSeeOneConsistentStateUnderAWriter(@ForAll @LongRange(min = 1, max = 1_000_000) long seed) throws Exception {
        for (Durability d : Durability.values()) {
            run(seed, d);
        }
    }

    private void run(long seed, Durability durability) throws Exception {
        Path dir = TxTesting.tempDir();
        TxOptions opts = TxTesting.fast().withCheckpointWalBytes(64 * 1024).withDurability(durability)
                .withNormalInterval(Duration.ofMillis(2));
        try (TxStore store = TxStore.open(dir.resolve("s.bstack"), opts)) {
            try (WriteTx tx = store.beginWrite(T)) {
                tx.extend(slotAt(SLOTS) + 8);
                for (int i = 0; i < SLOTS; i++) {
                    tx.set(slotAt(i), le(START));
                }
                tx.commit();
            }
            store.flush();
            AtomicBoolean done = new AtomicBoolean();
            AtomicReference<Throwable> failure = new AtomicReference<>();
            AtomicLong reads = new AtomicLong();
            List<Thread> readers = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                readers.add(Thread.ofPlatform().start(() -> {
                    long lastCounter = -1;
                    try {
                        while (!done.get() && failure.get() == null) {
                            try (ReadTx r = store.beginRead()) {
                                long counter = u64(r.get(0, 8));
                                assertThat(counter).as("commit counter goes forward").isGreaterThanOrEqualTo(lastCounter);
                                lastCounter = counter;
                                long sum = 0;
                                for (int i = 0; i < SLOTS; i++) {
                                    sum += u64(r.get(slotAt(i), slotAt(i) + 8));
                                }
                                assertThat(sum).as("sum in snapshot %d", r.snapshotSeq()).isEqualTo(SLOTS * START);
                                assertThat(u64(r.get(0, 8))).as("counter re-read in one snapshot").isEqualTo(counter);
                                reads.incrementAndGet();
                            }
                        }
                    } catch (Throwable e) {
                        failure.compareAndSet(null, e);
                    }
                }));
            }
            Random r = new Random(seed);
            try {
                for (int c = 1; c <= 300 && failure.get() == null; c++) {
                    try (WriteTx tx = store.beginWrite(T)) {
                        int a = r.nextInt(SLOTS);
                        int b = r.nextInt(SLOTS);
                        long amount = r.nextInt(50);
                        long va = u64(tx.get(slotAt(a), slotAt(a) + 8));
                        tx.set(slotAt(a), le(va - amount));
                        long vb = u64(tx.get(slotAt(b), slotAt(b) + 8));
                        tx.set(slotAt(b), le(vb + amount));
                        if (r.nextInt(10) == 0) {
                            tx.rollback();
                            continue;
                        }
                        tx.set(0, le(u64(tx.get(0, 8)) + 1));
                        tx.commit();
                    }
                    if (c % 100 == 0) {
                        // pushed first: with durability off nothing else may have pushed yet, and
                        // readers would keep opening snapshots at the first commit, below any target
                        store.flush();
                        store.checkpoint();
                    }
                }
            } finally {
                done.set(true);
                for (Thread t : readers) {
                    t.join();
                }
            }
            if (failure.get() != null) {
                throw new AssertionError("a reader failed", failure.get());
            }
            assertThat(reads.get()).as("reads under %s", durability).isPositive();
            assertThat(store.stats().checkpoints()).isPositive();
        } finally {
            TxTesting.deleteTree(dir);
        }
    }

    @Test
    void anOldReaderKeepsItsBytesAcrossCommitsAndCheckpointsAndHoldsTheWal() throws IOException {
        Path dir = TxTesting.tempDir();
        try (TxStore store = TxStore.open(dir.resolve("o.bstack"), TxTesting.fast())) {
            try (WriteTx tx = store.beginWrite(T)) {
                tx.push(new byte[10_000]);
                tx.commit();
            }
            ReadTx old = store.beginRead();
            byte[] before = old.get(0, old.len());
            try (WriteTx tx = store.beginWrite(T)) {
                tx.repeat(0, new byte[] {9}, 10_000);
                tx.push(new byte[] {1, 2, 3});
                tx.commit();
            }
            assertThat(old.get(0, old.len())).isEqualTo(before);
            store.checkpoint();
            assertThat(old.get(0, old.len())).as("after a checkpoint").isEqualTo(before);
            TxStats held = store.stats();
            assertThat(held.liveSnapshots()).isEqualTo(1);
            assertThat(held.walBytes()).as("WAL kept for the old reader").isGreaterThan(44);
            try (ReadTx fresh = store.beginRead()) {
                assertThat(fresh.len()).isEqualTo(10_003);
                assertThat(fresh.get(0, 10_000)).containsOnly(9);
            }
            old.close();
            store.checkpoint();
            TxStats after = store.stats();
            assertThat(after.walBytes()).as("WAL back to its header").isEqualTo(44);
            assertThat(after.liveSnapshots()).isZero();
            try (ReadTx fresh = store.beginRead()) {
                assertThat(fresh.get(0, 10_000)).containsOnly(9);
                assertThat(fresh.get(10_000, 10_003)).containsExactly(1, 2, 3);
            }
        } finally {
            TxTesting.deleteTree(dir);
        }
    }
}
