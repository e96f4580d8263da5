package io.bstack.bench;

import io.bstack.alloc.BStackAllocator;
import io.bstack.alloc.GhostTreeAllocator;
import io.bstack.alloc.SegregatedAllocator;
import io.bstack.btree.BTree;
import io.bstack.btree.Cursor;
import io.bstack.stack.ByteStack;
import io.bstack.tx.Durability;
import io.bstack.tx.ReadTx;
import io.bstack.tx.TxOptions;
import io.bstack.tx.TxStats;
import io.bstack.tx.TxStore;
import io.bstack.tx.WriteTx;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.type.ByteArrayDataType;
import org.h2.mvstore.type.LongDataType;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Our {@link BTree} against H2's MVStore ({@code MVMap<Long, byte[]>}) on the same data, in the
 * same JMH run and JVM flags, one thread, durability off on both sides (issue 6, "Speed").
 *
 * <p><b>Data.</b> Keys are non-negative {@code long}s; ours get them as 8-byte big-endian arrays,
 * MVStore as {@code Long} with {@link LongDataType} (for non-negative values both orders agree, so
 * both trees hold the same rows in the same order). Values are 100 bytes: one of 1024 random
 * 100-byte patterns with the key written into its first 8 bytes, a fresh array per row on both
 * sides. The read benchmarks use a tree of {@code rows} rows (keys {@code 0 .. rows-1}, param,
 * default 1 000 000; {@code -p rows=200000} for CI) built in key order in transactions / commits of
 * 10 000 rows, identically on both sides, then made durable and warmed by the warm-up iterations.
 *
 * <ul>
 *   <li>{@code lookup*}: {@code get} of a random existing key (ops/s); ours inside one long
 *       {@link ReadTx}.
 *   <li>{@code insertSeq*} / {@code insertRandom*}: one invocation is one transaction of 10 000
 *       puts (ours: {@code beginWrite}, open the allocator and tree, 10 000 {@code put}, commit;
 *       MVStore: 10 000 {@code put}, {@code commit()}), reported per row. Every iteration starts a
 *       fresh, empty store (not measured), so each iteration measures a tree growing from 0 to
 *       whatever it reaches in the iteration time. Keys: ascending from 0, or uniformly random
 *       63-bit from a seed that restarts each iteration (the same sequence on both sides).
 *   <li>{@code scan*}: a cursor from a random existing key over the next 1 000 rows, reading key
 *       and value of each (reported per row).
 * </ul>
 *
 * <p><b>Settings.</b> Ours: {@link TxStore} with {@code Durability.OFF}, 4096-byte pages (store and
 * tree), allocator {@code alloc} (default GhostTree), buffer pool {@code cacheMb} MiB. MVStore: a
 * file ({@code MVStore.Builder.fileName}, not in-memory), {@code autoCommitDisabled()} (no
 * background writer, no auto-compaction), cache {@code cacheMb} MB, default page split (48 keys per
 * page) and no compression. Both files are under {@code bstack.bench.dir}. The default cache of 512 MB holds
 * the whole tree on both sides at 1 000 000 rows, so the read figures are in-memory figures.
 *
 * <p><b>Asymmetries</b> (inherent to the APIs, kept rather than papered over):
 * <ul>
 *   <li>Ours copies: {@code get}, {@code Cursor.key()} and {@code Cursor.value()} return fresh
 *       arrays, {@code put} copies key and value; MVStore hands back and keeps the caller's
 *       references, and boxes a {@code Long} per key (allocated by the benchmark, as our key array is).
 *   <li>Ours keeps pages serialised in the buffer pool (native memory) and decoded nodes on the heap:
 *       per tree object ({@code BTree.nodeCache}) and shared between transactions
 *       ({@code TxOptions.withDecodedPages}), each sized here to MVStore's cache budget
 *       ({@code cacheMb} MiB of 4 KiB pages); MVStore keeps deserialised pages as Java objects in its
 *       on-heap cache. Ours therefore may use more memory than MVStore for the same budget.
 *   <li>Durability off means different things. Ours ({@code Durability.OFF}, production
 *       {@code StackOptions}) queues commit records and pushes them to the WAL (without a sync) once
 *       1 MiB is queued: a 10 000-row transaction is several MiB of WAL, so every insert transaction
 *       ends in one WAL push, and every 64 MiB of WAL a checkpoint copies the newest version of each
 *       page to the main file and syncs it. MVStore's {@code commit()} writes a chunk to its file
 *       without forcing it. The inserts of ours therefore write every page twice (WAL, then main
 *       file) where MVStore writes it once.
 *   <li>Ours opens the allocator over each write transaction (as a real writer must: it keeps
 *       in-memory state; GhostTree's constructor runs its coalesce-and-rebuild), inside the
 *       measured time.
 *   <li>GhostTree never hands out a block on a 4096-byte boundary (its blocks sit 16 bytes off
 *       the 32-byte grid), so trees over it are <em>aligned</em>: each page region starts 16 bytes
 *       before a boundary and the node is the 4080 bytes after (the root prints its offset modulo
 *       4096: 4080), one store page per node. Before session 6 every 4096-byte node straddled two
 *       store pages. With {@code alloc=segregated} trees are still unaligned.
 *   <li>The heap is touched up front ({@code -XX:+AlwaysPreTouch}): without it, a 3 GiB heap that
 *       never collects during a read benchmark hands each allocation fresh memory, and the first
 *       touch of each page (a page fault, costly in this VM) halved the side that allocates more
 *       per operation (ours: a copied value per lookup) a few seconds into the run.
 *   <li>The insert benchmarks grow a fresh tree per iteration, so the faster side ends each
 *       iteration with the larger tree (a small handicap for the faster side).
 * </ul>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "-Xms3g", "-Xmx3g", "-XX:+AlwaysPreTouch"})
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Threads(1)
@State(Scope.Benchmark)
public class TreeBench {

    static final int PAGE = 4096;
    static final int VALUE = 100;
    static final int BATCH = 10_000;
    static final int SCAN = 1_000;
    static final Duration LOCK_WAIT = Duration.ofSeconds(30);

    /** Rows in the tree the lookups and scans read. */
    @Param("1000000")
    public int rows;

    /** Our allocator: ghosttree or segregated. */
    @Param("ghosttree")
    public String alloc;

    /** Cache on both sides: our buffer pool (MiB) and MVStore's cache (MB). */
    @Param("512")
    public int cacheMb;

    private static final byte[][] PATTERNS = new byte[1024][];

    static {
        SplittableRandom r = new SplittableRandom(20261122);
        for (int i = 0; i < PATTERNS.length; i++) {
            PATTERNS[i] = new byte[VALUE];
            r.nextBytes(PATTERNS[i]);
        }
    }

    /** The 100-byte value of key {@code k}: a fresh array. */
    static byte[] value(long k) {
        byte[] v = PATTERNS[(int) (k & (PATTERNS.length - 1))].clone();
        for (int i = 0; i < 8; i++) {
            v[i] = (byte) (k >>> (56 - 8 * i));
        }
        return v;
    }

    /** {@code k} as 8 big-endian bytes (ordered as {@code k} for non-negative {@code k}). */
    static byte[] key(long k) {
        byte[] b = new byte[8];
        for (int i = 0; i < 8; i++) {
            b[i] = (byte) (k >>> (56 - 8 * i));
        }
        return b;
    }

    static BStackAllocator allocator(String kind, ByteStack stack) throws IOException {
        return switch (kind) {
            case "ghosttree" -> new GhostTreeAllocator(stack);
            case "segregated" -> new SegregatedAllocator(stack);
            default -> throw new IllegalArgumentException(
                    "unknown allocator " + kind + "; known: ghosttree, segregated");
        };
    }

    // ------------------------------------------------------------------ the two sides

    /** Our side: a store with one tree in it. */
    static final class Ours implements AutoCloseable {
        final Path dir;
        final TxStore store;
        final String alloc;
        final long root;

        Ours(Path base, String alloc, int cacheMb) throws IOException {
            this.alloc = alloc;
            dir = Files.createTempDirectory(base, "ours-");
            store = TxStore.open(dir.resolve("db.bstack"), TxOptions.defaults().withDurability(Durability.OFF)
                    .withPageSize(PAGE).withPoolBytes((long) cacheMb << 20)
                    .withDecodedPages((int) Math.min(Integer.MAX_VALUE, ((long) cacheMb << 20) / PAGE)));
            try (WriteTx tx = store.beginWrite(LOCK_WAIT)) {
                root = BTree.create(tx, allocator(alloc, tx), PAGE).root();
                tx.commit();
            }
        }

        /** One transaction putting {@code n} rows whose keys {@code keys} hands out. */
        void putBatch(java.util.function.LongSupplier keys, int n) throws IOException {
            try (WriteTx tx = store.beginWrite(LOCK_WAIT)) {
                BTree tree = BTree.open(tx, allocator(alloc, tx), PAGE, root);
                for (int i = 0; i < n; i++) {
                    long k = keys.getAsLong();
                    tree.put(key(k), value(k));
                }
                tx.commit();
            }
        }

        @Override
        public void close() throws IOException {
            store.close();
            BenchFiles.deleteTree(dir);
        }
    }

    /** MVStore's side: a file store with one map in it. */
    static final class Mv implements AutoCloseable {
        final Path dir;
        final MVStore store;
        final MVMap<Long, byte[]> map;

        Mv(Path base, int cacheMb) throws IOException {
            dir = Files.createTempDirectory(base, "mvstore-");
            store = new MVStore.Builder().fileName(dir.resolve("mv.db").toString()).autoCommitDisabled()
                    .cacheSize(cacheMb).open();
            map = store.openMap("t", new MVMap.Builder<Long, byte[]>().keyType(LongDataType.INSTANCE)
                    .valueType(ByteArrayDataType.INSTANCE));
        }

        void putBatch(java.util.function.LongSupplier keys, int n) {
            for (int i = 0; i < n; i++) {
                long k = keys.getAsLong();
                map.put(k, value(k));
            }
            store.commit();
        }

        @Override
        public void close() {
            store.close();
            BenchFiles.deleteTree(dir);
        }
    }

    /** Puts keys {@code 0 .. rows-1} in key order in batches of {@link #BATCH}. */
    static void fill(int rows, BatchPutter side) throws IOException {
        long[] next = {0};
        for (long from = 0; from < rows; from += BATCH) {
            int n = (int) Math.min(BATCH, rows - from);
            side.put(() -> next[0]++, n);
        }
    }

    @FunctionalInterface
    interface BatchPutter {
        void put(java.util.function.LongSupplier keys, int n) throws IOException;
    }

    // ------------------------------------------------------------------ read states

    /** Our tree of {@code rows} rows, read inside one long snapshot. */
    @State(Scope.Benchmark)
    public static class OursFilled {
        Path base;
        Ours ours;
        ReadTx snapshot;
        BTree tree;
        int rows;

        @Setup(Level.Trial)
        public void setup(TreeBench b) throws IOException {
            rows = b.rows;
            base = BenchFiles.newDir("bstack-treebench-");
            ours = new Ours(base, b.alloc, b.cacheMb);
            long t0 = System.nanoTime();
            fill(rows, ours::putBatch);
            ours.store.checkpoint();
            long t1 = System.nanoTime();
            snapshot = ours.store.beginRead();
            // the same memory budget for decoded nodes as MVStore's cache gets
            tree = BTree.open(snapshot, null, PAGE, ours.root).nodeCache((int) Math.min(Integer.MAX_VALUE,
                    ((long) b.cacheMb << 20) / PAGE));
            var stats = tree.verify();
            System.out.printf("%n# ours: %d rows in key order in %.1f s; height %d, %d pages (%d leaves), fill %.2f;"
                    + " root page at %d (offset mod %d = %d)%n", stats.entries(), (t1 - t0) / 1e9, stats.height(),
                    stats.pages(), stats.leaves(), stats.fill(), ours.root, PAGE, ours.root % PAGE);
            System.out.println("# ours after the build: " + ours.store.stats());
        }

        @TearDown(Level.Trial)
        public void close() throws IOException {
            snapshot.close();
            ours.close();
            BenchFiles.deleteTree(base);
        }
    }

    /** MVStore's map of {@code rows} rows, committed. */
    @State(Scope.Benchmark)
    public static class MvFilled {
        Path base;
        Mv mv;
        int rows;

        @Setup(Level.Trial)
        public void setup(TreeBench b) throws IOException {
            rows = b.rows;
            base = BenchFiles.newDir("bstack-treebench-");
            mv = new Mv(base, b.cacheMb);
            long t0 = System.nanoTime();
            fill(rows, mv::putBatch);
            long t1 = System.nanoTime();
            System.out.printf("%n# mvstore: %d rows in key order in %.1f s; file %d KiB; keys per page %d,"
                    + " cache %d MB (%d MB used)%n", mv.map.size(), (t1 - t0) / 1e9,
                    mv.store.getFileStore().size() >> 10, mv.store.getKeysPerPage(), mv.store.getCacheSize(),
                    mv.store.getCacheSizeUsed());
        }

        @TearDown(Level.Trial)
        public void close() {
            mv.close();
            BenchFiles.deleteTree(base);
        }
    }

    /** Each thread's random numbers (the same seed on both sides). */
    @State(Scope.Thread)
    public static class Rnd {
        SplittableRandom random = new SplittableRandom(42);
    }

    // ------------------------------------------------------------------ point lookups

    @Benchmark
    public byte[] lookupOurs(OursFilled s, Rnd r) throws IOException {
        byte[] v = s.tree.get(key(r.random.nextInt(s.rows)));
        if (v == null) {
            throw new AssertionError("missing key");
        }
        return v;
    }

    @Benchmark
    public byte[] lookupMvStore(MvFilled s, Rnd r) {
        byte[] v = s.mv.map.get((long) r.random.nextInt(s.rows));
        if (v == null) {
            throw new AssertionError("missing key");
        }
        return v;
    }

    // ------------------------------------------------------------------ range scans

    @Benchmark
    @OperationsPerInvocation(SCAN)
    public void scanOurs(OursFilled s, Rnd r, Blackhole bh) throws IOException {
        Cursor c = s.tree.cursor();
        boolean ok = c.seek(key(r.random.nextInt(s.rows - SCAN)));
        for (int i = 0; i < SCAN; i++) {
            if (!ok) {
                throw new AssertionError("scan ended early");
            }
            bh.consume(c.key());
            bh.consume(c.value());
            ok = c.next();
        }
    }

    @Benchmark
    @OperationsPerInvocation(SCAN)
    public void scanMvStore(MvFilled s, Rnd r, Blackhole bh) {
        org.h2.mvstore.Cursor<Long, byte[]> c = s.mv.map.cursor((long) r.random.nextInt(s.rows - SCAN));
        for (int i = 0; i < SCAN; i++) {
            if (!c.hasNext()) {
                throw new AssertionError("scan ended early");
            }
            bh.consume(c.next());
            bh.consume(c.getValue());
        }
    }

    // ------------------------------------------------------------------ inserts

    /** A fresh empty store per iteration, and the key sequences (restarted per iteration). */
    @State(Scope.Benchmark)
    public static class Fresh {
        Ours ours;
        Mv mv;
        long nextSeq;
        SplittableRandom random;
        final java.util.function.LongSupplier seq = () -> nextSeq++;
        final java.util.function.LongSupplier rnd = () -> random.nextLong() >>> 1;
        Path base;
        String alloc;
        int cacheMb;

        @Setup(Level.Trial)
        public void params(TreeBench b) {
            alloc = b.alloc;
            cacheMb = b.cacheMb;
            base = BenchFiles.newDir("bstack-treebench-");
        }

        @TearDown(Level.Trial)
        public void removeBase() {
            BenchFiles.deleteTree(base);
        }

        /** Both sides get a fresh store (cheap: an empty file each), outside the measured time. */
        @Setup(Level.Iteration)
        public void restart() throws IOException {
            nextSeq = 0;
            random = new SplittableRandom(7);
            ours = new Ours(base, alloc, cacheMb);
            mv = new Mv(base, cacheMb);
        }

        @TearDown(Level.Iteration)
        public void close() throws IOException {
            if (ours != null) {
                TxStats st = ours.store.stats();
                if (st.commits() > 1) {
                    System.out.printf(
                            "%n# ours this iteration: %d commits, WAL now %d bytes, %d checkpoints, %d WAL pushes%n",
                            st.commits() - 1, st.walBytes(), st.checkpoints(), st.syncs());
                }
                ours.close();
                ours = null;
            }
            if (mv != null) {
                mv.close();
                mv = null;
            }
        }
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void insertSeqOurs(Fresh f) throws IOException {
        f.ours.putBatch(f.seq, BATCH);
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void insertSeqMvStore(Fresh f) {
        f.mv.putBatch(f.seq, BATCH);
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void insertRandomOurs(Fresh f) throws IOException {
        f.ours.putBatch(f.rnd, BATCH);
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void insertRandomMvStore(Fresh f) {
        f.mv.putBatch(f.rnd, BATCH);
    }
}
