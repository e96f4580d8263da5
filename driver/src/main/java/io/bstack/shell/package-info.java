/**
 * The {@code bstack} shell: an interactive SQL prompt and a script runner on a BStack DB database.
 *
 * <p>It is a JDBC client and nothing more: every answer it gives comes through the public driver
 * ({@code jdbc:bstack:} URLs) — statements, {@code DatabaseMetaData}, {@code EXPLAIN} and the
 * views of {@code INFORMATION_SCHEMA} ({@code DATABASE_STATS} for {@code \stats},
 * {@code FILE_MAP} for the region map). What the shell needs and SQL does not give is added to SQL,
 * not reached for inside the engine.
 *
 * <p>Pieces: {@link io.bstack.shell.Main} reads the command line and picks the mode;
 * {@code ScriptParser} cuts input into statements (ending in {@code ;}) and backslash commands;
 * {@code Shell} runs them and prints through {@code ResultPrinter} (table, CSV or JSON) and
 * {@code ErrorReport} ({@code ERROR <SQLState>: message} and the position in the script);
 * {@code Commands} holds the backslash commands, with {@code Describer}, {@code CsvTransfer} and
 * {@code RegionMap} behind them; {@code Progress} draws the progress line on a terminal;
 * {@code InteractiveShell} and {@code SqlCompleter} are the only classes that use JLine, which the
 * shell's executable jar ({@code driver/target/bstack-shell.jar}) bundles and the driver jar does
 * not (JLine is an optional dependency of the driver module).
 *
 * <p>Exit status: 0 when everything ran, 1 when a statement or command failed (a script stops at its
 * first error unless {@code --continue}), 2 for a wrong command line.
 */
package io.bstack.shell;
