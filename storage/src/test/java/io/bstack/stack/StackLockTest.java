package io.bstack.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The exclusive lock on an open stack file: a second open, from this JVM (under any spelling of
 * the path) or from another process, fails at once with {@link BStackLockedException} naming the
 * file, leaves the holder's lock intact, and the lock goes away with its holder, even one killed
 * by SIGKILL.
 */
class StackLockTest {
    /** A refused open must be immediate; this only bounds a hang on a blocking lock. */
    private static final Duration AT_ONCE = Duration.ofSeconds(5);
    private static final long CHILD_TIMEOUT_SECONDS = 60;
    private static final int SIGKILL_STATUS = 128 + 9;
    private static final String LOCKED = "failed " + BStackLockedException.class.getName() + " ";

    @TempDir
    Path tmp;

    private Path dir;
    private Path file;

    @BeforeEach
    void setUp() throws IOException {
        dir = tmp.toRealPath();
        file = dir.resolve("locked.bstack");
    }

    /** Ways to name the same file. */
    enum Spelling {
        SAME_PATH {
            @Override
            Path of(Path file) {
                return file;
            }
        },
        RELATIVE {
            @Override
            Path of(Path file) {
                Path rel = Path.of("").toAbsolutePath().relativize(file);
                assertThat(rel.isAbsolute()).isFalse();
                return rel;
            }
        },
        SYMLINK_TO_FILE {
            @Override
            Path of(Path file) throws IOException {
                return Files.createSymbolicLink(file.resolveSibling("link.bstack"), file);
            }
        },
        SYMLINK_TO_DIRECTORY {
            @Override
            Path of(Path file) throws IOException {
                Path link = Files.createSymbolicLink(file.getParent().resolveSibling(file.getParent().getFileName() + "-link"),
                        file.getParent());
                return link.resolve(file.getFileName());
            }
        },
        WITH_DOT_DOT {
            @Override
            Path of(Path file) throws IOException {
                Files.createDirectories(file.resolveSibling("sub"));
                return file.getParent().resolve("sub").resolve("..").resolve(".").resolve(file.getFileName());
            }
        },
        HARD_LINK {
            @Override
            Path of(Path file) throws IOException {
                return Files.createLink(file.resolveSibling("hardlink.bstack"), file);
            }
        };

        abstract Path of(Path file) throws IOException;
    }

    @ParameterizedTest
    @EnumSource(Spelling.class)
    void secondOpenInThisJvmFailsAtOnceAndKeepsTheFirstLockIntact(Spelling spelling) throws Exception {
        Path alias;
        try (BStack first = BStack.open(file)) {
            first.push(bytes("first"));
            alias = spelling.of(file);
            if (spelling != Spelling.SAME_PATH) {
                assertThat(alias.toString()).isNotEqualTo(file.toString());
            }

            Throwable refused = attemptOpen(alias);

            assertLockedNaming(refused, alias.toRealPath());
            first.push(bytes(" still works"));
            assertThat(first.peek(0)).isEqualTo(bytes("first still works"));
            assertThat(runChild("try", file)).as("another process opening the file after the refused attempt")
                    .startsWith(LOCKED);
        }
        try (BStack again = BStack.open(alias)) {
            assertThat(again.peek(0)).isEqualTo(bytes("first still works"));
        }
    }

    @Test
    void reopenUnderAnotherSpellingWorksAfterClose() throws Exception {
        try (BStack first = BStack.open(file)) {
            first.push(bytes("kept"));
        }
        Path alias = Spelling.WITH_DOT_DOT.of(file);
        try (BStack second = BStack.open(alias)) {
            assertThat(second.peek(0)).isEqualTo(bytes("kept"));
            assertLockedNaming(attemptOpen(file), file);
        }
        try (BStack third = BStack.open(file)) {
            assertThat(third.len()).isEqualTo(4);
        }
    }

    @Test
    void racingOpensInThisJvmLetExactlyOneWin() throws Exception {
        int threads = 8;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<Object>> results = new ArrayList<>();
        try {
            for (int i = 0; i < threads; i++) {
                results.add(pool.submit(() -> {
                    start.await();
                    try {
                        return BStack.open(file);
                    } catch (IOException e) {
                        return e;
                    }
                }));
            }
            start.countDown();
            List<BStack> winners = new ArrayList<>();
            for (Future<Object> f : results) {
                Object r = f.get(CHILD_TIMEOUT_SECONDS, TimeUnit.SECONDS);
                if (r instanceof BStack s) {
                    winners.add(s);
                } else {
                    assertLockedNaming((Throwable) r, file);
                }
            }
            try {
                assertThat(winners).as("opens that succeeded").hasSize(1);
                assertThat(runChild("try", file)).startsWith(LOCKED);
            } finally {
                for (BStack s : winners) {
                    s.close();
                }
            }
        } finally {
            pool.shutdownNow();
        }
        try (BStack after = BStack.open(file)) {
            assertThat(after.isEmpty()).isTrue();
        }
    }

    @Test
    void openFailsAtOnceWhileAnotherProcessHoldsTheFile() throws Exception {
        Holder holder = Holder.start(file);
        try {
            assertLockedNaming(attemptOpen(file), file);
            assertLockedNaming(attemptOpen(Spelling.RELATIVE.of(file)), file);
            holder.release();
        } finally {
            holder.kill();
        }
        try (BStack after = BStack.open(file)) {
            assertThat(after.peek(0)).isEqualTo(LockChild.MARKER);
        }
    }

    @Test
    void lockOfAProcessKilledWithSigkillIsNotStale() throws Exception {
        Holder holder = Holder.start(file);
        try {
            assertLockedNaming(attemptOpen(file), file);
        } finally {
            holder.kill();
        }
        assertThat(holder.process.exitValue()).as("killed by SIGKILL").isEqualTo(SIGKILL_STATUS);
        try (BStack after = BStack.open(file)) {
            assertThat(after.peek(0)).isEqualTo(LockChild.MARKER);
        }
    }

    @Test
    void anotherProcessCannotOpenWhileThisProcessHoldsTheFile() throws Exception {
        try (BStack held = BStack.open(file)) {
            held.push(bytes("parent"));
            String answer = runChild("try", file);
            assertThat(answer).startsWith(LOCKED).contains(file.toString());
            assertThat(held.peek(0)).isEqualTo(bytes("parent"));
        }
        assertThat(runChild("try", file)).isEqualTo("opened 6");
    }

    // ---------------------------------------------------------------- helpers

    /** Opens {@code path} expecting a refusal within {@link #AT_ONCE}; returns what was thrown. */
    private static Throwable attemptOpen(Path path) {
        Throwable thrown = assertTimeoutPreemptively(AT_ONCE, () -> {
            try {
                BStack unexpected = BStack.open(path);
                unexpected.close();
                return null;
            } catch (Throwable e) {
                return e;
            }
        }, "an open of a locked file must not wait");
        assertThat(thrown).as("open of %s while the file is held", path).isNotNull();
        return thrown;
    }

    private static void assertLockedNaming(Throwable refused, Path realFile) {
        assertThat(refused).isInstanceOf(BStackLockedException.class).hasMessageContaining(realFile.toString());
        assertThat(((BStackLockedException) refused).file()).isEqualTo(realFile);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static ProcessBuilder child(String mode, Path file) {
        String java = ProcessHandle.current().info().command().orElseThrow();
        return new ProcessBuilder(java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx64m",
                "-cp", System.getProperty("java.class.path"), LockChild.class.getName(), mode, file.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT);
    }

    /** Runs {@code LockChild try} and returns the line it printed. */
    private static String runChild(String mode, Path file) throws Exception {
        Process p = child(mode, file).start();
        p.getOutputStream().close();
        assertThat(p.waitFor(CHILD_TIMEOUT_SECONDS, TimeUnit.SECONDS)).as("child %s ended", mode).isTrue();
        assertThat(p.exitValue()).as("child exit status").isZero();
        return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    }

    /** A child JVM that holds the stack open until released or killed. */
    private record Holder(Process process, BufferedReader out) {
        static Holder start(Path file) throws IOException, InterruptedException {
            Process p = child("hold", file).start();
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            Holder h = new Holder(p, out);
            try {
                String first = assertTimeoutPreemptively(Duration.ofSeconds(CHILD_TIMEOUT_SECONDS), out::readLine);
                assertThat(first).as("holder child's first line").isEqualTo("held");
            } catch (RuntimeException | Error e) {
                h.kill();
                throw e;
            }
            return h;
        }

        void release() throws Exception {
            try (Writer in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8)) {
                in.write("release\n");
            }
            assertThat(process.waitFor(CHILD_TIMEOUT_SECONDS, TimeUnit.SECONDS)).as("holder ended").isTrue();
            assertThat(process.exitValue()).isZero();
            assertThat(out.readLine()).isEqualTo("released");
        }

        void kill() throws InterruptedException {
            if (process.isAlive()) {
                process.destroyForcibly();
            }
            process.waitFor(CHILD_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        }
    }
}
