package io.bstack.tx;

import static org.assertj.core.api.Assertions.assertThat;

import io.bstack.stack.BStack;
import io.bstack.stack.StackOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Checkpoints: the main file holds the data, the WAL goes back to its header unless a reader holds it. */
class TxCheckpointTest {
    private static final Duration T = Duration.ofSeconds(2);
    @TempDir
    Path dir;
    private Path db;

    @BeforeEach
    void setUp() {
        db = dir.resolve("c.bstack");
    }

    private static byte[] pattern(int n, int salt) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 31 + salt);
        }
        return b;
    }

    @Test
    void aCheckpointMovesDataToMainAndTruncatesTheWal() throws IOException {
        byte[] data = pattern(3 * 4096 + 77, 5);
        TxStore store = TxStore.open(db, TxTesting.fast());
        long seq;
        try (WriteTx tx = store.beginWrite(T)) {
            tx.push(data);
            seq = tx.commit();
        }
        try (WriteTx tx = store.beginWrite(T)) {
            tx.set(5000, pattern(100, 9));
            seq = tx.commit();
        }
        System.arraycopy(pattern(100, 9), 0, data, 5000, 100);
        assertThat(store.stats().walBytes()).isGreaterThan(44);
        store.checkpoint();
        TxStats s = store.stats();
        assertThat(s.walBytes()).isEqualTo(44);
        assertThat(s.checkpoints()).isEqualTo(1);
        assertThat(s.checkpointSeq()).isEqualTo(seq);
        try (ReadTx r = store.beginRead()) {
            assertThat(r.get(0, r.len())).isEqualTo(data);
        }
        store.abandon(); // no close-time checkpoint: the data must come from the main file
        try (BStack main = BStack.open(db, StackOptions.testing().withoutSync())) {
            assertThat(main.len()).isEqualTo(4096 + 4 * 4096);
            assertThat(main.get(4096, 4096 + data.length)).isEqualTo(data);
        }
        try (TxStore again = TxStore.open(db, TxTesting.fast()); ReadTx r = again.beginRead()) {
            assertThat(again.lastCommittedSeq()).isEqualTo(seq);
            assertThat(r.get(0, r.len())).isEqualTo(data);
        }
    }

    @Test
    void aShrinkIsCheckpointedAndLaterGrowthReadsZeros() throws IOException {
        try (TxStore store = TxStore.open(db, TxTesting.fast())) {
            try (WriteTx tx = store.beginWrite(T)) {
                tx.push(pattern(40_000, 1));
                tx.commit();
            }
            store.checkpoint();
            try (WriteTx tx = store.beginWrite(T)) {
                tx.discard(39_000);
                tx.commit();
            }
            store.checkpoint();
            try (WriteTx tx = store.beginWrite(T)) {
                tx.extend(39_000);
                assertThat(tx.get(1000, 40_000)).containsOnly(0);
                tx.commit();
            }
            try (ReadTx r = store.beginRead()) {
                assertThat(r.get(0, 1000)).isEqualTo(pattern(1000, 1));
                assertThat(r.get(1000, 40_000)).containsOnly(0);
            }
        }
    }

    @Test
    void theWalIsCheckpointedAutomaticallyBySize() throws IOException {
        try (TxStore store = TxStore.open(db, TxTesting.fast().withCheckpointWalBytes(32 * 1024))) {
            byte[] page = new byte[4096];
            for (int i = 0; i < 40; i++) {
                Arrays.fill(page, (byte) i);
                try (WriteTx tx = store.beginWrite(T)) {
                    tx.push(page);
                    tx.commit();
                }
            }
            TxStats s = store.stats();
            assertThat(s.walTruncations()).isPositive();
            assertThat(s.walBytes()).isLessThanOrEqualTo(32 * 1024 + 2 * 4096 + 100);
            try (ReadTx r = store.beginRead()) {
                for (int i = 0; i < 40; i++) {
                    assertThat(r.get(i * 4096L, (i + 1) * 4096L)).containsOnly(i);
                }
            }
        }
    }

    @Test
    void aLongLivedReaderBlocksTruncationAndShowsInTheStats() throws Exception {
        try (TxStore store = TxStore.open(db, TxTesting.fast().withCheckpointWalBytes(8 * 1024))) {
            try (WriteTx tx = store.beginWrite(T)) {
                tx.push(pattern(4096, 0));
                tx.commit();
            }
            ReadTx old = store.beginRead();
            Thread.sleep(30);
            for (int i = 0; i < 10; i++) {
                try (WriteTx tx = store.beginWrite(T)) {
                    tx.set(0, pattern(4096, i + 1));
                    tx.commit();
                }
            }
            TxStats s = store.stats();
            assertThat(s.liveSnapshots()).isEqualTo(1);
            assertThat(s.oldestSnapshotAgeMillis()).isGreaterThanOrEqualTo(30);
            assertThat(s.walBytes()).as("WAL held by the reader").isGreaterThan(10 * 4096);
            assertThat(old.get(0, 4096)).isEqualTo(pattern(4096, 0));
            old.close();
            store.checkpoint();
            assertThat(store.stats().walBytes()).isEqualTo(44);
            assertThat(store.stats().oldestSnapshotAgeMillis()).isZero();
            try (ReadTx r = store.beginRead()) {
                assertThat(r.get(0, 4096)).isEqualTo(pattern(4096, 10));
            }
        }
    }

    @Test
    void anOldSnapshotHoldingMoreThanFourCheckpointsOfWalIsLoggedOnce() throws IOException {
        List<String> warnings = new CopyOnWriteArrayList<>();
        Handler h = new Handler() {
            @Override
            public void publish(LogRecord r) {
                if (r.getLevel().intValue() >= Level.WARNING.intValue() && r.getMessage().contains("4x")) {
                    warnings.add(r.getMessage());
                }
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        Logger jul = Logger.getLogger("io.bstack.tx");
        jul.addHandler(h);
        try (TxStore store = TxStore.open(db, TxTesting.fast().withCheckpointWalBytes(4096))) {
            try (WriteTx tx = store.beginWrite(T)) {
                tx.push(new byte[4096]);
                tx.commit();
            }
            try (ReadTx old = store.beginRead()) {
                for (int i = 0; i < 12; i++) {
                    try (WriteTx tx = store.beginWrite(T)) {
                        tx.set(0, pattern(4096, i));
                        tx.commit();
                    }
                }
                assertThat(store.stats().walBytes()).isGreaterThan(4 * 4096);
                assertThat(old.get(0, 4096)).containsOnly(0);
            }
            assertThat(warnings).hasSize(1);
            assertThat(warnings.get(0)).contains("read transaction open for");
        } finally {
            jul.removeHandler(h);
        }
    }
}
