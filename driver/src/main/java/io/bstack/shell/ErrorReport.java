package io.bstack.shell;

import java.sql.SQLException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How the shell shows a failed statement: {@code ERROR <SQLState>: <message>}, then where in the
 * script it happened. A syntax error's message names the line and column inside the statement
 * ({@code at line L, column C}, SQLState {@code 42000}); that position is moved into the script's
 * coordinates. Any other
 * error points at the start of its statement. Stateless.
 */
final class ErrorReport {
    /** The SQLState of syntax errors, whose messages carry a position. */
    private static final String SYNTAX = "42000";
    private static final Pattern POSITION = Pattern.compile("at line (\\d+), column (\\d+)");

    private ErrorReport() {
    }

    /** A position in a script: 1-based line and column. */
    record Position(int line, int column) {}

    /**
     * The lines describing {@code e} raised by a statement starting at {@code start} of
     * {@code source} (a file name, {@code -c} or {@code <stdin>}; null for no position line).
     */
    static String format(SQLException e, String source, Position start) {
        StringBuilder out = new StringBuilder("ERROR ");
        out.append(e.getSQLState() == null ? "HY000" : e.getSQLState()).append(": ").append(e.getMessage());
        if (source != null && start != null) {
            Position at = position(e, start);
            out.append(System.lineSeparator()).append("  at ").append(source).append(" line ").append(at.line())
                    .append(", column ").append(at.column());
        }
        return out.toString();
    }

    /** Where in the script {@code e} points: inside the statement when its message says so. */
    static Position position(SQLException e, Position start) {
        String message = e.getMessage() == null ? "" : e.getMessage();
        Matcher m = POSITION.matcher(message);
        if (!SYNTAX.equals(e.getSQLState()) || !m.find()) {
            return start;
        }
        int line = Integer.parseInt(m.group(1));
        int column = Integer.parseInt(m.group(2));
        return line == 1 ? new Position(start.line(), start.column() + column - 1)
                : new Position(start.line() + line - 1, column);
    }
}
