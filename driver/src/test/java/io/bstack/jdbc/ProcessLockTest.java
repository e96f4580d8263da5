package io.bstack.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A database file held by another process: refused with {@code 08001} naming the file and the
 * holder's pid and host; after that process is SIGKILLed, the file opens at once (no stale lock)
 * with every commit the holder made.
 */
class ProcessLockTest {
    @TempDir
    Path dir;

    /** A child JVM: opens the database, commits a row, says so, and holds the database until killed. */
    public static final class Holder {
        public static void main(String[] args) throws Exception {
            Connection c = DriverManager.getConnection(args[0]);
            c.createStatement().execute("CREATE TABLE held(x INT)");
            c.createStatement().execute("INSERT INTO held VALUES (42)");
            System.out.println("held " + ProcessHandle.current().pid());
            System.out.flush();
            Thread.sleep(120_000);
        }
    }

    @Test
    void aFileHeldByAnotherProcessIsRefusedNamingTheHolderAndFreedByItsDeath() throws Exception {
        String url = "jdbc:bstack:" + dir.resolve("shared");
        String java = ProcessHandle.current().info().command().orElseThrow();
        Process child = new ProcessBuilder(java, "-XX:TieredStopAtLevel=1", "-Xmx128m", "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), Holder.class.getName(), url)
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
            String line = out.readLine();
            assertThat(line).as("the holder started").startsWith("held ");
            long pid = Long.parseLong(line.substring(5));
            assertThatThrownBy(() -> DriverManager.getConnection(url))
                    .isInstanceOf(SQLNonTransientConnectionException.class)
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("08001"))
                    .hasMessageContaining(dir.resolve("shared.bstack").toRealPath().toString())
                    .hasMessageContaining("pid " + pid + " on host ");
        } finally {
            child.destroyForcibly(); // SIGKILL: no close, no cleanup
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        try (Connection c = DriverManager.getConnection(url);
                ResultSet rs = c.createStatement().executeQuery("SELECT x FROM held")) {
            assertThat(rs.next()).as("the killed holder's commit is there").isTrue();
            assertThat(rs.getInt(1)).isEqualTo(42);
        }
    }
}
