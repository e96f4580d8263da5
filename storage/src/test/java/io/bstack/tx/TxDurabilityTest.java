package io.bstack.tx;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** NORMAL and OFF: commits return at once, become visible once pushed, and survive close/reopen. */
class TxDurabilityTest {
    private static final Duration T = Duration.ofSeconds(2);
    @TempDir
    Path dir;
    private Path db;

    @BeforeEach
    void setUp() {
        db = dir.resolve("d.bstack");
    }

    private static long commitByte(TxStore store, int v) throws IOException {
        try (WriteTx tx = store.beginWrite(T)) {
            tx.push(new byte[] {(byte) v});
            return tx.commit();
        }
    }

    private static int readerLen(TxStore store) throws IOException {
        try (ReadTx r = store.beginRead()) {
            return (int) r.len();
        }
    }

    @Test
    void normalReturnsAtOnceAndPushesWithinItsInterval() throws Exception {
        TxOptions opts = TxTesting.fast().withDurability(Durability.NORMAL).withNormalInterval(Duration.ofMillis(20));
        try (TxStore store = TxStore.open(db, opts)) {
            long seq = 0;
            for (int i = 0; i < 5; i++) {
                seq = commitByte(store, i);
            }
            long deadline = System.nanoTime() + 2_000_000_000L;
            while (store.lastCommittedSeq() < seq && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertThat(store.lastCommittedSeq()).as("pushed by the background thread").isEqualTo(seq);
            assertThat(readerLen(store)).isEqualTo(5);
            commitByte(store, 9);
        }
        try (TxStore store = TxStore.open(db, TxTesting.fast())) {
            assertThat(readerLen(store)).as("close pushes what is queued").isEqualTo(6);
        }
    }

    @Test
    void normalWithALongIntervalKeepsCommitsFromReadersUntilPushed() throws IOException {
        TxOptions opts = TxTesting.fast().withDurability(Durability.NORMAL).withNormalInterval(Duration.ofHours(1));
        try (TxStore store = TxStore.open(db, opts)) {
            long seq = commitByte(store, 1);
            assertThat(store.lastCommittedSeq()).isLessThan(seq);
            assertThat(store.stats().syncs()).isZero();
            assertThat(readerLen(store)).as("not pushed yet").isZero();
            try (WriteTx tx = store.beginWrite(T)) {
                assertThat(tx.len()).as("the next writer sees it").isEqualTo(1);
            }
            store.flush();
            assertThat(store.lastCommittedSeq()).isEqualTo(seq);
            assertThat(readerLen(store)).isEqualTo(1);
        }
    }

    @Test
    void offPushesForReadersAndAtClose() throws IOException {
        TxOptions opts = TxTesting.fast().withDurability(Durability.OFF);
        try (TxStore store = TxStore.open(db, opts)) {
            for (int i = 0; i < 10; i++) {
                commitByte(store, i);
            }
            assertThat(store.stats().syncs()).as("nothing pushed yet").isZero();
            assertThat(readerLen(store)).as("a reader pushes what is queued first").isEqualTo(10);
            assertThat(store.stats().syncs()).isEqualTo(1);
            assertThat(store.stats().commits()).isEqualTo(10);
            commitByte(store, 10);
        }
        try (TxStore store = TxStore.open(db, TxTesting.fast().withDurability(Durability.OFF))) {
            assertThat(readerLen(store)).isEqualTo(11);
        }
    }

    @Test
    void offPushesInTheBackgroundOnceAMebibyteIsQueued() throws Exception {
        try (TxStore store = TxStore.open(db, TxTesting.fast().withDurability(Durability.OFF))) {
            long seq;
            try (WriteTx tx = store.beginWrite(T)) {
                tx.extend(2 << 20);
                tx.commit();
            }
            store.flush();
            try (WriteTx tx = store.beginWrite(T)) {
                byte[] data = new byte[2 << 20];
                new java.util.Random(1).nextBytes(data); // zero pages or fresh ones would be mere tags in the record
                tx.set(0, data);
                seq = tx.commit();
            }
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (store.lastCommittedSeq() != seq && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertThat(store.lastCommittedSeq()).as("pushed without another call").isEqualTo(seq);
        }
    }

    @Test
    void offReadersSeeEveryReturnedCommitWhileTheBackgroundPusherRuns() throws IOException {
        try (TxStore store = TxStore.open(db, TxTesting.fast().withDurability(Durability.OFF))) {
            try (WriteTx tx = store.beginWrite(T)) {
                tx.extend(2 << 20);
                tx.commit();
            }
            byte[] chunk = new byte[(1 << 20) + 4096];
            new java.util.Random(2).nextBytes(chunk);
            for (int i = 0; i < 40; i++) {
                try (WriteTx tx = store.beginWrite(T)) {
                    chunk[0] = (byte) (i + 1);
                    tx.set(0, chunk); // over committed pages: a WAL record of more than a MiB
                    tx.commit(); // wakes the pusher: it may be mid-push when the reader begins
                }
                try (ReadTx r = store.beginRead()) {
                    assertThat(r.get(0, 1)[0]).as("reader after commit %d", i).isEqualTo((byte) (i + 1));
                }
            }
        }
    }
}
