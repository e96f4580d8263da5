package io.bstack.shell;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * A command run on a pseudo-terminal through util-linux {@code script}, for tests that type into the
 * interactive shell: what is sent arrives as keystrokes (Ctrl-C included), what the command prints
 * collects in a buffer the test waits on. ANSI escape sequences are removed from what it reads.
 */
final class Pty implements AutoCloseable {
    private static final Pattern ANSI = Pattern.compile("\u001b\\[[0-9;?]*[ -/]*[@-~]|\u001b[()][0-9A-Za-z]|\u001b[=>]|\r");

    private final Process process;
    private final OutputStream keys;
    private final StringBuilder seen = new StringBuilder();
    /** Where the last match ended, in the output with escapes removed. */
    private int mark;

    /** Whether {@code script} is there to make pseudo-terminals. */
    static boolean available() {
        return Files.isExecutable(Path.of("/usr/bin/script")) || Files.isExecutable(Path.of("/bin/script"));
    }

    /** Starts {@code command} (a shell command line) on a 120x40 terminal in {@code dir}, HOME there too. */
    Pty(Path dir, String command) throws IOException {
        ProcessBuilder pb = new ProcessBuilder("script", "-qfec", "stty cols 120 rows 40; exec " + command, "/dev/null")
                .directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().put("TERM", "xterm");
        pb.environment().put("HOME", dir.toString());
        process = pb.start();
        keys = process.getOutputStream();
        InputStream out = process.getInputStream();
        Thread.ofPlatform().daemon().start(() -> {
            byte[] buf = new byte[4096];
            try {
                for (int n; (n = out.read(buf)) > 0;) {
                    synchronized (seen) {
                        seen.append(new String(buf, 0, n, StandardCharsets.UTF_8));
                        seen.notifyAll();
                    }
                }
            } catch (IOException e) {
                // the process ended
            }
        });
    }

    /** Types {@code text} (use \r for Enter, \t for Tab, \u0003 for Ctrl-C, \u0004 for Ctrl-D). */
    Pty send(String text) throws IOException {
        keys.write(text.getBytes(StandardCharsets.UTF_8));
        keys.flush();
        return this;
    }

    /**
     * Waits until the output since the last match holds {@code text}, and returns that output (escapes removed).
     *
     * @throws AssertionError when it does not come within {@code seconds}
     */
    String expect(String text, long seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        synchronized (seen) {
            while (true) {
                String clean = ANSI.matcher(seen).replaceAll("");
                int at = clean.indexOf(text, mark);
                if (at >= 0) {
                    String upTo = clean.substring(mark, at + text.length());
                    mark = at + text.length();
                    return upTo;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("expected \"" + text + "\" within " + seconds + " s; the terminal shows:\n"
                            + clean.substring(Math.min(mark, clean.length())));
                }
                seen.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
            }
        }
    }

    /** Waits for the command to end and returns its exit status. */
    int waitFor(long seconds) throws InterruptedException {
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            throw new AssertionError("the command did not end within " + seconds + " s");
        }
        return process.exitValue();
    }

    /** The shell command line that starts the shell's main class with these arguments, its home in {@code home}. */
    static String shellCommand(Path home, List<String> args) {
        // A build started in the background by a script inherits SIGINT ignored, and an ignored signal
        // stays ignored across exec: the JVM would then never see Ctrl-C. Restore the default first.
        StringBuilder b = new StringBuilder("perl -e '$SIG{INT} = \"DEFAULT\"; exec @ARGV or die \"exec: $!\"' -- ");
        for (String a : ShellRunner.javaCommand("-Dbstack.stderr.tty=true", "-Duser.home=" + home)) {
            b.append(quote(a)).append(' ');
        }
        for (String a : args) {
            b.append(quote(a)).append(' ');
        }
        return b.toString().strip();
    }

    private static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    @Override
    public void close() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }
}
