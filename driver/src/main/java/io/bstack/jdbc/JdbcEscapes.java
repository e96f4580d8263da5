package io.bstack.jdbc;

import java.sql.SQLException;
import java.util.Locale;
import java.util.Map;

/**
 * Translates JDBC escape syntax (JDBC 4.3 section 13.4) to BStack SQL, for
 * {@code Connection.nativeSQL} and statements with escape processing on:
 * <ul>
 * <li>{@code {fn name(args)}} → {@code name(args)}, with the JDBC names we spell differently mapped:
 * UCASE → UPPER, LCASE → LOWER, CURDATE() → CURRENT_DATE, CURTIME() → CURRENT_TIME, NOW() →
 * CURRENT_TIMESTAMP (CURRENT_DATE(), CURRENT_TIME() and CURRENT_TIMESTAMP() also lose their
 * parentheses), SPACE(n) → REPEAT(' ', n), CONVERT(value, SQL_type) → CAST(value AS type) (SQL_CHAR
 * and the other character types as VARCHAR, SQL_BIT as BOOLEAN, SQL_GUID as UUID; a name without
 * {@code SQL_} is used as written). Other names pass through unchanged; those the engine
 * lacks (e.g. DATABASE, USER, SOUNDEX) then fail when the statement is prepared;</li>
 * <li>{@code {d '…'}}, {@code {t '…'}}, {@code {ts '…'}} → {@code DATE '…'}, {@code TIME '…'},
 * {@code TIMESTAMP '…'};</li>
 * <li>{@code {oj join}} → {@code join};</li>
 * <li>{@code {call p(?)}} and {@code {? = call p(?)}} → {@code CALL p(?)}
 * ({@link Translation#returnsValue()} tells the second form);</li>
 * <li>{@code {escape 'c'}} → {@code ESCAPE 'c'}; {@code {limit n [offset m]}} → {@code LIMIT n [OFFSET m]}.</li>
 * </ul>
 * Escapes nest; keywords are case-insensitive. Braces inside string literals ({@code '…'}), quoted
 * identifiers ({@code "…"}), {@code $$…$$} strings and comments ({@code --} to end of line,
 * {@code /* … *}{@code /}) are left alone. Unbalanced braces and unknown escapes raise
 * {@link java.sql.SQLSyntaxErrorException} with SQLState {@code 42000} and the 0-based index.
 * Text without {@code {}} is returned as the same instance. Stateless and thread-safe.
 */
final class JdbcEscapes {
    private static final Map<String, String> FUNCTIONS = Map.of(
            "UCASE", "UPPER",
            "LCASE", "LOWER",
            "CURDATE", "CURRENT_DATE",
            "CURTIME", "CURRENT_TIME",
            "NOW", "CURRENT_TIMESTAMP",
            "CURRENT_DATE", "CURRENT_DATE",
            "CURRENT_TIME", "CURRENT_TIME",
            "CURRENT_TIMESTAMP", "CURRENT_TIMESTAMP");

    /** The ODBC/JDBC type names of {@code {fn convert(value, type)}}, as our types. */
    private static final Map<String, String> CONVERT_TYPES = Map.ofEntries(
            Map.entry("SQL_BIGINT", "BIGINT"),
            Map.entry("SQL_BINARY", "VARBINARY"),
            Map.entry("SQL_BIT", "BOOLEAN"),
            Map.entry("SQL_BOOLEAN", "BOOLEAN"),
            Map.entry("SQL_CHAR", "VARCHAR"),
            Map.entry("SQL_DATE", "DATE"),
            Map.entry("SQL_DECIMAL", "DECIMAL"),
            Map.entry("SQL_DOUBLE", "DOUBLE PRECISION"),
            Map.entry("SQL_FLOAT", "FLOAT"),
            Map.entry("SQL_GUID", "UUID"),
            Map.entry("SQL_INTEGER", "INTEGER"),
            Map.entry("SQL_LONGVARBINARY", "VARBINARY"),
            Map.entry("SQL_LONGVARCHAR", "VARCHAR"),
            Map.entry("SQL_NUMERIC", "NUMERIC"),
            Map.entry("SQL_REAL", "REAL"),
            Map.entry("SQL_SMALLINT", "SMALLINT"),
            Map.entry("SQL_TIME", "TIME"),
            Map.entry("SQL_TIMESTAMP", "TIMESTAMP"),
            Map.entry("SQL_TINYINT", "TINYINT"),
            Map.entry("SQL_VARBINARY", "VARBINARY"),
            Map.entry("SQL_VARCHAR", "VARCHAR"),
            Map.entry("SQL_WCHAR", "VARCHAR"),
            Map.entry("SQL_WLONGVARCHAR", "VARCHAR"),
            Map.entry("SQL_WVARCHAR", "VARCHAR"));

    /**
     * The translated SQL and whether it came from {@code {? = call …}}.
     *
     * @param sql          the statement with every escape replaced
     * @param returnsValue whether a {@code {? = call …}} escape was used (its first parameter is the result)
     */
    public record Translation(String sql, boolean returnsValue) {
    }

    private JdbcEscapes() {
    }

    /** @return {@code sql} with JDBC escapes translated ({@code sql} itself if it has no {@code {}}) */
    public static String translate(String sql) throws SQLException {
        return parse(sql).sql();
    }

    /** @return whether {@code sql} uses the {@code {? = call …}} escape */
    public static boolean returnsValue(String sql) throws SQLException {
        return parse(sql).returnsValue();
    }

    /** @return the translation of {@code sql} and whether it is a {@code {? = call …}} */
    public static Translation parse(String sql) throws SQLException {
        if (sql.indexOf('{') < 0 && sql.indexOf('}') < 0) {
            return new Translation(sql, false);
        }
        Scanner s = new Scanner(sql);
        StringBuilder out = new StringBuilder(sql.length());
        s.copy(out, -1);
        return new Translation(out.toString(), s.returnsValue);
    }

    private static final class Scanner {
        private final String sql;
        private int pos;
        private boolean returnsValue;

        Scanner(String sql) {
            this.sql = sql;
        }

        /** Copies up to the '}' closing the escape opened at {@code open} (consumed), or to the end if -1. */
        void copy(StringBuilder to, int open) throws SQLException {
            int n = sql.length();
            while (pos < n) {
                char c = sql.charAt(pos);
                if (c == '\'' || c == '"') {
                    int end = sql.indexOf(c, pos + 1);
                    while (end >= 0 && end + 1 < n && sql.charAt(end + 1) == c) {
                        end = sql.indexOf(c, end + 2);
                    }
                    skipTo(to, end < 0 ? n : end + 1);
                } else if (c == '-' && sql.startsWith("--", pos)) {
                    int end = sql.indexOf('\n', pos);
                    skipTo(to, end < 0 ? n : end + 1);
                } else if (c == '/' && sql.startsWith("/*", pos)) {
                    int end = sql.indexOf("*/", pos + 2);
                    skipTo(to, end < 0 ? n : end + 2);
                } else if (c == '$' && sql.startsWith("$$", pos)) {
                    int end = sql.indexOf("$$", pos + 2);
                    skipTo(to, end < 0 ? n : end + 2);
                } else if (c == '{') {
                    escape(to);
                } else if (c == '}') {
                    if (open < 0) {
                        throw error("unmatched '}'", pos);
                    }
                    pos++;
                    return;
                } else {
                    to.append(c);
                    pos++;
                }
            }
            if (open >= 0) {
                throw error("the escape opened here has no closing '}'", open);
            }
        }

        private void skipTo(StringBuilder to, int end) {
            to.append(sql, pos, end);
            pos = end;
        }

        private void escape(StringBuilder to) throws SQLException {
            int open = pos++;
            skipSpaces();
            String keyword;
            if (pos < sql.length() && sql.charAt(pos) == '?') {
                pos++;
                skipSpaces();
                if (pos >= sql.length() || sql.charAt(pos) != '=') {
                    throw error("expected '=' after '{?'", pos);
                }
                pos++;
                skipSpaces();
                int at = pos;
                if (!word().equalsIgnoreCase("call")) {
                    throw error("expected CALL after '{? ='", at);
                }
                returnsValue = true;
                keyword = "call";
            } else {
                keyword = word().toLowerCase(Locale.ROOT);
            }
            switch (keyword) {
                case "fn" -> function(to, open);
                case "d" -> to.append("DATE ").append(inner(open));
                case "t" -> to.append("TIME ").append(inner(open));
                case "ts" -> to.append("TIMESTAMP ").append(inner(open));
                case "oj" -> to.append(inner(open));
                case "call" -> to.append("CALL ").append(inner(open));
                case "escape" -> to.append("ESCAPE ").append(inner(open));
                case "limit" -> to.append("LIMIT ").append(inner(open));
                default -> throw error(keyword.isEmpty() ? "missing escape keyword after '{'"
                        : "unknown escape '{" + keyword + "'", open);
            }
        }

        private void function(StringBuilder to, int open) throws SQLException {
            skipSpaces();
            int at = pos;
            while (pos < sql.length() && (Character.isLetterOrDigit(sql.charAt(pos)) || sql.charAt(pos) == '_')) {
                pos++;
            }
            if (at == pos) {
                throw error("missing function name after '{fn'", at);
            }
            String name = sql.substring(at, pos);
            String upper = name.toUpperCase(Locale.ROOT);
            String rest = inner(open);
            String mapped = FUNCTIONS.get(upper);
            if (mapped != null && mapped.startsWith("CURRENT_")) {
                String args = rest.strip();
                if (args.startsWith("(") && args.substring(1).strip().equals(")")) {
                    rest = "";
                }
                to.append(mapped).append(rest);
            } else if (mapped != null) {
                to.append(mapped).append(rest);
            } else if (upper.equals("CONVERT")) {
                to.append(convert(rest, at));
            } else if (upper.equals("SPACE") && rest.strip().startsWith("(")) {
                String args = rest.strip();
                to.append("REPEAT(' ', ").append(args, 1, args.length());
            } else {
                to.append(name).append(rest);
            }
        }

        /** @return {@code CAST(value AS type)} for the arguments {@code (value, type)} of CONVERT */
        private String convert(String args, int at) throws SQLException {
            int comma = -1;
            int depth = 0;
            char quote = 0;
            for (int i = 0; i < args.length(); i++) {
                char c = args.charAt(i);
                if (quote != 0) {
                    quote = c == quote ? 0 : quote;
                } else if (c == '\'' || c == '"') {
                    quote = c;
                } else if (c == '(') {
                    depth++;
                } else if (c == ')') {
                    depth--;
                    if (depth == 0 && i != args.length() - 1) {
                        throw error("CONVERT takes (value, type) and nothing after it", at);
                    }
                } else if (c == ',' && depth == 1) {
                    comma = i;
                }
            }
            if (!args.startsWith("(") || !args.endsWith(")") || depth != 0 || comma < 0) {
                throw error("CONVERT takes (value, type)", at);
            }
            String value = args.substring(1, comma).strip();
            String type = args.substring(comma + 1, args.length() - 1).strip();
            String upper = type.toUpperCase(Locale.ROOT);
            String ours = CONVERT_TYPES.get(upper);
            if (ours == null) {
                ours = upper.startsWith("SQL_") ? type.substring(4) : type;
            }
            if (value.isEmpty() || ours.isEmpty()) {
                throw error("CONVERT takes (value, type)", at);
            }
            return "CAST(" + value + " AS " + ours + ")";
        }

        /** @return the translated text up to the closing '}', trimmed */
        private String inner(int open) throws SQLException {
            StringBuilder b = new StringBuilder();
            copy(b, open);
            return b.toString().strip();
        }

        private String word() {
            int at = pos;
            while (pos < sql.length() && Character.isLetter(sql.charAt(pos))) {
                pos++;
            }
            return sql.substring(at, pos);
        }

        private void skipSpaces() {
            while (pos < sql.length() && Character.isWhitespace(sql.charAt(pos))) {
                pos++;
            }
        }

        private SQLException error(String message, int index) {
            return SqlExceptions.of("JDBC escape syntax error at index " + index + ": " + message + " in \""
                    + sql + "\"", SqlExceptions.SYNTAX, null);
        }
    }
}
