package io.bstack.sql.ast;

import java.util.Objects;

/**
 * A clause after a column's type. {@code constraintName} (from {@code CONSTRAINT name}) may be null
 * wherever it appears.
 */
public sealed interface ColumnConstraint {

    /** {@code NOT NULL}. */
    record NotNull(String constraintName) implements ColumnConstraint {
    }

    /** {@code NULL} (explicitly nullable). */
    record Nullable() implements ColumnConstraint {
    }

    /** {@code DEFAULT expression}. */
    record Default(Expression value) implements ColumnConstraint {
        public Default {
            Objects.requireNonNull(value);
        }
    }

    /** {@code PRIMARY KEY}. */
    record PrimaryKey(String constraintName) implements ColumnConstraint {
    }

    /** {@code UNIQUE}. */
    record Unique(String constraintName) implements ColumnConstraint {
    }

    /** {@code CHECK (condition)}. */
    record Check(String constraintName, Expression condition) implements ColumnConstraint {
        public Check {
            Objects.requireNonNull(condition);
        }
    }

    /** {@code REFERENCES t(c) ...}. */
    record References(String constraintName, ForeignKeyTarget target) implements ColumnConstraint {
        public References {
            Objects.requireNonNull(target);
        }
    }

    /**
     * {@code GENERATED ALWAYS|BY DEFAULT AS IDENTITY [(START WITH n INCREMENT BY m)]}; start and
     * increment null when not written.
     */
    record Identity(boolean always, Long start, Long increment) implements ColumnConstraint {
    }

    /** {@code AUTO_INCREMENT} (or {@code IDENTITY}): a BY DEFAULT identity starting at 1. */
    record AutoIncrement() implements ColumnConstraint {
    }
}
