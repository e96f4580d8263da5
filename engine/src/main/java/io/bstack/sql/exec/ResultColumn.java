package io.bstack.sql.exec;

import io.bstack.sql.eval.ColumnType;
import java.util.Objects;

/**
 * What a result column is: its label, and where the planner could trace it, the table column it
 * reads (for {@code ResultSetMetaData} and updatable results). Immutable.
 *
 * @param label the column label (the alias, or the expression's text)
 * @param type the column's type
 * @param schema the schema of the table the column reads unchanged, or "" when it is computed
 * @param table that table's name, or ""
 * @param column the table column's name, or "" (then {@code label} is the name)
 * @param nullable {@link #NO_NULLS}, {@link #NULLABLE} or {@link #NULLABLE_UNKNOWN}
 * @param autoIncrement whether the table column is an identity column
 */
public record ResultColumn(String label, ColumnType type, String schema, String table, String column, int nullable,
        boolean autoIncrement) {

    /** The column is known never to hold NULL (as {@code ResultSetMetaData.columnNoNulls}). */
    public static final int NO_NULLS = 0;
    /** The column may hold NULL. */
    public static final int NULLABLE = 1;
    /** Not known. */
    public static final int NULLABLE_UNKNOWN = 2;

    public ResultColumn {
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(column, "column");
        if (nullable < NO_NULLS || nullable > NULLABLE_UNKNOWN) {
            throw new IllegalArgumentException("nullable " + nullable);
        }
    }

    /** A computed column: no table behind it, nullability unknown. */
    public static ResultColumn computed(String label, ColumnType type) {
        return new ResultColumn(label, type, "", "", "", NULLABLE_UNKNOWN, false);
    }

    /** The name of the column: the table column's, or the label. */
    public String name() {
        return column.isEmpty() ? label : column;
    }
}
