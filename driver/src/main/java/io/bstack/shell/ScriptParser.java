package io.bstack.shell;

import java.util.ArrayList;
import java.util.List;

/**
 * Cuts the text the shell reads, line by line, into pieces to run: SQL statements, each ending at a
 * {@code ;} outside quotes and comments (a statement may span lines), and shell commands, a line
 * starting with {@code \} where no statement is pending, up to the end of the line. Remembers where each piece starts (1-based
 * line and column of its first character that is not blank or a comment) so errors can point into
 * the script. A command may also follow the last {@code ;} of a line (handy with {@code -c}).
 * Comments before a statement are dropped; a text of comments alone runs nothing.
 *
 * <p>Not thread-safe: one parser per script or interactive session.
 */
final class ScriptParser {

    /** One statement (without its {@code ;}) or command, and where it starts. */
    record Piece(boolean command, String text, int line, int column) {}

    private final StringBuilder statement = new StringBuilder();
    private boolean hasCode;
    private int startLine;
    private int startColumn;
    private char quote;
    private boolean inBlockComment;
    private int lineNo;

    /** Reads one line (without its terminator) and returns the pieces it completes, in order. */
    List<Piece> feed(String line) {
        lineNo++;
        List<Piece> done = new ArrayList<>();
        if (!hasCode && quote == 0 && !inBlockComment && line.strip().startsWith("\\")) {
            statement.setLength(0);
            done.add(new Piece(true, line.strip(), lineNo, line.indexOf('\\') + 1));
            return done;
        }
        int n = line.length();
        for (int i = 0; i < n; i++) {
            char c = line.charAt(i);
            char next = i + 1 < n ? line.charAt(i + 1) : 0;
            if (inBlockComment) {
                append(c);
                if (c == '*' && next == '/') {
                    append(next);
                    i++;
                    inBlockComment = false;
                }
            } else if (quote != 0) {
                statement.append(c);
                if (c == quote) {
                    if (next == quote) {
                        statement.append(next);
                        i++;
                    } else {
                        quote = 0;
                    }
                }
            } else if (c == '-' && next == '-') {
                if (hasCode) {
                    statement.append(line, i, n);
                }
                break;
            } else if (c == '/' && next == '*') {
                inBlockComment = true;
                append(c);
                append(next);
                i++;
            } else if (c == ';') {
                if (hasCode) {
                    done.add(new Piece(false, statement.toString().strip(), startLine, startColumn));
                }
                statement.setLength(0);
                hasCode = false;
                String rest = line.substring(i + 1);
                if (rest.strip().startsWith("\\")) { // a command after the last statement of a line
                    done.add(new Piece(true, rest.strip(), lineNo, i + 2 + rest.indexOf('\\')));
                    return done;
                }
            } else {
                if (!hasCode && !Character.isWhitespace(c)) {
                    hasCode = true;
                    startLine = lineNo;
                    startColumn = i + 1;
                }
                if (hasCode) {
                    statement.append(c);
                }
                if (c == '\'' || c == '"') {
                    quote = c;
                }
            }
        }
        if (hasCode) {
            statement.append('\n');
        }
        return done;
    }

    /** Appends comment text, kept only inside a statement. */
    private void append(char c) {
        if (hasCode) {
            statement.append(c);
        }
    }

    /** Whether a statement has begun and not yet ended (the interactive prompt shows a continuation). */
    boolean pending() {
        return hasCode || quote != 0 || inBlockComment;
    }

    /** The statement left without a closing {@code ;} at the end of the text, or null; resets. */
    Piece finish() {
        Piece last = hasCode ? new Piece(false, statement.toString().strip(), startLine, startColumn) : null;
        reset();
        return last;
    }

    /** Forgets a pending statement (the interactive user pressed Ctrl-C). */
    void reset() {
        statement.setLength(0);
        hasCode = false;
        quote = 0;
        inBlockComment = false;
    }
}
