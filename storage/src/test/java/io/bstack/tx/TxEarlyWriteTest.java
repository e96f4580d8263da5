package io.bstack.tx;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A running transaction writes its fresh pages to the main file once its overlay passes the
 * early-write threshold: it reads them back, commits them durably (reopen, checkpoint), and a
 * rollback, a rollback to a savepoint before them, or a shrink leaves no trace; older snapshots and
 * checkpoints meanwhile are unaffected.
 */
class TxEarlyWriteTest {
    private static final Duration T = Duration.ofSeconds(2);
    private static final int PS = 4096;
    /** 16 pages: early writes start once the overlay holds more. */
    private static final long EARLY = 16L * PS;
    @TempDir
    Path dir;
    private Path db;

    @BeforeEach
    void setUp() {
        db = dir.resolve("e.bstack");
    }

    private static TxOptions options() {
        return TxTesting.fast().withEarlyWriteBytes(EARLY);
    }

    /** Appends {@code blob} in 1000-byte pushes, as a streamed value arrives. */
    private static void pushInPieces(WriteTx tx, byte[] blob) throws IOException {
        for (int at = 0; at < blob.length; at += 1000) {
            tx.push(Arrays.copyOfRange(blob, at, Math.min(blob.length, at + 1000)));
        }
    }

    private static long mainLen(TxStore store) {
        return store.files().main().len();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @Test
    void aLargeTransactionWritesEarlyReadsBackAndCommitsDurably() throws IOException {
        byte[] head = TxDirectWriteTest.pattern(10_000, 1);
        byte[] blob = TxDirectWriteTest.pattern(400 * 1024 + 77, 2);
        TxStore store = TxStore.open(db, options());
        try (WriteTx tx = store.beginWrite(T)) {
            tx.push(head);
            tx.commit();
        }
        long mainBefore = mainLen(store);
        try (WriteTx tx = store.beginWrite(T)) {
            pushInPieces(tx, blob);
            assertThat(store.stats().earlyPages()).as("pages written early").isGreaterThan(50);
            assertThat(mainLen(store)).as("the main file grew while the transaction runs").isGreaterThan(mainBefore + 50L * PS);
            assertThat(tx.get(0, tx.len())).as("the transaction reads its early pages back").isEqualTo(concat(head, blob));
            tx.set(head.length + 5000, new byte[] {9, 9, 9}); // a change to an early page, after it was written
            blob[5000] = 9;
            blob[5001] = 9;
            blob[5002] = 9;
            tx.commit();
        }
        byte[] want = concat(head, blob);
        assertThat(TxDirectWriteTest.content(store)).isEqualTo(want);
        long walBytes = store.stats().walBytes();
        assertThat(walBytes).as("the early pages are only tagged in the WAL").isLessThan(40L * PS);

        store.abandon(); // crash-like: no checkpoint, the reopen replays the in-main tags
        store = TxStore.open(db, options());
        assertThat(TxDirectWriteTest.content(store)).as("after reopen").isEqualTo(want);
        store.checkpoint();
        assertThat(TxDirectWriteTest.content(store)).as("after checkpoint").isEqualTo(want);
        store.close();
        try (TxStore again = TxStore.open(db, options())) {
            assertThat(TxDirectWriteTest.content(again)).as("after checkpoint and reopen").isEqualTo(want);
        }
    }

    @Test
    void rollbackCutsTheMainFileBack() throws IOException {
        byte[] head = TxDirectWriteTest.pattern(10_000, 3);
        try (TxStore store = TxStore.open(db, options())) {
            try (WriteTx tx = store.beginWrite(T)) {
                tx.push(head);
                tx.commit();
            }
            long mainBefore = mainLen(store);
            try (WriteTx tx = store.beginWrite(T)) {
                pushInPieces(tx, TxDirectWriteTest.pattern(300 * 1024, 4));
                assertThat(mainLen(store)).isGreaterThan(mainBefore);
                tx.rollback();
            }
            assertThat(mainLen(store)).as("cut back after rollback").isEqualTo(mainBefore);
            try (WriteTx tx = store.beginWrite(T)) {
                pushInPieces(tx, TxDirectWriteTest.pattern(300 * 1024, 5));
            } // close without commit rolls back too
            assertThat(mainLen(store)).as("cut back after close").isEqualTo(mainBefore);
            assertThat(TxDirectWriteTest.content(store)).isEqualTo(head);
            try (WriteTx tx = store.beginWrite(T)) {
                tx.extend(5);
                tx.commit();
            }
            assertThat(TxDirectWriteTest.content(store)).as("the cut bytes read zero when the length grows")
                    .isEqualTo(Arrays.copyOf(head, head.length + 5));
        }
        try (TxStore again = TxStore.open(db, options())) {
            assertThat(TxDirectWriteTest.content(again)).isEqualTo(Arrays.copyOf(head, 10_005));
        }
    }

    @Test
    void rollbackToASavepointDropsOnlyTheEarlyPagesWrittenAfterIt() throws IOException {
        byte[] a = TxDirectWriteTest.pattern(200 * 1024, 6);
        byte[] b = TxDirectWriteTest.pattern(200 * 1024, 7);
        try (TxStore store = TxStore.open(db, options())) {
            long mainBefore = mainLen(store);
            try (WriteTx tx = store.beginWrite(T)) {
                Savepoint first = tx.savepoint();
                pushInPieces(tx, a);
                long early = store.stats().earlyPages();
                assertThat(early).isPositive();
                Savepoint second = tx.savepoint();
                long mainAfterA = mainLen(store);
                pushInPieces(tx, b);
                assertThat(store.stats().earlyPages()).isGreaterThan(early);
                assertThat(mainLen(store)).isGreaterThan(mainAfterA);
                tx.rollbackTo(second);
                assertThat(mainLen(store)).as("cut back to the pages written before the savepoint").isEqualTo(mainAfterA);
                assertThat(tx.get(0, tx.len())).isEqualTo(a);
                pushInPieces(tx, b); // written early again over the cut range
                assertThat(tx.get(0, tx.len())).isEqualTo(concat(a, b));
                tx.release(second);
                tx.commit();
                assertThat(first).isNotNull();
            }
            assertThat(TxDirectWriteTest.content(store)).isEqualTo(concat(a, b));
            long committedMain = mainLen(store);
            try (WriteTx tx = store.beginWrite(T)) {
                Savepoint sp = tx.savepoint();
                pushInPieces(tx, b);
                assertThat(mainLen(store)).isGreaterThan(committedMain);
                tx.rollbackTo(sp);
                assertThat(mainLen(store)).as("a savepoint before every early write").isEqualTo(committedMain);
                tx.set(0, new byte[] {1});
                tx.commit();
            }
            byte[] want = concat(a, b);
            want[0] = 1;
            assertThat(TxDirectWriteTest.content(store)).isEqualTo(want);
            assertThat(mainBefore).isLessThan(committedMain);
        }
    }

    @Test
    void aShrinkBelowEarlyPagesMakesThemReadZeroWhenTheLengthGrowsAgain() throws IOException {
        byte[] blob = TxDirectWriteTest.pattern(300 * 1024, 8);
        try (TxStore store = TxStore.open(db, options())) {
            try (WriteTx tx = store.beginWrite(T)) {
                pushInPieces(tx, blob);
                assertThat(store.stats().earlyPages()).isPositive();
                tx.discard(blob.length - 100_001); // keeps 100_001 bytes: a cut inside an early page
                tx.extend(50_000);
                tx.commit();
            }
            byte[] want = Arrays.copyOf(Arrays.copyOf(blob, 100_001), 150_001);
            assertThat(TxDirectWriteTest.content(store)).isEqualTo(want);
            store.checkpoint();
            assertThat(TxDirectWriteTest.content(store)).isEqualTo(want);
            try (WriteTx tx = store.beginWrite(T)) {
                tx.extend(300 * 1024); // beyond what the early pages once covered: must read zeros
                tx.commit();
            }
            assertThat(TxDirectWriteTest.content(store)).isEqualTo(Arrays.copyOf(want, want.length + 300 * 1024));
        }
        try (TxStore again = TxStore.open(db, options())) {
            assertThat(again.beginRead().get(0, 150_001)).isEqualTo(Arrays.copyOf(Arrays.copyOf(blob, 100_001), 150_001));
        }
    }

    @Test
    void anOlderSnapshotAndACheckpointDuringTheTransactionAreUnaffected() throws IOException {
        byte[] head = TxDirectWriteTest.pattern(20_000, 9);
        byte[] blob = TxDirectWriteTest.pattern(300 * 1024, 10);
        try (TxStore store = TxStore.open(db, options())) {
            try (WriteTx tx = store.beginWrite(T)) {
                tx.push(head);
                tx.commit();
            }
            try (ReadTx reader = store.beginRead(); WriteTx tx = store.beginWrite(T)) {
                pushInPieces(tx, Arrays.copyOf(blob, blob.length / 2));
                assertThat(store.stats().earlyPages()).isPositive();
                assertThat(reader.len()).isEqualTo(head.length);
                assertThat(reader.get(0, reader.len())).isEqualTo(head);
                store.checkpoint(); // keeps the reserved early pages
                pushInPieces(tx, Arrays.copyOfRange(blob, blob.length / 2, blob.length));
                assertThat(reader.get(0, reader.len())).as("the old snapshot").isEqualTo(head);
                tx.commit();
                assertThat(reader.get(0, reader.len())).as("the old snapshot after the commit").isEqualTo(head);
            }
            assertThat(TxDirectWriteTest.content(store)).isEqualTo(concat(head, blob));
            store.checkpoint();
            assertThat(TxDirectWriteTest.content(store)).isEqualTo(concat(head, blob));
        }
        try (TxStore again = TxStore.open(db, options())) {
            assertThat(TxDirectWriteTest.content(again)).isEqualTo(concat(head, blob));
        }
    }

    @Test
    void aWaitingWriterStartsAfterTheCommitAndSeesIt() throws Exception {
        byte[] blob = TxDirectWriteTest.pattern(300 * 1024, 11);
        try (TxStore store = TxStore.open(db, options())) {
            WriteTx tx = store.beginWrite(T);
            pushInPieces(tx, blob);
            var second = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                try (WriteTx w = store.beginWrite(Duration.ofSeconds(10))) {
                    byte[] seen = w.get(0, w.len());
                    w.push(new byte[] {42});
                    w.commit();
                    return seen;
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            Thread.sleep(50);
            assertThat(second).isNotDone();
            tx.commit();
            assertThat(second.get()).isEqualTo(blob);
            assertThat(TxDirectWriteTest.content(store)).isEqualTo(concat(blob, new byte[] {42}));
        }
    }

    @Test
    void theHeapHoldsAboutTwiceTheThresholdWhateverTheTransactionWrites() throws IOException {
        byte[] piece = TxDirectWriteTest.pattern(64 * 1024, 13);
        try (TxStore store = TxStore.open(db, options())) {
            long most = 0;
            try (WriteTx tx = store.beginWrite(T)) {
                Savepoint sp = tx.savepoint(); // as the engine runs each statement
                for (int i = 0; i < 256; i++) { // 16 MiB, 1024 times the threshold
                    tx.push(piece);
                    most = Math.max(most, tx.heldPages());
                }
                tx.release(sp);
                tx.commit();
            }
            assertThat(most).as("pages held on the heap at most").isLessThanOrEqualTo(2 * EARLY / PS + 16);
            try (ReadTx r = store.beginRead()) {
                assertThat(r.len()).isEqualTo(256L * piece.length);
                assertThat(r.get(255L * piece.length, 256L * piece.length)).isEqualTo(piece);
            }
        }
    }

    @Test
    void earlyWritesCanBeTurnedOff() throws IOException {
        try (TxStore store = TxStore.open(db, TxTesting.fast().withEarlyWriteBytes(0))) {
            try (WriteTx tx = store.beginWrite(T)) {
                pushInPieces(tx, TxDirectWriteTest.pattern(300 * 1024, 12));
                assertThat(store.stats().earlyPages()).isZero();
                tx.commit();
            }
            assertThat(TxOptions.defaults().earlyWriteBytes()).isEqualTo(TxOptions.DEFAULT_EARLY_WRITE_BYTES);
        }
    }
}
