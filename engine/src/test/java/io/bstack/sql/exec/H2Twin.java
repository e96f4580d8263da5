package io.bstack.sql.exec;

import io.bstack.sql.Database;
import io.bstack.sql.Session;
import io.bstack.tx.TxOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * The same statements on BStack (a database in a temporary directory) and on H2 2.3.232 in memory:
 * each statement's outcome (its update count, or the class of its error) and any table's rows, for
 * differential tests. Error classes are the SQLState's first two characters, H2's own codes mapped to
 * the standard class BStack reports ({@link #h2Class}). Not thread-safe.
 */
final class H2Twin implements AutoCloseable {
    private static final AtomicInteger NAMES = new AtomicInteger();

    private final Path dir;
    private final Database db;
    private final Session bstack;
    private final Connection h2;

    H2Twin() throws SQLException, IOException {
        dir = Files.createTempDirectory("h2twin");
        db = Database.open(dir.resolve("twin.bstack"), TxOptions.defaults());
        bstack = new Session(db);
        h2 = DriverManager.getConnection("jdbc:h2:mem:twin" + NAMES.incrementAndGet());
    }

    /** What a statement did: its update count, or the class of its error (and the message, for reports). */
    record Outcome(Integer count, String errorClass, String message) {
        boolean sameAs(Outcome o) {
            return errorClass == null ? o.errorClass == null && count.equals(o.count)
                    : errorClass.equals(o.errorClass);
        }

        @Override
        public String toString() {
            return errorClass == null ? "count " + count : "error " + errorClass + " (" + message + ")";
        }
    }

    /** The outcomes on BStack and on H2. */
    record Pair(Outcome bstack, Outcome h2) {
        boolean same() {
            return bstack.sameAs(h2);
        }
    }

    Pair run(String sql) {
        Outcome ours;
        try {
            ours = new Outcome(bstack.execute(sql), null, null);
        } catch (SQLException e) {
            ours = new Outcome(null, e.getSQLState().substring(0, 2), e.getSQLState() + " " + e.getMessage());
        }
        Outcome theirs;
        try (var st = h2.createStatement()) {
            theirs = new Outcome(st.executeUpdate(sql), null, null);
        } catch (SQLException e) {
            theirs = new Outcome(null, h2Class(e), e.getSQLState() + " " + e.getMessage().split("\n")[0]);
        }
        return new Pair(ours, theirs);
    }

    /** H2's error as the SQLState class BStack reports for the same refusal. */
    static String h2Class(SQLException e) {
        return switch (e.getErrorCode()) {
            case 90107, 90083, 90152 -> "2B"; // cannot drop, depends on it / column referenced / constraint used: dependents
            case 90057, 90017, 90084, 90045 -> "42"; // constraint not found, second primary key, last column, exists
            case 23505 -> e.getMessage().contains("Merge using ON") ? "21" : "23"; // MERGE matching a row twice
            default -> e.getSQLState().substring(0, 2);
        };
    }

    /** The rows of {@code query} on BStack and on H2, each row as a list. */
    List<List<List<Object>>> rows(String query) throws SQLException {
        List<List<Object>> ours = new ArrayList<>();
        try (var r = bstack.query(query)) {
            while (r.next()) {
                List<Object> row = new ArrayList<>();
                for (int i = 0; i < r.labels().size(); i++) {
                    row.add(r.get(i));
                }
                ours.add(row);
            }
        }
        List<List<Object>> theirs = new ArrayList<>();
        try (var st = h2.createStatement(); ResultSet rs = st.executeQuery(query)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<Object> row = new ArrayList<>();
                for (int i = 1; i <= n; i++) {
                    row.add(rs.getObject(i));
                }
                theirs.add(row);
            }
        }
        return List.of(ours, theirs);
    }

    @Override
    public void close() throws SQLException, IOException {
        try {
            h2.close();
            bstack.close();
            db.close();
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }
}
