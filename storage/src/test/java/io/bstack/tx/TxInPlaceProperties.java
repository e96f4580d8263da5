package io.bstack.tx;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;

/**
 * Random rewrites of ranges of a fixed set of pages, the pattern of values overwritten in
 * rotation, against a byte-array model: commits of new bytes or zeros over page ranges (so their
 * pages often have a pushed WAL version and go in place: written over the copy at once by a large
 * write, {@link ThroughWriter}, or at the commit for page-sized writes, {@link DirectWriter}),
 * large writes rolled back (some after a savepoint) or cut by a crash before their commit,
 * readers held across them, checkpoints
 * (held back by those readers), failed commits (a WAL push that fails after the in-place write),
 * crashes (abandon, reopen) and clean reopens. After every step the newest state reads the model;
 * a reader reads what was committed when it began, including after checkpoints and rewrites.
 */
class TxInPlaceProperties {
    private static final int PS = 4096;
    private static final int PAGES = 12;
    private static final Duration T = Duration.ofSeconds(2);

    enum Kind { WRITE, WRITE_BY_PAGES, ZERO, ROLLBACK, CRASH_OPEN, OPEN_READER, CLOSE_READER, CHECKPOINT, FAIL_PUSH,
        CRASH_REOPEN, REOPEN }

    record Step(Kind kind, long seed) {}

    /** Rewrites weigh most: they are what goes in place. */
    private static final List<Kind> WEIGHTED = java.util.stream.Stream.concat(Arrays.stream(Kind.values()),
            java.util.stream.Stream.of(Kind.WRITE, Kind.WRITE, Kind.WRITE, Kind.ZERO)).toList();

    @Provide
    Arbitrary<List<Step>> programs() {
        return Combinators.combine(Arbitraries.of(WEIGHTED), Arbitraries.longs().withoutEdgeCases()).as(Step::new)
                .list().ofMinSize(10).ofMaxSize(50).withoutEdgeCases();
    }

    @Provide
    Arbitrary<Integer> minPages() {
        return Arbitraries.of(1, 2, 4);
    }

    private static final AtomicLong IN_PLACE = new AtomicLong();

    @Property(tries = 60)
    void rewritesInPlaceKeepEveryCommitAndEverySnapshot(@ForAll("programs") List<Step> program,
            @ForAll("minPages") int minPages) throws IOException {
        Path dir = TxTesting.tempDir();
        OneShotFault walFault = new OneShotFault();
        TxOptions opts = TxTesting.fast().withDirectWriteMinPages(minPages).withCheckpointWalBytes(1L << 30)
                .withStackOptions(io.bstack.stack.StackOptions.testing().withoutSync(),
                        io.bstack.stack.StackOptions.testing().withoutSync().withFaultPolicy(walFault));
        Path db = dir.resolve("p.bstack");
        byte[] model = TxDirectWriteTest.pattern(PAGES * PS, 0);
        TxStore store = TxStore.open(db, opts);
        ReadTx reader = null;
        byte[] readerBytes = null;
        try {
            try (WriteTx tx = store.beginWrite(T)) {
                tx.push(model);
                tx.commit();
            }
            store.checkpoint();
            for (Step step : program) {
                Random r = new Random(step.seed());
                switch (step.kind()) {
                    case WRITE, ZERO -> {
                        int from = r.nextInt(PAGES);
                        int to = from + 1 + r.nextInt(PAGES - from);
                        byte[] bytes = step.kind() == Kind.ZERO ? new byte[(to - from) * PS]
                                : TxDirectWriteTest.pattern((to - from) * PS, r.nextInt(1000));
                        try (WriteTx tx = store.beginWrite(T)) {
                            tx.set((long) from * PS, bytes);
                            tx.commit();
                        }
                        System.arraycopy(bytes, 0, model, from * PS, bytes.length);
                    }
                    case WRITE_BY_PAGES -> { // page-sized writes: the commit decides what goes in place
                        int from = r.nextInt(PAGES);
                        int to = from + 1 + r.nextInt(PAGES - from);
                        byte[] bytes = TxDirectWriteTest.pattern((to - from) * PS, r.nextInt(1000));
                        try (WriteTx tx = store.beginWrite(T)) {
                            TxTesting.setByPages(tx, (long) from * PS, bytes, PS);
                            tx.commit();
                        }
                        System.arraycopy(bytes, 0, model, from * PS, bytes.length);
                    }
                    case ROLLBACK -> { // a large write (over the main-file copy at once) that never commits
                        int from = r.nextInt(PAGES);
                        try (WriteTx tx = store.beginWrite(T)) {
                            tx.set((long) from * PS, TxDirectWriteTest.pattern((PAGES - from) * PS, 5));
                            if (r.nextBoolean()) {
                                Savepoint sp = tx.savepoint();
                                tx.set(0, TxDirectWriteTest.pattern(PAGES * PS, 6));
                                tx.rollbackTo(sp);
                            }
                            tx.rollback();
                        }
                    }
                    case CRASH_OPEN -> { // the process dies with a large write done and no commit
                        reader = closeReader(reader);
                        WriteTx tx = store.beginWrite(T);
                        tx.set(0, TxDirectWriteTest.pattern(PAGES * PS, 4));
                        IN_PLACE.addAndGet(store.log().direct.inPlacePages.get());
                        store.abandon();
                        store = TxStore.open(db, opts);
                    }
                    case FAIL_PUSH -> {
                        int from = r.nextInt(PAGES);
                        int to = from + 1 + r.nextInt(PAGES - from);
                        walFault.arm(0);
                        WriteTx tx = store.beginWrite(T);
                        tx.set((long) from * PS, TxDirectWriteTest.pattern((to - from) * PS, 7));
                        try {
                            tx.commit();
                            throw new AssertionError("the armed WAL fault did not fire");
                        } catch (IOException expected) {
                            // the model keeps the previous state
                        } finally {
                            tx.close();
                        }
                        if (store.needsReopen()) {
                            reader = closeReader(reader);
                            store.abandon();
                            store = TxStore.open(db, opts);
                        }
                    }
                    case OPEN_READER -> {
                        if (reader == null) {
                            reader = store.beginRead();
                            readerBytes = model.clone();
                        }
                    }
                    case CLOSE_READER -> reader = closeReader(reader);
                    case CHECKPOINT -> store.checkpoint();
                    case CRASH_REOPEN, REOPEN -> {
                        reader = closeReader(reader);
                        IN_PLACE.addAndGet(store.log().direct.inPlacePages.get());
                        if (step.kind() == Kind.CRASH_REOPEN) {
                            store.abandon();
                        } else {
                            store.close();
                        }
                        store = TxStore.open(db, opts);
                    }
                }
                assertThat(TxDirectWriteTest.content(store)).as("after %s", step).isEqualTo(model);
                if (reader != null) {
                    assertThat(Arrays.equals(reader.get(0, reader.len()), readerBytes)).as("reader after %s", step)
                            .isTrue();
                }
            }
        } finally {
            closeReader(reader);
            IN_PLACE.addAndGet(store.log().direct.inPlacePages.get());
            store.abandon();
        }
        try (TxStore again = TxStore.open(db, TxTesting.fast())) {
            assertThat(TxDirectWriteTest.content(again)).as("after a final crash").isEqualTo(model);
        } finally {
            TxTesting.deleteTree(dir);
        }
    }

    private static ReadTx closeReader(ReadTx reader) {
        if (reader != null) {
            reader.close();
        }
        return null;
    }

    @AfterContainer
    static void theInPlacePathRan() {
        System.out.println("TxInPlaceProperties: " + IN_PLACE.get() + " pages written in place");
        assertThat(IN_PLACE.get()).as("pages written in place over all tries").isPositive();
    }
}
