package io.bstack.sql.function;

import java.sql.SQLException;

/**
 * What a scalar function may use of the statement calling it, given to
 * {@link ScalarFunction#apply(Object[], FunctionContext)}. Implemented by the engine, one per
 * statement execution; valid only during the call. Where a statement has no such service (an
 * expression evaluated outside a statement) the default refuses with {@code 0A000}.
 */
public interface FunctionContext {

    /** A context without services: every service refuses. */
    FunctionContext NONE = new FunctionContext() {
    };

    /**
     * @return the regions of the database file as the calling statement's transaction sees them
     * @throws SQLException {@code 0A000} when the statement runs without a database (e.g. a folded
     *     constant)
     */
    default RegionStore regions() throws SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("region functions run only inside a statement on a"
                + " database", "0A000");
    }
}
