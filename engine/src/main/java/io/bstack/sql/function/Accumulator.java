package io.bstack.sql.function;

import java.sql.SQLException;

/** The running state of one aggregate over one group; not thread-safe. */
public interface Accumulator {
    /** Adds one row's argument values (SQL NULL as null). */
    void add(Object[] arguments) throws SQLException;

    /** @return the aggregate of the rows added so far */
    Object result() throws SQLException;
}
