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
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Readers under a writer whose commits append large regions (written straight to the main file),
 * drop regions again (shrinks) and extend over dropped space without writing it, while
 * checkpoints run: every snapshot sees a directory on page 0 that matches its length, and every
 * region listed holds its fill byte (zero for the extended-over space), never bytes of a region
 * that a shrink removed or a commit that was not in the snapshot.
 */
class TxDirectConcurrencyTest {
    private static final Duration T = Duration.ofSeconds(5);
    private static final int PS = 4096;
    private static final int MAX_REGIONS = 24;
    @TempDir
    Path dir;

    /** Directory: u32 count, then per region u64 start page, u32 pages, u8 fill. */
    private static void writeDirectory(WriteTx tx, List<long[]> regions) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(4 + 13 * MAX_REGIONS).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(regions.size());
        for (long[] r : regions) {
            b.putLong(r[0]).putInt((int) r[1]).put((byte) r[2]);
        }
        tx.set(0, b.array());
    }

    private static void check(ReadTx r, Random random) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(r.get(0, 4 + 13 * MAX_REGIONS)).order(ByteOrder.LITTLE_ENDIAN);
        int n = b.getInt();
        long end = PS;
        for (int i = 0; i < n; i++) {
            long start = b.getLong();
            int pages = b.getInt();
            byte fill = b.get();
            assertThat(start * PS).as("region %d starts where the previous ended (snapshot %d)", i, r.snapshotSeq())
                    .isEqualTo(end);
            for (int p = 0; p < pages; p++) {
                long at = (start + p) * PS + random.nextInt(PS - 64);
                byte[] got = r.get(at, at + 64);
                for (byte x : got) {
                    if (x != fill) {
                        throw new AssertionError("snapshot " + r.snapshotSeq() + ": region " + i + " page " + p
                                + " holds " + x + ", expected " + fill);
                    }
                }
            }
            end = (start + pages) * PS;
        }
        assertThat(r.len()).as("length of snapshot %d", r.snapshotSeq()).isEqualTo(end);
    }

    @ParameterizedTest
    @EnumSource(Durability.class)
    void readersSeeWholeRegionsWhileLargeCommitsGoToTheMainFile(Durability durability) throws Exception {
        TxOptions opts = TxTesting.fast().withDurability(durability).withCheckpointWalBytes(64 * 1024)
                .withNormalInterval(Duration.ofMillis(2)).withPoolBytes(32L * PS);
        List<long[]> regions = new ArrayList<>();
        try (TxStore store = TxStore.open(dir.resolve("c.bstack"), opts)) {
            try (WriteTx tx = store.beginWrite(T)) {
                tx.extend(PS);
                writeDirectory(tx, regions);
                tx.commit();
            }
            store.flush();
            AtomicBoolean done = new AtomicBoolean();
            AtomicReference<Throwable> failure = new AtomicReference<>();
            AtomicLong reads = new AtomicLong();
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < 2; t++) {
                int id = t;
                threads.add(Thread.ofPlatform().start(() -> {
                    Random random = new Random(id);
                    try {
                        while (!done.get() && failure.get() == null) {
                            try (ReadTx r = store.beginRead()) {
                                check(r, random);
                                reads.incrementAndGet();
                            }
                        }
                    } catch (Throwable e) {
                        failure.compareAndSet(null, e);
                    }
                }));
            }
            Random random = new Random(durability.ordinal());
            try {
                for (int c = 0; c < 80 && failure.get() == null; c++) {
                    try (WriteTx tx = store.beginWrite(T)) {
                        int dice = random.nextInt(10);
                        long endPage = tx.len() / PS;
                        if (regions.size() < MAX_REGIONS && (regions.isEmpty() || dice < 5)) {
                            int pages = 16 + random.nextInt(24);
                            byte fill = (byte) (1 + random.nextInt(250));
                            byte[] data = new byte[pages * PS];
                            java.util.Arrays.fill(data, fill);
                            tx.push(data);
                            regions.add(new long[] {endPage, pages, fill});
                        } else if (dice < 8 || regions.size() >= MAX_REGIONS) {
                            long[] last = regions.remove(regions.size() - 1);
                            tx.discard(last[1] * PS);
                        } else {
                            int pages = 1 + random.nextInt(20);
                            tx.extend((long) pages * PS); // zeros over whatever was there before
                            regions.add(new long[] {endPage, pages, 0});
                        }
                        writeDirectory(tx, regions);
                        if (random.nextInt(12) == 0) {
                            tx.rollback();
                            regions = rebuild(store);
                            continue;
                        }
                        tx.commit();
                    }
                    if (c % 20 == 19) {
                        store.checkpoint();
                    }
                }
            } finally {
                done.set(true);
                for (Thread t : threads) {
                    t.join();
                }
            }
            if (failure.get() != null) {
                throw new AssertionError("a reader failed", failure.get());
            }
            assertThat(reads.get()).isPositive();
            assertThat(store.stats().directPages()).isPositive();
            store.flush();
            try (ReadTx r = store.beginRead()) {
                check(r, new Random(7));
            }
        }
        try (TxStore store = TxStore.open(dir.resolve("c.bstack"), opts); ReadTx r = store.beginRead()) {
            check(r, new Random(8));
            assertThat(rebuild(store)).as("directory after reopen").hasSize(regions.size());
        }
    }

    /** The committed directory as seen by a new writer (after a rollback). */
    private static List<long[]> rebuild(TxStore store) throws IOException {
        try (WriteTx tx = store.beginWrite(T)) {
            ByteBuffer b = ByteBuffer.wrap(tx.get(0, 4 + 13 * MAX_REGIONS)).order(ByteOrder.LITTLE_ENDIAN);
            int n = b.getInt();
            List<long[]> out = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                out.add(new long[] {b.getLong(), b.getInt(), b.get()});
            }
            tx.rollback();
            return out;
        }
    }
}
