package io.bstack.tx;

import static org.assertj.core.api.Assertions.assertThat;

import io.bstack.stack.StackOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A checkpoint whose syncs are made to hang (a sync observer that blocks) must not hold up readers:
 * reads of pages in the main file and of pages still in the WAL complete while it hangs, once in
 * the main file's write phase and once in the writing of the fresh WAL.
 */
class CheckpointNeverBlocksReadersTest {
    private static final Duration T = Duration.ofSeconds(5);
    @TempDir
    Path dir;

    @Test
    void readersGoOnWhileTheMainFilesSyncHangs() throws Exception {
        run(true);
    }

    @Test
    void readersGoOnWhileTheFreshWalsSyncHangs() throws Exception {
        run(false);
    }

    private void run(boolean hangMain) throws Exception {
        AtomicBoolean armed = new AtomicBoolean();
        CountDownLatch hanging = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        StackOptions hang = StackOptions.testing().withoutSync().withSyncObserver(image -> {
            if (armed.compareAndSet(true, false)) {
                hanging.countDown();
                try {
                    release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        });
        StackOptions plain = StackOptions.testing().withoutSync();
        TxOptions options = TxOptions.defaults().withPoolBytes(64 * 4096).withCheckpointWalBytes(1L << 30)
                .withStackOptions(hangMain ? hang : plain, hangMain ? plain : hang);
        try (TxStore store = TxStore.open(dir.resolve("c.bstack"), options)) {
            write(store, 0, (byte) 1); // pages 0..7, then checkpointed: read from the main file
            store.checkpoint();
            write(store, 8, (byte) 2); // pages 8..15: in the WAL until the next checkpoint
            Thread checkpoint = Thread.ofPlatform().start(() -> {
                try {
                    armed.set(true);
                    store.checkpoint();
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            assertThat(hanging.await(10, TimeUnit.SECONDS)).as("the checkpoint reached a sync").isTrue();
            long start = System.nanoTime();
            try (ReadTx r = store.beginRead()) {
                byte[] main = r.get(0, 8 * 4096);
                byte[] wal = r.get(8 * 4096, 16 * 4096);
                assertThat(main).containsOnly(1);
                assertThat(wal).containsOnly(2);
            }
            long ms = (System.nanoTime() - start) / 1_000_000;
            assertThat(checkpoint.isAlive()).as("the checkpoint still hangs").isTrue();
            assertThat(ms).as("reads finished while the checkpoint's sync hung").isLessThan(5_000);
            release.countDown();
            checkpoint.join(10_000);
            assertThat(checkpoint.isAlive()).isFalse();
            try (ReadTx r = store.beginRead()) {
                assertThat(r.get(8 * 4096, 16 * 4096)).as("after the checkpoint").containsOnly(2);
            }
        }
    }

    private static void write(TxStore store, int firstPage, byte value) throws IOException {
        try (WriteTx tx = store.beginWrite(T)) {
            if (tx.len() < (firstPage + 8) * 4096L) {
                tx.extend((firstPage + 8) * 4096L - tx.len());
            }
            byte[] b = new byte[8 * 4096];
            Arrays.fill(b, value);
            tx.set(firstPage * 4096L, b);
            tx.commit();
        }
    }
}
