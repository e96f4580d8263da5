package io.bstack.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
}
