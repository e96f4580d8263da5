package io.bstack.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.bstack.memory.NativeMemoryLedger;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Isolated;

/** The native memory a database takes (its buffer pool) is given back when its last connection closes. */
@Isolated
class NativeMemoryTest {
    @TempDir
    Path dir;

    @Test
    void closingTheLastConnectionFreesTheDatabasesNativeMemory() throws SQLException {
        long before = NativeMemoryLedger.liveBytes();
        for (String url : new String[] {"jdbc:bstack:" + dir.resolve("mem-check") + ";cacheSize=1024", "jdbc:bstack:mem:"}) {
            try (Connection a = DriverManager.getConnection(url)) {
                a.createStatement().execute("CREATE TABLE t(id INT PRIMARY KEY, v VARCHAR(100))");
                PreparedStatement p = a.prepareStatement("INSERT INTO t VALUES (?, ?)");
                for (int i = 0; i < 2000; i++) {
                    p.setInt(1, i);
                    p.setString(2, "value " + i);
                    p.executeUpdate();
                }
                assertThat(NativeMemoryLedger.liveBytes()).as("the open database holds native memory")
                        .isGreaterThan(before);
            }
            assertThat(NativeMemoryLedger.liveBytes()).as(url + " closed").isEqualTo(before);
        }
    }
}
