package io.bstack.sql.eval;

import java.sql.SQLDataException;
import java.sql.SQLException;
import java.sql.SQLSyntaxErrorException;

/**
 * The errors expression compilation and evaluation raise, each a {@link SQLException} subclass with
 * a standard SQLState: data exceptions (class 22) are {@link SQLDataException}s, binding and type
 * errors (class 42) are {@link SQLSyntaxErrorException}s. Messages quote the offending value and
 * name the types involved, in the style of H2.
 */
public final class SqlErrors {
    /** Numeric value out of range. */
    public static final String NUMERIC_OUT_OF_RANGE = "22003";
    /** Division by zero. */
    public static final String DIVISION_BY_ZERO = "22012";
    /** Invalid character value for cast. */
    public static final String INVALID_CHARACTER_VALUE = "22018";
    /** String data, right truncation. */
    public static final String STRING_TRUNCATION = "22001";
    /** Invalid datetime format. */
    public static final String INVALID_DATETIME_FORMAT = "22007";
    /** Datetime field overflow. */
    public static final String DATETIME_OVERFLOW = "22008";
    /** Invalid escape character (LIKE ... ESCAPE). */
    public static final String INVALID_ESCAPE_CHARACTER = "22019";
    /** Invalid escape sequence (LIKE pattern). */
    public static final String INVALID_ESCAPE_SEQUENCE = "22025";
    /** Invalid argument value of a function. */
    public static final String INVALID_PARAMETER_VALUE = "22023";
    /** A scalar subquery returned more than one row. */
    public static final String CARDINALITY_VIOLATION = "21000";
    /** Operands whose types cannot be combined. */
    public static final String TYPE_MISMATCH = "42804";
    /** Syntax error or access rule violation (unknown data type, bad type arguments, wrong argument count). */
    public static final String SYNTAX_OR_ACCESS = "42000";
    /** Column not found. */
    public static final String COLUMN_NOT_FOUND = "42S22";
    /** Ambiguous column reference. */
    public static final String AMBIGUOUS_COLUMN = "42702";
    /** Function not found. */
    public static final String FUNCTION_NOT_FOUND = "42883";
    /** General error. */
    public static final String GENERAL = "HY000";

    private SqlErrors() {
    }

    private static SQLDataException data(String state, String message) {
        return new SQLDataException(message, state);
    }

    private static SQLSyntaxErrorException syntax(String state, String message) {
        return new SQLSyntaxErrorException(message, state);
    }

    /** @return 22003 for a value that does not fit its (named) type */
    public static SQLDataException numericOutOfRange(Object value) {
        return data(NUMERIC_OUT_OF_RANGE, "Numeric value out of range: \"" + value + "\"");
    }

    /** @return 22012 for a division or modulus by zero of {@code dividend} */
    public static SQLDataException divisionByZero(Object dividend) {
        return data(DIVISION_BY_ZERO, "Division by zero: \"" + dividend + "\"");
    }

    /** @return 22018 for a value that cannot be converted */
    public static SQLDataException invalidCharacterValue(Object value, ColumnType to) {
        return data(INVALID_CHARACTER_VALUE, "Data conversion error converting \"" + show(value) + "\" to " + to.sqlName());
    }

    /** @return 22018 for a conversion between types that have none */
    public static SQLDataException impossibleConversion(ColumnType from, ColumnType to) {
        return data(INVALID_CHARACTER_VALUE, "Data conversion error converting \"" + from.sqlName() + " to "
                + to.sqlName() + "\"");
    }

    /** @return 22001 for a value too long for its type */
    public static SQLDataException stringTruncation(ColumnType to, Object value, long length) {
        return data(STRING_TRUNCATION, "Value too long for column \"" + to.sqlName() + "\": \"" + show(value)
                + " (" + length + ")\"");
    }

    /** @return 22007 for text that is not a valid date, time or timestamp */
    public static SQLDataException invalidDatetime(ColumnType to, String text) {
        return data(INVALID_DATETIME_FORMAT, "Cannot parse \"" + to.sqlName() + "\" constant \"" + text + "\"");
    }

    /** @return 22008 for a date/time computation outside the supported range */
    public static SQLDataException datetimeOverflow(Object value) {
        return data(DATETIME_OVERFLOW, "Datetime field overflow: \"" + value + "\"");
    }

    /** @return 22019 for an ESCAPE that is not a single character */
    public static SQLDataException invalidEscapeCharacter(String escape) {
        return data(INVALID_ESCAPE_CHARACTER, "Error in LIKE ESCAPE: \"" + escape + "\"");
    }

    /** @return 22025 for a LIKE pattern with a dangling escape character */
    public static SQLDataException invalidEscapeSequence(String pattern) {
        return data(INVALID_ESCAPE_SEQUENCE, "Error in LIKE ESCAPE: \"" + pattern + "\"");
    }

    /** @return 22023 for a function argument outside the function's domain */
    public static SQLDataException invalidParameterValue(String function, Object value) {
        return data(INVALID_PARAMETER_VALUE, "Invalid value \"" + show(value) + "\" for parameter of " + function);
    }

    /** @return 21000 for a scalar subquery with more than one row */
    public static SQLException cardinality() {
        return new SQLException("Scalar subquery contains more than one row", CARDINALITY_VIOLATION);
    }

    /** @return 42804 for operands of types an operation cannot combine */
    public static SQLSyntaxErrorException typeMismatch(ColumnType a, String operation, ColumnType b) {
        return syntax(TYPE_MISMATCH, "Values of types \"" + a.sqlName() + "\" and \"" + b.sqlName()
                + "\" are not comparable or combinable with " + operation);
    }

    /** @return 42804 for an operand whose type an operation does not accept */
    public static SQLSyntaxErrorException typeMismatch(String operation, ColumnType a) {
        return syntax(TYPE_MISMATCH, "Operation " + operation + " is not defined for \"" + a.sqlName() + "\"");
    }

    /** @return 42000 for a type name the engine does not know */
    public static SQLSyntaxErrorException unknownDataType(String name) {
        return syntax(SYNTAX_OR_ACCESS, "Unknown data type: \"" + name + "\"");
    }

    /** @return 42000 for a known type with bad arguments */
    public static SQLSyntaxErrorException invalidType(String type, String problem) {
        return syntax(SYNTAX_OR_ACCESS, "Invalid data type \"" + type + "\": " + problem);
    }

    /** @return 42000 for a call with the wrong number of arguments */
    public static SQLSyntaxErrorException argumentCount(String function, int min, int max) {
        String expected = min == max ? Integer.toString(min) : max == Integer.MAX_VALUE ? min + ".." : min + ".." + max;
        return syntax(SYNTAX_OR_ACCESS, "Invalid parameter count for \"" + function + "\", expected count: \"" + expected + "\"");
    }

    /** @return 42000 for a construct not valid where it appears */
    public static SQLSyntaxErrorException notAllowed(String what) {
        return syntax(SYNTAX_OR_ACCESS, what);
    }

    /** @return 42S22 for an unknown column */
    public static SQLSyntaxErrorException columnNotFound(String column) {
        return syntax(COLUMN_NOT_FOUND, "Column \"" + column + "\" not found");
    }

    /** @return 42702 for a column name that several tables supply */
    public static SQLSyntaxErrorException ambiguousColumn(String column) {
        return syntax(AMBIGUOUS_COLUMN, "Ambiguous column name \"" + column + "\"");
    }

    /** @return 42883 for an unknown function */
    public static SQLSyntaxErrorException functionNotFound(String name) {
        return syntax(FUNCTION_NOT_FOUND, "Function \"" + name + "\" not found");
    }

    /** @return HY000 for an error without a more specific class */
    public static SQLException general(String message) {
        return new SQLException(message, GENERAL);
    }

    private static String show(Object value) {
        if (value instanceof byte[] b) {
            return "X'" + java.util.HexFormat.of().formatHex(b) + "'";
        }
        return String.valueOf(value);
    }
}
