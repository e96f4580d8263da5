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

    /** Where records run: a JDBC connection, or any engine that executes SQL and returns rows. */
    interface Target {
        void execute(String sql) throws SQLException;

        /** The rows of a query (each row's values); {@code columns} receives the column count. */
        List<Object[]> query(String sql, int[] columns) throws SQLException;

        /** A target over a JDBC connection. */
        static Target of(Connection c) {
            return new Target() {
                @Override
                public void execute(String sql) throws SQLException {
                    try (Statement st = c.createStatement()) {
                        st.execute(sql);
                    }
                }

                @Override
                public List<Object[]> query(String sql, int[] columns) throws SQLException {
                    List<Object[]> rows = new ArrayList<>();
                    try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
                        columns[0] = rs.getMetaData().getColumnCount();
                        while (rs.next()) {
                            Object[] row = new Object[columns[0]];
                            for (int i = 0; i < row.length; i++) {
                                row[i] = rs.getObject(i + 1);
                            }
                            rows.add(row);
                        }
                    }
                    return rows;
                }
            };
        }
    }

    private final Target target;
    private final String engine;
    private final Map<String, String> labels = new HashMap<>();

    SltRunner(Connection connection, String engine) {
        this(Target.of(connection), engine);
    }

    SltRunner(Target target, String engine) {
        this.target = target;
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
        try {
            target.execute(s.sql());
            return s.expectError() ? "succeeded, an error was expected" : null;
        } catch (SQLException e) {
            return s.expectError() ? null : "failed: " + e.getSQLState() + " " + e.getMessage();
        } catch (RuntimeException e) {
            return "crashed: " + e;
        }
    }

    private String query(SltRecord.Query q) {
        List<String[]> rows = new ArrayList<>();
        try {
            int[] columns = new int[1];
            List<Object[]> result = target.query(q.sql(), columns);
            if (columns[0] != q.types().length()) {
                return columns[0] + " columns, the record says " + q.types().length();
            }
            for (Object[] r : result) {
                String[] row = new String[columns[0]];
                for (int c = 0; c < columns[0]; c++) {
                    row[c] = SltResults.format(r[c], q.types().charAt(c));
                }
                rows.add(row);
            }
        } catch (SQLException e) {
            return "failed: " + e.getSQLState() + " " + e.getMessage();
        } catch (RuntimeException e) {
            return "crashed: " + e;
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
