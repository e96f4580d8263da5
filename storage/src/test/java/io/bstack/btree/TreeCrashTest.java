package io.bstack.btree;

import static org.assertj.core.api.Assertions.assertThat;

import io.bstack.alloc.AllocatorFactory;
import io.bstack.alloc.BStackAllocator;
import io.bstack.alloc.GhostTreeFactory;
import io.bstack.alloc.SegregatedFactory;
import io.bstack.stack.BStack;
import io.bstack.stack.StackOptions;
import io.bstack.testing.ChildJvm;
import io.bstack.tx.TxOptions;
import io.bstack.tx.TxStore;
import io.bstack.tx.WriteTx;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The transactions crash harness on a tree workload: a child JVM ({@link TreeCrashChild}) commits
 * random batches of puts and removes (some values overflowing) with FULL durability and is killed
 * with SIGKILL at a random moment; the parent reopens the store and checks that the tree holds
 * exactly the rows of the acknowledged transactions — or of those plus the one in flight — that
 * {@code verify()} passes, and that the tree's pages and overflow regions are exactly the
 * allocator's live regions. {@code -Dbstack.tree.crash.kills} sets the kills per allocator (CI
 * default 5), {@code -Dbstack.tree.crash.seed} replays a run.
 */
class TreeCrashTest {

    @TempDir
    Path dir;

    static byte[] key(long k) {
        return ByteBuffer.allocate(8).putLong(k).array();
    }

    static byte[] value(int seed, int len) {
        byte[] v = new byte[len];
        new Random(seed).nextBytes(v);
        return v;
    }

    /** The root page: where a tree made first on a fresh allocator of this kind puts its root. */
    static long root(AllocatorFactory factory, int pageSize) throws IOException {
        Path scratch = Files.createTempFile("bstack-tree-root", ".bstack");
        Files.delete(scratch);
        try (BStack stack = BStack.open(scratch, StackOptions.testing().withoutSync())) {
            return BTree.create(stack, factory.create(stack), pageSize).root();
        } finally {
            Files.deleteIfExists(scratch);
        }
    }

    @Test
    void ghostTreeAllocatorTreeSurvivesKills() throws Exception {
        run(new GhostTreeFactory(), 512);
    }

    @Test
    void segregatedAllocatorTreeSurvivesKills() throws Exception {
        run(new SegregatedFactory(), 4096);
    }

    private void run(AllocatorFactory factory, int pageSize) throws Exception {
        int kills = Integer.getInteger("bstack.tree.crash.kills", 5);
        Long replay = Long.getLong("bstack.tree.crash.seed");
        long master = replay != null ? replay : new Random().nextLong();
        Random random = new Random(master);
        Path file = dir.resolve(factory.name() + ".bstack");
        TreeMap<Long, long[]> model = new TreeMap<>(); // key -> {seed, length}
        int inCommit = 0;
        for (int round = 0; round < kills; round++) {
            String context = "tree crash " + factory.name() + ", master seed " + master + " (-Dbstack.tree.crash.seed="
                    + master + "), round " + round;
            Path log = dir.resolve(factory.name() + "-log-" + round + ".txt");
            List<String> lines = runChild(factory, file, random.nextLong(), log, pageSize, random.nextInt(15),
                    random.nextInt(5000), context);
            TreeMap<Long, long[]> acked = new TreeMap<>(model);
            TreeMap<Long, long[]> pending = null;
            for (String line : lines) {
                if (line.startsWith("B ")) {
                    pending = new TreeMap<>(acked);
                } else if (line.startsWith("A ")) {
                    acked = pending;
                    pending = null;
                } else if (line.startsWith("P ") && pending != null) {
                    String[] f = line.split(" ");
                    pending.put(Long.parseLong(f[1]), new long[] {Long.parseLong(f[2]), Long.parseLong(f[3])});
                } else if (line.startsWith("R ") && pending != null) {
                    pending.remove(Long.parseLong(line.substring(2)));
                }
            }
            inCommit += pending != null ? 1 : 0;
            model = check(factory, file, pageSize, acked, pending, context);
        }
        System.out.println("TreeCrash " + factory.name() + ": " + kills + " SIGKILLs, " + inCommit + " inside a commit, "
                + model.size() + " rows at the end (master seed " + master + ")");
        assertThat(model).as("some rows survived the kills").isNotEmpty();
    }

    private static List<String> runChild(AllocatorFactory factory, Path file, long seed, Path log, int pageSize,
            int killAfterAcks, long delayMicros, String context) throws Exception {
        ChildJvm child = ChildJvm.start(TreeCrashChild.class, log, context, factory.getClass().getName(), file.toString(),
                Long.toString(seed), log.toString(), Integer.toString(pageSize));
        return child.waitUntil(() -> child.count("A ") >= killAfterAcks).killAfter(delayMicros);
    }

    /** Checks the reopened tree against the acknowledged rows (or those plus the in-flight transaction's). */
    private static TreeMap<Long, long[]> check(AllocatorFactory factory, Path file, int pageSize,
            TreeMap<Long, long[]> acked, TreeMap<Long, long[]> pending, String context) throws IOException {
        try (TxStore store = TxStore.open(file, TxOptions.defaults()); WriteTx tx = store.beginWrite(Duration.ofSeconds(10))) {
            if (tx.isEmpty()) {
                assertThat(acked).as(context + ": nothing on disk but rows acknowledged").isEmpty();
                return acked;
            }
            BStackAllocator alloc = factory.open(tx);
            BTree tree = BTree.open(tx, alloc, pageSize, root(factory, pageSize));
            TreeStats stats = tree.verify();
            factory.verify(alloc, stats.regions());
            TreeMap<Long, long[]> found = new TreeMap<>();
            Cursor c = tree.cursor();
            for (boolean ok = c.first(); ok; ok = c.next()) {
                found.put(ByteBuffer.wrap(c.key()).getLong(), null);
            }
            // The acknowledged state, or the in-flight transaction's whole (its commit may have become
            // durable before the kill let the child log it); never a mix. Keys alone cannot tell when
            // the transaction only added keys, so the acknowledged state must match keys and values.
            boolean isAcked = found.keySet().equals(acked.keySet()) && matches(tree, acked);
            TreeMap<Long, long[]> expected = !isAcked && pending != null && found.keySet().equals(pending.keySet())
                    ? pending : acked;
            assertThat(found.keySet()).as(context + ": keys after recovery").isEqualTo(expected.keySet());
            for (Map.Entry<Long, long[]> e : expected.entrySet()) {
                assertThat(tree.get(key(e.getKey()))).as(context + ": value of key %d", e.getKey())
                        .isEqualTo(value((int) e.getValue()[0], (int) e.getValue()[1]));
            }
            tx.rollback();
            return expected;
        } catch (IOException | RuntimeException e) {
            throw new AssertionError(context + ": recovery failed", e);
        }
    }

    private static boolean matches(BTree tree, TreeMap<Long, long[]> rows) throws IOException {
        for (Map.Entry<Long, long[]> e : rows.entrySet()) {
            byte[] v = tree.get(key(e.getKey()));
            if (v == null || !java.util.Arrays.equals(v, value((int) e.getValue()[0], (int) e.getValue()[1]))) {
                return false;
            }
        }
        return true;
    }
}
