package io.bstack.sql.parse;

import static org.assertj.core.api.Assertions.assertThat;

import io.bstack.sql.SqlSyntaxException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Every SQL statement of the sqllogictest corpus that must succeed ({@code statement ok} and
 * {@code query} records not guarded by {@code onlyif} another engine) must parse; failures are
 * listed and must all be known SQLite-only dialect. The whole corpus (about 74 MB, 447K records)
 * parses in about 13 s; on a slower machine {@code -Dbstack.slt.stride=N} parses every record of
 * files under {@value #FULL_LIMIT} bytes and only every N-th record of the larger ones
 * (deterministic). {@code -Dbstack.slt.dir=PATH} points at another copy of the corpus.
 */
class SqlLogicCorpusTest {
    private static final int STRIDE = 1;

    /**
     * SQLite dialect the corpus uses in unguarded records and that BStack DB (like H2) does not
     * support: triggers, REINDEX, REPLACE / INSERT OR REPLACE, the NOT INDEXED hint, postfix
     * {@code x NOT NULL} and the {@code <<} shift operator. Failures must match one of these.
     */
    private static final List<Pattern> KNOWN_SQLITE_ONLY = List.of(
            Pattern.compile("(?is)^\\s*(CREATE|DROP)\\s+TRIGGER\\b.*"),
            Pattern.compile("(?is)^\\s*REINDEX\\b.*"),
            Pattern.compile("(?is)^\\s*(REPLACE|INSERT\\s+OR\\s+REPLACE)\\s+INTO\\b.*"),
            Pattern.compile("(?is).*\\bNOT\\s+INDEXED\\b.*"),
            Pattern.compile("(?is).*\\bWHERE\\s+\\w+\\s+NOT\\s+NULL\\b.*"),
            Pattern.compile("(?s).*\\d\\s*<<\\s*\\d.*"));
    private static final long FULL_LIMIT = 300_000;

    /** One record's SQL and where it came from. */
    record SqlRecord(Path file, int line, String sql, boolean mustSucceed) {
    }

    static Path corpusRoot() {
        String configured = System.getProperty("bstack.slt.dir");
        if (configured != null) {
            return Paths.get(configured);
        }
        Path besideRepository = Paths.get("../../shared/conformance/sqllogictest/test");
        return Files.isDirectory(besideRepository) ? besideRepository
                : Paths.get("/work/shared/conformance/sqllogictest/test");
    }

    /** Reads the records of one file (statements and queries; onlyif-other-engine records skipped). */
    static List<SqlRecord> records(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        List<SqlRecord> out = new ArrayList<>();
        boolean skip = false;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.startsWith("onlyif ")) {
                String engine = line.substring(7).split("[\\s#]+")[0];
                skip |= !engine.equals("bstack");
                continue;
            }
            if (line.startsWith("skipif ")) {
                String engine = line.substring(7).split("[\\s#]+")[0];
                skip |= engine.equals("bstack");
                continue;
            }
            boolean statementOk = line.startsWith("statement ok");
            boolean statementError = line.startsWith("statement error");
            boolean query = line.startsWith("query ");
            if (!statementOk && !statementError && !query) {
                if (line.isBlank()) {
                    skip = false;
                }
                continue;
            }
            int start = i + 1;
            StringBuilder sql = new StringBuilder();
            int j = start;
            while (j < lines.size() && !lines.get(j).isBlank() && !lines.get(j).equals("----")) {
                sql.append(lines.get(j)).append('\n');
                j++;
            }
            if (!skip) {
                out.add(new SqlRecord(file, start + 1, sql.toString(), !statementError));
            }
            skip = false;
            i = j;
            while (i < lines.size() && !lines.get(i).isBlank()) {
                i++;
            }
        }
        return out;
    }

    @Test
    void everyStatementThatMustSucceedParses() throws IOException {
        Path root = corpusRoot();
        Assumptions.assumeTrue(Files.isDirectory(root), "corpus not present at " + root);
        int stride = Integer.getInteger("bstack.slt.stride", STRIDE);
        List<Path> files;
        try (Stream<Path> walk = Files.walk(root)) {
            files = walk.filter(p -> p.toString().endsWith(".test")).sorted().toList();
        }
        long started = System.nanoTime();
        int parsed = 0;
        int total = 0;
        int errorRecordsRejected = 0;
        List<String> failures = new ArrayList<>();
        List<String> unexpected = new ArrayList<>();
        for (Path file : files) {
            List<SqlRecord> records = records(file);
            boolean full = Files.size(file) < FULL_LIMIT;
            total += records.size();
            for (int r = 0; r < records.size(); r++) {
                if (!full && r % stride != 0) {
                    continue;
                }
                SqlRecord rec = records.get(r);
                try {
                    Parser.parseStatements(rec.sql());
                    parsed++;
                } catch (SqlSyntaxException e) {
                    if (rec.mustSucceed()) {
                        String where = root.relativize(rec.file()) + ":" + rec.line() + ": " + e.getMessage();
                        failures.add(where);
                        if (KNOWN_SQLITE_ONLY.stream().noneMatch(p -> p.matcher(rec.sql()).matches())) {
                            unexpected.add(where);
                        }
                    } else {
                        errorRecordsRejected++;
                    }
                }
            }
        }
        long millis = (System.nanoTime() - started) / 1_000_000;
        System.out.printf("sqllogictest corpus: %d files, %d records, %d parsed (stride %d for files >= %d bytes),"
                + " %d statement-error records rejected by the parser, %d failures (%d not known SQLite-only), %d ms%n",
                files.size(), total, parsed, stride, FULL_LIMIT, errorRecordsRejected, failures.size(),
                unexpected.size(), millis);
        failures.forEach(f -> System.out.println("  FAIL " + f));
        assertThat(unexpected).as("records that must parse").isEmpty();
        assertThat(parsed).isPositive();
    }
}
