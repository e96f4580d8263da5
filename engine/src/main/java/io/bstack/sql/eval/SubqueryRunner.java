package io.bstack.sql.eval;

import java.sql.SQLException;
import java.util.List;

/** Runs prepared subqueries for {@code (SELECT ..)}, {@code EXISTS} and {@code IN (SELECT ..)}. */
@FunctionalInterface
public interface SubqueryRunner {
    /**
     * Runs {@code query} for the current {@code outer} row (correlated columns read from it).
     *
     * @param maxRows stop after this many rows
     * @return the first column of at most {@code maxRows} result rows, in order
     */
    List<Object> firstColumn(CompiledSubquery query, Row outer, int maxRows) throws SQLException;
}
