package io.bstack.btree;

import java.util.Objects;

/**
 * A user function as the catalog keeps it ({@code CREATE FUNCTION} / {@code CREATE AGGREGATE}):
 * its upper-case name, whether it is an aggregate, the Java target it names (a class and static
 * method {@code com.example.Fns.method} for a scalar function, a class for an aggregate), whether
 * it was declared deterministic, and what its signature looked like when it was created (the
 * result type's SQL name, null when overloads differ, and the argument counts). The class is not
 * loaded to read this: {@code INFORMATION_SCHEMA.ROUTINES} lists it from here.
 */
public record FunctionDef(String name, boolean aggregate, String target, boolean deterministic, String dataType,
                          int minArguments, int maxArguments) {
    public FunctionDef {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(target, "target");
        if (minArguments < 0 || maxArguments < minArguments) {
            throw new IllegalArgumentException("function " + name + ": arguments " + minArguments + ".." + maxArguments);
        }
    }
}
