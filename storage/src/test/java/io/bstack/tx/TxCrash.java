package io.bstack.tx;

import static org.assertj.core.api.Assertions.assertThat;

import io.bstack.alloc.AllocatorFactory;
import io.bstack.alloc.BStackAllocator;
import io.bstack.alloc.Region;
import io.bstack.alloc.RegionHandle;
import io.bstack.testing.ChildJvm;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The database's crash harness: a child JVM ({@link TxCrashChild}) runs random write transactions
 * (allocator operations and region writes, listed with the seed of their contents in a
 * {@link CrashDirectory}) and logs each commit that returned; the parent kills it with SIGKILL at
 * a random moment, reopens the store (recovery runs), and checks:
 * <ul>
 *   <li>FULL durability: the directory's transaction number is the last acknowledged one, or the
 *       one in flight when the kill landed — never older, never a later one;</li>
 *   <li>NORMAL and OFF: it is at most the one in flight (a lost window is allowed, a future is not);</li>
 *   <li>every mode: every listed region holds exactly its seed's bytes (so no transaction is seen
 *       in part), the regions do not overlap, and the allocator's structures verify.</li>
 * </ul>
 * {@code bstack.tx.crash.kills} sets the kills per run (CI default 6; the long mode is 500+),
 * {@code bstack.tx.crash.seed} replays a run.
 */
final class TxCrash {
    private TxCrash() {}

    static TxOptions options(Durability durability) {
        return TxOptions.defaults().withDurability(durability).withCheckpointWalBytes(256 * 1024);
    }

    /** Runs {@code bstack.tx.crash.kills} kills; returns how many landed inside a commit. */
    static int run(AllocatorFactory factory, Durability durability, Path dir) throws Exception {
        int kills = Integer.getInteger("bstack.tx.crash.kills", 6);
        Long replay = Long.getLong("bstack.tx.crash.seed");
        long master = replay != null ? replay : new Random().nextLong();
        Random random = new Random(master);
        Path file = dir.resolve(factory.name() + "-" + durability + ".bstack");
        long acknowledged = 0;
        int inCommit = 0;
        long directPages = 0;
        for (int round = 0; round < kills; round++) {
            String context = "tx crash " + factory.name() + " " + durability + ", master seed " + master
                    + " (-Dbstack.tx.crash.seed=" + master + "), round " + round;
            Path log = dir.resolve(factory.name() + "-" + durability + "-log-" + round + ".txt");
            // FULL acknowledges after a sync, so a few acks take a while; NORMAL and OFF acknowledge at
            // once and push later, so they run longer (up to half a second) before the kill.
            long delayMicros = random.nextInt(4000) + (durability == Durability.FULL ? 0 : random.nextInt(500_000));
            // Every other FULL round aims at a commit: it waits until the child has logged "B" (it is
            // inside commit(), whose sync takes a while) and kills within the next 1.5 ms.
            boolean aim = durability == Durability.FULL && round % 2 == 1;
            List<String> lines = runChild(factory, durability, file, random.nextLong(), log, random.nextInt(25),
                    aim ? random.nextInt(1500) : delayMicros, aim, context);
            long begun = acknowledged;
            long acked = acknowledged;
            long direct = 0;
            for (String line : lines) {
                if (line.startsWith("B ")) {
                    begun = Long.parseLong(line.substring(2));
                } else if (line.startsWith("A ")) {
                    acked = Long.parseLong(line.substring(2));
                } else if (line.startsWith("D ")) {
                    direct = Long.parseLong(line.substring(2));
                }
            }
            boolean inFlight = begun > acked;
            inCommit += inFlight ? 1 : 0;
            long found = check(factory, durability, file, context);
            long newest = inFlight ? begun : acked;
            if (durability == Durability.FULL) {
                assertThat(found).as(context + ": transaction number after recovery (acknowledged %d, begun %d)", acked, begun)
                        .isBetween(acked, newest);
            } else {
                assertThat(found).as(context + ": transaction number after recovery (begun %d)", begun).isLessThanOrEqualTo(newest);
            }
            acknowledged = found;
            directPages += direct;
        }
        assertThat(acknowledged).as("tx crash %s %s (master seed %d): some transactions survived the kills",
                factory.name(), durability, master).isPositive();
        System.out.println("TxCrash " + factory.name() + " " + durability + ": " + kills + " SIGKILLs, " + inCommit
                + " inside a commit, transaction " + acknowledged + " at the end, " + directPages
                + " pages written straight to the main file by acknowledged commits (master seed " + master + ")");
        return inCommit;
    }

    private static List<String> runChild(AllocatorFactory factory, Durability durability, Path file, long seed, Path log,
            int killAfterAcks, long delayMicros, boolean aimAtCommit, String context) throws Exception {
        ChildJvm child = ChildJvm.start(TxCrashChild.class, log, context, factory.getClass().getName(), file.toString(),
                durability.name(), Long.toString(seed), log.toString());
        child.waitUntil(() -> child.count("A ") >= killAfterAcks);
        if (aimAtCommit) {
            child.waitUntil(() -> child.lastLine().startsWith("B "));
        }
        return child.killAfter(delayMicros);
    }

    /** Reopens the store and checks it; returns the directory's transaction number (0 if none committed). */
    private static long check(AllocatorFactory factory, Durability durability, Path file, String context) throws IOException {
        try (TxStore store = TxStore.open(file, options(durability)); WriteTx tx = store.beginWrite(Duration.ofSeconds(10))) {
            if (tx.isEmpty()) {
                return 0;
            }
            BStackAllocator alloc = factory.open(tx);
            CrashDirectory dir = CrashDirectory.open(alloc, factory);
            List<Region> regions = new ArrayList<>();
            regions.add(dir.region());
            for (CrashDirectory.Entry e : dir.entries()) {
                Region r = new Region(e.offset(), e.len());
                RegionHandle h = alloc.reclaim(r);
                assertThat(h.read()).as(context + ": region %s of transaction %d", r, dir.txNumber())
                        .isEqualTo(CrashDirectory.payload(e.len(), e.seed()));
                regions.add(r);
            }
            io.bstack.alloc.AllocatorFuzz.assertNoOverlaps(regions);
            factory.verify(alloc, regions);
            tx.rollback();
            return dir.txNumber();
        } catch (IOException | RuntimeException e) {
            throw new AssertionError(context + ": recovery failed", e);
        }
    }
}
