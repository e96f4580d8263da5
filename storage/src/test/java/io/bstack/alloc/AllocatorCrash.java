package io.bstack.alloc;

import static org.assertj.core.api.Assertions.assertThat;

import io.bstack.stack.BStack;
import io.bstack.stack.StackOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * Crash test of an allocator with a killed child JVM ({@link AllocatorCrashChild}): each round a
 * child resumes from the regions the parent believes live, runs random operations, and is
 * killed with SIGKILL after a random number of acknowledged operations plus a random delay, so
 * kills land inside multi-call operations. The parent then opens the file (the allocator's
 * recovery runs), reclaims every acknowledged region, and checks its bytes, that no two live
 * regions overlap, and {@link AllocatorFactory#verify}. The region of the operation in flight is
 * dropped from the model (it may survive moved, freed, or leaked — leaks the allocator's Javadoc
 * admits). Call {@link #run} from a test; {@code bstack.alloc.crash.kills} sets the number of
 * kills (default 8), {@code bstack.alloc.crash.seed} replays a run.
 */
public final class AllocatorCrash {
    private AllocatorCrash() {}

    public static void run(AllocatorFactory factory, Path dir) throws Exception {
        int kills = Integer.getInteger("bstack.alloc.crash.kills", 8);
        Long replay = Long.getLong("bstack.alloc.crash.seed");
        long master = replay != null ? replay : new Random().nextLong();
        Random random = new Random(master);
        Path file = dir.resolve(factory.name() + "-crash.bstack");
        Path liveFile = dir.resolve(factory.name() + "-live.txt");
        Files.deleteIfExists(file);
        Map<Long, AllocatorCrashChild.Entry> live = new LinkedHashMap<>();
        int midOperation = 0;
        for (int round = 0; round < kills; round++) {
            Files.writeString(liveFile, String.join("\n", live.values().stream().map(AllocatorCrashChild.Entry::format).toList()));
            Path log = dir.resolve(factory.name() + "-log-" + round + ".txt");
            long seed = random.nextLong();
            int killAfterAcks = random.nextInt(40);
            long delayMicros = random.nextInt(3000);
            String context = factory.name() + " crash test, master seed " + master + " (-Dbstack.alloc.crash.seed=" + master
                    + "), round " + round;
            List<String> lines = runChild(factory, file, liveFile, seed, log, killAfterAcks, delayMicros, context);
            midOperation += apply(lines, live) ? 1 : 0;
            check(factory, file, live, context);
        }
        System.out.println("AllocatorCrash " + factory.name() + ": " + kills + " SIGKILLs, " + midOperation
                + " inside an operation, " + live.size() + " regions live at the end (master seed " + master + ")");
        assertThat(midOperation).as("some kills landed inside an operation").isPositive();
    }

    private static List<String> runChild(AllocatorFactory factory, Path file, Path liveFile, long seed, Path log,
            int killAfterAcks, long delayMicros, String context) throws Exception {
        String java = ProcessHandle.current().info().command().orElseThrow();
        Process child = new ProcessBuilder(java, "-Dbstack.test-hooks=true", "-cp", System.getProperty("java.class.path"),
                AllocatorCrashChild.class.getName(), factory.getClass().getName(), file.toString(), liveFile.toString(),
                Long.toString(seed), log.toString(), Long.toString(factory.maxFuzzLength()))
                .redirectErrorStream(true).redirectOutput(log.resolveSibling(log.getFileName() + ".out").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (acks(log) < killAfterAcks && child.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(0, 200_000);
        }
        TimeUnit.MICROSECONDS.sleep(delayMicros);
        if (!child.isAlive()) {
            throw new AssertionError(context + ": the child ended on its own: "
                    + Files.readString(log.resolveSibling(log.getFileName() + ".out")));
        }
        child.destroyForcibly();
        assertThat(child.waitFor()).as("SIGKILL exit status").isEqualTo(137);
        return Files.exists(log) ? Files.readAllLines(log, StandardCharsets.UTF_8) : List.of();
    }

    private static long acks(Path log) throws IOException {
        if (!Files.exists(log)) {
            return 0;
        }
        return Files.readAllLines(log).stream().filter(l -> l.startsWith("A ")).count();
    }

    /** Applies the acknowledged operations; drops the one in flight; says whether one was. */
    private static boolean apply(List<String> lines, Map<Long, AllocatorCrashChild.Entry> live) {
        String inFlight = null;
        for (String line : lines) {
            if (line.startsWith("B ")) {
                inFlight = line;
            } else if (line.startsWith("A ")) {
                inFlight = null;
                String[] f = line.split(" ", 3);
                if (f[1].equals("free")) {
                    live.remove(Long.parseLong(f[2]));
                } else if (f.length == 3 && f[2].split(" ").length == 4) {
                    AllocatorCrashChild.Entry e = AllocatorCrashChild.Entry.parse(f[2]);
                    live.put(e.id(), e);
                }
            }
        }
        if (inFlight != null) {
            live.remove(Long.parseLong(inFlight.split(" ")[2]));
            return true;
        }
        return false;
    }

    private static void check(AllocatorFactory factory, Path file, Map<Long, AllocatorCrashChild.Entry> live, String context)
            throws IOException {
        if (!Files.exists(file) || Files.size(file) == 0) {
            assertThat(live).as(context + ": no file but regions acknowledged").isEmpty();
            return;
        }
        try (BStack stack = BStack.open(file, StackOptions.testing().withoutSync())) {
            if (stack.isEmpty()) {
                assertThat(live).as(context + ": empty stack but regions acknowledged").isEmpty();
                return;
            }
            BStackAllocator alloc = factory.open(stack);
            List<Region> regions = new ArrayList<>();
            for (AllocatorCrashChild.Entry e : live.values()) {
                Region r = new Region(e.offset(), e.len());
                RegionHandle h = alloc.reclaim(r);
                assertThat(h.read()).as(context + ": acknowledged region %d %s after recovery", e.id(), r)
                        .isEqualTo(AllocatorCrashChild.payload(e.len(), e.seed()));
                regions.add(r);
            }
            AllocatorFuzz.assertNoOverlaps(regions);
            factory.verify(alloc, regions);
            alloc.intoStack();
        } catch (IOException | RuntimeException e) {
            throw new AssertionError(context + ": recovery failed", e);
        }
    }
}
