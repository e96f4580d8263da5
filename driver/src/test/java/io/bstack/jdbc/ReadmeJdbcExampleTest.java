package io.bstack.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's JDBC example, as written there (with the file in a temporary directory). */
class ReadmeJdbcExampleTest {
    @TempDir
    Path dir;

    @Test
    void theReadmeExampleRuns() throws SQLException {
        String url = "jdbc:bstack:" + dir.resolve("shop");
        for (int run = 1; run <= 2; run++) {
            try (Connection c = DriverManager.getConnection(url)) {   // ./shop.bstack, created when missing
                c.createStatement().execute("CREATE TABLE IF NOT EXISTS item (id INT AUTO_INCREMENT PRIMARY KEY, name VARCHAR(20))");
                try (PreparedStatement p = c.prepareStatement("INSERT INTO item(name) VALUES (?)", Statement.RETURN_GENERATED_KEYS)) {
                    p.setString(1, "pen");
                    p.executeUpdate();
                    ResultSet keys = p.getGeneratedKeys();
                    assertThat(keys.next()).isTrue();
                    assertThat(keys.getInt(1)).isEqualTo(run);
                }
            }
        }
    }
}
