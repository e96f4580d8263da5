package io.bstack.tx;

import static org.assertj.core.api.Assertions.assertThat;

import io.bstack.stack.BStack;
import io.bstack.stack.ByteStack;
import io.bstack.stack.StackOptions;
import io.bstack.stack.StackWrite;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Random programs of ByteStack calls run on a {@link WriteTx} and on a plain {@link BStack} (the
 * model): every call must give the same result or the same exception type, and the bytes must
 * stay equal. Between calls: commits (a reader then sees exactly the committed bytes), rollbacks
 * (the transaction shows the last commit again), savepoints with rollbackTo/release, checkpoints
 * (automatic ones too: in most runs the WAL threshold is tiny) and reopens of the store. Each run picks a
 * direct-write threshold (off, 1 or 2 pages), so fresh pages often go straight to the main file
 * beside old readers, checkpoints, shrinks and crash-reopens. Each run also picks an early-write
 * threshold (off, 1 or 2 pages of overlay), so a running transaction's fresh pages often go to the
 * main file before its commit, under savepoints, rollbacks, shrinks, readers and checkpoints.
 * With a direct-write threshold, rewrites of pages whose newest version is in the WAL may go over
 * their main-file copy (in place) among all of that too (rare here: {@code TxInPlaceProperties}
 * drives that path).
 */
class TxStackModelProperties {
    enum Kind {
        SET, SET_BATCHED, ZERO, REPEAT, COPY, CAS, PUSH, BIG_PUSH, EXTEND, DISCARD, TRY_DISCARD, ATRUNC, GET, GET_INTO,
        COMMIT, ROLLBACK, SAVEPOINT, ROLLBACK_TO, RELEASE, REOPEN, CRASH_REOPEN, CHECKPOINT, OPEN_READER, CHECK_READER
    }

    record Step(Kind kind, long seed) {}

    private static final List<Kind> WEIGHTED = Stream.concat(Arrays.stream(Kind.values()),
            Stream.of(Kind.SET, Kind.PUSH, Kind.PUSH, Kind.EXTEND, Kind.EXTEND, Kind.DISCARD, Kind.COPY, Kind.SAVEPOINT,
                    Kind.RELEASE, Kind.COMMIT, Kind.COMMIT, Kind.COMMIT)).toList();

    @Provide
    Arbitrary<List<Step>> programs() {
        return Combinators.combine(Arbitraries.of(WEIGHTED), Arbitraries.longs().withoutEdgeCases()).as(Step::new)
                .list().ofMinSize(20).ofMaxSize(80).withoutEdgeCases();
    }

    /** Direct writes of fresh pages to the main file: off, from 1 page (nearly every growth), from 2. */
    @Provide
    Arbitrary<Integer> directMinPages() {
        return Arbitraries.of(0, 1, 1, 2);
    }

    /** Early writes of a running transaction's fresh pages: off, beyond 1 page of overlay, beyond 2. */
    @Provide
    Arbitrary<Long> earlyWriteBytes() {
        return Arbitraries.of(0L, 4096L, 4096L, 8192L);
    }

    /**
     * The automatic checkpoint: after nearly every commit (a tiny WAL threshold), or only at the
     * CHECKPOINT steps, so pages keep WAL versions between commits and rewrites of them can go in place.
     */
    @Provide
    Arbitrary<Long> checkpointWalBytes() {
        return Arbitraries.of(4096L, 4096L, 1L << 30);
    }

    @Property(tries = 80)
    void writeTxBehavesLikeBStack(@ForAll("programs") List<Step> program, @ForAll("directMinPages") int directMin,
            @ForAll("earlyWriteBytes") long earlyBytes, @ForAll("checkpointWalBytes") long checkpointBytes)
            throws IOException {
        Path dir = TxTesting.tempDir();
        TxOptions opts = TxTesting.fast().withCheckpointWalBytes(checkpointBytes).withDirectWriteMinPages(directMin)
                .withEarlyWriteBytes(earlyBytes);
        try (BStack model = BStack.open(dir.resolve("model.bstack"), StackOptions.testing().withoutSync())) {
            Path db = dir.resolve("db.bstack");
            TxStore store = TxStore.open(db, opts);
            WriteTx tx = store.beginWrite(Duration.ofSeconds(1));
            byte[] committed = new byte[0];
            List<Savepoint> sps = new ArrayList<>();
            List<byte[]> spBytes = new ArrayList<>();
            ReadTx reader = null;
            byte[] readerBytes = null;
            try {
                for (Step step : program) {
                    Random r = new Random(step.seed());
                    switch (step.kind()) {
                        case COMMIT -> {
                            tx.commit();
                            committed = model.get(0, model.len());
                            sps.clear();
                            spBytes.clear();
                            try (ReadTx fresh = store.beginRead()) {
                                assertThat(fresh.get(0, fresh.len())).as("reader after commit").isEqualTo(committed);
                            }
                            tx = store.beginWrite(Duration.ofSeconds(1));
                        }
                        case ROLLBACK -> {
                            tx.rollback();
                            restore(model, committed);
                            sps.clear();
                            spBytes.clear();
                            tx = store.beginWrite(Duration.ofSeconds(1));
                        }
                        case SAVEPOINT -> {
                            sps.add(tx.savepoint());
                            spBytes.add(model.get(0, model.len()));
                        }
                        case ROLLBACK_TO -> {
                            if (!sps.isEmpty()) {
                                int i = r.nextInt(sps.size());
                                tx.rollbackTo(sps.get(i));
                                restore(model, spBytes.get(i));
                                sps.subList(i + 1, sps.size()).clear();
                                spBytes.subList(i + 1, spBytes.size()).clear();
                            }
                        }
                        case RELEASE -> {
                            if (!sps.isEmpty()) {
                                int i = r.nextInt(sps.size());
                                tx.release(sps.get(i));
                                sps.subList(i, sps.size()).clear();
                                spBytes.subList(i, spBytes.size()).clear();
                            }
                        }
                        case OPEN_READER -> {
                            if (reader == null) {
                                reader = store.beginRead();
                                readerBytes = committed;
                            }
                        }
                        case CHECK_READER -> {
                            if (reader != null) {
                                assertThat(reader.get(0, reader.len())).as("old reader").isEqualTo(readerBytes);
                                if (r.nextBoolean()) {
                                    reader.close();
                                    reader = null;
                                }
                            }
                        }
                        case REOPEN, CRASH_REOPEN -> {
                            if (reader != null) {
                                assertThat(reader.get(0, reader.len())).as("old reader").isEqualTo(readerBytes);
                                reader.close();
                                reader = null;
                            }
                            tx.rollback();
                            DIRECT_PAGES.addAndGet(store.stats().directPages());
                            EARLY_PAGES.addAndGet(store.stats().earlyPages());
                            IN_PLACE_PAGES.addAndGet(store.log().direct.inPlacePages.get());
                            if (step.kind() == Kind.CRASH_REOPEN) {
                                store.abandon();
                            } else {
                                store.close();
                            }
                            store = TxStore.open(db, opts);
                            restore(model, committed);
                            sps.clear();
                            spBytes.clear();
                            tx = store.beginWrite(Duration.ofSeconds(1));
                        }
                        case CHECKPOINT -> store.checkpoint();
                        default -> {
                            Outcome want = apply(model, step.kind(), new Random(step.seed()));
                            Outcome got = apply(tx, step.kind(), new Random(step.seed()));
                            assertThat(got).as("%s", step).isEqualTo(want);
                        }
                    }
                    assertThat(tx.len()).as("len after %s", step).isEqualTo(model.len());
                    assertThat(tx.get(0, tx.len())).as("bytes after %s", step).isEqualTo(model.get(0, model.len()));
                }
            } finally {
                if (reader != null) {
                    reader.close();
                }
                tx.close();
                DIRECT_PAGES.addAndGet(store.stats().directPages());
                EARLY_PAGES.addAndGet(store.stats().earlyPages());
                IN_PLACE_PAGES.addAndGet(store.log().direct.inPlacePages.get());
                store.close();
            }
        } finally {
            TxTesting.deleteTree(dir);
        }
    }

    /** Pages all tries wrote straight to the main file: the direct path must have run. */
    private static final AtomicLong DIRECT_PAGES = new AtomicLong();

    /** Pages all tries' running transactions wrote early. */
    private static final AtomicLong EARLY_PAGES = new AtomicLong();

    /** Of {@link #DIRECT_PAGES}: pages written over their own main-file copy. */
    private static final AtomicLong IN_PLACE_PAGES = new AtomicLong();

    @AfterContainer
    static void theDirectPathRan() {
        System.out.println("TxStackModelProperties: " + DIRECT_PAGES.get() + " pages written straight to the main file, "
                + EARLY_PAGES.get() + " written early, " + IN_PLACE_PAGES.get() + " in place");
        assertThat(DIRECT_PAGES.get()).as("pages written straight to the main file over all tries").isPositive();
        assertThat(EARLY_PAGES.get()).as("pages written early over all tries").isPositive();
    }

    private static void restore(BStack model, byte[] bytes) throws IOException {
        model.atrunc(model.len(), bytes);
    }

    /** A call's result: a value (as a string) or the exception's class. */
    record Outcome(String value, Class<?> error) {}

    private static long offset(Random r, long len) {
        int k = r.nextInt(20);
        if (k == 0) {
            return -1 - r.nextInt(5);
        }
        if (k == 1) {
            return len + r.nextInt(100);
        }
        return len == 0 ? 0 : (long) (r.nextDouble() * len);
    }

    private static long count(Random r, long len) {
        int k = r.nextInt(20);
        if (k == 0) {
            return -1;
        }
        return k < 4 ? r.nextInt(9000) : r.nextInt((int) Math.min(Integer.MAX_VALUE, len / 2 + 2));
    }

    private static byte[] bytes(Random r, int max) {
        byte[] b = new byte[r.nextInt(max + 1)];
        r.nextBytes(b);
        return b;
    }

    private static Outcome apply(ByteStack s, Kind kind, Random r) {
        long len = s.len();
        try {
            String v = switch (kind) {
                case SET -> {
                    long off = offset(r, len);
                    int max = r.nextInt(8) == 0 ? 6000 : (int) Math.max(0, Math.min(6000, len - off));
                    s.set(off, bytes(r, max));
                    yield "ok";
                }
                case SET_BATCHED -> {
                    List<StackWrite> ws = new ArrayList<>();
                    int n = r.nextInt(4);
                    for (int i = 0; i < n; i++) {
                        long off = offset(r, len);
                        ws.add(new StackWrite(off, bytes(r, r.nextInt(8) == 0 ? 200 : (int) Math.max(0, Math.min(200, len - off)))));
                    }
                    s.setBatched(ws);
                    yield "ok";
                }
                case ZERO -> {
                    s.zero(offset(r, len), count(r, len));
                    yield "ok";
                }
                case REPEAT -> {
                    s.repeat(offset(r, len), bytes(r, 7), count(r, len) / 4);
                    yield "ok";
                }
                case COPY -> {
                    s.copy(offset(r, len), offset(r, len), count(r, len));
                    yield "ok";
                }
                case CAS -> {
                    long off = offset(r, len);
                    int n = r.nextInt(16);
                    byte[] expected;
                    if (r.nextBoolean() && off >= 0 && off + n <= len) {
                        expected = s.get(off, off + n);
                    } else {
                        expected = bytes(r, 16);
                    }
                    byte[] repl = r.nextInt(8) == 0 ? bytes(r, 16) : bytes(r, expected.length);
                    if (repl.length != expected.length && r.nextBoolean()) {
                        repl = Arrays.copyOf(repl, expected.length);
                    }
                    yield Boolean.toString(s.cas(off, expected, repl));
                }
                case PUSH -> Long.toString(s.push(bytes(r, r.nextInt(3) == 0 ? 9000 : 500)));
                case BIG_PUSH -> Long.toString(s.push(bytes(r, 20_000 + r.nextInt(40_000)))); // many fresh pages
                case EXTEND -> Long.toString(s.extend(r.nextInt(10) == 0 ? -3 : r.nextInt(9000)));
                case DISCARD -> {
                    s.discard(r.nextInt(10) == 0 ? len + 1 : count(r, len) < 0 ? -1 : (long) (r.nextDouble() * (len + 1)));
                    yield "ok";
                }
                case TRY_DISCARD -> Boolean.toString(s.tryDiscard(r.nextBoolean() ? len : len + 1,
                        r.nextInt(10) == 0 ? len + 5 : (long) (r.nextDouble() * (len + 1))));
                case ATRUNC -> {
                    long n = r.nextInt(10) == 0 ? len + 1 : (long) (r.nextDouble() * (len + 1));
                    s.atrunc(n, bytes(r, 5000));
                    yield "ok";
                }
                case GET -> {
                    long a = offset(r, len);
                    long b = r.nextInt(10) == 0 ? a - 1 : a + r.nextInt(5000);
                    yield Arrays.toString(s.get(a, b));
                }
                case GET_INTO -> {
                    byte[] buf = new byte[r.nextInt(5000)];
                    s.getInto(offset(r, len), buf);
                    yield Arrays.toString(buf);
                }
                default -> throw new AssertionError(kind);
            };
            return new Outcome(v, null);
        } catch (IOException | RuntimeException e) {
            return new Outcome(null, e.getClass());
        }
    }
}
