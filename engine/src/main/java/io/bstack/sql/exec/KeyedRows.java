package io.bstack.sql.exec;

import java.sql.SQLException;

/** Rows of one base table with their keys in the table's tree; not thread-safe. */
@FunctionalInterface
interface KeyedRows {
    /** The next row as {key, values}, or null at the end. */
    Object[] next() throws SQLException;
}
