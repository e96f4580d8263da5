package io.bstack.shell;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.reader.impl.DefaultParser;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;

/**
 * The shell a person types into, on JLine: a prompt ({@code bstack>}, {@code ...>} while a
 * statement continues), line editing, history in {@code ~/.bstack_history}, tab completion
 * ({@link SqlCompleter}). Ctrl-C while a statement runs cancels it (the statement ends with
 * SQLState {@code HY008}) and the shell goes on; at the prompt it clears the line and any statement
 * begun; Ctrl-D at an empty prompt leaves. The only class that needs JLine, which the executable jar
 * bundles and the driver jar does not.
 */
final class InteractiveShell {
    private static final String PROMPT = "bstack> ";
    private static final String MORE = "   ...> ";

    private InteractiveShell() {
    }

    /** Runs until {@code \quit} or end of input; returns the exit status (always 0: errors were shown). */
    static int run(Shell shell, String database, String version) throws IOException {
        try (Terminal terminal = TerminalBuilder.builder().system(true).name("bstack").build()) {
            DefaultParser parser = new DefaultParser();
            parser.setEscapeChars(new char[0]); // a backslash starts a command, it escapes nothing
            parser.setQuoteChars(new char[0]); // statements continue by ';', not by open quotes
            LineReader reader = LineReaderBuilder.builder()
                    .terminal(terminal)
                    .appName("bstack")
                    .parser(parser)
                    .completer(new SqlCompleter(shell))
                    .variable(LineReader.HISTORY_FILE, Path.of(System.getProperty("user.home"), ".bstack_history"))
                    .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true)
                    .option(LineReader.Option.CASE_INSENSITIVE, true)
                    .build();
            shell.color = !Terminal.TYPE_DUMB.equals(terminal.getType())
                    && !Terminal.TYPE_DUMB_COLOR.equals(terminal.getType());
            terminal.handle(Terminal.Signal.INT, signal -> shell.cancel());
            shell.out.println("bstack " + version + " on " + database + ". \\help for help, \\quit or Ctrl-D to leave.");
            ScriptParser script = new ScriptParser();
            while (!shell.quitting()) {
                String line;
                try {
                    line = reader.readLine(script.pending() ? MORE : PROMPT);
                } catch (UserInterruptException e) {
                    script.reset();
                    continue;
                } catch (EndOfFileException e) {
                    break;
                }
                List<ScriptParser.Piece> pieces = script.feed(line);
                for (ScriptParser.Piece p : pieces) {
                    shell.run(p, null);
                    shell.out.flush();
                    if (shell.quitting()) {
                        break;
                    }
                }
            }
            reader.getHistory().save();
        }
        return 0;
    }
}
