package io.bstack.bench;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.ThreadLocalRandom;
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
 * The same SQL through JDBC on BStack DB, H2 2.3 and SQLite 3, each on a file database in the same
 * run: a point SELECT by primary key, a one-row INSERT (transactions of 100), an indexed UPDATE by
 * key, and an aggregate over the whole table. Durability is made comparable, not maximal: BStack
 * {@code sync=normal}, H2's default (commits reach the OS, synced by its background writer), SQLite in
 * WAL mode with {@code synchronous=NORMAL} — none syncs each commit. One connection, one thread;
 * prepared statements throughout.
 */
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Benchmark)
public class JdbcBench {
    @Param({"bstack", "h2", "sqlite"})
    public String engine;

    @Param({"20000"})
    public int rows;

    private Path dir;
    private Connection c;
    private PreparedStatement select;
    private PreparedStatement insert;
    private PreparedStatement update;
    private PreparedStatement sum;
    private int nextId;
    private int pending;

    @Setup(Level.Trial)
    public void open() throws SQLException {
        dir = BenchFiles.newDir("jdbc-" + engine);
        c = switch (engine) {
            case "bstack" -> DriverManager.getConnection("jdbc:bstack:" + dir.resolve("db") + ";sync=normal");
            case "h2" -> DriverManager.getConnection("jdbc:h2:" + dir.resolve("db"));
            case "sqlite" -> {
                Connection s = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("db.sqlite"));
                try (Statement st = s.createStatement()) {
                    st.execute("PRAGMA journal_mode=WAL");
                    st.execute("PRAGMA synchronous=NORMAL");
                }
                yield s;
            }
            default -> throw new IllegalArgumentException(engine);
        };
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE item(id INT PRIMARY KEY, name VARCHAR(40), qty INT, price DECIMAL(10,2))");
        }
        c.setAutoCommit(false);
        try (PreparedStatement p = c.prepareStatement("INSERT INTO item VALUES (?, ?, ?, ?)")) {
            for (int i = 0; i < rows; i++) {
                p.setInt(1, i);
                p.setString(2, "item number " + i);
                p.setInt(3, i % 100);
                p.setBigDecimal(4, java.math.BigDecimal.valueOf(i % 1000, 2));
                p.executeUpdate();
            }
        }
        c.commit();
        nextId = rows;
        select = c.prepareStatement("SELECT name, qty, price FROM item WHERE id = ?");
        insert = c.prepareStatement("INSERT INTO item VALUES (?, ?, ?, ?)");
        update = c.prepareStatement("UPDATE item SET qty = qty + 1 WHERE id = ?");
        sum = c.prepareStatement("SELECT SUM(qty), COUNT(*) FROM item WHERE qty < 50");
    }

    @TearDown(Level.Trial)
    public void close() throws SQLException {
        c.commit();
        c.close();
        BenchFiles.deleteTree(dir);
    }

    @Benchmark
    public int pointSelect() throws SQLException {
        select.setInt(1, ThreadLocalRandom.current().nextInt(rows));
        try (ResultSet rs = select.executeQuery()) {
            rs.next();
            return rs.getInt(2);
        }
    }

    @Benchmark
    public int insert() throws SQLException {
        int id = nextId++;
        insert.setInt(1, id);
        insert.setString(2, "new item " + id);
        insert.setInt(3, id % 100);
        insert.setBigDecimal(4, java.math.BigDecimal.ONE);
        int n = insert.executeUpdate();
        if (++pending == 100) {
            c.commit();
            pending = 0;
        }
        return n;
    }

    @Benchmark
    public int updateByKey() throws SQLException {
        update.setInt(1, ThreadLocalRandom.current().nextInt(rows));
        int n = update.executeUpdate();
        if (++pending == 100) {
            c.commit();
            pending = 0;
        }
        return n;
    }

    @Benchmark
    public long aggregate() throws SQLException {
        try (ResultSet rs = sum.executeQuery()) {
            rs.next();
            return rs.getLong(1) + rs.getLong(2);
        }
    }
}
