package io.bstack.buffer;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.api.Test;

/**
 * Eight threads pin random pages from a range four times the pool, stamp a version on some of them
 * and verify every page they read; at the end the store must hold the last version of every page.
 * The page locks stand in for the tree latches that serialize writers of one page above the pool.
 */
class BufferPoolStressTest {

    private static final int PAGE = 4096;
    private static final int FRAMES = 16;
    private static final int PAGES = 64;
    private static final int THREADS = 8;
    private static final int OPS = 4000;

    @Test
    void randomPinsAndWritesEndWithTheRightBytesInTheStore() throws Exception {
        MemoryPageStore store = new MemoryPageStore(PAGE);
        AtomicLongArray versions = new AtomicLongArray(PAGES);
        ReentrantLock[] latches = new ReentrantLock[PAGES];
        for (int i = 0; i < PAGES; i++) {
            latches[i] = new ReentrantLock();
        }
        ExecutorService exec = Executors.newFixedThreadPool(THREADS);
        try (BufferPool pool = BufferPool.open(store, BufferPoolConfig.withEvictionAhead(PAGE, (long) FRAMES * PAGE))) {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Integer>> done = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                long seed = 1000 + t;
                done.add(exec.submit(() -> {
                    start.await();
                    return work(pool, new SplittableRandom(seed), versions, latches);
                }));
            }
            start.countDown();
            int writes = 0;
            for (Future<Integer> f : done) {
                writes += f.get(30, TimeUnit.SECONDS);
            }
            pool.flush();
            BufferPoolStats stats = pool.stats();
            assertThat(writes).isGreaterThan(0);
            assertThat(stats.evictions()).isGreaterThan(100);
            assertThat(stats.hits() + stats.misses()).isEqualTo((long) THREADS * OPS);
            assertThat(stats.framesPinned()).isZero();
            for (int id = 0; id < PAGES; id++) {
                byte[] stored = store.stored(id);
                long version = versions.get(id);
                if (version == 0) {
                    assertThat(stored).as("page %d was never written", id).isNull();
                } else {
                    assertThat(stored).as("page %d", id).isNotNull();
                    checkPage(MemorySegment.ofArray(stored), id, version);
                }
            }
        } finally {
            exec.shutdownNow();
        }
    }

    private static int work(BufferPool pool, SplittableRandom rnd, AtomicLongArray versions,
            ReentrantLock[] latches) {
        int writes = 0;
        for (int op = 0; op < OPS; op++) {
            int id = rnd.nextInt(4) == 0 ? rnd.nextInt(PAGES) : rnd.nextInt(PAGES / 4); // some hot pages
            try (PinnedPage p = pool.pin(id)) {
                latches[id].lock();
                try {
                    long version = versions.get(id);
                    checkPage(p.segment(), id, version);
                    if (rnd.nextInt(3) == 0) {
                        stamp(p.segment(), id, version + 1);
                        p.markDirty();
                        versions.set(id, version + 1);
                        writes++;
                    }
                } finally {
                    latches[id].unlock();
                }
            }
        }
        return writes;
    }

    private static byte fill(long id, long version, long offset) {
        return (byte) (id * 31 + version * 7 + offset);
    }

    private static void stamp(MemorySegment page, long id, long version) {
        page.set(ValueLayout.JAVA_LONG_UNALIGNED, 0, version);
        page.set(ValueLayout.JAVA_LONG_UNALIGNED, 8, id);
        for (long off = 16; off < PAGE; off++) {
            page.set(ValueLayout.JAVA_BYTE, off, fill(id, version, off));
        }
    }

    private static void checkPage(MemorySegment page, long id, long version) {
        if (version == 0) {
            assertThat(page.mismatch(MemorySegment.ofArray(new byte[PAGE]))).as("fresh page %d is zero", id)
                    .isEqualTo(-1L);
            return;
        }
        assertThat(page.get(ValueLayout.JAVA_LONG_UNALIGNED, 0)).as("version of page %d", id).isEqualTo(version);
        assertThat(page.get(ValueLayout.JAVA_LONG_UNALIGNED, 8)).as("id stamp of page %d", id).isEqualTo(id);
        for (long off = 16; off < PAGE; off++) {
            if (page.get(ValueLayout.JAVA_BYTE, off) != fill(id, version, off)) {
                throw new AssertionError("page " + id + " v" + version + " differs at byte " + off);
            }
        }
    }
}
