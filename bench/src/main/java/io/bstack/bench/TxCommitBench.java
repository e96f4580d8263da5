package io.bstack.bench;

import io.bstack.tx.Durability;
import io.bstack.tx.TxOptions;
import io.bstack.tx.TxStats;
import io.bstack.tx.TxStore;
import io.bstack.tx.WriteTx;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Durable commits per second of a one-page transaction (a 64-byte write into one of 256 pages,
 * {@code Durability.FULL}: the commit returns after its WAL push, one fdatasync), on one thread and
 * on eight (group commit), against the disk's own ceiling measured in the same run — a 4 KiB
 * positional append plus {@code force(false)}, one sync per op and nothing else — and against
 * SQLite (WAL journal, {@code synchronous=FULL}: one WAL fsync per commit) and H2 (its default
 * file mode, which does NOT sync per commit: a reference, not a like-for-like durable figure) doing
 * a one-row UPDATE per autocommit transaction (one thread: SQLite allows one writer and answers
 * concurrent ones with SQLITE_BUSY). Each commit writes new bytes (a counter), since SQLite skips
 * an UPDATE that changes nothing.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 2)
@State(Scope.Benchmark)
public class TxCommitBench {

    static final int PAGES = 256;
    static final int PAGE = 4096;

    private Path dir;
    private TxStore store;
    private FileChannel disk;
    private long diskEnd;
    private final ByteBuffer diskRecord = ByteBuffer.wrap(BenchFiles.payload(PAGE, 7));
    private final AtomicInteger threadIds = new AtomicInteger();

    /** One writer thread's own rows and JDBC connections. */
    @State(Scope.Thread)
    public static class Writer {
        SplittableRandom random;
        byte[] row;
        long counter;
        Connection sqlite;
        PreparedStatement sqliteUpdate;
        Connection h2;
        PreparedStatement h2Update;

        @Setup(Level.Trial)
        public void open(TxCommitBench bench) throws SQLException {
            int id = bench.threadIds.getAndIncrement();
            random = new SplittableRandom(id);
            row = BenchFiles.payload(64, id);
            sqlite = DriverManager.getConnection("jdbc:sqlite:" + bench.dir.resolve("sqlite.db"));
            try (Statement s = sqlite.createStatement()) {
                s.execute("PRAGMA busy_timeout=10000");
                s.execute("PRAGMA synchronous=FULL");
            }
            sqliteUpdate = sqlite.prepareStatement("UPDATE t SET v = ? WHERE id = ?");
            h2 = DriverManager.getConnection("jdbc:h2:" + bench.dir.resolve("h2db"));
            h2Update = h2.prepareStatement("UPDATE t SET v = ? WHERE id = ?");
        }

        @TearDown(Level.Trial)
        public void close() throws SQLException {
            sqlite.close();
            h2.close();
        }

        int page() {
            return random.nextInt(PAGES);
        }

        /** The row with a new counter in its first bytes: SQLite skips an UPDATE that changes nothing. */
        byte[] nextRow() {
            long n = ++counter;
            for (int i = 0; i < 8; i++) {
                row[i] = (byte) (n >>> (8 * i));
            }
            return row;
        }
    }

    @Setup(Level.Trial)
    public void open() throws IOException, SQLException {
        dir = BenchFiles.newDir("bstack-tx-");
        store = TxStore.open(dir.resolve("db.bstack"), TxOptions.defaults().withDurability(Durability.FULL));
        try (WriteTx tx = store.beginWrite(Duration.ofSeconds(10))) {
            tx.extend((long) PAGES * PAGE);
            tx.commit();
        }
        disk = FileChannel.open(dir.resolve("disk.dat"), StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        for (String url : new String[] {"jdbc:sqlite:" + dir.resolve("sqlite.db"), "jdbc:h2:" + dir.resolve("h2db")}) {
            try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
                if (url.startsWith("jdbc:sqlite")) {
                    s.execute("PRAGMA journal_mode=WAL");
                }
                s.execute("CREATE TABLE t(id INT PRIMARY KEY, v VARBINARY(64))");
                try (PreparedStatement insert = c.prepareStatement("INSERT INTO t VALUES (?, ?)")) {
                    for (int i = 0; i < PAGES; i++) {
                        insert.setInt(1, i);
                        insert.setBytes(2, new byte[64]);
                        insert.executeUpdate();
                    }
                }
            }
        }
    }

    @Setup(Level.Iteration)
    public void restartDiskFile() throws IOException {
        disk.truncate(0);
        disk.force(true);
        diskEnd = 0;
    }

    @TearDown(Level.Trial)
    public void close() throws IOException {
        TxStats stats = store.stats();
        System.out.printf("%n[tx] commits %d, syncs %d, commits per sync %.2f, checkpoints %d%n", stats.commits(),
                stats.syncs(), stats.syncs() == 0 ? 0.0 : (double) stats.commits() / stats.syncs(), stats.checkpoints());
        store.close();
        disk.close();
        BenchFiles.deleteTree(dir);
    }

    /** The disk's ceiling: append one 4 KiB record and sync it, nothing else. */
    @Benchmark
    @Threads(1)
    public long diskAppendSync4k() throws IOException {
        diskRecord.clear();
        long at = diskEnd;
        while (diskRecord.hasRemaining()) {
            diskEnd += disk.write(diskRecord, diskEnd);
        }
        disk.force(false);
        return at;
    }

    @Benchmark
    @Threads(1)
    public long commitOnePage(Writer w) throws IOException {
        return commit(w);
    }

    @Benchmark
    @Threads(8)
    public long commitOnePage8Threads(Writer w) throws IOException {
        return commit(w);
    }

    private long commit(Writer w) throws IOException {
        try (WriteTx tx = store.beginWrite(Duration.ofSeconds(30))) {
            tx.set((long) w.page() * PAGE + 8, w.nextRow());
            return tx.commit();
        }
    }

    @Benchmark
    @Threads(1)
    public int sqliteCommit(Writer w) throws SQLException {
        w.sqliteUpdate.setBytes(1, w.nextRow());
        w.sqliteUpdate.setInt(2, w.page());
        return w.sqliteUpdate.executeUpdate();
    }

    @Benchmark
    @Threads(1)
    public int h2Commit(Writer w) throws SQLException {
        w.h2Update.setBytes(1, w.nextRow());
        w.h2Update.setInt(2, w.page());
        return w.h2Update.executeUpdate();
    }
}
