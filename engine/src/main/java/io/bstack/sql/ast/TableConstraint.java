package io.bstack.sql.ast;

import java.util.List;
import java.util.Objects;

/** A table-level constraint; {@code name} (from {@code CONSTRAINT name}) may be null. */
public sealed interface TableConstraint {

    /** @return the constraint's name, or null */
    String name();

    /** {@code PRIMARY KEY (columns)}. */
    record PrimaryKey(String name, List<String> columns) implements TableConstraint {
        public PrimaryKey {
            columns = List.copyOf(columns);
        }
    }

    /** {@code UNIQUE (columns)}. */
    record Unique(String name, List<String> columns) implements TableConstraint {
        public Unique {
            columns = List.copyOf(columns);
        }
    }

    /** {@code CHECK (condition)}. */
    record Check(String name, Expression condition) implements TableConstraint {
        public Check {
            Objects.requireNonNull(condition);
        }
    }

    /** {@code FOREIGN KEY (columns) REFERENCES ...}. */
    record ForeignKey(String name, List<String> columns, ForeignKeyTarget target) implements TableConstraint {
        public ForeignKey {
            columns = List.copyOf(columns);
            Objects.requireNonNull(target);
        }
    }
}
