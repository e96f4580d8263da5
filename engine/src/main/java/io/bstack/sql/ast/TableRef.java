package io.bstack.sql.ast;

import java.util.List;
import java.util.Objects;

/** A table reference in FROM: a named table, a derived table, or a join of two references. */
public sealed interface TableRef {

    /** Join types; NATURAL is a flag on {@link Join}. */
    enum JoinType { INNER, LEFT, RIGHT, FULL, CROSS }

    /** {@code name [[AS] alias]}; {@code alias} may be null. */
    record Table(QualifiedName name, String alias) implements TableRef {
        public Table {
            Objects.requireNonNull(name);
        }
    }

    /** {@code (query) [AS] alias [(columns)]}. */
    record Derived(Query query, String alias, List<String> columnAliases) implements TableRef {
        public Derived {
            Objects.requireNonNull(query);
            columnAliases = List.copyOf(columnAliases);
        }
    }

    /**
     * {@code left [NATURAL] type JOIN right [ON condition | USING (columns)]}; at most one of
     * {@code condition} (nullable) and {@code using} (may be empty) is given, neither for CROSS and NATURAL.
     */
    record Join(JoinType type, boolean natural, TableRef left, TableRef right, Expression condition,
                List<String> using) implements TableRef {
        public Join {
            Objects.requireNonNull(type);
            Objects.requireNonNull(left);
            Objects.requireNonNull(right);
            using = List.copyOf(using);
        }
    }
}
