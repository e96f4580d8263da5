package io.bstack.slt;

import java.util.List;

/** One record of a sqllogictest script, with the line it starts on and the conditions before it. */
sealed interface SltRecord {

    int line();

    /** {@code skipif NAME} ({@code only} false) or {@code onlyif NAME} ({@code only} true). */
    record Condition(boolean only, String engine) {
        /** Whether the record runs on {@code name}. */
        boolean allows(String name) {
            return only == engine.equals(name);
        }
    }

    /** {@code statement ok} / {@code statement error}. */
    record Statement(int line, List<Condition> conditions, boolean expectError, String sql) implements SltRecord {}

    /**
     * {@code query TYPES SORT [LABEL]}: {@code types} one letter per column (I, R, T), {@code sort}
     * nosort / rowsort / valuesort, {@code expected} the lines after {@code ----}.
     */
    record Query(int line, List<Condition> conditions, String types, String sort, String label, String sql,
            List<String> expected) implements SltRecord {}

    /** {@code hash-threshold N}. */
    record HashThreshold(int line, int values) implements SltRecord {}

    /** {@code halt}: the rest of the file is not run. */
    record Halt(int line) implements SltRecord {}
}
