package io.bstack.sql;

import static org.assertj.core.api.Assertions.assertThat;

import io.bstack.sql.exec.QueryResult;
import io.bstack.tx.TxOptions;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's SQL example, as written there. */
class ReadmeExampleTest {
    @TempDir
    Path dir;

    @Test
    void theExampleRuns() throws Exception {
        List<String> printed = new ArrayList<>();
        try (Database db = Database.open(dir.resolve("shop.bstack"), TxOptions.defaults());
                Session s = new Session(db)) {
            s.execute("CREATE TABLE item (id INT PRIMARY KEY, name VARCHAR(20) NOT NULL, price DECIMAL(8,2))");
            s.execute("INSERT INTO item VALUES (1, 'pen', 1.50), (2, 'ink', 7.25)");
            try (QueryResult r = s.query("SELECT name, price * 2 FROM item WHERE price > 1 ORDER BY name")) {
                while (r.next()) {
                    printed.add(r.get(0) + " " + r.get(1));
                    assertThat(r.get(1)).isInstanceOf(BigDecimal.class);
                }
            }
        }
        assertThat(printed).containsExactly("ink 14.50", "pen 3.00");
    }
}
