/**
 * Hand-written lexer and recursive-descent parser for BStack DB's SQL dialect (standard SQL, close to
 * H2's default mode). {@link io.bstack.sql.parse.Parser} is the entry point; the other classes each
 * parse one statement family. Errors point at a 1-based line and column and list what was expected.
 */
package io.bstack.sql.parse;
