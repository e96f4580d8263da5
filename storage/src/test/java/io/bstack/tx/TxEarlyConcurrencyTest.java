package io.bstack.tx;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Two writers (taking turns on the write lock; each commit's sync overlapping the next writer, so
 * commits group) append large and small blobs, writing the large ones early, and roll back one in
 * four; readers meanwhile check that each snapshot shows whole blobs of committed transactions
 * only, while a third thread checkpoints; in every durability mode. At the end a reopen shows the
 * same.
 */
class TxEarlyConcurrencyTest {
    private static final Duration T = Duration.ofSeconds(30);
    @TempDir
    Path dir;

    private static byte[] blob(long n) {
        byte[] b = new byte[n % 3 == 0 ? 100 + (int) (n % 5000) : 100_000 + (int) (n * 7919 % 200_000)];
        new Random(n).nextBytes(b);
        return b;
    }

    private static byte[] header(long n, long bytes) {
        return ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(n).putLong(bytes).array();
    }

    /** Checks a snapshot's bytes: the header's count of whole blobs, nothing else. */
    private static long check(byte[] all) {
        if (all.length == 0) {
            return 0;
        }
        ByteBuffer h = ByteBuffer.wrap(all, 0, 16).order(ByteOrder.LITTLE_ENDIAN);
        long n = h.getLong();
        long bytes = h.getLong();
        assertThat(all.length).as("length of %d blobs", n).isEqualTo(16 + bytes);
        int at = 16;
        for (long t = 1; t <= n; t++) {
            byte[] want = blob(t);
            assertThat(Arrays.equals(all, at, at + want.length, want, 0, want.length)).as("blob %d", t).isTrue();
            at += want.length;
        }
        return n;
    }

    @ParameterizedTest
    @EnumSource(Durability.class)
    void readersWritersAndCheckpointsStayConsistent(Durability durability) throws Exception {
        Path db = dir.resolve("c.bstack");
        TxOptions opts = TxTesting.fast().withDurability(durability).withEarlyWriteBytes(16 * 4096).withCheckpointWalBytes(256 * 1024)
                .withNormalInterval(Duration.ofMillis(2));
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong reads = new AtomicLong();
        long committed;
        try (TxStore store = TxStore.open(db, opts)) {
            ExecutorService pool = Executors.newFixedThreadPool(5);
            List<Future<?>> writers = new ArrayList<>();
            List<Future<?>> others = new ArrayList<>();
            for (int w = 0; w < 2; w++) {
                long seed = w;
                writers.add(pool.submit(() -> {
                    Random random = new Random(seed);
                    for (int i = 0; i < 25; i++) {
                        try (WriteTx tx = store.beginWrite(T)) {
                            if (tx.isEmpty()) {
                                tx.push(header(0, 0));
                            }
                            ByteBuffer h = ByteBuffer.wrap(tx.get(0, 16)).order(ByteOrder.LITTLE_ENDIAN);
                            long n = h.getLong() + 1;
                            long bytes = h.getLong();
                            byte[] b = blob(n);
                            for (int at = 0; at < b.length; at += 3000) {
                                tx.push(Arrays.copyOfRange(b, at, Math.min(b.length, at + 3000)));
                            }
                            tx.set(0, header(n, bytes + b.length));
                            if (random.nextInt(4) == 0) {
                                tx.rollback();
                            } else {
                                tx.commit();
                            }
                        }
                    }
                    return null;
                }));
            }
            for (int r = 0; r < 2; r++) {
                others.add(pool.submit(() -> {
                    while (!stop.get()) {
                        try (ReadTx rt = store.beginRead()) {
                            check(rt.get(0, rt.len()));
                            reads.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            others.add(pool.submit(() -> {
                while (!stop.get()) {
                    store.checkpoint();
                    Thread.sleep(5);
                }
                return null;
            }));
            try {
                for (Future<?> f : writers) {
                    f.get(5, TimeUnit.MINUTES);
                }
            } finally {
                stop.set(true);
                for (Future<?> f : others) {
                    f.get(1, TimeUnit.MINUTES);
                }
                pool.shutdown();
            }
            assertThat(store.stats().earlyPages()).isPositive();
            try (ReadTx rt = store.beginRead()) {
                committed = check(rt.get(0, rt.len()));
            }
        }
        assertThat(committed).isPositive();
        assertThat(reads.get()).isPositive();
        try (TxStore store = TxStore.open(db, opts); ReadTx rt = store.beginRead()) {
            assertThat(check(rt.get(0, rt.len()))).isEqualTo(committed);
        }
    }
}
