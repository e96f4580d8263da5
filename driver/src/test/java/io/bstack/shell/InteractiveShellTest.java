package io.bstack.shell;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The interactive shell typed into through a pseudo-terminal. */
class InteractiveShellTest {
    @TempDir
    Path dir;

    @Test
    void promptCompletionMultiLineCancelAndErrors() throws Exception {
        assumeThat(Pty.available()).as("util-linux script").isTrue();
        Path db = dir.resolve("shop.bstack");
        try (Connection c = DriverManager.getConnection("jdbc:bstack:" + db); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE widgets (id INT PRIMARY KEY, label VARCHAR(20))");
            st.execute("INSERT INTO widgets " + values());
        }
        try (Pty pty = new Pty(dir, Pty.shellCommand(dir, List.of(db.toString())))) {
            pty.expect("bstack> ", 30);

            pty.send("select count(*) as n from wid\t");
            pty.expect("widgets", 10);
            pty.send(";\r");
            assertThat(pty.expect("(1 row", 10)).contains("300");
            pty.expect("bstack> ", 10);

            pty.send("select lab\t from widgets where id = 7;\r"); // a column name completes too
            assertThat(pty.expect("(1 row", 10)).contains("LABEL").contains("w7");

            pty.send("SELECT\r");
            pty.expect("...> ", 10);
            pty.send("  40 + 2 AS answer;\r");
            assertThat(pty.expect("(1 row", 10)).contains("ANSWER").contains("42");

            pty.send("SELECT * FROM nowhere;\r");
            pty.expect("ERROR 42S02", 10);

            pty.send("SELECT COUNT(*) FROM widgets a, widgets b, widgets c, widgets d;\r");
            pty.expect("running", 15); // the progress line after a second
            pty.send("\u0003");
            pty.expect("ERROR HY008", 15);
            pty.expect("bstack> ", 10);

            pty.send("half a statement\u0003");
            pty.expect("bstack> ", 10);
            pty.send("SELECT 'still here' AS s;\r");
            pty.expect("still here", 10);
            pty.expect("(1 row", 10);

            pty.send("\\quit\r");
            assertThat(pty.waitFor(15)).isZero();
        }
        assertThat(Files.readString(dir.resolve(".bstack_history"))).contains("SELECT 'still here' AS s;");
    }

    @Test
    void ctrlDAtAnEmptyPromptLeaves() throws Exception {
        assumeThat(Pty.available()).as("util-linux script").isTrue();
        try (Pty pty = new Pty(dir, Pty.shellCommand(dir, List.of("jdbc:bstack:mem:")))) {
            pty.expect("bstack> ", 30);
            pty.send("\\tables\r");
            pty.expect("(0 tables)", 10);
            pty.expect("bstack> ", 10); // typed at the prompt, not while the terminal is out of raw mode
            Thread.sleep(200);
            pty.send("\u0004");
            assertThat(pty.waitFor(15)).isZero();
        }
    }

    private static String values() {
        StringBuilder b = new StringBuilder("VALUES ");
        for (int i = 1; i <= 300; i++) {
            b.append(i == 1 ? "" : ", ").append("(").append(i).append(", 'w").append(i).append("')");
        }
        return b.toString();
    }
}
