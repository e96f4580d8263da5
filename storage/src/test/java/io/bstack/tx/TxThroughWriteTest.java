package io.bstack.tx;

import static io.bstack.tx.TxDirectWriteTest.content;
import static io.bstack.tx.TxDirectWriteTest.pattern;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A large write of a running transaction over pages whose main-file copy nobody needs goes
 * straight to the main file ({@link ThroughWriter}): the transaction reads its bytes back, a
 * snapshot keeps reading the older version, no checkpoint runs meanwhile, and a transaction that
 * does not commit (rollback, rollback to a savepoint, a crash) leaves the old state, which the
 * next checkpoint copies back over the bytes written through.
 */
class TxThroughWriteTest {
    private static final Duration T = Duration.ofSeconds(2);
    private static final int PS = 4096;
    private static final int PAGES = 40;
    @TempDir
    Path dir;
    private Path db;

    @BeforeEach
    void setUp() {
        db = dir.resolve("through.bstack");
    }

    /**
     * {@link #PAGES} pages of {@code salt 1}, checkpointed into the main file, then rewritten with
     * {@code salt 2} through the WAL (a version newer than the checkpoint shadows each main-file
     * copy, so the next large write may go over them). Returns the state's bytes.
     */
    private static byte[] prepare(TxStore store) throws IOException {
        try (WriteTx tx = store.beginWrite(T)) {
            tx.push(pattern(PAGES * PS, 1));
            tx.commit();
        }
        store.flush(); // (with durability off, the checkpoint copies only what was pushed)
        store.checkpoint();
        assertThat(store.files().main().len()).as("the pages are in the main file").isGreaterThanOrEqualTo(PS + (long) PAGES * PS);
        byte[] b = pattern(PAGES * PS, 2);
        try (WriteTx tx = store.beginWrite(T)) {
            TxTesting.setByPages(tx, 0, b, PS); // page by page: below the threshold, so each goes to the WAL
            tx.commit();
        }
        assertThat(through(store)).as("small writes stay in the overlay").isZero();
        return b;
    }

    private static long through(TxStore store) {
        return store.log().direct.inPlacePages.get();
    }

    private static byte[] mainCopy(TxStore store) throws IOException {
        return store.files().main().get(PS, PS + (long) PAGES * PS);
    }

    /** The state reads {@code old}; after a checkpoint, so does the main file (the older versions copied back). */
    private static void assertOldStateRepaired(TxStore store, byte[] old) throws IOException {
        assertThat(content(store)).isEqualTo(old);
        store.checkpoint();
        assertThat(mainCopy(store)).as("the older version copied back").isEqualTo(old);
        assertThat(content(store)).isEqualTo(old);
    }

    @Test
    void theWriteGoesToTheMainFileAtOnceAndTheTransactionReadsItBack() throws IOException {
        try (TxStore store = TxStore.open(db, TxTesting.fast())) {
            byte[] old = prepare(store);
            byte[] now = pattern(PAGES * PS, 3);
            try (WriteTx tx = store.beginWrite(T); ReadTx snapshot = store.beginRead()) {
                tx.set(0, now);
                assertThat(through(store)).isEqualTo(PAGES);
                assertThat(mainCopy(store)).as("in the main file before the commit").isEqualTo(now);
                assertThat(tx.get(0, (long) PAGES * PS)).isEqualTo(now);
                assertThat(snapshot.get(0, (long) PAGES * PS)).as("a snapshot reads the older version").isEqualTo(old);
                long walBefore = store.stats().walBytes();
                tx.commit();
                assertThat(store.stats().walBytes() - walBefore).as("the record holds tags only")
                        .isLessThan(PAGES * 8L + 100);
                assertThat(snapshot.get(0, (long) PAGES * PS)).as("still, after the commit").isEqualTo(old);
            }
            assertThat(content(store)).isEqualTo(now);
            store.checkpoint();
            assertThat(content(store)).as("after a checkpoint").isEqualTo(now);
        }
        try (TxStore again = TxStore.open(db, TxTesting.fast())) {
            assertThat(content(again)).as("after reopening").isEqualTo(pattern(PAGES * PS, 3));
        }
    }

    @Test
    void aRollbackLeavesTheOldStateAndTheNextCheckpointRepairsTheMainFile() throws IOException {
        try (TxStore store = TxStore.open(db, TxTesting.fast())) {
            byte[] old = prepare(store);
            try (WriteTx tx = store.beginWrite(T)) {
                tx.set(0, pattern(PAGES * PS, 4));
                tx.rollback();
            }
            assertThat(through(store)).isEqualTo(PAGES);
            assertOldStateRepaired(store, old);
        }
    }

    @Test
    void aCrashBeforeTheCommitReopensToTheOldState() throws IOException {
        TxStore store = TxStore.open(db, TxTesting.fast());
        byte[] old = prepare(store);
        WriteTx tx = store.beginWrite(T);
        tx.set(0, pattern(PAGES * PS, 5));
        assertThat(mainCopy(store)).isEqualTo(pattern(PAGES * PS, 5));
        store.abandon(); // the process dies with the transaction open
        try (TxStore again = TxStore.open(db, TxTesting.fast())) {
            assertOldStateRepaired(again, old);
        }
    }

    @Test
    void aRollbackToASavepointDropsThePagesAndAPartialRewriteKeepsTheRest() throws IOException {
        try (TxStore store = TxStore.open(db, TxTesting.fast())) {
            byte[] old = prepare(store);
            byte[] first = pattern(PAGES * PS, 6);
            byte[] expected = first.clone();
            try (WriteTx tx = store.beginWrite(T)) {
                tx.set(0, first);
                Savepoint sp = tx.savepoint();
                tx.set(0, pattern(PAGES * PS, 7)); // pages the transaction holds already: into the overlay
                tx.rollbackTo(sp);
                assertThat(tx.get(0, (long) PAGES * PS)).isEqualTo(first);
                byte[] patch = {9, 8, 7, 6, 5};
                tx.set(3L * PS + 100, patch); // a page written through becomes an image again
                System.arraycopy(patch, 0, expected, 3 * PS + 100, patch.length);
                tx.commit();
            }
            assertThat(content(store)).isEqualTo(expected);
            store.checkpoint();
            assertThat(content(store)).isEqualTo(expected);
            assertThat(old).isNotEqualTo(expected);
        }
        try (TxStore again = TxStore.open(db, TxTesting.fast())) {
            byte[] want = pattern(PAGES * PS, 6);
            System.arraycopy(new byte[] {9, 8, 7, 6, 5}, 0, want, 3 * PS + 100, 5);
            assertThat(content(again)).isEqualTo(want);
        }
    }

    @Test
    void aSavepointRolledBackOverTheWriteLeavesTheOldBytes() throws IOException {
        try (TxStore store = TxStore.open(db, TxTesting.fast())) {
            byte[] old = prepare(store);
            try (WriteTx tx = store.beginWrite(T)) {
                Savepoint sp = tx.savepoint();
                tx.set(0, pattern(PAGES * PS, 8));
                tx.rollbackTo(sp);
                assertThat(tx.get(0, (long) PAGES * PS)).isEqualTo(old);
                tx.commit();
            }
            assertOldStateRepaired(store, old);
        }
    }

    @Test
    void noCheckpointRunsWhileTheWriterHoldsPagesWrittenThrough() throws IOException {
        try (TxStore store = TxStore.open(db, TxTesting.fast())) {
            prepare(store);
            long before = store.stats().checkpointSeq();
            byte[] now = pattern(PAGES * PS, 10);
            try (WriteTx tx = store.beginWrite(T)) {
                tx.set(0, now);
                store.checkpoint(); // would copy the older versions over the new bytes
                assertThat(store.stats().checkpointSeq()).isEqualTo(before);
                assertThat(mainCopy(store)).isEqualTo(now);
                tx.commit();
            }
            store.checkpoint();
            assertThat(store.stats().checkpointSeq()).isGreaterThan(before);
            assertThat(content(store)).isEqualTo(now);
        }
    }

    @Test
    void aShrinkInsideAPageWrittenThroughZeroesItsTail() throws IOException {
        try (TxStore store = TxStore.open(db, TxTesting.fast())) {
            prepare(store);
            byte[] now = pattern(PAGES * PS, 11);
            long keep = (PAGES - 2L) * PS + 123;
            try (WriteTx tx = store.beginWrite(T)) {
                tx.set(0, now);
                tx.discard(tx.len() - keep);
                tx.extend((long) PAGES * PS - keep);
                tx.commit();
            }
            byte[] want = Arrays.copyOf(Arrays.copyOf(now, (int) keep), PAGES * PS);
            assertThat(content(store)).isEqualTo(want);
            store.checkpoint();
            assertThat(content(store)).isEqualTo(want);
        }
    }

    /**
     * A failed write (or sync) over the main-file copy costs only the shortcut: the pages stay in
     * the overlay, the commit succeeds, and the torn bytes stay shadowed until the commit's own
     * pages replace them.
     */
    @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.ValueSource(strings = {"main write", "main sync"})
    void aFailedWriteThroughFallsBackToTheOverlay(String where) throws IOException {
        OneShotFault mainFault = new OneShotFault();
        TxOptions opts = TxTesting.fast().withStackOptions(
                io.bstack.stack.StackOptions.testing().withoutSync().withFaultPolicy(mainFault),
                io.bstack.stack.StackOptions.testing().withoutSync());
        byte[] now = pattern(PAGES * PS, 13);
        try (TxStore store = TxStore.open(db, opts)) {
            prepare(store);
            mainFault.arm(where.equals("main write") ? 0 : 1);
            try (WriteTx tx = store.beginWrite(T)) {
                tx.set(0, now);
                assertThat(through(store)).isZero();
                assertThat(tx.get(0, (long) PAGES * PS)).isEqualTo(now);
                tx.commit();
            }
            assertThat(content(store)).isEqualTo(now);
            store.checkpoint();
            assertThat(content(store)).isEqualTo(now);
            assertThat(mainCopy(store)).isEqualTo(now);
        }
        try (TxStore again = TxStore.open(db, TxTesting.fast())) {
            assertThat(content(again)).isEqualTo(now);
        }
    }

    /**
     * With durability off a pushed version is not synced: after a power loss the main-file copy may
     * be the only one of the state replay reaches. So no page goes over its copy, neither while the
     * transaction runs nor at its commit (page-sized writes, which the commit would otherwise put in
     * place).
     */
    @Test
    void withDurabilityOffNothingGoesOverItsCopy() throws IOException {
        try (TxStore store = TxStore.open(db, TxTesting.fast().withDurability(Durability.OFF))) {
            prepare(store);
            store.flush();
            try (WriteTx tx = store.beginWrite(T)) {
                tx.set(0, pattern(PAGES * PS, 12));
                assertThat(through(store)).isZero();
                tx.commit();
            }
            assertThat(through(store)).as("nor at its commit").isZero();
            assertThat(content(store)).isEqualTo(pattern(PAGES * PS, 12));
            store.flush();
            byte[] b = pattern(PAGES * PS, 14);
            try (WriteTx tx = store.beginWrite(T)) {
                TxTesting.setByPages(tx, 0, b, PS);
                tx.commit();
            }
            assertThat(through(store)).as("nothing in place at the commit either").isZero();
            assertThat(content(store)).isEqualTo(b);
        }
    }
}
