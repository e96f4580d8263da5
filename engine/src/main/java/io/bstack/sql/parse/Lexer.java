package io.bstack.sql.parse;

import io.bstack.sql.SqlSyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Splits SQL text into {@link Token}s with 1-based line and column. Regular identifiers are
 * upper-cased (as H2 does), "quoted" ones kept exactly with {@code ""} escapes; strings use
 * {@code ''} escapes; {@code --} and {@code /* *\/} comments are skipped. The list always ends
 * with an {@link TokenKind#EOF} token.
 */
public final class Lexer {
    private static final String[] OPERATORS = {
        "<>", "!=", "<=", ">=", "||", "=", "<", ">", "+", "-", "*", "/", "%", "(", ")", ",", ".", ";"
    };

    private final String sql;
    private int pos;
    private int line = 1;
    private int lineStart;
    private int parameters;

    private Lexer(String sql) {
        this.sql = sql;
    }

    /**
     * Tokenises the whole text.
     *
     * @throws SqlSyntaxException on an unterminated string, quoted identifier or comment, or a stray character
     */
    public static List<Token> tokenize(String sql) throws SqlSyntaxException {
        return new Lexer(sql).run();
    }

    private List<Token> run() throws SqlSyntaxException {
        List<Token> tokens = new ArrayList<>();
        while (true) {
            skipSpaceAndComments();
            if (pos >= sql.length()) {
                tokens.add(new Token(TokenKind.EOF, "", line, column(pos), pos, 0));
                return tokens;
            }
            tokens.add(next());
        }
    }

    private int column(int offset) {
        return offset - lineStart + 1;
    }

    private void newline(int at) {
        line++;
        lineStart = at + 1;
    }

    private void skipSpaceAndComments() throws SqlSyntaxException {
        while (pos < sql.length()) {
            char c = sql.charAt(pos);
            if (c == '\n') {
                newline(pos);
                pos++;
            } else if (Character.isWhitespace(c)) {
                pos++;
            } else if (sql.startsWith("--", pos)) {
                while (pos < sql.length() && sql.charAt(pos) != '\n') {
                    pos++;
                }
            } else if (sql.startsWith("/*", pos)) {
                int startLine = line;
                int startColumn = column(pos);
                int startOffset = pos;
                pos += 2;
                while (pos < sql.length() && !sql.startsWith("*/", pos)) {
                    if (sql.charAt(pos) == '\n') {
                        newline(pos);
                    }
                    pos++;
                }
                if (pos >= sql.length()) {
                    throw SyntaxErrors.at(sql, startOffset, startLine, startColumn, "unterminated comment", List.of("*/"));
                }
                pos += 2;
            } else {
                return;
            }
        }
    }

    private Token next() throws SqlSyntaxException {
        int start = pos;
        int startLine = line;
        int startColumn = column(pos);
        char c = sql.charAt(pos);
        if ((c == 'X' || c == 'x') && pos + 1 < sql.length() && sql.charAt(pos + 1) == '\'') {
            pos++;
            String hex = quoted('\'', start, startLine, startColumn);
            for (int i = 0; i < hex.length(); i++) {
                if (Character.digit(hex.charAt(i), 16) < 0) {
                    throw SyntaxErrors.at(sql, start, startLine, startColumn, "bad hex digit in binary literal",
                            List.of("hex digit"));
                }
            }
            if (hex.length() % 2 != 0) {
                throw SyntaxErrors.at(sql, start, startLine, startColumn, "odd number of hex digits", List.of("hex digit"));
            }
            return new Token(TokenKind.BINARY_STRING, hex.toUpperCase(Locale.ROOT), startLine, startColumn, start, 0);
        }
        if (Character.isLetter(c) || c == '_') {
            return word(start, startLine, startColumn);
        }
        if (Character.isDigit(c) || (c == '.' && pos + 1 < sql.length() && Character.isDigit(sql.charAt(pos + 1)))) {
            return number(start, startLine, startColumn);
        }
        if (c == '\'') {
            return new Token(TokenKind.STRING, quoted('\'', start, startLine, startColumn), startLine, startColumn, start, 0);
        }
        if (c == '"') {
            String name = quoted('"', start, startLine, startColumn);
            if (name.isEmpty()) {
                throw SyntaxErrors.at(sql, start, startLine, startColumn, "empty quoted identifier", List.of("identifier"));
            }
            return new Token(TokenKind.QUOTED_IDENTIFIER, name, startLine, startColumn, start, 0);
        }
        if (c == '?') {
            pos++;
            return new Token(TokenKind.PARAMETER, "?", startLine, startColumn, start, ++parameters);
        }
        for (String op : OPERATORS) {
            if (sql.startsWith(op, pos)) {
                pos += op.length();
                return new Token(TokenKind.OPERATOR, op, startLine, startColumn, start, 0);
            }
        }
        throw SyntaxErrors.at(sql, start, startLine, startColumn, "unexpected character '" + c + "'", List.of());
    }

    private Token word(int start, int startLine, int startColumn) throws SqlSyntaxException {
        while (pos < sql.length() && (Character.isLetterOrDigit(sql.charAt(pos)) || sql.charAt(pos) == '_'
                || sql.charAt(pos) == '$')) {
            pos++;
        }
        String word = sql.substring(start, pos).toUpperCase(Locale.ROOT);
        TokenKind literal = switch (word) {
            case "DATE" -> TokenKind.DATE_LITERAL;
            case "TIME" -> TokenKind.TIME_LITERAL;
            case "TIMESTAMP" -> TokenKind.TIMESTAMP_LITERAL;
            default -> null;
        };
        if (literal != null) {
            int save = pos;
            int saveLine = line;
            int saveLineStart = lineStart;
            skipSpaceAndComments();
            if (pos < sql.length() && sql.charAt(pos) == '\'') {
                return new Token(literal, quoted('\'', start, startLine, startColumn), startLine, startColumn, start, 0);
            }
            pos = save;
            line = saveLine;
            lineStart = saveLineStart;
        }
        TokenKind kind = Keywords.isReserved(word) ? TokenKind.KEYWORD : TokenKind.IDENTIFIER;
        return new Token(kind, word, startLine, startColumn, start, 0);
    }

    private Token number(int start, int startLine, int startColumn) throws SqlSyntaxException {
        TokenKind kind = TokenKind.INTEGER;
        digits();
        if (pos < sql.length() && sql.charAt(pos) == '.') {
            kind = TokenKind.DECIMAL;
            pos++;
            digits();
        }
        if (pos < sql.length() && (sql.charAt(pos) == 'e' || sql.charAt(pos) == 'E')) {
            int mark = pos;
            pos++;
            if (pos < sql.length() && (sql.charAt(pos) == '+' || sql.charAt(pos) == '-')) {
                pos++;
            }
            if (pos < sql.length() && Character.isDigit(sql.charAt(pos))) {
                digits();
                kind = TokenKind.APPROXIMATE;
            } else {
                pos = mark;
            }
        }
        if (pos < sql.length() && (Character.isLetter(sql.charAt(pos)) || sql.charAt(pos) == '_')) {
            throw SyntaxErrors.at(sql, start, startLine, startColumn, "malformed number", List.of("number"));
        }
        return new Token(kind, sql.substring(start, pos).toUpperCase(Locale.ROOT), startLine, startColumn, start, 0);
    }

    private void digits() {
        while (pos < sql.length() && Character.isDigit(sql.charAt(pos))) {
            pos++;
        }
    }

    /** Reads a quote-delimited run starting at {@code pos}, doubling the quote as its escape. */
    private String quoted(char quote, int start, int startLine, int startColumn) throws SqlSyntaxException {
        StringBuilder value = new StringBuilder();
        pos++;
        while (true) {
            if (pos >= sql.length()) {
                throw SyntaxErrors.at(sql, start, startLine, startColumn,
                        quote == '"' ? "unterminated quoted identifier" : "unterminated string", List.of(String.valueOf(quote)));
            }
            char c = sql.charAt(pos);
            if (c == quote) {
                if (pos + 1 < sql.length() && sql.charAt(pos + 1) == quote) {
                    value.append(quote);
                    pos += 2;
                    continue;
                }
                pos++;
                return value.toString();
            }
            if (c == '\n') {
                newline(pos);
            }
            value.append(c);
            pos++;
        }
    }
}
