/**
 * A sqllogictest runner over JDBC: reads the script format ({@link io.bstack.slt.SltParser}),
 * runs records on a connection under an engine name ({@link io.bstack.slt.SltRunner}), prints,
 * sorts and hashes results as the reference runner does ({@link io.bstack.slt.SltResults}), and
 * runs the whole corpus beside the repository ({@link io.bstack.slt.Corpus}).
 */
package io.bstack.slt;
