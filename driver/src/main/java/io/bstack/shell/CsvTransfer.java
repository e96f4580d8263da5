package io.bstack.shell;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * CSV import into a table and export of a table or query, through JDBC. An import reads the header
 * line as column names (matched to the table's columns ignoring case), inserts the rows in batches
 * inside one transaction — all rows or none, Ctrl-C included — and shows the rows so far on a
 * progress line. An
 * export writes the rows in {@link Csv}'s form, NULL as an empty unquoted field. Stateless.
 */
final class CsvTransfer {
    private static final int BATCH = 1000;
    private static final Pattern QUERY = Pattern.compile("(?is)^\\s*(SELECT|WITH|VALUES|TABLE|\\()\\b?.*");

    private CsvTransfer() {
    }

    /** Inserts the rows of {@code file} into {@code tableName}; prints how many. */
    static void importFile(Shell shell, Path file, String tableName) throws SQLException, IOException {
        Describer.TableName table = Describer.resolve(shell, tableName);
        Map<String, String> columns = new LinkedHashMap<>();
        try (ResultSet rs = shell.connection.getMetaData().getColumns(null, table.schema(), table.name(), "%")) {
            while (rs.next()) {
                if (rs.getString("TABLE_NAME").equals(table.name())) {
                    String c = rs.getString("COLUMN_NAME");
                    columns.put(c.toUpperCase(Locale.ROOT), c);
                }
            }
        }
        Connection c = shell.connection;
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            Csv csv = new Csv(reader);
            List<String> header = csv.next();
            if (header == null) {
                throw new SQLException("CSV file " + file + " is empty: it needs a header line naming the columns",
                        "22000");
            }
            List<String> targets = new ArrayList<>();
            for (String h : header) {
                String col = h == null ? null : columns.get(h.strip().toUpperCase(Locale.ROOT));
                if (col == null) {
                    throw new SQLException("CSV file " + file + ": column " + h + " of the header is not a column of "
                            + table.schema() + "." + table.name() + " (it has " + String.join(", ", columns.values())
                            + ")", "42S22");
                }
                targets.add(Describer.quote(col));
            }
            String sql = "INSERT INTO " + table.sql() + " (" + String.join(", ", targets) + ") VALUES ("
                    + String.join(", ", java.util.Collections.nCopies(targets.size(), "?")) + ")";
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            long rows = 0;
            long line = 0;
            try (PreparedStatement ps = c.prepareStatement(sql);
                    Progress progress = Progress.start(shell.err, "importing " + file.getFileName(), shell.progress)) {
                shell.track(ps);
                int pending = 0;
                List<String> record;
                while (true) {
                    line = csv.line();
                    record = csv.next();
                    if (record == null) {
                        break;
                    }
                    shell.checkCancel();
                    if (record.size() == 1 && record.get(0) == null) {
                        continue; // a blank line
                    }
                    if (record.size() != header.size()) {
                        throw new SQLException("CSV file " + file + " line " + line + ": " + record.size()
                                + " fields where the header has " + header.size(), "22000");
                    }
                    for (int i = 0; i < record.size(); i++) {
                        ps.setString(i + 1, record.get(i));
                    }
                    ps.addBatch();
                    rows++;
                    if (++pending == BATCH) {
                        ps.executeBatch();
                        pending = 0;
                        progress.rows(rows);
                    }
                }
                if (pending > 0) {
                    ps.executeBatch();
                }
                c.commit();
            } catch (SQLException | IOException | RuntimeException e) {
                c.rollback();
                if (e instanceof SQLException s && !s.getMessage().contains("CSV file")) {
                    throw new SQLException("CSV file " + file + " near line " + line + ": " + s.getMessage()
                            + " (nothing was imported)", s.getSQLState(), s);
                }
                throw e;
            } finally {
                shell.track(null);
                c.setAutoCommit(autoCommit);
            }
            shell.err.println("imported " + rows + (rows == 1 ? " row" : " rows") + " into " + table.schema() + "."
                    + table.name());
        }
    }

    /** Writes the rows of a table, or of a query, to {@code file}; prints how many. */
    static void exportFile(Shell shell, Path file, String tableOrQuery) throws SQLException, IOException {
        String sql = QUERY.matcher(tableOrQuery).matches() ? tableOrQuery
                : "SELECT * FROM " + Describer.resolve(shell, tableOrQuery).sql();
        long rows;
        try (Statement st = shell.connection.createStatement()) {
            shell.track(st);
            try (ResultSet rs = st.executeQuery(sql);
                    PrintStream out = new PrintStream(Files.newOutputStream(file), false, StandardCharsets.UTF_8)) {
                rows = new ResultPrinter(out, Integer.MAX_VALUE, false).print(rs, ResultPrinter.Format.CSV, () -> { });
                if (out.checkError()) {
                    throw new IOException("writing " + file + " failed");
                }
            }
        } finally {
            shell.track(null);
        }
        shell.err.println("exported " + rows + (rows == 1 ? " row" : " rows") + " to " + file);
    }
}
