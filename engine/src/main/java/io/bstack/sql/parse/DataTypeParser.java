package io.bstack.sql.parse;

import io.bstack.sql.SqlSyntaxException;
import io.bstack.sql.ast.DataType;
import java.util.Set;

/** Data type names with optional length/precision and scale; multi-word names are joined by one space. */
final class DataTypeParser {
    private static final Set<String> SIMPLE = Set.of(
            "BOOLEAN", "BOOL", "BIT", "TINYINT", "SMALLINT", "INT", "INTEGER", "BIGINT", "DECIMAL", "DEC",
            "NUMERIC", "REAL", "FLOAT", "CHAR", "VARCHAR", "CLOB", "TEXT", "VARBINARY", "BLOB", "DATE",
            "UUID", "REGION", "NCHAR", "NVARCHAR");

    private DataTypeParser() {
    }

    /** @return the data type at the current token */
    static DataType dataType(TokenStream ts) throws SqlSyntaxException {
        Token t = ts.peek();
        if (t.kind() != TokenKind.IDENTIFIER) {
            ts.expecting("data type");
            throw ts.error();
        }
        String word = t.text();
        String name;
        if (word.equals("DOUBLE")) {
            ts.advance();
            ts.accept("PRECISION");
            name = "DOUBLE PRECISION";
        } else if (word.equals("CHARACTER") || word.equals("BINARY")) {
            ts.advance();
            name = ts.accept("VARYING") ? word + " VARYING" : word;
            if (word.equals("CHARACTER") && ts.acceptSequence("LARGE", "OBJECT")) {
                name = "CHARACTER LARGE OBJECT";
            }
        } else if (word.equals("TIME") || word.equals("TIMESTAMP")) {
            ts.advance();
            Integer precision = ts.check("(") ? length(ts) : null;
            if (ts.acceptSequence("WITH", "TIME", "ZONE")) {
                word += " WITH TIME ZONE";
            } else if (ts.acceptSequence("WITHOUT", "TIME", "ZONE")) {
                word += " WITHOUT TIME ZONE";
            }
            return new DataType(word, precision, null);
        } else if (SIMPLE.contains(word)) {
            ts.advance();
            name = word;
        } else {
            ts.expecting("data type");
            throw ts.error("unknown data type " + word);
        }
        if (!ts.check("(")) {
            return DataType.of(name);
        }
        ts.advance();
        int precision = (int) ts.signedInteger();
        Integer scale = null;
        if (ts.accept(",")) {
            scale = (int) ts.signedInteger();
        }
        ts.expect(")");
        return new DataType(name, precision, scale);
    }

    private static Integer length(TokenStream ts) throws SqlSyntaxException {
        ts.expect("(");
        int value = (int) ts.signedInteger();
        ts.expect(")");
        return value;
    }
}
