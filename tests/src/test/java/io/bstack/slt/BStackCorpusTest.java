package io.bstack.slt;

import static org.assertj.core.api.Assertions.assertThat;

import io.bstack.sql.Database;
import io.bstack.sql.Session;
import io.bstack.sql.ast.Statement;
import io.bstack.sql.exec.QueryResult;
import io.bstack.sql.parse.Parser;
import io.bstack.tx.Durability;
import io.bstack.tx.TxOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sqllogictest corpus on BStack DB through a {@link Session} (the JDBC driver is the next
 * issue): one database file per script, under the name {@code bstack}. Prints the pass rate per file
 * and the most frequent failure reasons; fails if the rate falls below the floor this version
 * reached, so a change that breaks passing records is caught.
 */
class BStackCorpusTest {
    /** The pass rate this version reached (97.3 % at stride 10), less a margin for other strides. */
    private static final double FLOOR = 0.96;

    @TempDir
    Path dir;

    private static List<Object[]> drain(QueryResult r, int[] columns) throws SQLException {
        try (r) {
            columns[0] = r.labels().size();
            List<Object[]> rows = new ArrayList<>();
            while (r.next()) {
                Object[] row = new Object[columns[0]];
                for (int i = 0; i < row.length; i++) {
                    row[i] = r.get(i);
                }
                rows.add(row);
            }
            return rows;
        }
    }

    @Test
    void runsTheCorpus() throws IOException, SQLException {
        Assumptions.assumeFalse(Corpus.files().isEmpty(), "the corpus is not beside this checkout");
        int[] n = {0};
        Corpus.Report r = Corpus.run(() -> {
            Path file = Files.createTempDirectory(dir, "db").resolve("slt" + (n[0]++) + ".bstack");
            Database db = Database.open(file, TxOptions.defaults().withDurability(Durability.OFF));
            Session s = new Session(db);
            SltRunner.Target target = new SltRunner.Target() {
                @Override
                public void execute(String sql) throws SQLException {
                    if (Parser.parse(sql) instanceof Statement.QueryStatement) {
                        drain(s.query(sql), new int[1]);
                    } else {
                        s.execute(sql);
                    }
                }

                @Override
                public List<Object[]> query(String sql, int[] columns) throws SQLException {
                    return drain(s.query(sql), columns);
                }
            };
            return new Corpus.Opened(target, () -> {
                s.close();
                db.close();
            });
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
