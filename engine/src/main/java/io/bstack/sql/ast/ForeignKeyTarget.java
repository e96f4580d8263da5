package io.bstack.sql.ast;

import java.util.List;
import java.util.Objects;

/**
 * {@code REFERENCES table [(columns)] [ON DELETE action] [ON UPDATE action]}; an empty column list
 * means the referenced primary key, a null action means not written (NO ACTION).
 */
public record ForeignKeyTarget(QualifiedName table, List<String> columns, ReferentialAction onDelete,
                               ReferentialAction onUpdate) {

    /** What happens to referencing rows. */
    public enum ReferentialAction {
        CASCADE("CASCADE"), SET_NULL("SET NULL"), SET_DEFAULT("SET DEFAULT"), RESTRICT("RESTRICT"),
        NO_ACTION("NO ACTION");

        private final String sql;

        ReferentialAction(String sql) {
            this.sql = sql;
        }

        /** @return the SQL spelling */
        public String sql() {
            return sql;
        }
    }

    public ForeignKeyTarget {
        Objects.requireNonNull(table);
        columns = List.copyOf(columns);
    }
}
