package io.bstack.jdbc;

import java.sql.SQLException;
import java.sql.Savepoint;

/** A JDBC savepoint: named by the application, or numbered by the connection. Immutable. */
final class BStackSavepoint implements Savepoint {
    private final int id;
    private final String name;

    BStackSavepoint(int id, String name) {
        this.id = id;
        this.name = name;
    }

    /** The name the engine knows it by. */
    String engineName() {
        return name != null ? name : "JDBC_SAVEPOINT_" + id;
    }

    @Override
    public int getSavepointId() throws SQLException {
        if (name != null) {
            throw new SQLException("a named savepoint has no id", "3B001");
        }
        return id;
    }

    @Override
    public String getSavepointName() throws SQLException {
        if (name == null) {
            throw new SQLException("an unnamed savepoint has no name", "3B001");
        }
        return name;
    }

    @Override
    public String toString() {
        return "Savepoint[" + engineName() + "]";
    }
}
