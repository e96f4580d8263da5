package io.bstack.shell;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * The {@code bstack} command: an interactive SQL shell on a BStack DB database, or a script runner.
 *
 * <pre>
 * bstack [OPTIONS] [DATABASE]
 *   DATABASE            a file (default ./data.bstack, created when missing) or a jdbc:bstack: URL
 *   -c SQL              run SQL (statements and commands; repeatable) and exit
 *   -f FILE             run a script file (repeatable) and exit
 *   --format FORMAT     table (default), csv or json
 *   --timing            show each statement's time
 *   --continue          go on after an error in a script (the exit status still reports it)
 *   --version, --help
 * </pre>
 *
 * Without {@code -c} or {@code -f} it reads a script from standard input when that is not a
 * terminal, else it opens the interactive shell. Exit status: 0 when everything ran, 1 when a
 * statement or command failed or the database could not be opened, 2 for a wrong command line.
 */
public final class Main {
    /** Exit status when a statement failed. */
    static final int FAILED = 1;
    /** Exit status for a wrong command line. */
    static final int USAGE = 2;

    /** Held so the level set on it stays: the engine's INFO lines are not for a shell's user. */
    private static final java.util.logging.Logger ENGINE_LOG = java.util.logging.Logger.getLogger("io.bstack");

    private Main() {
    }

    /**
     * Runs the shell and exits with its status.
     *
     * @param args the command line
     */
    public static void main(String[] args) {
        ENGINE_LOG.setLevel(java.util.logging.Level.WARNING);
        int status = run(args, System.in, System.out, System.err);
        System.out.flush();
        System.exit(status);
    }

    /** The command line after parsing. */
    record Options(String database, List<String[]> scripts, ResultPrinter.Format format, boolean timing,
            boolean continueOnError) {}

    /** Runs the shell on these streams and returns the exit status. */
    static int run(String[] args, InputStream in, PrintStream out, PrintStream err) {
        Options options;
        try {
            options = parse(args, out);
        } catch (IllegalArgumentException e) {
            err.println("bstack: " + e.getMessage());
            err.println("usage: bstack [-c SQL] [-f FILE] [--format table|csv|json] [--timing] [--continue]"
                    + " [DATABASE|URL]   (bstack --help)");
            return USAGE;
        }
        if (options == null) {
            return 0;
        }
        String url = url(options.database());
        try (Connection connection = DriverManager.getConnection(url)) {
            boolean interactive = options.scripts().isEmpty() && stdinIsTerminal();
            Shell shell = new Shell(connection, out, err, interactive, interactive || stderrIsTerminal());
            shell.format = options.format();
            shell.timing |= options.timing();
            if (interactive) {
                return InteractiveShell.run(shell, options.database(), version());
            }
            List<String[]> scripts = options.scripts().isEmpty() ? List.<String[]>of(new String[] {"-", null})
                    : options.scripts();
            boolean ok = true;
            for (String[] script : scripts) {
                try (BufferedReader reader = reader(script, in)) {
                    ok &= shell.runScript(reader, source(script), options.continueOnError());
                } catch (NoSuchFileException e) {
                    err.println("ERROR: no such file: " + script[1]);
                    ok = false;
                }
                if (shell.quitting() || (!ok && !options.continueOnError())) {
                    break;
                }
            }
            return ok ? 0 : FAILED;
        } catch (SQLException e) {
            err.println(ErrorReport.format(e, null, null));
            return FAILED;
        } catch (IOException e) {
            err.println("ERROR: " + e);
            return FAILED;
        }
    }

    private static BufferedReader reader(String[] script, InputStream in) throws IOException {
        return switch (script[0]) {
            case "-c" -> new BufferedReader(new StringReader(script[1]));
            case "-f" -> Files.newBufferedReader(Path.of(script[1]), StandardCharsets.UTF_8);
            default -> new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        };
    }

    private static String source(String[] script) {
        return switch (script[0]) {
            case "-c" -> "-c";
            case "-f" -> script[1];
            default -> "<stdin>";
        };
    }

    /** The options of {@code args}, or null when the command was answered already (--help, --version). */
    static Options parse(String[] args, PrintStream out) {
        String database = null;
        List<String[]> scripts = new ArrayList<>();
        ResultPrinter.Format format = ResultPrinter.Format.TABLE;
        boolean timing = false;
        boolean continueOnError = false;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "-c", "--command", "-f", "--file" -> {
                    if (i + 1 >= args.length) {
                        throw new IllegalArgumentException(a + " needs an argument");
                    }
                    scripts.add(new String[] {a.startsWith("-c") || a.equals("--command") ? "-c" : "-f", args[++i]});
                }
                case "--format" -> {
                    format = i + 1 < args.length ? ResultPrinter.Format.named(args[++i]) : null;
                    if (format == null) {
                        throw new IllegalArgumentException("--format needs table, csv or json");
                    }
                }
                case "--timing" -> timing = true;
                case "--continue" -> continueOnError = true;
                case "-V", "--version" -> {
                    out.println("bstack " + version());
                    return null;
                }
                case "-h", "--help" -> {
                    out.println(usage());
                    return null;
                }
                default -> {
                    if (a.startsWith("-") && !a.equals("-")) {
                        throw new IllegalArgumentException("unknown option " + a);
                    }
                    if (database != null) {
                        throw new IllegalArgumentException("one database only (" + database + " and " + a + ")");
                    }
                    database = a;
                }
            }
        }
        return new Options(database == null ? "data.bstack" : database, scripts, format, timing, continueOnError);
    }

    /** The JDBC URL for a database argument: a URL as given, a file path made absolute (options kept). */
    static String url(String database) {
        if (database.startsWith("jdbc:")) {
            return database;
        }
        int semi = database.indexOf(';');
        String file = semi < 0 ? database : database.substring(0, semi);
        String options = semi < 0 ? "" : database.substring(semi);
        return "jdbc:bstack:" + Path.of(file).toAbsolutePath().normalize() + options;
    }

    /** This build's version, from {@code version.properties} (filtered by Maven). */
    static String version() {
        try (InputStream in = Main.class.getResourceAsStream("version.properties")) {
            Properties p = new Properties();
            if (in != null) {
                p.load(in);
            }
            return p.getProperty("version", "(unknown version)");
        } catch (IOException e) {
            return "(unknown version)";
        }
    }

    private static String usage() {
        return """
                bstack %s: the SQL shell of BStack DB

                usage: bstack [OPTIONS] [DATABASE]
                  DATABASE           a database file (default ./data.bstack, created when missing)
                                     or a URL such as jdbc:bstack:mem: or jdbc:bstack:my.bstack;sync=normal
                  -c SQL             run SQL statements and \\commands, then exit (repeatable)
                  -f FILE            run a script file, then exit (repeatable)
                  --format FORMAT    print results as table (default), csv or json
                  --timing           print each statement's time
                  --continue         go on after an error in a script (the exit status still says so)
                  --version          print the version
                Without -c or -f, a script is read from standard input when it is not a terminal;
                otherwise the interactive shell opens (\\help there lists its commands).
                Exit status: 0 success, 1 a statement failed, 2 a wrong command line."""
                .formatted(version());
    }

    /** Whether standard input is a terminal: the launcher script says so, else the JDK's console. */
    private static boolean stdinIsTerminal() {
        String told = System.getProperty("bstack.stdin.tty");
        if (told != null) {
            return Boolean.parseBoolean(told);
        }
        java.io.Console console = System.console();
        return console != null && console.isTerminal();
    }

    /** Whether standard error is a terminal (progress lines): the launcher script says so, else assume not. */
    private static boolean stderrIsTerminal() {
        return Boolean.getBoolean("bstack.stderr.tty");
    }
}
