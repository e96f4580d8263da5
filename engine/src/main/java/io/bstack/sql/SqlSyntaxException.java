package io.bstack.sql;

import java.sql.SQLSyntaxErrorException;

/**
 * A statement that is not valid SQL for BStack DB. Always carries SQLState {@code 42000} and the
 * 1-based line and column of the offending token; the message quotes the statement with a
 * {@code [*]} marker at that position and lists what the parser expected there.
 */
public final class SqlSyntaxException extends SQLSyntaxErrorException {
    private static final long serialVersionUID = 1L;

    /** SQLState for every syntax error. */
    public static final String SQL_STATE = "42000";

    private final int line;
    private final int column;
    private final transient java.util.List<String> expected;

    /**
     * Creates the exception.
     *
     * @param message  the full message
     * @param line     1-based line of the error
     * @param column   1-based column of the error
     * @param expected what the parser would have accepted there (may be empty)
     */
    public SqlSyntaxException(String message, int line, int column, java.util.List<String> expected) {
        super(message, SQL_STATE);
        this.line = line;
        this.column = column;
        this.expected = java.util.List.copyOf(expected);
    }

    /** @return the 1-based line of the error */
    public int line() {
        return line;
    }

    /** @return the 1-based column of the error */
    public int column() {
        return column;
    }

    /** @return the tokens or constructs the parser expected at the error, in the order it tried them */
    public java.util.List<String> expected() {
        return expected == null ? java.util.List.of() : expected;
    }
}
