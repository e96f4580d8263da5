package io.bstack.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a child JVM that runs a seeded random workload on a really synced stack with SIGKILL at
 * random moments, and checks that the reopened file holds exactly the acknowledged operations,
 * plus possibly the one in flight, never part of it.
 *
 * <p>Size: {@code -Dbstack.crash.kills=N} (CI 30, long mode e.g. 200). Replay a run's schedule
 * (round seeds, kill points, delays) with {@code -Dbstack.crash.seed=S}; where the kill lands
 * inside an operation depends on timing, so on failure the baseline and the killed file image are
 * kept under {@code target/crash-failures/}: running {@code CrashChild <copy of baseline> <round
 * seed> <ops>} replays the round's operations.
 */
class StackCrashTest {
    private static final int MAX_ACKS_BEFORE_KILL = 40;
    private static final long CHILD_TIMEOUT_SECONDS = 120;
    /** Exit status Java reports for a process ended by signal 9. */
    private static final int SIGKILL_STATUS = 128 + 9;

    @TempDir
    Path dir;

    @Test
    void workloadAgreesWithModelInProcess() throws IOException {
        long seed = new Random().nextLong();
        Path file = dir.resolve("inproc.bstack");
        CrashChild.Model model = new CrashChild.Model(new byte[0]);
        Random stackSide = new Random(seed);
        Random modelSide = new Random(seed);
        CrashChild.Model shadow = new CrashChild.Model(new byte[0]);
        try (BStack stack = BStack.open(file, StackOptions.testing().withoutSync())) {
            for (int i = 1; i <= 3000; i++) {
                String op;
                try {
                    op = CrashChild.step(stackSide, model, stack);
                } catch (AssertionError | IOException e) {
                    throw new AssertionError("seed " + seed + ", op " + i + " failed", e);
                }
                CrashChild.step(modelSide, shadow, null);
                assertThat(stack.peek(0)).as("seed %d, op %d: %s", seed, i, op).isEqualTo(shadow.bytes());
            }
        }
        assertAtRest(file, shadow.len, "in-process workload, seed " + seed);
    }

    @Test
    void childWithoutKillEndsInTheModelState() throws Exception {
        long seed = new Random().nextLong();
        Path file = dir.resolve("clean.bstack");
        int ops = 300;
        Process child = startChild(file, seed, ops);
        boolean ended = child.waitFor(CHILD_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        if (!ended) {
            child.destroyForcibly();
        }
        assertThat(ended).as("child ended, seed %d", seed).isTrue();
        List<String> lines = Files.readAllLines(stdoutFile(file));
        assertThat(child.exitValue()).as("child exit, seed %d, stderr:%n%s", seed, stderr(file)).isZero();
        assertThat(lines).hasSize(ops + 3).startsWith("ready", "open 0 " + Arrays.hashCode(new byte[0])).endsWith("done");
        CrashChild.Model model = replay(new byte[0], seed, ops);
        try (BStack stack = BStack.open(file)) {
            assertThat(stack.peek(0)).as("seed %d", seed).isEqualTo(model.bytes());
        }
        assertAtRest(file, model.len, "clean child, seed " + seed);
    }

    @Test
    void sigkillAtRandomMomentsLeavesEveryOperationAllOrNothing() throws Exception {
        int kills = Integer.getInteger("bstack.crash.kills", 30);
        long masterSeed = Long.getLong("bstack.crash.seed", new Random().nextLong());
        Random schedule = new Random(masterSeed);
        Path file = dir.resolve("crash.bstack");
        Path baselineImage = dir.resolve("baseline.img");
        Path killedImage = dir.resolve("killed.img");
        byte[] current = new byte[0];
        Stats stats = new Stats();
        long started = System.nanoTime();
        for (int round = 0; round < kills; round++) {
            long roundSeed = schedule.nextLong();
            boolean killDuringOpen = schedule.nextInt(6) == 0;
            int ackTrigger = killDuringOpen ? 0 : 1 + schedule.nextInt(MAX_ACKS_BEFORE_KILL);
            long delayNanos = switch (schedule.nextInt(4)) {
                case 0 -> 0;
                case 1 -> schedule.nextInt(2_000_000);
                case 2 -> schedule.nextInt(20_000_000);
                default -> schedule.nextInt(50_000_000);
            };
            // Every other round the parent checks a copy, so the next child recovers the killed file itself.
            boolean childRecovers = schedule.nextBoolean();
            String where = "master seed " + masterSeed + " (-Dbstack.crash.seed=" + masterSeed + "), round " + round
                    + ", round seed " + roundSeed + ", kill after " + ackTrigger + " acks + " + delayNanos / 1000 + " us";
            if (Files.exists(file)) {
                Files.copy(file, baselineImage, StandardCopyOption.REPLACE_EXISTING);
            }

            Kill kill = runAndKill(file, roundSeed, ackTrigger, delayNanos, where);
            stats.acks += kill.acked;
            if (!Files.exists(file)) {
                // killed before the first child created the file: the next open starts an empty stack
                assertThat(kill.acked).as("acks without a file, %s", where).isZero();
                continue;
            }
            Files.copy(file, killedImage, StandardCopyOption.REPLACE_EXISTING);
            if (!isAtRest(killedImage)) {
                stats.killedMidOperation++;
            }
            if (kill.baseline != null) {
                assertThat(kill.baseline).as("child's baseline, %s", where)
                        .isEqualTo("open " + current.length + " " + Arrays.hashCode(current));
            }

            Path checked = file;
            if (childRecovers) {
                checked = dir.resolve("check.bstack");
                Files.copy(file, checked, StandardCopyOption.REPLACE_EXISTING);
            }
            byte[] actual;
            try (BStack stack = BStack.open(checked)) {
                actual = stack.peek(0);
            } catch (IOException e) {
                throw new AssertionError("reopen failed after the kill, " + where + keep(baselineImage, killedImage, masterSeed, round), e);
            }
            assertAtRest(checked, actual.length, where);

            CrashChild.Model model = new CrashChild.Model(current);
            Random ops = new Random(roundSeed);
            String lastAcked = "-";
            for (int i = 1; i <= kill.acked; i++) {
                lastAcked = CrashChild.step(ops, model, null);
            }
            byte[] before = model.bytes();
            String inFlight = CrashChild.step(ops, model, null);
            byte[] after = model.bytes();
            if (Arrays.equals(actual, before)) {
                stats.rolledBack += Arrays.equals(before, after) ? 0 : 1;
            } else if (Arrays.equals(actual, after)) {
                stats.applied++;
            } else {
                fail("after SIGKILL the stack is neither the state after %d acknowledged ops nor after op %d; %s%n"
                        + "last acknowledged op: %s%nop in flight: %s%nactual len %d (first difference %d), "
                        + "expected len %d or %d (first difference %d)%s",
                        kill.acked, kill.acked + 1, where, lastAcked, inFlight, actual.length, Arrays.mismatch(actual, before),
                        before.length, after.length, Arrays.mismatch(actual, after), keep(baselineImage, killedImage, masterSeed, round));
            }
            current = actual;
        }
        System.out.printf("StackCrashTest: %d SIGKILLs in %d s (master seed %d): %d acknowledged ops, %d kills left "
                + "the file mid-operation, in-flight op rolled back %d times, applied %d times; final len %d%n",
                kills, (System.nanoTime() - started) / 1_000_000_000L, masterSeed, stats.acks, stats.killedMidOperation,
                stats.rolledBack, stats.applied, current.length);
        assertThat(stats.acks).as("the children acknowledged no operation at all").isPositive();
    }

    // ---------------------------------------------------------------- child handling

    private static final class Stats {
        long acks;
        int killedMidOperation;
        int rolledBack;
        int applied;
    }

    private record Kill(int acked, String baseline) {}

    /** Starts a child, kills it with SIGKILL once it has printed enough lines, and counts its acknowledgements. */
    private static Kill runAndKill(Path file, long seed, int ackTrigger, long delayNanos, String where) throws Exception {
        Process child = startChild(file, seed, Long.MAX_VALUE);
        List<String> seen = new ArrayList<>();
        // "ready" comes first, then "open ...", then the acks 1, 2, ...: trigger 0 kills during open and recovery.
        int wanted = ackTrigger == 0 ? 1 : ackTrigger + 2;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(CHILD_TIMEOUT_SECONDS);
        try (StdoutTail out = new StdoutTail(stdoutFile(file))) {
            while (seen.size() < wanted) {
                boolean alive = child.isAlive();
                out.pump(seen);
                if (seen.size() >= wanted) {
                    break;
                }
                if (!alive || System.nanoTime() > deadline) {
                    child.destroyForcibly();
                    child.waitFor(CHILD_TIMEOUT_SECONDS, TimeUnit.SECONDS);
                    fail("child %s after printing %s; %s; stderr:%n%s", alive ? "hangs" : "ended on its own (exit "
                            + child.exitValue() + ")", seen, where, stderr(file));
                }
                LockSupport.parkNanos(100_000);
            }
            if (delayNanos > 0) {
                LockSupport.parkNanos(delayNanos);
            }
            child.destroyForcibly();
            assertThat(child.waitFor(CHILD_TIMEOUT_SECONDS, TimeUnit.SECONDS)).as("child gone, %s", where).isTrue();
            out.pump(seen);
        }
        assertThat(child.exitValue()).as("the child must die by SIGKILL, not end or fail by itself; %s; stderr:%n%s",
                where, stderr(file)).isEqualTo(SIGKILL_STATUS);
        assertThat(seen).as("protocol, %s", where).first().isEqualTo("ready");
        String baseline = seen.size() > 1 ? seen.get(1) : null;
        for (int i = 2; i < seen.size(); i++) {
            assertThat(seen.get(i)).as("ack %d, %s", i - 1, where).isEqualTo(Integer.toString(i - 1));
        }
        return new Kill(Math.max(0, seen.size() - 2), baseline);
    }

    private static Process startChild(Path file, long seed, long maxOps) throws IOException {
        String java = ProcessHandle.current().info().command().orElseThrow();
        return new ProcessBuilder(java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx256m",
                "-cp", System.getProperty("java.class.path"), CrashChild.class.getName(),
                file.toString(), Long.toString(seed), Long.toString(maxOps))
                .redirectOutput(stdoutFile(file).toFile())
                .redirectError(stderrFile(file).toFile())
                .start();
    }

    /**
     * Follows the child's stdout, which goes to a file: a pipe would race with the JDK's draining
     * of a dead child's pipe. Only complete lines count; a line cut short by the kill is dropped.
     */
    private static final class StdoutTail implements AutoCloseable {
        private final FileChannel channel;
        private final ByteBuffer buf = ByteBuffer.allocate(8192);
        private final StringBuilder partial = new StringBuilder();

        StdoutTail(Path file) throws IOException {
            channel = FileChannel.open(file, StandardOpenOption.READ);
        }

        void pump(List<String> lines) throws IOException {
            while (channel.read(buf.clear()) > 0) {
                buf.flip();
                while (buf.hasRemaining()) {
                    char c = (char) buf.get();
                    if (c == '\n') {
                        lines.add(partial.toString());
                        partial.setLength(0);
                    } else {
                        partial.append(c);
                    }
                }
            }
        }

        @Override
        public void close() throws IOException {
            channel.close();
        }
    }

    private static Path stdoutFile(Path file) {
        return file.resolveSibling(file.getFileName() + ".stdout");
    }

    private static Path stderrFile(Path file) {
        return file.resolveSibling(file.getFileName() + ".stderr");
    }

    private static String stderr(Path file) throws IOException {
        Path err = stderrFile(file);
        return Files.exists(err) ? Files.readString(err) : "";
    }

    private static CrashChild.Model replay(byte[] baseline, long seed, int ops) throws IOException {
        CrashChild.Model model = new CrashChild.Model(baseline);
        Random r = new Random(seed);
        for (int i = 0; i < ops; i++) {
            CrashChild.step(r, model, null);
        }
        return model;
    }

    // ---------------------------------------------------------------- file checks

    /** After a clean close: exactly {@code 32 + len} bytes, the right magic and length, no journal armed. */
    private static void assertAtRest(Path file, long len, String where) throws IOException {
        byte[] header = new byte[StackHeader.SIZE];
        try (InputStream in = Files.newInputStream(file)) {
            assertThat(in.readNBytes(header, 0, header.length)).as("header, %s", where).isEqualTo(StackHeader.SIZE);
        }
        ByteBuffer h = ByteBuffer.wrap(header).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(Files.size(file)).as("file size at rest, %s", where).isEqualTo(StackHeader.SIZE + len);
        assertThat(Arrays.copyOf(header, 8)).as("magic, %s", where).isEqualTo(StackHeader.MAGIC);
        assertThat(h.getLong(8)).as("clen, %s", where).isEqualTo(len);
        assertThat(Arrays.copyOfRange(header, 16, 32)).as("wip_ptr and wip_aux, %s", where).containsOnly(0);
    }

    private static boolean isAtRest(Path image) throws IOException {
        byte[] all = Files.readAllBytes(image);
        if (all.length < StackHeader.SIZE) {
            return false;
        }
        ByteBuffer h = ByteBuffer.wrap(all).order(ByteOrder.LITTLE_ENDIAN);
        return h.getLong(16) == 0 && h.getLong(24) == 0 && h.getLong(8) == all.length - StackHeader.SIZE;
    }

    /** Keeps the round's input and killed image for a post-mortem; returns a note for the failure message. */
    private static String keep(Path baseline, Path killed, long masterSeed, int round) {
        try {
            Path out = Path.of(System.getProperty("basedir", "."), "target", "crash-failures", masterSeed + "-round" + round);
            Files.createDirectories(out);
            if (Files.exists(baseline)) {
                Files.copy(baseline, out.resolve("baseline.bstack"), StandardCopyOption.REPLACE_EXISTING);
            }
            Files.copy(killed, out.resolve("killed.bstack"), StandardCopyOption.REPLACE_EXISTING);
            return "\nfile images kept in " + out.toAbsolutePath();
        } catch (IOException e) {
            return "\n(could not keep the file images: " + e + ")";
        }
    }
}
