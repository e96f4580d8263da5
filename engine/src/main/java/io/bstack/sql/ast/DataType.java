package io.bstack.sql.ast;

import java.util.Objects;

/**
 * A SQL data type as written: canonical upper-case name (multi-word names such as
 * {@code DOUBLE PRECISION} or {@code TIMESTAMP WITH TIME ZONE} joined by one space) and an optional
 * length/precision and scale (null when absent).
 */
public record DataType(String name, Integer precision, Integer scale) {
    public DataType {
        Objects.requireNonNull(name);
        if (scale != null && precision == null) {
            throw new IllegalArgumentException("scale without precision");
        }
    }

    /** @return a type without length or precision */
    public static DataType of(String name) {
        return new DataType(name, null, null);
    }
}
