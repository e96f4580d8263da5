package io.bstack.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The crash harnesses' child JVM: started with this JVM's java and class path, test hooks and
 * native access on, its output in a file; it logs its progress to a file the parent polls; the
 * parent kills it with SIGKILL and reads the log back.
 */
public final class ChildJvm {

    /** What the parent waits for before the kill; may read the log. */
    public interface Condition {
        boolean met() throws IOException;
    }

    private final Process process;
    private final Path log;
    private final Path out;
    private final String context;

    private ChildJvm(Process process, Path log, Path out, String context) {
        this.process = process;
        this.log = log;
        this.out = out;
        this.context = context;
    }

    /** Starts {@code main} with {@code args}; its stdout and stderr go to {@code log + ".out"}. */
    public static ChildJvm start(Class<?> main, Path log, String context, String... args) throws IOException {
        String java = ProcessHandle.current().info().command().orElseThrow();
        List<String> command = new ArrayList<>(List.of(java, "-Dbstack.test-hooks=true", "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), main.getName()));
        command.addAll(List.of(args));
        Path out = log.resolveSibling(log.getFileName() + ".out");
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        return new ChildJvm(p, log, out, context);
    }

    /** Waits (polling every millisecond) until {@code condition} holds, the child ends, or 60 s pass. */
    public ChildJvm waitUntil(Condition condition) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!condition.met() && process.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        return this;
    }

    /**
     * Sleeps {@code micros}, kills the child with SIGKILL, and returns its log's complete lines (a
     * last line the kill cut short is left out: what it announced may not have happened).
     */
    public List<String> killAfter(long micros) throws IOException, InterruptedException {
        TimeUnit.MICROSECONDS.sleep(micros);
        if (!process.isAlive()) {
            throw new AssertionError(context + ": the child ended on its own: " + Files.readString(out));
        }
        process.destroyForcibly();
        assertThat(process.waitFor()).as("SIGKILL exit status").isEqualTo(137);
        if (!Files.exists(log)) {
            return List.of();
        }
        String text = Files.readString(log, StandardCharsets.UTF_8);
        int end = text.lastIndexOf('\n') + 1;
        return text.substring(0, end).lines().toList();
    }

    /** Lines of the log starting with {@code prefix} so far. */
    public long count(String prefix) throws IOException {
        if (!Files.exists(log)) {
            return 0;
        }
        return Files.readAllLines(log).stream().filter(l -> l.startsWith(prefix)).count();
    }

    /** The log's last complete line, read from its tail. */
    public String lastLine() throws IOException {
        if (!Files.exists(log)) {
            return "";
        }
        try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(log)) {
            long size = ch.size();
            java.nio.ByteBuffer tail = java.nio.ByteBuffer.allocate((int) Math.min(size, 64));
            ch.read(tail, size - tail.capacity());
            String text = new String(tail.array(), 0, tail.position(), StandardCharsets.UTF_8);
            String[] lines = text.split("\n");
            return text.endsWith("\n") && lines.length > 0 ? lines[lines.length - 1] : "";
        }
    }
}
