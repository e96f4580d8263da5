package io.bstack.bench;

import io.bstack.jdbc.RegionHandle;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.SplittableRandom;
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
 * {@code SELECT REALLOC(h, n)} through JDBC on one of 256 live regions in turn, n alternating
 * between about 0.5–1.5 KiB and 2.5–3.5 KiB so regions shrink in place and grow by moving; one
 * statement per transaction, durability {@code normal} (as {@link RegionBench}). Not on linear,
 * which resizes only the last region.
 */
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Benchmark)
public class RegionReallocBench {
    @Param({"ghosttree", "firstfit", "segregated"})
    public String allocator;

    private Path dir;
    private Connection c;
    private PreparedStatement realloc;
    private final SplittableRandom random = new SplittableRandom(42);
    private final RegionHandle[] pool = new RegionHandle[256];
    private int next;

    @Setup(Level.Trial)
    public void open() throws SQLException {
        dir = BenchFiles.newDir("realloc-" + allocator);
        c = DriverManager.getConnection("jdbc:bstack:" + dir.resolve("db") + ";sync=normal;allocator=" + allocator);
        realloc = c.prepareStatement("SELECT REALLOC(?, ?)");
        try (PreparedStatement alloc = c.prepareStatement("SELECT ALLOC(1000)")) {
            for (int i = 0; i < pool.length; i++) {
                try (ResultSet rs = alloc.executeQuery()) {
                    rs.next();
                    pool[i] = rs.getObject(1, RegionHandle.class);
                }
            }
        }
    }

    @TearDown(Level.Trial)
    public void close() throws SQLException {
        c.close();
        BenchFiles.deleteTree(dir);
    }

    @Benchmark
    public RegionHandle realloc() throws SQLException {
        int i = next++ & (pool.length - 1);
        realloc.setObject(1, pool[i]);
        realloc.setLong(2, pool[i].length() < 2000 ? 2500 + random.nextInt(1000) : 500 + random.nextInt(1000));
        try (ResultSet rs = realloc.executeQuery()) {
            rs.next();
            pool[i] = rs.getObject(1, RegionHandle.class);
            return pool[i];
        }
    }
}
