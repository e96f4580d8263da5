package io.bstack.sql.ast;

import java.util.Objects;

/**
 * A possibly schema-qualified object name ({@code t} or {@code s.t}); {@code schema} is null when absent.
 * Names are stored as the engine compares them: regular identifiers upper-cased, quoted ones exact.
 */
public record QualifiedName(String schema, String name) {
    public QualifiedName {
        Objects.requireNonNull(name);
    }

    /** @return an unqualified name */
    public static QualifiedName of(String name) {
        return new QualifiedName(null, name);
    }
}
