package io.bstack.tx;

import io.bstack.alloc.AllocatorFactory;
import io.bstack.alloc.BStackAllocator;
import io.bstack.alloc.Region;
import io.bstack.alloc.RegionHandle;
import io.bstack.stack.BStack;
import io.bstack.stack.StackOptions;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The crash workload's own bookkeeping, kept in the database it tests: one region, the very first
 * an allocator hands out (so its place is known without a catalog), holding the number of the
 * last committed transaction and the live regions with the seed of their contents. Because the
 * directory and the regions change in the same transactions, a torn transaction shows as a
 * directory that disagrees with the bytes of the regions it lists.
 *
 * <p>Layout, little-endian: {@code [u64 transaction number][u32 count][u32 0]} then {@code count}
 * entries of {@code [u64 offset][u64 length][i32 seed][u32 0]}.
 */
final class CrashDirectory {

    static final int CAPACITY = 48;
    static final long LENGTH = 16 + 24L * CAPACITY;

    record Entry(long offset, long len, int seed) {
    }

    private final RegionHandle region;
    private final List<Entry> entries;
    private final long txNumber;

    private CrashDirectory(RegionHandle region, List<Entry> entries, long txNumber) {
        this.region = region;
        this.entries = entries;
        this.txNumber = txNumber;
    }

    /** Allocates the directory as the first region of a fresh allocator. */
    static CrashDirectory create(BStackAllocator alloc) throws IOException {
        RegionHandle h = alloc.alloc(LENGTH);
        CrashDirectory dir = new CrashDirectory(h, new ArrayList<>(), 0);
        dir.store(0);
        return dir;
    }

    /** Reads the directory at the place a fresh allocator of this kind puts its first region. */
    static CrashDirectory open(BStackAllocator alloc, AllocatorFactory factory) throws IOException {
        RegionHandle h = alloc.reclaim(location(factory));
        ByteBuffer b = ByteBuffer.wrap(h.read()).order(ByteOrder.LITTLE_ENDIAN);
        long n = b.getLong();
        int count = b.getInt();
        b.getInt();
        if (count < 0 || count > CAPACITY) {
            throw new AssertionError("directory count " + count + " out of range");
        }
        List<Entry> entries = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            long offset = b.getLong();
            long len = b.getLong();
            int seed = b.getInt();
            b.getInt();
            entries.add(new Entry(offset, len, seed));
        }
        return new CrashDirectory(h, entries, n);
    }

    /** Where a fresh allocator of {@code factory}'s kind puts its first region of {@link #LENGTH} bytes. */
    static Region location(AllocatorFactory factory) throws IOException {
        Path scratch = Files.createTempFile("bstack-crash-dir", ".bstack");
        Files.delete(scratch);
        try (BStack stack = BStack.open(scratch, StackOptions.testing().withoutSync())) {
            BStackAllocator alloc = factory.create(stack);
            return alloc.alloc(LENGTH).region();
        } finally {
            Files.deleteIfExists(scratch);
        }
    }

    long txNumber() {
        return txNumber;
    }

    Region region() {
        return region.region();
    }

    /** The live regions; callers change this list, then {@link #store}. */
    List<Entry> entries() {
        return entries;
    }

    void store(long number) throws IOException {
        ByteBuffer b = ByteBuffer.allocate((int) LENGTH).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(number).putInt(entries.size()).putInt(0);
        for (Entry e : entries) {
            b.putLong(e.offset()).putLong(e.len()).putInt(e.seed()).putInt(0);
        }
        region.write(0, b.array());
    }

    static byte[] payload(long len, int seed) {
        byte[] b = new byte[(int) len];
        long x = seed;
        for (int i = 0; i < b.length; i++) {
            x = x * 6364136223846793005L + 1442695040888963407L;
            b[i] = (byte) (x >>> 56);
        }
        return b;
    }
}
