package io.bstack.sql.parse;

/** Lexical classes of SQL tokens. */
public enum TokenKind {
    /** A regular identifier, upper-cased, that is not a reserved word. */
    IDENTIFIER,
    /** A "quoted" identifier, kept exactly. */
    QUOTED_IDENTIFIER,
    /** A reserved word (see {@link Keywords}), upper-cased. */
    KEYWORD,
    /** An unsigned integer literal. */
    INTEGER,
    /** An unsigned exact decimal literal with a point. */
    DECIMAL,
    /** An unsigned approximate literal with an exponent. */
    APPROXIMATE,
    /** A 'string' literal; the token text is the unescaped value. */
    STRING,
    /** An X'hex' literal; the token text is the upper-case hex digits. */
    BINARY_STRING,
    /** DATE 'value'; the token text is the value. */
    DATE_LITERAL,
    /** TIME 'value'; the token text is the value. */
    TIME_LITERAL,
    /** TIMESTAMP 'value'; the token text is the value. */
    TIMESTAMP_LITERAL,
    /** A ? parameter, numbered in order. */
    PARAMETER,
    /** An operator or punctuation. */
    OPERATOR,
    /** End of input. */
    EOF
}
