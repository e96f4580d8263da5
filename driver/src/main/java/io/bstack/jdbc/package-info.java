/**
 * The JDBC driver of BStack DB: {@link io.bstack.jdbc.BStackDriver} for {@code jdbc:bstack:} URLs,
 * {@link io.bstack.jdbc.BStackDataSource} for pools, and the JDBC objects over the engine's
 * sessions. One database instance per file per JVM is shared by all its connections.
 */
package io.bstack.jdbc;
