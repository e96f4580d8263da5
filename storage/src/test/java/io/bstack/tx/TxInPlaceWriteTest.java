package io.bstack.tx;

import static io.bstack.tx.TxDirectWriteTest.content;
import static io.bstack.tx.TxDirectWriteTest.pattern;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bstack.stack.BStack;
import io.bstack.stack.StackOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Pages reused after a free are written over their main-file copy (in place) when an older WAL
 * version shadows that copy for every reader and for recovery: the WAL record carries only tags;
 * a snapshot opened before reads the old bytes; a checkpoint held below the overwrite by that
 * snapshot never copies the stale version over the new bytes; a record that never became durable
 * (torn, or its push failed) leaves the old state, and the next checkpoint repairs the main file.
 */
class TxInPlaceWriteTest {
    private static final Duration T = Duration.ofSeconds(2);
    private static final int PS = 4096;
    private static final int PAGES = 40;
    @TempDir
    Path dir;
    private Path db;

    @BeforeEach
    void setUp() {
        db = dir.resolve("ip.bstack");
    }

    /**
     * Commits A over {@link #PAGES} fresh pages (straight to the main file), checkpoints (only pages
     * within the checkpointed length are overwritten in place), then frees them (zero pages).
     */
    private static void writeThenFree(TxStore store) throws IOException {
        try (WriteTx tx = store.beginWrite(T)) {
            tx.push(pattern(PAGES * PS, 1));
            tx.commit();
        }
        store.checkpoint();
        try (WriteTx tx = store.beginWrite(T)) {
            tx.zero(0, (long) PAGES * PS);
            tx.commit();
        }
    }

    private static long overwrite(TxStore store, int salt) throws IOException {
        try (WriteTx tx = store.beginWrite(T)) {
            TxTesting.setByPages(tx, 0, pattern(PAGES * PS, salt), PS);
            return tx.commit();
        }
    }

    /** The first {@link #PAGES} pages as the newest snapshot reads them. */
    private static byte[] head(TxStore store) throws IOException {
        try (ReadTx r = store.beginRead()) {
            return r.get(0, (long) PAGES * PS);
        }
    }

    private static long inPlace(TxStore store) {
        return store.log().direct.inPlacePages.get();
    }

    @Test
    void aReusedRangeIsWrittenInPlaceAndSurvivesReopenAndCheckpoint() throws IOException {
        byte[] b = pattern(PAGES * PS, 2);
        TxStore store = TxStore.open(db, TxTesting.fast());
        writeThenFree(store);
        long mainLen = store.files().main().len();
        long wal = store.stats().walBytes();
        overwrite(store, 2);
        assertThat(inPlace(store)).isEqualTo(PAGES);
        assertThat(store.stats().walBytes() - wal).as("the record holds tags only").isLessThan(PAGES * 8L + 100);
        assertThat(store.files().main().len()).as("the main file did not grow").isEqualTo(mainLen);
        assertThat(content(store)).isEqualTo(b);

        store.abandon(); // no checkpoint: replay must take the in-main tags
        store = TxStore.open(db, TxTesting.fast());
        assertThat(content(store)).as("after reopen").isEqualTo(b);
        store.checkpoint();
        assertThat(store.stats().walBytes()).isEqualTo(WalFormat.HEADER_SIZE);
        assertThat(content(store)).as("after checkpoint").isEqualTo(b);
        store.close();
        try (TxStore again = TxStore.open(db, TxTesting.fast())) {
            assertThat(content(again)).as("after checkpoint and reopen").isEqualTo(b);
        }
    }

    /**
     * A snapshot taken after the free reads zeros while the main file holds the new bytes; the
     * checkpoint it holds back copies the free's zero pages everywhere but over the overwritten
     * pages; a crash then replays the overwrite from its tags.
     */
    @Test
    void aSnapshotFromBeforeTheOverwriteKeepsReadingTheOldBytesAndHoldsNoStaleCopy() throws IOException {
        byte[] b = pattern(PAGES * PS, 3);
        TxStore store = TxStore.open(db, TxTesting.fast());
        writeThenFree(store);
        ReadTx old = store.beginRead();
        overwrite(store, 3);
        assertThat(inPlace(store)).as("the snapshot is at the free: its version shadows the main copy").isEqualTo(PAGES);
        assertThat(old.get(0, old.len())).isEqualTo(new byte[PAGES * PS]);
        store.checkpoint(); // target = the old snapshot, below the overwrite
        assertThat(store.stats().checkpointSeq()).isEqualTo(old.snapshotSeq());
        assertThat(old.get(0, old.len())).as("old snapshot after the checkpoint").isEqualTo(new byte[PAGES * PS]);
        assertThat(content(store)).as("the stale zero version was not copied over").isEqualTo(b);
        assertThat(store.files().main().get(PS, PS + (long) PAGES * PS)).isEqualTo(b);
        store.abandon(); // a crash right after that checkpoint
        store = TxStore.open(db, TxTesting.fast());
        assertThat(content(store)).as("replayed from the tags").isEqualTo(b);
        store.checkpoint();
        assertThat(content(store)).isEqualTo(b);
        store.close();
    }

    /**
     * A snapshot older than the free still needs the main-file copy, and a page whose newest version
     * is itself in the main file has no other copy: both keep the overwrite out of place (WAL).
     */
    @Test
    void anOlderSnapshotOrAnInMainVersionKeepsThePagesOutOfPlace() throws IOException {
        TxStore store = TxStore.open(db, TxTesting.fast());
        try (WriteTx tx = store.beginWrite(T)) {
            tx.push(pattern(PAGES * PS, 1));
            tx.commit();
        }
        store.checkpoint();
        ReadTx old = store.beginRead();
        try (WriteTx tx = store.beginWrite(T)) {
            tx.zero(0, (long) PAGES * PS);
            tx.commit();
        }
        overwrite(store, 6);
        assertThat(inPlace(store)).as("the old snapshot reads the main copy").isZero();
        assertThat(old.get(0, old.len())).isEqualTo(pattern(PAGES * PS, 1));
        old.close();
        overwrite(store, 7);
        assertThat(inPlace(store)).as("the newest version is in the WAL now").isEqualTo(PAGES);
        overwrite(store, 8);
        assertThat(inPlace(store)).as("the newest version is the main copy").isEqualTo(PAGES);
        assertThat(content(store)).isEqualTo(pattern(PAGES * PS, 8));
        store.abandon();
        try (TxStore again = TxStore.open(db, TxTesting.fast())) {
            assertThat(content(again)).isEqualTo(pattern(PAGES * PS, 8));
        }
    }

    /** The overwrite's WAL record is torn: the free's zero pages come back, and a checkpoint writes them. */
    @Test
    void aTornOverwriteRecordLeavesTheOldStateAndTheCheckpointRepairsTheMainFile() throws IOException {
        TxStore store = TxStore.open(db, TxTesting.fast());
        writeThenFree(store);
        long walBefore = store.stats().walBytes();
        overwrite(store, 4);
        assertThat(inPlace(store)).isEqualTo(PAGES);
        long record = store.stats().walBytes() - walBefore;
        store.abandon();
        try (BStack wal = BStack.open(TxStore.walPath(db), StackOptions.testing().withoutSync())) {
            wal.discard(record / 2);
        }
        store = TxStore.open(db, TxTesting.fast());
        assertThat(content(store)).isEqualTo(new byte[PAGES * PS]);
        store.checkpoint();
        assertThat(content(store)).isEqualTo(new byte[PAGES * PS]);
        store.close();
        try (BStack main = BStack.open(db, StackOptions.testing().withoutSync())) {
            assertThat(main.get(PS, PS + (long) PAGES * PS)).as("main file repaired").isEqualTo(new byte[PAGES * PS]);
        }
    }

    /**
     * A failure of the in-place write (k: 0 = a write, 1 = its sync) or of the WAL push after it
     * fails the commit; readers keep the old bytes; a checkpoint repairs the main file; the store
     * works on and the next overwrite goes in place again.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"main write", "main sync", "wal push"})
    void aFailedOverwriteFailsTheCommitAndLeavesTheOldBytes(String where) throws IOException {
        OneShotFault mainFault = new OneShotFault();
        OneShotFault walFault = new OneShotFault();
        TxOptions opts = TxTesting.fast().withStackOptions(StackOptions.testing().withoutSync().withFaultPolicy(mainFault),
                StackOptions.testing().withoutSync().withFaultPolicy(walFault));
        TxStore store = TxStore.open(db, opts);
        try {
            writeThenFree(store);
            switch (where) {
                case "main write" -> mainFault.arm(0);
                case "main sync" -> mainFault.arm(1);
                default -> walFault.arm(0);
            }
            WriteTx tx = store.beginWrite(T);
            TxTesting.setByPages(tx, 0, pattern(PAGES * PS, 8), PS);
            assertThatThrownBy(tx::commit).isInstanceOf(IOException.class);
            assertThat(content(store)).isEqualTo(new byte[PAGES * PS]);
            store.checkpoint();
            assertThat(content(store)).isEqualTo(new byte[PAGES * PS]);
            assertThat(store.files().main().get(PS, PS + (long) PAGES * PS)).as("main file repaired")
                    .isEqualTo(new byte[PAGES * PS]);
            writeThenFree(store);
            long before = inPlace(store);
            overwrite(store, 9);
            assertThat(inPlace(store) - before).isEqualTo(PAGES);
            assertThat(head(store)).isEqualTo(pattern(PAGES * PS, 9));
        } finally {
            store.abandon();
        }
        try (TxStore again = TxStore.open(db, TxTesting.fast())) {
            assertThat(head(again)).isEqualTo(pattern(PAGES * PS, 9));
        }
    }

    /** The stale version of a checkpoint target below an in-place commit is never copied (the index rule). */
    @Test
    void newestInSkipsPagesWithANewerInMainVersion() {
        VersionIndex index = new VersionIndex(0, 5L * PS);
        java.util.TreeMap<Long, byte[]> zero = new java.util.TreeMap<>();
        zero.put(3L, null);
        zero.put(4L, null);
        index.add(new CommitRecord(1, 5L * PS, 5L * PS, zero));
        index.markPushed(1, new long[] {WalFormat.ZERO, WalFormat.ZERO}, new int[] {WalFormat.NO_HOLE, WalFormat.NO_HOLE});
        assertThat(index.overwritable(java.util.List.of(3L, 4L), 0, 1, PS, 5L * PS)).containsExactly(3L, 4L);
        assertThat(index.overwritable(java.util.List.of(3L, 4L), 1, 1, PS, 5L * PS)).as("checkpointed").isEmpty();
        assertThat(index.overwritable(java.util.List.of(3L, 4L), 0, 0, PS, 5L * PS)).as("a reader below").isEmpty();
        assertThat(index.overwritable(java.util.List.of(3L, 4L), 0, 1, PS, 4L * PS)).as("page 4 beyond a length").containsExactly(3L);
        java.util.TreeMap<Long, byte[]> img = new java.util.TreeMap<>();
        img.put(3L, new byte[PS]);
        index.add(new CommitRecord(2, 5L * PS, 5L * PS, img).withMainPages(CommitRecord.NO_DIRECT, java.util.Set.of(3L)));
        assertThat(index.hasInPlaceAbove(1)).isTrue();
        assertThat(index.newestIn(0, 1)).containsOnlyKeys(4L);
        assertThat(index.newestIn(0, 2)).containsOnlyKeys(3L, 4L);
        assertThat(index.newestIn(0, 2).get(3L).isInMain()).isTrue();
        index.dropAbove(1);
        assertThat(index.hasInPlaceAbove(1)).as("taken back").isFalse();
        assertThat(index.newestIn(0, 1)).as("the old version is copied back").containsOnlyKeys(3L, 4L);
    }

    /** With a threshold of one page, a single rewritten page whose newest version is in the WAL goes in place. */
    @Test
    void oneRewrittenPageGoesInPlaceWithAOnePageThreshold() throws IOException {
        try (TxStore store = TxStore.open(db, TxTesting.fast().withDirectWriteMinPages(1).withCheckpointWalBytes(1L << 30))) {
            try (WriteTx tx = store.beginWrite(T)) {
                tx.push(pattern(5 * PS, 1));
                tx.commit();
            }
            store.checkpoint();
            for (int salt = 2; salt <= 3; salt++) {
                try (WriteTx tx = store.beginWrite(T)) {
                    tx.set(PS + 7, pattern(10, salt));
                    tx.commit();
                }
            }
            assertThat(inPlace(store)).isEqualTo(1);
            byte[] want = pattern(5 * PS, 1);
            System.arraycopy(pattern(10, 3), 0, want, PS + 7, 10);
            assertThat(content(store)).isEqualTo(want);
        }
    }
}
