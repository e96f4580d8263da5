package io.bstack.sql.parse;

/**
 * One token: its class, its normalised text (see {@link TokenKind}), the 1-based line and column and
 * 0-based offset of its first character, and for parameters the 1-based parameter number.
 */
public record Token(TokenKind kind, String text, int line, int column, int offset, int parameterIndex) {

    /** @return whether this is the reserved word or operator {@code s} */
    public boolean is(String s) {
        return (kind == TokenKind.KEYWORD || kind == TokenKind.OPERATOR) && text.equals(s);
    }

    /** @return whether this is the unreserved word {@code word} written without quotes */
    public boolean isWord(String word) {
        return (kind == TokenKind.IDENTIFIER || kind == TokenKind.KEYWORD) && text.equals(word);
    }

    /** @return how the token is shown in error messages */
    public String describe() {
        return switch (kind) {
            case EOF -> "end of input";
            case STRING -> "'" + text + "'";
            case QUOTED_IDENTIFIER -> "\"" + text + "\"";
            default -> text;
        };
    }
}
