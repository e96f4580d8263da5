package io.bstack.tx;

import io.bstack.alloc.AllocatorFactory;
import io.bstack.alloc.BStackAllocator;
import io.bstack.alloc.Region;
import io.bstack.alloc.RegionHandle;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;

/**
 * The child JVM of {@link TxCrash}: opens the store (its recovery runs), then runs write
 * transactions until it is killed. Each transaction opens the allocator over the transaction,
 * reads the {@link CrashDirectory}, makes one to four random changes (allocate a region and fill
 * it, one in ten of them 100-400 KiB so the direct write of fresh pages to the main file runs,
 * free one, reallocate one and refill it, rewrite one), bumps the directory's transaction
 * number, and commits; about one in eight is rolled back instead. It logs {@code B <n>} before
 * {@code commit()}, {@code A <n>} after it returned and {@code D <pages>} (pages written straight to
 * the main file since open), flushed each time.
 *
 * <p>Arguments: allocator factory class, database file, durability, seed, log file.
 */
public final class TxCrashChild {
    private TxCrashChild() {}

    public static void main(String[] args) throws Exception {
        AllocatorFactory factory = (AllocatorFactory) Class.forName(args[0]).getDeclaredConstructor().newInstance();
        Path file = Path.of(args[1]);
        Durability durability = Durability.valueOf(args[2]);
        Random random = new Random(Long.parseLong(args[3]));
        try (PrintStream log = new PrintStream(new FileOutputStream(args[4], true), true, StandardCharsets.UTF_8);
                TxStore store = TxStore.open(file, TxCrash.options(durability))) {
            log.println("ready");
            while (true) {
                try (WriteTx tx = store.beginWrite(Duration.ofSeconds(10))) {
                    boolean fresh = tx.isEmpty();
                    BStackAllocator alloc = fresh ? factory.create(tx) : factory.open(tx);
                    CrashDirectory dir = fresh ? CrashDirectory.create(alloc) : CrashDirectory.open(alloc, factory);
                    int changes = 1 + random.nextInt(4);
                    for (int c = 0; c < changes; c++) {
                        change(dir, alloc, random);
                    }
                    long n = dir.txNumber() + 1;
                    dir.store(n);
                    if (random.nextInt(8) == 0) {
                        tx.rollback();
                        continue;
                    }
                    log.println("B " + n);
                    tx.commit();
                    log.println("A " + n);
                    log.println("D " + store.stats().directPages());
                }
            }
        }
    }

    private static void change(CrashDirectory dir, BStackAllocator alloc, Random random) throws Exception {
        int dice = random.nextInt(100);
        int count = dir.entries().size();
        if (count == 0 || (dice < 45 && count < CrashDirectory.CAPACITY)) {
            // One allocation in ten is a large region (100-400 KiB): fresh pages at the end of the
            // file, which commit writes straight to the main file (the direct-write path).
            long len = random.nextInt(10) == 0 ? (100 << 10) + random.nextInt(300 << 10) : 1 + random.nextInt(3000);
            int seed = random.nextInt();
            RegionHandle h = alloc.alloc(len);
            h.write(0, CrashDirectory.payload(len, seed));
            dir.entries().add(new CrashDirectory.Entry(h.offset(), len, seed));
            return;
        }
        int i = random.nextInt(count);
        CrashDirectory.Entry e = dir.entries().get(i);
        RegionHandle h = alloc.reclaim(new Region(e.offset(), e.len()));
        if (dice < 65) {
            alloc.dealloc(h);
            dir.entries().remove(i);
        } else if (dice < 85) {
            long len = 1 + random.nextInt(3000);
            int seed = random.nextInt();
            RegionHandle moved = alloc.realloc(h, len);
            moved.write(0, CrashDirectory.payload(len, seed));
            dir.entries().set(i, new CrashDirectory.Entry(moved.offset(), len, seed));
        } else {
            int seed = random.nextInt();
            h.write(0, CrashDirectory.payload(e.len(), seed));
            dir.entries().set(i, new CrashDirectory.Entry(e.offset(), e.len(), seed));
        }
    }
}
