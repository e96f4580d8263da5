package io.bstack.shell;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The shell's backslash commands: each a line starting with {@code \}, its arguments separated by
 * blanks (a file name may be quoted with {@code '} or {@code "}). Everything they learn about the
 * database they learn through JDBC: {@code DatabaseMetaData}, {@code EXPLAIN} and
 * {@code INFORMATION_SCHEMA}. Stateless: the settings they change live in the {@link Shell}.
 */
final class Commands {

    /** The help text, one command a line. */
    static final String HELP = """
            Statements end with ';' and may span lines. Commands:
              \\tables                    list tables and views (also \\dt)
              \\describe NAME             columns, keys and indexes of a table or view (also \\d)
              \\plan QUERY                the plan of a query (EXPLAIN)
              \\stats                     file and WAL size, buffer pool hits and misses, free space
              \\map [CELL_BYTES]          a map of the file's regions: used by whom, free, fragmentation
              \\import FILE TABLE         insert the rows of a CSV file (with a header line) into TABLE
              \\export FILE TABLE|QUERY   write a table or a query's rows to a CSV file
              \\run FILE                  run a script file (also \\i)
              \\format table|csv|json     how results are printed
              \\timing on|off             show how long each statement took
              \\help                      this text (also \\?)
              \\quit                      leave (also \\q, or Ctrl-D)
            Ctrl-C cancels the running statement; at the prompt it clears the line.""";

    /** Nesting limit for scripts that run scripts. */
    private static final int MAX_DEPTH = 16;
    private int depth;

    /** Runs {@code line} (starting with a backslash); returns whether it succeeded. */
    boolean run(Shell shell, String line, String source) throws SQLException, IOException {
        String body = line.strip().substring(1).strip();
        String name = body.split("\\s+", 2)[0].toLowerCase(Locale.ROOT);
        String args = body.length() > name.length() ? body.substring(name.length()).strip() : "";
        switch (name) {
            case "help", "?", "h" -> shell.out.println(HELP);
            case "quit", "q", "exit" -> shell.quit();
            case "tables", "dt" -> Describer.tables(shell);
            case "describe", "d" -> {
                if (args.isEmpty()) {
                    Describer.tables(shell);
                } else {
                    Describer.describe(shell, args);
                }
            }
            case "plan", "explain" -> plan(shell, required(args, "\\plan QUERY"));
            case "stats" -> Describer.stats(shell);
            case "map" -> {
                return map(shell, args);
            }
            case "import" -> {
                String[] a = fileAndRest(args, "\\import FILE TABLE");
                CsvTransfer.importFile(shell, Path.of(a[0]), a[1]);
            }
            case "export" -> {
                String[] a = fileAndRest(args, "\\export FILE TABLE|QUERY");
                CsvTransfer.exportFile(shell, Path.of(a[0]), a[1]);
            }
            case "run", "i" -> {
                return runFile(shell, Path.of(unquote(required(args, "\\run FILE"))));
            }
            case "format" -> {
                ResultPrinter.Format f = ResultPrinter.Format.named(args);
                if (f == null) {
                    return usage(shell, "\\format table|csv|json");
                }
                shell.format = f;
            }
            case "timing" -> {
                switch (args.toLowerCase(Locale.ROOT)) {
                    case "on" -> shell.timing = true;
                    case "off" -> shell.timing = false;
                    case "" -> shell.timing = !shell.timing;
                    default -> {
                        return usage(shell, "\\timing on|off");
                    }
                }
                shell.err.println("timing is " + (shell.timing ? "on" : "off"));
            }
            default -> {
                shell.err.println("ERROR: unknown command \\" + name + " (\\help lists the commands)");
                return false;
            }
        }
        return true;
    }

    private static boolean usage(Shell shell, String usage) {
        shell.err.println("ERROR: usage: " + usage);
        return false;
    }

    private static String required(String args, String usage) throws SQLException {
        if (args.isBlank()) {
            throw new SQLException("usage: " + usage, "42000");
        }
        return args;
    }

    /** Splits {@code FILE REST}: the file name (quotes removed) and the rest. */
    static String[] fileAndRest(String args, String usage) throws SQLException {
        String a = args.strip();
        String file;
        String rest;
        if (!a.isEmpty() && (a.charAt(0) == '\'' || a.charAt(0) == '"')) {
            int close = a.indexOf(a.charAt(0), 1);
            if (close < 0) {
                throw new SQLException("usage: " + usage + " (the file name's quote is not closed)", "42000");
            }
            file = a.substring(1, close);
            rest = a.substring(close + 1).strip();
        } else {
            String[] p = a.split("\\s+", 2);
            file = p[0];
            rest = p.length > 1 ? p[1].strip() : "";
        }
        if (file.isEmpty() || rest.isEmpty()) {
            throw new SQLException("usage: " + usage, "42000");
        }
        return new String[] {file, rest.endsWith(";") ? rest.substring(0, rest.length() - 1).strip() : rest};
    }

    private static String unquote(String s) {
        String t = s.strip();
        if (t.length() >= 2 && (t.charAt(0) == '\'' || t.charAt(0) == '"') && t.charAt(t.length() - 1) == t.charAt(0)) {
            return t.substring(1, t.length() - 1);
        }
        return t;
    }

    private boolean runFile(Shell shell, Path file) throws IOException {
        if (depth >= MAX_DEPTH) {
            shell.err.println("ERROR: scripts nested more than " + MAX_DEPTH + " deep (a script that runs itself?)");
            return false;
        }
        depth++;
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return shell.runScript(in, file.toString(), false);
        } finally {
            depth--;
        }
    }

    /** Prints the plan of {@code query} as EXPLAIN gives it, one line per step. */
    private static void plan(Shell shell, String query) throws SQLException {
        String q = query.endsWith(";") ? query.substring(0, query.length() - 1) : query;
        try (Statement st = shell.connection.createStatement(); ResultSet rs = st.executeQuery("EXPLAIN " + q)) {
            while (rs.next()) {
                shell.out.println(rs.getString(1));
            }
        }
    }

    /** Draws {@code INFORMATION_SCHEMA.FILE_MAP}: the file's extents by owner, free space, fragmentation. */
    private static boolean map(Shell shell, String args) throws SQLException {
        long cell = 0;
        if (!args.isBlank()) {
            try {
                cell = Long.parseLong(args.strip());
            } catch (NumberFormatException e) {
                cell = -1;
            }
            if (cell <= 0) {
                return usage(shell, "\\map [CELL_BYTES] (a positive number of bytes per cell)");
            }
        }
        List<RegionMap.Region> regions = new ArrayList<>();
        try (Statement st = shell.connection.createStatement();
                ResultSet rs = st.executeQuery("SELECT START_OFFSET, LENGTH, STATE, OWNER"
                        + " FROM INFORMATION_SCHEMA.FILE_MAP ORDER BY START_OFFSET")) {
            while (rs.next()) {
                regions.add(new RegionMap.Region(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4)));
            }
        }
        PrintStream out = shell.out;
        RegionMap.render(regions, 64, cell, shell.color).forEach(out::println);
        return true;
    }
}
