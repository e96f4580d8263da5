package io.bstack.btree;

import java.util.Objects;

/**
 * A sequence as the catalog keeps it: {@code next} is the value the next {@code NEXT VALUE FOR}
 * returns; each call adds {@code increment} (which is not 0).
 */
public record SequenceDef(String schema, String name, long next, long increment) {
    public SequenceDef {
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(name, "name");
        if (increment == 0) {
            throw new IllegalArgumentException("sequence " + name + ": increment must not be 0");
        }
    }
}
