package io.bstack.shell;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;

/**
 * The shell's core, the same for every way it is driven: runs SQL statements and backslash commands
 * ({@link Commands}) on one JDBC connection, prints results in the chosen {@link ResultPrinter.Format}
 * with a row count (and the time, when timing is on), and errors as {@link ErrorReport} has them.
 * Scripts (a file, {@code -c}, standard input) stop at the first error unless told to go on.
 *
 * <p>Thread-safety: one thread runs statements; {@link #cancel} may come from any other (the
 * interactive shell's Ctrl-C handler).
 */
final class Shell {
    final Connection connection;
    final PrintStream out;
    final PrintStream err;
    /** Whether a person is typing (prompts, colours, timing on by default). */
    final boolean interactive;
    /** Whether standard error is a terminal (progress lines). */
    final boolean progress;
    ResultPrinter.Format format = ResultPrinter.Format.TABLE;
    boolean timing;
    boolean color;
    int maxWidth = 40;
    private boolean quit;
    private volatile Statement running;
    /** Set by {@link #cancel}, cleared when the next piece starts: work between statements (an import) checks it. */
    private volatile boolean cancelRequested;
    private volatile long schemaChanges;
    private final Commands commands;

    /**
     * @param connection  the database
     * @param out         results
     * @param err         errors, messages and progress
     * @param interactive whether a person is typing
     * @param progress    whether to draw progress lines on {@code err}
     */
    Shell(Connection connection, PrintStream out, PrintStream err, boolean interactive, boolean progress) {
        this.connection = connection;
        this.out = out;
        this.err = err;
        this.interactive = interactive;
        this.progress = progress;
        this.timing = interactive;
        this.commands = new Commands();
    }

    /**
     * Runs every statement and command of {@code in}; returns whether all succeeded. Stops at the
     * first error unless {@code continueOnError}, and at {@code \quit}.
     *
     * @param source how errors name the script (a file name, {@code -c}, {@code <stdin>})
     */
    boolean runScript(BufferedReader in, String source, boolean continueOnError) throws IOException {
        ScriptParser parser = new ScriptParser();
        boolean ok = true;
        String line;
        while ((line = in.readLine()) != null) {
            for (ScriptParser.Piece p : parser.feed(line)) {
                if (!run(p, source)) {
                    ok = false;
                    if (!continueOnError) {
                        return false;
                    }
                }
                if (quit) {
                    return ok;
                }
            }
        }
        ScriptParser.Piece last = parser.finish();
        if (last != null && !run(last, source)) {
            ok = false;
        }
        return ok;
    }

    /** Runs one piece of a script; returns whether it succeeded. */
    boolean run(ScriptParser.Piece piece, String source) {
        cancelRequested = false;
        ErrorReport.Position at = new ErrorReport.Position(piece.line(), piece.column());
        if (piece.command()) {
            try {
                return commands.run(this, piece.text(), source);
            } catch (SQLException e) {
                err.println(ErrorReport.format(e, source, at));
                return false;
            } catch (java.nio.file.NoSuchFileException e) {
                err.println("ERROR: no such file: " + e.getFile());
                return false;
            } catch (IOException e) {
                err.println("ERROR: " + e);
                return false;
            }
        }
        return execute(piece.text(), source, at);
    }

    /**
     * Runs one SQL statement and prints its results; returns whether it succeeded (an error is
     * printed with its position in {@code source}, when there is one).
     */
    boolean execute(String sql, String source, ErrorReport.Position at) {
        long start = System.nanoTime();
        try (Statement st = connection.createStatement();
                Progress spinner = Progress.start(err, "running", progress)) {
            track(st);
            boolean isResult = st.execute(sql);
            while (true) {
                if (isResult) {
                    try (ResultSet rs = st.getResultSet()) {
                        long rows = new ResultPrinter(out, maxWidth, color).print(rs, format, spinner::stop);
                        footer(rows == 1 ? "1 row" : rows + " rows", start);
                    }
                } else {
                    int count = st.getUpdateCount();
                    if (count < 0) {
                        break;
                    }
                    spinner.stop();
                    schemaChanges++;
                    footer(changes(sql) ? (count == 1 ? "1 row affected" : count + " rows affected") : "OK", start);
                }
                isResult = st.getMoreResults();
            }
            return true;
        } catch (SQLException e) {
            out.flush();
            err.println(ErrorReport.format(e, source, at));
            return false;
        } finally {
            track(null);
        }
    }

    /** Makes {@code st} the statement {@link #cancel} stops (null: none). */
    void track(Statement st) {
        running = st;
    }

    /**
     * Throws SQLState {@code HY008} when Ctrl-C was pressed since the current piece began; long work
     * that runs between statements (a CSV import reading its file) calls it as it goes.
     */
    void checkCancel() throws SQLException {
        if (cancelRequested) {
            throw new SQLException("cancelled", "HY008");
        }
    }

    private static boolean changes(String sql) {
        String first = sql.stripLeading().split("[\\s(]", 2)[0].toUpperCase(Locale.ROOT);
        return first.equals("INSERT") || first.equals("UPDATE") || first.equals("DELETE") || first.equals("MERGE");
    }

    /** The line after a result: in table format the count (and time), else the time alone on stderr. */
    void footer(String what, long startNanos) {
        String time = timing ? String.format(Locale.ROOT, "%.3f s", (System.nanoTime() - startNanos) / 1e9) : null;
        if (format == ResultPrinter.Format.TABLE && what.equals("OK")) {
            out.println(time == null ? "OK" : "OK (" + time + ")");
        } else if (format == ResultPrinter.Format.TABLE) {
            out.println("(" + what + (time == null ? "" : ", " + time) + ")");
        } else if (time != null) {
            err.println("(" + time + ")");
        }
        out.flush();
    }

    /** Cancels the running statement, if any (Statement.cancel: it ends with SQLState HY008), and the work around it. */
    void cancel() {
        cancelRequested = true;
        Statement st = running;
        if (st != null && cancel(st)) {
            // A Ctrl-C that comes while the statement is still starting (before the driver begins to
            // run it) cancels nothing: repeat it every 100 ms until the statement has ended.
            Thread.ofVirtual().name("bstack-cancel").start(() -> {
                while (running == st) {
                    try {
                        Thread.sleep(100);
                    } catch (InterruptedException e) {
                        return;
                    }
                    if (running == st && !cancel(st)) {
                        return;
                    }
                }
            });
        }
    }

    /** {@code st.cancel()}; false (with the error printed) when that fails. */
    private boolean cancel(Statement st) {
        try {
            st.cancel();
            return true;
        } catch (SQLException e) {
            if (running == st && !closed(st)) { // a statement that just ended is closed: nothing to cancel
                err.println(ErrorReport.format(e, null, null));
            }
            return false;
        }
    }

    private static boolean closed(Statement st) {
        try {
            return st.isClosed();
        } catch (SQLException e) {
            return true;
        }
    }

    /** Whether a statement is running now. */
    boolean busy() {
        return running != null;
    }

    /** Asks the shell to stop after the current piece. */
    void quit() {
        quit = true;
    }

    /** Whether {@code \quit} was given. */
    boolean quitting() {
        return quit;
    }

    /** Counts statements that may have changed the schema (completion reloads names when it moves). */
    long schemaChanges() {
        return schemaChanges;
    }
}
