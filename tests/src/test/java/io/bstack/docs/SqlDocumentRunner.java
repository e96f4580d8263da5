package io.bstack.docs;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a {@link SqlDocument} on a fresh private in-memory database ({@code jdbc:bstack:mem:}, whose SQL may
 * name the functions of {@code io.bstack.docs}, as docs/user-functions.md does) and
 * says, for each statement that did not do what the document claims, where it is and what happened.
 * Cells are compared as {@link ResultSet#getString} gives them without spaces at either end (a
 * document cannot show them), {@code NULL} for SQL NULL.
 */
final class SqlDocumentRunner {
    private SqlDocumentRunner() {
    }

    /** The mismatches of {@code doc} on a new in-memory database; empty when every example holds. */
    static List<String> run(SqlDocument doc) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:bstack:mem:;functionClasses=io.bstack.docs.*")) {
            return run(doc, c);
        }
    }

    /** The mismatches of {@code doc}, run on {@code c}. */
    static List<String> run(SqlDocument doc, Connection c) {
        List<String> mismatches = new ArrayList<>();
        for (SqlDocument.Step step : doc.steps()) {
            String problem = check(step, c);
            if (problem != null) {
                mismatches.add(step.where(doc.name()) + ": " + problem + "\n    " + step.sql().replace("\n", "\n    "));
            }
        }
        return mismatches;
    }

    private static String check(SqlDocument.Step step, Connection c) {
        List<List<String>> rows = null;
        try (Statement s = c.createStatement()) {
            if (s.execute(step.sql())) {
                rows = rows(s.getResultSet());
            }
        } catch (SQLException e) {
            if (step.errorState() == null) {
                return "failed with " + e.getSQLState() + ": " + e.getMessage();
            }
            if (!step.errorState().equals(e.getSQLState())) {
                return "expected error " + step.errorState() + " but got " + e.getSQLState() + ": " + e.getMessage();
            }
            return null;
        }
        if (step.errorState() != null) {
            return "expected error " + step.errorState() + " but it succeeded";
        }
        if (step.rows() == null) {
            return null;
        }
        if (rows == null) {
            return "expected rows " + step.rows() + " but the statement returned no result set";
        }
        if (!rows.equals(step.rows())) {
            return "expected rows " + step.rows() + "\n    but got       " + rows;
        }
        return null;
    }

    private static List<List<String>> rows(ResultSet r) throws SQLException {
        try (r) {
            int columns = r.getMetaData().getColumnCount();
            List<List<String>> rows = new ArrayList<>();
            while (r.next()) {
                List<String> row = new ArrayList<>(columns);
                for (int i = 1; i <= columns; i++) {
                    String v = r.getString(i);
                    row.add(v == null ? "NULL" : v.strip());
                }
                rows.add(row);
            }
            return rows;
        }
    }
}
