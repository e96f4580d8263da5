/**
 * The immutable SQL syntax tree: records grouped under sealed interfaces ({@link io.bstack.sql.ast.Statement},
 * {@link io.bstack.sql.ast.Query}, {@link io.bstack.sql.ast.Expression}, {@link io.bstack.sql.ast.TableRef}, ...).
 * Equality is structural; names are stored as the engine compares them (regular identifiers upper-cased).
 * {@link io.bstack.sql.ast.AstPrinter} prints any tree as SQL that parses back to an equal tree.
 */
package io.bstack.sql.ast;
