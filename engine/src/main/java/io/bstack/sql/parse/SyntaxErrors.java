package io.bstack.sql.parse;

import io.bstack.sql.SqlSyntaxException;
import java.util.List;

/** Builds H2-style syntax error messages: the statement quoted with {@code [*]} at the error. */
final class SyntaxErrors {
    private SyntaxErrors() {
    }

    /**
     * @param sql      the whole text being parsed
     * @param offset   0-based offset of the error
     * @param problem  short description, or null
     * @param expected what would have been accepted
     */
    static SqlSyntaxException at(String sql, int offset, int line, int column, String problem, List<String> expected) {
        int from = statementStart(sql, offset);
        int to = sql.indexOf(';', offset);
        to = to < 0 ? sql.length() : to;
        String quoted = sql.substring(from, offset) + "[*]" + sql.substring(offset, to);
        StringBuilder message = new StringBuilder("Syntax error in SQL statement \"")
                .append(quoted.strip()).append("\" at line ").append(line).append(", column ").append(column);
        if (problem != null) {
            message.append(": ").append(problem);
        }
        if (!expected.isEmpty()) {
            message.append("; expected \"").append(String.join(", ", expected)).append('"');
        }
        return new SqlSyntaxException(message.toString(), line, column, expected);
    }

    /** Start of the statement around {@code offset}: just after the last ';' outside quotes before it. */
    private static int statementStart(String sql, int offset) {
        int start = 0;
        char quote = 0;
        for (int i = 0; i < offset && i < sql.length(); i++) {
            char c = sql.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
            } else if (c == ';') {
                start = i + 1;
            }
        }
        return start;
    }
}
