package io.bstack.bench;

import io.bstack.jdbc.RegionHandle;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayDeque;
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
 * The region functions from SQL through JDBC, per allocator a database can be created with:
 * {@code alloc} (one {@code SELECT ALLOC(n)}, n from 64 to 4096 bytes; what it allocated is freed
 * after each iteration, untimed), {@code allocFree} (one ALLOC then one FREE of it: two
 * statements per operation); {@link RegionReallocBench} has REALLOC. Each statement is its own
 * transaction (auto-commit) with durability {@code normal}, as {@link JdbcBench} runs — so the
 * figures are statement and commit cost, not the allocator's alone (see {@link AllocatorBench}).
 */
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Benchmark)
public class RegionBench {
    @Param({"ghosttree", "firstfit", "segregated", "linear"})
    public String allocator;

    private Path dir;
    private Connection c;
    private PreparedStatement alloc;
    private PreparedStatement free;
    private final SplittableRandom random = new SplittableRandom(42);
    private final ArrayDeque<RegionHandle> allocated = new ArrayDeque<>();

    @Setup(Level.Trial)
    public void open() throws SQLException {
        dir = BenchFiles.newDir("region-" + allocator);
        c = DriverManager.getConnection("jdbc:bstack:" + dir.resolve("db") + ";sync=normal;allocator=" + allocator);
        alloc = c.prepareStatement("SELECT ALLOC(?)");
        free = c.prepareStatement("SELECT FREE(?)");
    }

    @TearDown(Level.Iteration)
    public void freeAllocated() throws SQLException {
        while (!allocated.isEmpty()) {
            free(allocated.pop());
        }
    }

    @TearDown(Level.Trial)
    public void close() throws SQLException {
        c.close();
        BenchFiles.deleteTree(dir);
    }

    RegionHandle alloc(long len) throws SQLException {
        alloc.setLong(1, len);
        try (ResultSet rs = alloc.executeQuery()) {
            rs.next();
            return rs.getObject(1, RegionHandle.class);
        }
    }

    private long free(RegionHandle h) throws SQLException {
        free.setObject(1, h);
        try (ResultSet rs = free.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Benchmark
    public RegionHandle alloc() throws SQLException {
        RegionHandle h = alloc(64 + random.nextInt(4033));
        allocated.push(h);
        return h;
    }

    @Benchmark
    public long allocFree() throws SQLException {
        return free(alloc(64 + random.nextInt(4033)));
    }
}
