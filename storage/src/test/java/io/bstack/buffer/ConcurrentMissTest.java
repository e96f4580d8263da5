package io.bstack.buffer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ConcurrentMissTest {

    private static final int PAGE = 4096;

    @Test
    void threadsMissingTheSamePageLoadItOnce() throws Exception {
        MemoryPageStore store = new MemoryPageStore(PAGE);
        CountDownLatch gate = new CountDownLatch(1);
        store.readGate = gate;
        ExecutorService exec = Executors.newFixedThreadPool(8);
        try (BufferPool pool = BufferPool.open(store, BufferPoolConfig.of(PAGE, 16L * PAGE))) {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Long>> results = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                results.add(exec.submit(() -> {
                    start.await();
                    try (PinnedPage p = pool.pin(7)) {
                        return p.segment().address();
                    }
                }));
            }
            start.countDown();
            Thread.sleep(100); // let every thread reach the miss path while the first read is held
            gate.countDown();
            long address = results.get(0).get(10, TimeUnit.SECONDS);
            for (Future<Long> f : results) {
                assertThat(f.get(10, TimeUnit.SECONDS)).isEqualTo(address);
            }
            assertThat(store.readsOf(7)).isEqualTo(1);
            assertThat(pool.stats().misses()).isEqualTo(1);
            assertThat(pool.stats().hits()).isEqualTo(7);
        } finally {
            exec.shutdownNow();
        }
    }
}
