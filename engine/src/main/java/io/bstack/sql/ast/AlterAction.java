package io.bstack.sql.ast;

import java.util.Objects;

/** What an {@code ALTER TABLE} does. */
public sealed interface AlterAction {

    /** {@code ADD [COLUMN] definition}. */
    record AddColumn(ColumnDefinition column) implements AlterAction {
        public AddColumn {
            Objects.requireNonNull(column);
        }
    }

    /** {@code DROP [COLUMN] name}. */
    record DropColumn(String column) implements AlterAction {
        public DropColumn {
            Objects.requireNonNull(column);
        }
    }

    /** {@code RENAME COLUMN from TO to}. */
    record RenameColumn(String from, String to) implements AlterAction {
        public RenameColumn {
            Objects.requireNonNull(from);
            Objects.requireNonNull(to);
        }
    }

    /** {@code ADD [CONSTRAINT name] constraint}. */
    record AddConstraint(TableConstraint constraint) implements AlterAction {
        public AddConstraint {
            Objects.requireNonNull(constraint);
        }
    }

    /** {@code DROP CONSTRAINT name}. */
    record DropConstraint(String name) implements AlterAction {
        public DropConstraint {
            Objects.requireNonNull(name);
        }
    }

    /** {@code RENAME TO name}. */
    record RenameTable(String newName) implements AlterAction {
        public RenameTable {
            Objects.requireNonNull(newName);
        }
    }
}
