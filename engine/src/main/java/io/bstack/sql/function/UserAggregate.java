package io.bstack.sql.function;

import java.sql.SQLException;

/**
 * An aggregate written by an application and named in {@code CREATE AGGREGATE name FOR
 * 'com.example.MyAgg'}: a public class with a public no-argument constructor implementing this
 * interface with concrete type arguments, e.g. {@code UserAggregate<Long, Long>}. The engine makes
 * one instance per group, passes it the group's non-NULL argument values (SQL NULLs are skipped,
 * as for the standard aggregates; with {@code DISTINCT}, each distinct value once) and asks it for
 * the result once. {@code A} and {@code R} are mapped to SQL types as function parameters and
 * results are ({@code Long} is {@code BIGINT}, {@code String} {@code VARCHAR}, ...). An instance
 * is used by one thread at a time.
 *
 * @param <A> the argument's Java type
 * @param <R> the result's Java type
 */
public interface UserAggregate<A, R> {
    /** Adds one row's argument value (never null). */
    void add(A value) throws SQLException;

    /** @return the aggregate of the values added so far (null for SQL NULL); called once */
    R result() throws SQLException;
}
