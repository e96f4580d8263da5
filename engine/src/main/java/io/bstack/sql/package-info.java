/**
 * The BStack DB SQL engine. So far: {@link io.bstack.sql.parse.Parser} turns SQL text into the
 * immutable AST of {@code io.bstack.sql.ast}; every malformed statement is a
 * {@link io.bstack.sql.SqlSyntaxException} (SQLState 42000) pointing at a line and column.
 * The binder, catalog, planner and executor will sit on top of this AST.
 */
package io.bstack.sql;
