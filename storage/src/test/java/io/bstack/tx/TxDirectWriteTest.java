package io.bstack.tx;

import static org.assertj.core.api.Assertions.assertThat;

import io.bstack.stack.BStack;
import io.bstack.stack.StackOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fresh regions go straight to the main file: a large commit's WAL record is small, its bytes read
 * back before and after reopen (replay of in-main tags) and checkpoint; checkpoints keep such pages
 * for older snapshots and zero what a shrink left; the buffer pool stays warm across a WAL
 * truncation.
 */
class TxDirectWriteTest {
    private static final Duration T = Duration.ofSeconds(2);
    private static final int PS = 4096;
    @TempDir
    Path dir;
    private Path db;

    @BeforeEach
    void setUp() {
        db = dir.resolve("d.bstack");
    }

    static byte[] pattern(int n, int salt) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 131 + salt + (i >>> 12));
        }
        return b;
    }

    static byte[] content(TxStore store) throws IOException {
        try (ReadTx r = store.beginRead()) {
            return r.get(0, r.len());
        }
    }

    static long walBytes(TxStore store) {
        return store.stats().walBytes();
    }

    @Test
    void aLargeCommitWritesItsBytesToMainAndOnlyTagsToTheWal() throws IOException {
        byte[] blob = pattern(300 * 1024 + 123, 3);
        TxStore store = TxStore.open(db, TxTesting.fast());
        long walBefore = walBytes(store);
        try (WriteTx tx = store.beginWrite(T)) {
            tx.push(blob);
            tx.commit();
        }
        int pages = (blob.length + PS - 1) / PS;
        assertThat(walBytes(store) - walBefore).as("WAL record of a %d-page commit", pages)
                .isLessThan(pages * 8L + 100);
        assertThat(store.stats().directPages()).isEqualTo(pages);
        assertThat(store.stats().directBytes()).isEqualTo((long) pages * PS);
        assertThat(store.files().main().len()).isEqualTo(PS + (long) pages * PS);
        assertThat(content(store)).isEqualTo(blob);

        store.abandon(); // no checkpoint: the reopen must follow the in-main tags
        store = TxStore.open(db, TxTesting.fast());
        assertThat(content(store)).as("after reopen, before checkpoint").isEqualTo(blob);
        try (WriteTx tx = store.beginWrite(T)) {
            tx.set(10, pattern(50, 9)); // a small change via the WAL on top
            tx.commit();
        }
        System.arraycopy(pattern(50, 9), 0, blob, 10, 50);
        store.checkpoint();
        assertThat(walBytes(store)).as("WAL truncated to its header").isEqualTo(WalFormat.HEADER_SIZE);
        assertThat(content(store)).as("after checkpoint").isEqualTo(blob);
        store.close();
        try (TxStore again = TxStore.open(db, TxTesting.fast())) {
            assertThat(content(again)).as("after checkpoint and reopen").isEqualTo(blob);
        }
    }

    @Test
    void onlyPagesBeyondEverythingReadableGoDirectAndTheThresholdApplies() throws IOException {
        byte[] head = pattern(3 * PS + 100, 1);
        try (TxStore store = TxStore.open(db, TxTesting.fast())) {
            try (WriteTx tx = store.beginWrite(T)) {
                tx.push(head);
                tx.commit();
            }
            assertThat(store.stats().directPages()).as("3 pages are below the 16-page threshold").isZero();
            byte[] tail = pattern(40 * PS, 7);
            try (WriteTx tx = store.beginWrite(T)) {
                tx.set(0, pattern(10, 2)); // page 0 has versions: WAL
                tx.push(tail); // fills page 3 (partial, in the WAL) then 39 fresh pages and a bit
                tx.commit();
            }
            byte[] want = concat(head, tail);
            System.arraycopy(pattern(10, 2), 0, want, 0, 10);
            long fresh = (want.length + PS - 1) / PS - 4;
            assertThat(store.stats().directPages()).isEqualTo(fresh);
            assertThat(content(store)).isEqualTo(want);
        }
        try (TxStore store = TxStore.open(db, TxTesting.fast().withDirectWriteMinPages(0))) {
            long wal = walBytes(store);
            try (WriteTx tx = store.beginWrite(T)) {
                tx.push(pattern(30 * PS, 4));
                tx.commit();
            }
            assertThat(store.stats().directPages()).as("disabled").isZero();
            assertThat(walBytes(store) - wal).isGreaterThan(30L * PS);
        }
    }

    /**
     * A reader older than a direct commit holds the checkpoint below it: the checkpoint must keep
     * the direct pages; a later shrink and extend must read zeros there, before and after the WAL
     * is truncated and after reopen.
     */
    @Test
    void checkpointsKeepNewerDirectPagesAndZeroWhatAShrinkLeft() throws IOException {
        byte[] a = pattern(5 * PS, 1);
        byte[] b = pattern(40 * PS, 2);
        try (TxStore store = TxStore.open(db, TxTesting.fast())) {
            try (WriteTx tx = store.beginWrite(T)) {
                tx.push(a);
                tx.commit();
            }
            ReadTx old = store.beginRead();
            try (WriteTx tx = store.beginWrite(T)) {
                tx.push(b);
                tx.commit();
            }
            assertThat(store.stats().directPages()).isEqualTo(40);
            store.checkpoint(); // target = the old reader's snapshot: main is sized for 5 pages
            assertThat(store.files().main().len()).as("direct pages kept").isEqualTo(PS + 45L * PS);
            assertThat(old.get(0, old.len())).isEqualTo(a);
            assertThat(content(store)).isEqualTo(concat(a, b));
            old.close();
            try (WriteTx tx = store.beginWrite(T)) {
                tx.discard(42L * PS);
                tx.commit();
            }
            try (WriteTx tx = store.beginWrite(T)) {
                tx.extend(42L * PS);
                tx.commit();
            }
            byte[] want = concat(pattern(3 * PS, 1), new byte[42 * PS]);
            assertThat(content(store)).isEqualTo(want);
            store.checkpoint();
            assertThat(walBytes(store)).isEqualTo(WalFormat.HEADER_SIZE);
            assertThat(content(store)).as("after truncation").isEqualTo(want);
        }
        try (TxStore store = TxStore.open(db, TxTesting.fast())) {
            assertThat(content(store)).as("after reopen").isEqualTo(concat(pattern(3 * PS, 1), new byte[42 * PS]));
        }
    }

    /**
     * A direct commit whose WAL record is torn (it never became durable): opening cuts the main
     * file back, so its bytes never show, not even under a later extend.
     */
    @Test
    void openCutsThePagesOfATornDirectRecord() throws IOException {
        byte[] head = pattern(2 * PS, 1);
        TxStore store = TxStore.open(db, TxTesting.fast());
        try (WriteTx tx = store.beginWrite(T)) {
            tx.push(head);
            tx.commit();
        }
        long walBefore = walBytes(store);
        try (WriteTx tx = store.beginWrite(T)) {
            tx.push(pattern(30 * PS, 5));
            tx.commit();
        }
        long record = walBytes(store) - walBefore;
        store.abandon();
        try (BStack wal = BStack.open(TxStore.walPath(db), StackOptions.testing().withoutSync())) {
            wal.discard(record / 2); // tear the direct commit's record
        }
        try (BStack main = BStack.open(db, StackOptions.testing().withoutSync())) {
            assertThat(main.len()).as("the direct bytes are in the main file").isEqualTo(PS + 32L * PS);
        }
        store = TxStore.open(db, TxTesting.fast());
        assertThat(store.files().main().len()).as("cut back on open").isEqualTo(PS);
        assertThat(content(store)).isEqualTo(head);
        try (WriteTx tx = store.beginWrite(T)) {
            tx.extend(30L * PS);
            tx.commit();
        }
        assertThat(content(store)).isEqualTo(concat(head, new byte[30 * PS]));
        store.close();
    }

    /**
     * A checkpoint held below a direct commit by a reader, after a shrink: the pages between the
     * shrunk length and the direct pages held older bytes; once the superblock names the shrunk
     * state they must read zero (a crash right after the checkpoint replays only the direct
     * commit, which extended over them without writing).
     */
    @Test
    void aCheckpointBelowADirectCommitZeroesWhatAShrinkLeft() throws IOException {
        TxStore store = TxStore.open(db, TxTesting.fast());
        try (WriteTx tx = store.beginWrite(T)) {
            tx.push(pattern(10 * PS, 1)); // below the threshold: WAL, then main at the checkpoint
            tx.commit();
        }
        store.checkpoint();
        try (WriteTx tx = store.beginWrite(T)) {
            tx.discard(8L * PS);
            tx.commit();
        }
        ReadTx old = store.beginRead();
        byte[] big = pattern(22 * PS, 3);
        try (WriteTx tx = store.beginWrite(T)) {
            tx.extend(8L * PS); // zeros, never written
            tx.push(big); // pages 10..31: fresh, direct
            tx.commit();
        }
        assertThat(store.stats().directPages()).isEqualTo(22);
        store.checkpoint(); // to the reader's snapshot: 2 pages
        byte[] want = concat(pattern(2 * PS, 1), new byte[8 * PS], big);
        assertThat(content(store)).isEqualTo(want);
        old.close();
        store.abandon();
        store = TxStore.open(db, TxTesting.fast());
        assertThat(content(store)).as("after a crash right after the checkpoint").isEqualTo(want);
        store.checkpoint();
        store.close();
        try (TxStore again = TxStore.open(db, TxTesting.fast())) {
            assertThat(content(again)).as("after the full checkpoint").isEqualTo(want);
        }
    }

    /** The checkpoint no longer replaces the pool: pages it did not rewrite stay resident. */
    @Test
    void aWalTruncationKeepsTheCacheWarm() throws IOException {
        try (TxStore store = TxStore.open(db, TxTesting.fast().withDirectWriteMinPages(0))) {
            try (WriteTx tx = store.beginWrite(T)) {
                tx.push(pattern(20 * PS, 5));
                tx.commit();
            }
            store.checkpoint();
            content(store); // loads all 20 pages through the pool
            long misses = store.files().pool().stats().misses();
            try (WriteTx tx = store.beginWrite(T)) {
                tx.set(3 * PS + 1, new byte[] {42});
                tx.commit();
            }
            store.checkpoint();
            assertThat(walBytes(store)).isEqualTo(WalFormat.HEADER_SIZE);
            byte[] got = content(store);
            assertThat(got[3 * PS + 1]).isEqualTo((byte) 42);
            assertThat(store.files().pool().stats().misses() - misses).as("only the rewritten page reloads")
                    .isEqualTo(1);
        }
    }

    /** A rolled-back large transaction writes nothing; a later small extend reads zeros. */
    @Test
    void aRolledBackLargeCommitLeavesZerosForALaterExtend() throws IOException {
        try (TxStore store = TxStore.open(db, TxTesting.fast())) {
            long mainLen = store.files().main().len();
            try (WriteTx tx = store.beginWrite(T)) {
                tx.push(pattern(64 * PS, 8));
                tx.rollback();
            }
            assertThat(store.files().main().len()).isEqualTo(mainLen);
            try (WriteTx tx = store.beginWrite(T)) {
                tx.extend(64L * PS);
                tx.commit();
            }
            assertThat(content(store)).isEqualTo(new byte[64 * PS]);
        }
    }

    /** Direct writes with real syncs on both files (the production path), then a reopen. */
    @Test
    void directWritesWithRealSyncsSurviveReopen() throws IOException {
        TxOptions opts = TxOptions.defaults().withStackOptions(StackOptions.testing(), StackOptions.testing());
        byte[] blob = pattern(100 * 1024, 6);
        try (TxStore store = TxStore.open(db, opts)) {
            try (WriteTx tx = store.beginWrite(T)) {
                tx.push(blob);
                tx.commit();
            }
            assertThat(store.stats().directPages()).isEqualTo(25);
            store.abandon();
        }
        try (TxStore store = TxStore.open(db, opts)) {
            assertThat(content(store)).isEqualTo(blob);
        }
        try (BStack main = BStack.open(db, StackOptions.testing())) {
            assertThat(main.len()).isEqualTo(PS + 25L * PS);
        }
    }

    static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }
}
