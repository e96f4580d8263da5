package io.bstack.sql.exec;

import static org.assertj.core.api.Assertions.assertThat;

import io.bstack.sql.Database;
import io.bstack.sql.Session;
import io.bstack.tx.TxOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A sort of more rows than a small heap holds runs in a child JVM with {@code -Xmx64m}: 300 000
 * rows of about 200 bytes (some 60 MB of strings as the heap counts them, more with their rows)
 * sorted by a spilling ORDER BY, the result checked in order, the spill files gone after.
 */
class SpillHeapTest {
    static final int ROWS = 300_000;

    @TempDir
    Path dir;

    @Test
    void aSortLargerThanTheHeapRunsInAChildJvm() throws Exception {
        Path file = dir.resolve("big.bstack");
        try (Database db = Database.open(file, TxOptions.defaults())) {
            Session s = new Session(db);
            try {
                s.execute("CREATE TABLE t (id INT PRIMARY KEY, v VARCHAR(300))");
                s.begin();
                for (int i = 0; i < ROWS; i++) {
                    s.execute("INSERT INTO t VALUES (?, ?)", List.of(i, value(i)));
                }
                s.commit();
            } finally {
                s.close();
            }
        }
        Path spill = Files.createDirectories(dir.resolve("spill"));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-Xmx64m", "--enable-native-access=ALL-UNNAMED",
                "-Dbstack.spill.memory=" + (8 << 20), "-Dbstack.spill.dir=" + spill, "-cp",
                System.getProperty("java.class.path"), SpillHeapTest.class.getName(), file.toString())
                .redirectErrorStream(true).start();
        boolean ended = child.waitFor(5, TimeUnit.MINUTES);
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!ended) {
            child.destroyForcibly();
        }
        assertThat(ended).as(output).isTrue();
        assertThat(child.exitValue()).as(output).isZero();
        assertThat(output).contains("sorted " + ROWS);
        try (Stream<Path> files = Files.list(spill)) {
            assertThat(files).isEmpty();
        }
    }

    /** About 200 characters, in no particular order of {@code i}. */
    static String value(int i) {
        String head = Integer.toHexString(Integer.reverse(i * 0x9E3779B1));
        return head + "-" + "x".repeat(190) + "-" + i;
    }

    /** In the child: sorts the table of {@code args[0]} by v DESC and checks the order. */
    public static void main(String[] args) throws SQLException, IOException {
        try (Database db = Database.open(Path.of(args[0]), TxOptions.defaults())) {
            Session s = new Session(db);
            try (QueryResult r = s.query("SELECT v, id FROM t ORDER BY v DESC")) {
                String previous = null;
                long n = 0;
                while (r.next()) {
                    String v = (String) r.get(0);
                    if (previous != null && previous.compareTo(v) < 0) {
                        throw new AssertionError("out of order at row " + n + ": " + previous + " before " + v);
                    }
                    previous = v;
                    n++;
                }
                System.out.println("sorted " + n);
            } finally {
                s.close();
            }
        }
    }
}
