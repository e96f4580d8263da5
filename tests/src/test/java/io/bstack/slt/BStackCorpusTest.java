package io.bstack.slt;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sqllogictest corpus on BStack DB through its JDBC driver, as the other engines run it: one
 * database file per script ({@code sync=off}), under the name {@code bstack}. Prints the pass rate per file
 * and the most frequent failure reasons; fails if the rate falls below the floor this version
 * reached, so a change that breaks passing records is caught.
 */
class BStackCorpusTest {
    /** The pass rate this version reached (97.3 % at stride 10), less a margin for other strides. */
    private static final double FLOOR = 0.96;

    @TempDir
    Path dir;

    @Test
    void runsTheCorpus() throws IOException, SQLException {
        Assumptions.assumeFalse(Corpus.files().isEmpty(), "the corpus is not beside this checkout");
        int[] n = {0};
        Corpus.Report r = Corpus.run(() -> {
            java.sql.Connection c = DriverManager.getConnection("jdbc:bstack:"
                    + Files.createTempDirectory(dir, "db").resolve("slt" + (n[0]++)) + ";sync=off");
            return new Corpus.Opened(SltRunner.Target.of(c), c);
        }, "bstack", Corpus.stride());
        System.out.printf("sqllogictest on BStack DB (stride %d): %d of %d records passed (%.3f%%), %d skipped%n",
                Corpus.stride(), r.passed(), r.passed() + r.failed(), 100 * r.passRate(), r.skipped());
        r.lines().forEach(l -> System.out.println("  " + l));
        Map<String, Integer> reasons = new TreeMap<>();
        for (String f : r.failures()) {
            String reason = f.replaceAll("(?s)^[^:]+:\\d+: ", "").replaceAll("(?s)\n.*", "");
            reason = reason.replaceAll("\"[^\"]*\"", "\"..\"").replaceAll("\\d+", "N");
            reason = reason.length() > 110 ? reason.substring(0, 110) : reason;
            reasons.merge(reason, 1, Integer::sum);
        }
        reasons.entrySet().stream().sorted((a, b) -> b.getValue() - a.getValue()).limit(40)
                .forEach(e -> System.out.printf("  %7d  %s%n", e.getValue(), e.getKey()));
        assertThat(r.passRate()).isGreaterThanOrEqualTo(FLOOR);
    }
}
