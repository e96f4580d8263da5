/**
 * User functions: {@code CREATE FUNCTION name FOR 'pkg.Class.method'} binds public static Java
 * methods, {@code CREATE AGGREGATE name FOR 'pkg.Class'} a
 * {@link io.bstack.sql.function.UserAggregate} class. The catalog keeps only the target string
 * ({@link io.bstack.btree.FunctionDef}); each statement binds what it calls through
 * {@link io.bstack.sql.routine.UserRoutines}, under the calling session's
 * {@link io.bstack.sql.function.FunctionClassAllowlist}.
 *
 * <p>The security rule this package exists to keep: SQL never makes the JVM load a class the
 * application did not allow. The order is fixed — the name is checked to be a plain Java name, then
 * against the allowlist, and only then loaded, uninitialised; its static initialiser runs at the
 * first allowed call. No source is compiled, no script read, no JNDI name looked up. Whatever the
 * application's code throws comes back as SQLState {@code 38000} with the cause kept.
 */
package io.bstack.sql.routine;
