package io.bstack.docs;

import java.util.ArrayList;
import java.util.List;

/**
 * The SQL examples of one Markdown document, as the tests run them: every block fenced as
 * {@code ```sql} (a block fenced as {@code ```sql no-run} is left out), in order, cut into
 * statements at lines ending with {@code ;}. A line {@code -- error SQLSTATE} before a statement
 * says it must fail with that SQLState; lines {@code -- > v1 | v2} after a query give its rows in
 * order ({@code NULL} for SQL NULL). Other comment lines are left out of the statement text.
 *
 * @param name the document's name in messages (its path)
 * @param steps the statements in document order
 */
record SqlDocument(String name, List<Step> steps) {
    /** The marker of an expected row. */
    static final String ROW = "-- >";
    /** The marker of an expected error. */
    static final String ERROR = "-- error";

    /**
     * One statement with what it must give.
     *
     * @param line the 1-based line of the document where the statement starts
     * @param sql the statement without its final {@code ;}
     * @param errorState the SQLState it must fail with, or {@code null} when it must succeed
     * @param rows the rows it must return, each cell as text; {@code null} when not checked
     */
    record Step(int line, String sql, String errorState, List<List<String>> rows) {
        /** Where the statement is, for messages. */
        String where(String document) {
            return document + ":" + line;
        }
    }

    /** Parses {@code markdown}; a malformed example (an unterminated statement, rows without a statement) is an error. */
    static SqlDocument parse(String name, String markdown) {
        List<Step> steps = new ArrayList<>();
        String[] lines = markdown.split("\r?\n", -1);
        boolean inSql = false;
        boolean inOther = false;
        StringBuilder sql = new StringBuilder();
        int start = 0;
        String error = null;
        int errorLine = 0;
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            String trimmed = line.strip();
            int number = i + 1;
            if (!inSql && !inOther) {
                if (trimmed.startsWith("```")) {
                    String info = trimmed.substring(3).strip();
                    if (info.equals("sql")) {
                        inSql = true;
                    } else {
                        inOther = true;
                    }
                }
                continue;
            }
            if (inOther) {
                if (trimmed.equals("```")) {
                    inOther = false;
                }
                continue;
            }
            if (trimmed.equals("```")) {
                if (!sql.isEmpty()) {
                    throw new IllegalArgumentException(name + ":" + start + ": statement without ';' at the end of the block");
                }
                if (error != null) {
                    throw new IllegalArgumentException(name + ":" + errorLine + ": '-- error' without a statement after it");
                }
                inSql = false;
                continue;
            }
            if (trimmed.startsWith(ROW)) {
                if (!sql.isEmpty() || steps.isEmpty()) {
                    throw new IllegalArgumentException(name + ":" + number + ": expected row not after a complete statement");
                }
                Step last = steps.removeLast();
                List<List<String>> rows = last.rows() == null ? new ArrayList<>() : new ArrayList<>(last.rows());
                rows.add(cells(trimmed.substring(ROW.length())));
                steps.add(new Step(last.line(), last.sql(), last.errorState(), rows));
                continue;
            }
            if (trimmed.startsWith(ERROR + " ") && sql.isEmpty()) {
                error = trimmed.substring(ERROR.length()).strip();
                errorLine = number;
                continue;
            }
            if (trimmed.startsWith("--") || (trimmed.isEmpty() && sql.isEmpty())) {
                continue;
            }
            if (sql.isEmpty()) {
                start = number;
            } else {
                sql.append('\n');
            }
            sql.append(line);
            if (trimmed.endsWith(";")) {
                String text = sql.toString().strip();
                steps.add(new Step(start, text.substring(0, text.length() - 1).strip(), error, null));
                sql.setLength(0);
                error = null;
            }
        }
        if (inSql) {
            throw new IllegalArgumentException(name + ": a ```sql block is not closed");
        }
        return new SqlDocument(name, List.copyOf(steps));
    }

    private static List<String> cells(String text) {
        List<String> cells = new ArrayList<>();
        for (String cell : text.split("\\|", -1)) {
            cells.add(cell.strip());
        }
        return cells;
    }
}
