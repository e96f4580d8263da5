package io.bstack.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every {@code ```sql} example of README.md and docs/ runs as written (see {@link SqlDocument} for
 * the convention): one fresh in-memory database per document, statements in order, rows and
 * errors as the document states them. A failure names the file and line.
 */
class DocExamplesTest {
    @TestFactory
    Stream<DynamicTest> everyDocumentsSqlExamplesHold() {
        return RepoDocs.documents().stream().map(doc -> DynamicTest.dynamicTest(RepoDocs.name(doc), () -> {
            SqlDocument parsed = SqlDocument.parse(RepoDocs.name(doc), Files.readString(doc));
            List<String> mismatches = SqlDocumentRunner.run(parsed);
            assertThat(mismatches).as("examples of %s that do not hold", RepoDocs.name(doc)).isEmpty();
        }));
    }

    @Test
    void theSqlReferenceHasExamplesThatRun() throws Exception {
        // Guards against the checker silently finding nothing (e.g. a renamed page or a changed fence).
        Path reference = RepoDocs.root().resolve("docs/sql.md");
        SqlDocument parsed = SqlDocument.parse("docs/sql.md", Files.readString(reference));
        assertThat(parsed.steps()).hasSizeGreaterThan(50);
        assertThat(parsed.steps()).filteredOn(s -> s.rows() != null).hasSizeGreaterThan(20);
        assertThat(parsed.steps()).filteredOn(s -> s.errorState() != null).isNotEmpty();
    }

    @Test
    void everyBuiltInFunctionIsDocumented() throws Exception {
        StringBuilder docs = new StringBuilder();
        for (Path doc : RepoDocs.documents()) {
            docs.append(Files.readString(doc)).append('\n');
        }
        List<String> undocumented = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:bstack:mem:");
             ResultSet r = c.createStatement().executeQuery(
                     "SELECT ROUTINE_NAME FROM INFORMATION_SCHEMA.ROUTINES ORDER BY ROUTINE_NAME")) {
            while (r.next()) {
                String name = r.getString(1);
                // named in code: `NAME`, `NAME(...)` or `NAME ...`
                if (!Pattern.compile("`" + Pattern.quote(name) + "(?![A-Za-z0-9_])").matcher(docs).find()) {
                    undocumented.add(name);
                }
            }
        }
        assertThat(undocumented).as("functions in INFORMATION_SCHEMA.ROUTINES that no page of docs/ names").isEmpty();
    }
}
