package io.bstack.bench;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * BLOB write and read through JDBC on BStack DB, H2 2.3 and SQLite 3, each on a file database in
 * the same run, at 1 KiB, 64 KiB and 1 MiB per value (MB/s = ops/s x size). {@code write}
 * overwrites one of {@link #SLOTS} rows with a new value through {@code setBinaryStream} with its
 * length and commits (auto-commit: one durable transaction per value; overwriting keeps the file
 * at a steady size, so the old value's space is freed and reused as it would be in a store of
 * documents); {@code read} reads one value through {@code getBinaryStream} to its end.
 *
 * <p>Durability: BStack {@code sync=full} (each commit synced before it returns); SQLite WAL mode
 * with {@code synchronous=FULL} (the WAL synced at each commit); H2 has no per-commit sync — its
 * default writes each commit to the OS and syncs in the background, so it is measured with less
 * durability than the other two. The ceiling to compare the 1 MiB writes with is
 * {@link BlobDiskCeiling}: the same bytes appended to a plain file and synced.
 */
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "-Xmx1g"})
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Benchmark)
public class BlobBench {
    /** The rows written in rotation and read. */
    static final int SLOTS = 16;

    @Param({"bstack", "h2", "sqlite"})
    public String engine;

    @Param({"1024", "65536", "1048576"})
    public int size;

    private Path dir;
    private Connection c;
    private PreparedStatement write;
    private PreparedStatement read;
    private byte[] value;
    private int next;

    @Setup(Level.Trial)
    public void open() throws SQLException {
        dir = BenchFiles.newDir("blob-" + engine);
        c = switch (engine) {
            case "bstack" -> DriverManager.getConnection("jdbc:bstack:" + dir.resolve("db") + ";sync=full");
            case "h2" -> DriverManager.getConnection("jdbc:h2:" + dir.resolve("db"));
            case "sqlite" -> {
                Connection s = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("db.sqlite"));
                try (Statement st = s.createStatement()) {
                    st.execute("PRAGMA journal_mode=WAL");
                    st.execute("PRAGMA synchronous=FULL");
                }
                yield s;
            }
            default -> throw new IllegalArgumentException(engine);
        };
        value = BenchFiles.payload(size, 9);
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE blobs(id INT PRIMARY KEY, b BLOB)");
        }
        try (PreparedStatement p = c.prepareStatement("INSERT INTO blobs VALUES (?, ?)")) {
            for (int i = 0; i < SLOTS; i++) {
                p.setInt(1, i);
                p.setBinaryStream(2, new ByteArrayInputStream(value), size);
                p.executeUpdate();
            }
        }
        write = c.prepareStatement("UPDATE blobs SET b = ? WHERE id = ?");
        read = c.prepareStatement("SELECT b FROM blobs WHERE id = ?");
    }

    @TearDown(Level.Trial)
    public void close() throws SQLException {
        c.close();
        BenchFiles.deleteTree(dir);
    }

    @Benchmark
    public int write() throws SQLException {
        write.setBinaryStream(1, new ByteArrayInputStream(value), size);
        write.setInt(2, next++ % SLOTS);
        return write.executeUpdate();
    }

    @Benchmark
    public long read() throws SQLException, IOException {
        read.setInt(1, next++ % SLOTS);
        try (ResultSet rs = read.executeQuery()) {
            rs.next();
            try (InputStream in = rs.getBinaryStream(1)) {
                return in.transferTo(java.io.OutputStream.nullOutputStream());
            }
        }
    }
}
