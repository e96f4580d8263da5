package io.bstack.slt;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs sqllogictest records over a JDBC connection, as the engine named {@code engine} (for
 * {@code skipif}/{@code onlyif}), and says which pass. One runner per file: it keeps the file's
 * query labels. Whether an expected block is hashed is read from the block itself.
 */
final class SltRunner {
    private static final Pattern HASHED = Pattern.compile("(\\d+) values hashing to ([0-9a-f]{32})");

    /** A record that did not pass. */
    record Failure(int line, String sql, String reason) {}

    /** What one file did. */
    record FileResult(int passed, int failed, int skipped, List<Failure> failures) {
        int run() {
            return passed + failed;
        }
    }

    private final Connection connection;
    private final String engine;
    private final Map<String, String> labels = new HashMap<>();

    SltRunner(Connection connection, String engine) {
        this.connection = connection;
        this.engine = engine;
    }

    FileResult run(List<SltRecord> records) {
        int passed = 0;
        int skipped = 0;
        List<Failure> failures = new ArrayList<>();
        for (SltRecord r : records) {
            List<SltRecord.Condition> conditions;
            String sql;
            switch (r) {
                case SltRecord.Halt h -> {
                    return new FileResult(passed, failures.size(), skipped, failures);
                }
                case SltRecord.HashThreshold t -> {
                    continue; // the expected blocks already say whether they are hashed
                }
                case SltRecord.Statement s -> {
                    conditions = s.conditions();
                    sql = s.sql();
                }
                case SltRecord.Query q -> {
                    conditions = q.conditions();
                    sql = q.sql();
                }
            }
            if (!allowed(conditions)) {
                skipped++;
                continue;
            }
            String failure = r instanceof SltRecord.Query q ? query(q) : statement((SltRecord.Statement) r);
            if (failure == null) {
                passed++;
            } else {
                failures.add(new Failure(r.line(), sql, failure));
            }
        }
        return new FileResult(passed, failures.size(), skipped, failures);
    }

    private boolean allowed(List<SltRecord.Condition> conditions) {
        for (SltRecord.Condition c : conditions) {
            if (!c.allows(engine)) {
                return false;
            }
        }
        return true;
    }

    private String statement(SltRecord.Statement s) {
        try (Statement st = connection.createStatement()) {
            st.execute(s.sql());
            return s.expectError() ? "succeeded, an error was expected" : null;
        } catch (SQLException e) {
            return s.expectError() ? null : "failed: " + e.getSQLState() + " " + e.getMessage();
        }
    }

    private String query(SltRecord.Query q) {
        List<String[]> rows = new ArrayList<>();
        try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery(q.sql())) {
            int columns = rs.getMetaData().getColumnCount();
            if (columns != q.types().length()) {
                return columns + " columns, the record says " + q.types().length();
            }
            while (rs.next()) {
                String[] row = new String[columns];
                for (int c = 0; c < columns; c++) {
                    row[c] = SltResults.format(rs.getObject(c + 1), q.types().charAt(c));
                }
                rows.add(row);
            }
        } catch (SQLException e) {
            return "failed: " + e.getSQLState() + " " + e.getMessage();
        }
        List<String> values = SltResults.sorted(rows, q.sort());
        String hash = values.size() + " values hashing to " + SltResults.md5(values);
        if (q.label() != null) {
            String before = labels.putIfAbsent(q.label(), hash);
            if (before != null && !before.equals(hash)) {
                return "label " + q.label() + ": " + hash + ", an earlier query with the label gave " + before;
            }
        }
        List<String> expected = q.expected();
        if (expected.size() == 1) {
            Matcher m = HASHED.matcher(expected.get(0).strip());
            if (m.matches()) {
                return hash.equals(m.group(0)) ? null : "got " + hash + ", expected " + m.group(0);
            }
        }
        if (!values.equals(expected)) {
            return "got " + abbreviate(values) + ", expected " + abbreviate(expected);
        }
        return null;
    }

    private static String abbreviate(List<String> values) {
        String s = values.toString();
        return s.length() > 300 ? s.substring(0, 300) + "... (" + values.size() + " values)" : s;
    }
}
