package io.bstack.btree;

import io.bstack.alloc.AllocatorFactory;
import io.bstack.alloc.BStackAllocator;
import io.bstack.tx.Durability;
import io.bstack.tx.TxOptions;
import io.bstack.tx.TxStore;
import io.bstack.tx.WriteTx;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;

/**
 * The child JVM of {@link TreeCrashTest}: one B+tree (its root is the first region of a fresh
 * allocator, so its place is known) changed by write transactions of 1 to 200 random puts and
 * removes until the process is killed. Before {@code commit()} it logs {@code B <n>} and every change
 * of the transaction ({@code P <key> <value seed> <length>} or {@code R <key>}); after the commit
 * returned it logs {@code A <n>}. One in eight transactions is rolled back instead (logged as
 * nothing).
 *
 * <p>Arguments: allocator factory class, database file, seed, log file, page size.
 */
public final class TreeCrashChild {
    private TreeCrashChild() {}

    public static void main(String[] args) throws Exception {
        AllocatorFactory factory = (AllocatorFactory) Class.forName(args[0]).getDeclaredConstructor().newInstance();
        Path file = Path.of(args[1]);
        Random random = new Random(Long.parseLong(args[2]));
        int pageSize = Integer.parseInt(args[4]);
        try (PrintStream log = new PrintStream(new FileOutputStream(args[3], true), true, StandardCharsets.UTF_8);
                TxStore store = TxStore.open(file, TxOptions.defaults().withDurability(Durability.FULL)
                        .withCheckpointWalBytes(512 * 1024))) {
            long n = 0;
            while (true) {
                try (WriteTx tx = store.beginWrite(Duration.ofSeconds(10))) {
                    boolean fresh = tx.isEmpty();
                    BStackAllocator alloc = fresh ? factory.create(tx) : factory.open(tx);
                    BTree tree = fresh ? BTree.create(tx, alloc, pageSize)
                            : BTree.open(tx, alloc, pageSize, TreeCrashTest.root(factory, pageSize));
                    StringBuilder changes = new StringBuilder();
                    int count = 1 + random.nextInt(200);
                    for (int i = 0; i < count; i++) {
                        long k = random.nextInt(5000);
                        if (random.nextInt(3) > 0) {
                            int seed = random.nextInt();
                            int len = random.nextInt(20) == 0 ? 2000 + random.nextInt(20_000) : random.nextInt(60);
                            tree.put(TreeCrashTest.key(k), TreeCrashTest.value(seed, len));
                            changes.append("P ").append(k).append(' ').append(seed).append(' ').append(len).append('\n');
                        } else {
                            tree.remove(TreeCrashTest.key(k));
                            changes.append("R ").append(k).append('\n');
                        }
                    }
                    if (random.nextInt(8) == 0) {
                        tx.rollback();
                        continue;
                    }
                    n++;
                    log.print("B " + n + "\n" + changes);
                    log.flush();
                    tx.commit();
                    log.println("A " + n);
                }
            }
        }
    }
}
