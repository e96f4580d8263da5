package io.bstack.readme;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The README's first command, {@code ./bstack}, run as written from the repository root: with a
 * script piped into it and with {@code -c}, with no {@code JAVA_HOME} and the machine's default
 * {@code java} (older than 25) on the path. Runs after the driver module is packaged, so the shell's
 * jar is there and fresh; the script must find the JDK the build used by itself.
 */
class ReadmeShellCommandTest {
    private static final Path ROOT = Path.of("").toAbsolutePath().getParent();
    private static final Path DEFAULT_DB = ROOT.resolve("data.bstack");
    private static boolean hadDatabase;

    /** What a run printed and its exit status. */
    record Result(int status, String out, String err) {}

    @BeforeAll
    static void rememberTheDefaultDatabase() {
        hadDatabase = Files.exists(DEFAULT_DB);
    }

    @AfterAll
    static void removeTheDatabaseThisTestMade() throws IOException {
        if (!hadDatabase) {
            Files.deleteIfExists(DEFAULT_DB);
            Files.deleteIfExists(ROOT.resolve("data.bstack-wal"));
        }
    }

    private static Result run(String stdin, String... args) throws IOException, InterruptedException {
        List<String> cmd = new java.util.ArrayList<>(List.of(firstCommand().split(" ")));
        cmd.addAll(List.of(args));
        Path err = Files.createTempFile("bstack-readme", ".err");
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd).directory(ROOT.toFile()).redirectError(err.toFile());
            pb.environment().remove("JAVA_HOME");
            Process p = pb.start();
            try (var in = p.getOutputStream()) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("./bstack ends").isTrue();
            return new Result(p.exitValue(), out, Files.readString(err));
        } finally {
            Files.delete(err);
        }
    }

    /** The first line of the README's first fenced block. */
    private static String firstCommand() throws IOException {
        List<String> lines = Files.readAllLines(ROOT.resolve("README.md"));
        int fence = 0;
        while (!lines.get(fence).startsWith("```")) {
            fence++;
        }
        return lines.get(fence + 1).strip();
    }

    @Test
    void theFirstCommandIsTheShell() throws IOException {
        assertThat(firstCommand()).isEqualTo("./bstack");
        assertThat(Files.isExecutable(ROOT.resolve("bstack"))).isTrue();
    }

    @Test
    void withAScriptOnStandardInputItRunsItOnDataBstackHere() throws Exception {
        Result r = run("CREATE TABLE IF NOT EXISTS readme_check (n INT);\nSELECT 6 * 7 AS answer;\n"
                + "DROP TABLE readme_check;\n");
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.out()).contains("ANSWER").contains("42").contains("(1 row)");
        assertThat(DEFAULT_DB).exists();
    }

    @Test
    void withDashCItRunsTheStatementAndReportsErrors() throws Exception {
        Result ok = run("", "-c", "SELECT 'hello' AS greeting", "jdbc:bstack:mem:");
        assertThat(ok.status()).as(ok.err()).isZero();
        assertThat(ok.out()).contains("hello");
        Result bad = run("", "-c", "SELECT * FROM no_such_table", "jdbc:bstack:mem:");
        assertThat(bad.status()).isEqualTo(1);
        assertThat(bad.err()).startsWith("ERROR 42S02: ");
        Result version = run("", "--version");
        assertThat(version.out()).startsWith("bstack ");
    }

    @Test
    void theShellJarIsExecutableAndBundlesWhatItNeeds() throws IOException {
        try (JarFile jar = new JarFile(ROOT.resolve("driver/target/bstack-shell.jar").toFile())) {
            Attributes main = jar.getManifest().getMainAttributes();
            assertThat(main.getValue("Main-Class")).isEqualTo("io.bstack.shell.Main");
            assertThat(main.getValue("Enable-Native-Access")).isEqualTo("ALL-UNNAMED");
            assertThat(jar.getEntry("org/jline/reader/LineReader.class")).isNotNull();
            assertThat(jar.getEntry("io/bstack/sql/Database.class")).isNotNull();
            assertThat(jar.getEntry("io/bstack/stack/BStack.class")).isNotNull();
            assertThat(jar.getEntry("META-INF/services/java.sql.Driver")).isNotNull();
        }
    }
}
