package io.bstack.shell;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shell as a separate process: -c, -f, standard input, exit statuses and how errors look. */
class ShellProcessTest {
    @TempDir
    Path dir;

    @Test
    void dashCRunsStatementsOnTheDefaultFileAndExitsZero() throws Exception {
        ShellRunner.Result r = ShellRunner.process(dir, "", "-c",
                "CREATE TABLE t (id INT PRIMARY KEY, name VARCHAR(10)); INSERT INTO t VALUES (1, 'one'), (2, NULL);"
                        + " SELECT * FROM t ORDER BY id");
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo("""
                OK
                (2 rows affected)
                 ID | NAME
                ----+------
                  1 | one
                  2 | NULL
                (2 rows)
                """);
        assertThat(dir.resolve("data.bstack")).exists();
        assertThat(r.err()).isEmpty(); // no engine log lines in the shell
    }

    @Test
    void anErrorIsShownWithItsStateAndPositionAndTheExitStatusIsOne() throws Exception {
        Files.writeString(dir.resolve("script.sql"), """
                CREATE TABLE t (id INT);
                -- a comment
                INSERT INTO t VALUES (1);
                SELECT id FROM t WHERE id = = 1;
                INSERT INTO t VALUES (2);
                """);
        ShellRunner.Result r = ShellRunner.process(dir, "", "-f", "script.sql", "db.bstack");
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.err()).startsWith("ERROR 42000: Syntax error").contains("  at script.sql line 4, column 29");
        assertThat(r.out()).isEqualTo("OK\n(1 row affected)\n"); // stopped at the error
        ShellRunner.Result after = ShellRunner.process(dir, "", "-c", "SELECT COUNT(*) AS n FROM t", "db.bstack");
        assertThat(after.out()).contains(" 1\n");
    }

    @Test
    void continueGoesOnAfterErrorsButStillFails() throws Exception {
        ShellRunner.Result r = ShellRunner.process(dir, "", "--continue", "-c",
                "SELECT * FROM missing;\nSELECT 7 AS seven", "jdbc:bstack:mem:");
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.err()).startsWith("ERROR 42S02: ").contains("MISSING").contains("at -c line 1, column 1");
        assertThat(r.out()).contains("SEVEN").contains(" 7");
    }

    @Test
    void aScriptOnStandardInput() throws Exception {
        ShellRunner.Result r = ShellRunner.process(dir, "CREATE TABLE t (v VARCHAR(5));\nINSERT INTO t VALUES ('a');\n"
                + "\\format csv\nSELECT v, NULL AS n FROM t;\n", "jdbc:bstack:mem:");
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.out()).endsWith("V,N\na,\n");
        ShellRunner.Result bad = ShellRunner.process(dir, "SELECT 1;\nSELEC 2;\nSELECT 3;\n", "jdbc:bstack:mem:");
        assertThat(bad.status()).isEqualTo(1);
        assertThat(bad.err()).contains("ERROR 42000").contains("at <stdin> line 2, column 1");
        assertThat(bad.out()).doesNotContain("3");
    }

    @Test
    void wrongCommandLinesExitTwoAndVersionAndHelpExitZero() throws Exception {
        ShellRunner.Result r = ShellRunner.process(dir, "", "--frobnicate");
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err()).contains("unknown option --frobnicate").contains("usage:");
        ShellRunner.Result v = ShellRunner.process(dir, "", "--version");
        assertThat(v.status()).isZero();
        assertThat(v.out()).matches("bstack \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?\n");
        ShellRunner.Result h = ShellRunner.process(dir, "", "--help");
        assertThat(h.out()).contains("-c SQL").contains("-f FILE").contains("--format");
        assertThat(dir.resolve("data.bstack")).doesNotExist();
    }

    @Test
    void aDatabaseThatCannotBeOpenedFails() throws Exception {
        Files.writeString(dir.resolve("junk.bstack"), "this is not a database");
        ShellRunner.Result r = ShellRunner.process(dir, "", "-c", "SELECT 1", "junk.bstack");
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.err()).startsWith("ERROR ");
    }
}
