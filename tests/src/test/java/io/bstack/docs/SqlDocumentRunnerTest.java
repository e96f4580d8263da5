package io.bstack.docs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The doc-example checker itself: it must fail on every kind of wrong claim, with file and line. */
class SqlDocumentRunnerTest {
    private static final String GOOD = """
            # A page

            Some text.

            ```sql
            CREATE TABLE t (id INT PRIMARY KEY, name VARCHAR(10));
            INSERT INTO t VALUES (1, 'a'), (2, NULL);
            -- a comment that is not part of the statement
            SELECT id, name
            FROM t ORDER BY id;
            -- > 1 | a
            -- > 2 | NULL
            -- error 23505
            INSERT INTO t VALUES (1, 'b');
            ```

            ```sql no-run
            THIS IS NOT SQL;
            ```

            ```java
            not sql either;
            ```

            ```sql
            SELECT COUNT(*) FROM t;
            -- > 2
            ```
            """;

    @Test
    void aDocumentWhoseClaimsHoldPasses() throws Exception {
        SqlDocument doc = SqlDocument.parse("good.md", GOOD);
        assertThat(doc.steps()).extracting(SqlDocument.Step::line).containsExactly(6, 7, 9, 14, 26);
        assertThat(doc.steps().get(2).sql()).isEqualTo("SELECT id, name\nFROM t ORDER BY id");
        assertThat(doc.steps().get(2).rows()).containsExactly(List.of("1", "a"), List.of("2", "NULL"));
        assertThat(doc.steps().get(3).errorState()).isEqualTo("23505");
        assertThat(SqlDocumentRunner.run(doc)).isEmpty();
    }

    @Test
    void aWrongExpectedRowFails() throws Exception {
        assertThat(SqlDocumentRunner.run(SqlDocument.parse("bad.md", GOOD.replace("-- > 2 | NULL", "-- > 2 | b"))))
                .singleElement().asString().startsWith("bad.md:9: expected rows [[1, a], [2, b]]");
    }

    @Test
    void rowsInAnotherOrderOrAMissingRowFail() throws Exception {
        String swapped = GOOD.replace("-- > 1 | a\n-- > 2 | NULL", "-- > 2 | NULL\n-- > 1 | a");
        assertThat(SqlDocumentRunner.run(SqlDocument.parse("bad.md", swapped))).hasSize(1);
        String missing = GOOD.replace("-- > 2 | NULL\n", "");
        assertThat(SqlDocumentRunner.run(SqlDocument.parse("bad.md", missing))).hasSize(1);
    }

    @Test
    void aWrongOrMissingErrorFails() throws Exception {
        assertThat(SqlDocumentRunner.run(SqlDocument.parse("bad.md", GOOD.replace("-- error 23505", "-- error 42000"))))
                .singleElement().asString().startsWith("bad.md:14: expected error 42000 but got 23505");
        // (the insert that was meant to fail then also changes the count the last block checks)
        assertThat(SqlDocumentRunner.run(SqlDocument.parse("bad.md", GOOD.replace("(1, 'b')", "(3, 'b')"))))
                .first().asString().startsWith("bad.md:14: expected error 23505 but it succeeded");
        assertThat(SqlDocumentRunner.run(SqlDocument.parse("bad.md", GOOD.replace("-- error 23505\n", ""))))
                .singleElement().asString().startsWith("bad.md:13: failed with 23505");  // one line up: the marker is gone
    }

    @Test
    void blocksShareOneDatabasePerDocumentAndNoRunBlocksAreSkipped() throws Exception {
        // The last block counts the rows the first one inserted; the no-run block would be a syntax error.
        String wrongCount = GOOD.replace("-- > 2\n```", "-- > 3\n```");
        assertThat(SqlDocumentRunner.run(SqlDocument.parse("bad.md", wrongCount)))
                .singleElement().asString().startsWith("bad.md:26: expected rows [[3]]");
        assertThat(SqlDocumentRunner.run(SqlDocument.parse("bad.md", GOOD.replace("```sql no-run", "```sql"))))
                .singleElement().asString().startsWith("bad.md:18: failed with 42");
    }

    @Test
    void malformedExamplesAreRefused() {
        assertThatThrownBy(() -> SqlDocument.parse("bad.md", "```sql\nSELECT 1\n```\n"))
                .hasMessageContaining("bad.md:2: statement without ';'");
        assertThatThrownBy(() -> SqlDocument.parse("bad.md", "```sql\n-- > 1\n```\n"))
                .hasMessageContaining("bad.md:2: expected row not after a complete statement");
        assertThatThrownBy(() -> SqlDocument.parse("bad.md", "```sql\nSELECT 1;\n"))
                .hasMessageContaining("not closed");
    }
}
