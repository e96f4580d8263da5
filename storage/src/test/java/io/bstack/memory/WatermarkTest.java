package io.bstack.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Watermark callbacks fire exactly once per rising edge, also with eight threads racing. */
class WatermarkTest {

    private static final int THREADS = 8;
    private static final Layout BLOCK = Layout.of(64, 64);

    /** Counts callbacks and checks each saw usage at or above its threshold. */
    static final class Counting implements WatermarkHandler {
        final AtomicLong warns = new AtomicLong();
        final AtomicLong criticals = new AtomicLong();
        final AtomicLong ooms = new AtomicLong();
        final AtomicLong belowThreshold = new AtomicLong();
        final double warn;
        final double critical;

        Counting(double warn, double critical) {
            this.warn = warn;
            this.critical = critical;
        }

        @Override
        public void onWarn(long used, long capacity) {
            warns.incrementAndGet();
            if (used < (long) (capacity * warn)) {
                belowThreshold.incrementAndGet();
            }
        }

        @Override
        public void onCritical(long used, long capacity) {
            criticals.incrementAndGet();
            if (used < (long) (capacity * critical)) {
                belowThreshold.incrementAndGet();
            }
        }

        @Override
        public void onOom(Layout layout) {
            ooms.incrementAndGet();
        }
    }

    private long ledgerBefore;
    private ArenaBacking backing;
    private Slab slab;

    @BeforeEach
    void open() {
        ledgerBefore = NativeMemoryLedger.liveBytes();
        backing = ArenaBacking.create(1 << 20);
        slab = Slab.create(backing, 64, 16); // capacity 1024 bytes = 16 blocks
    }

    @AfterEach
    void close() {
        slab.close();
        backing.close();
        assertThat(NativeMemoryLedger.liveBytes()).isEqualTo(ledgerBefore);
    }

    @Test
    void firesOncePerEdgeAndReArmsBelowTheLowMark() {
        Counting h = new Counting(0.5, 0.75);
        Watermark w = Watermark.wrap(slab, h, 0.5, 0.75, 0.25);
        List<MemorySegment> blocks = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            blocks.add(w.allocate(BLOCK)); // 8 of 16 = 50 %: warn
        }
        assertThat(h.warns).hasValue(1);
        blocks.add(w.allocate(BLOCK));
        w.free(blocks.removeLast(), BLOCK);
        w.free(blocks.removeLast(), BLOCK); // 7/16, above the 25 % re-arm level
        blocks.add(w.allocate(BLOCK));
        assertThat(h.warns).as("no re-fire without falling below the re-arm level").hasValue(1);
        while (blocks.size() > 3) {
            w.free(blocks.removeLast(), BLOCK); // 3/16 < 25 %: re-armed
        }
        assertThat(w.warnFired()).isFalse();
        while (blocks.size() < 12) {
            blocks.add(w.allocate(BLOCK)); // 12/16 = 75 %: warn and critical
        }
        assertThat(h.warns).hasValue(2);
        assertThat(h.criticals).hasValue(1);
        while (blocks.size() < 16) {
            blocks.add(w.allocate(BLOCK));
        }
        assertThatThrownBy(() -> w.allocate(BLOCK)).isInstanceOf(OutOfNativeMemoryException.class);
        assertThat(h.ooms).hasValue(1);
        assertThat(w.usedBytes()).isEqualTo(16 * 64);
        for (MemorySegment b : blocks) {
            w.free(b, BLOCK);
        }
        assertThat(w.usedBytes()).isZero();
        assertThat(w.warnFired()).isFalse();
        assertThat(w.criticalFired()).isFalse();
        assertThat(h.belowThreshold).hasValue(0);
    }

    @Test
    void handlerExceptionsAreCountedNotPropagated() {
        Watermark w = Watermark.wrap(slab, new WatermarkHandler() {
            @Override
            public void onWarn(long used, long capacity) {
                throw new IllegalStateException("boom");
            }
        }, 0.05, 0.9, 0.05);
        MemorySegment b = w.allocate(BLOCK);
        assertThat(w.handlerFailures()).isEqualTo(1);
        w.free(b, BLOCK);
    }

    /** Each round the eight threads together cross warn exactly once, then all free: one edge per round. */
    @Test
    void eightThreadsCrossingTogetherFireExactlyOncePerRound() throws Exception {
        Counting h = new Counting(0.25, 0.75);
        Watermark w = Watermark.wrap(slab, h, 0.25, 0.75, 0.25); // warn at 4 blocks, 8 threads x 1 block
        int rounds = 2000;
        CyclicBarrier barrier = new CyclicBarrier(THREADS);
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                futures.add(pool.submit(() -> {
                    for (int r = 0; r < rounds; r++) {
                        barrier.await();
                        MemorySegment b = w.allocate(BLOCK);
                        barrier.await();
                        w.free(b, BLOCK);
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(h.warns).as("one rising edge per round").hasValue(rounds);
        assertThat(h.criticals).hasValue(0);
        assertThat(h.belowThreshold).hasValue(0);
        assertThat(w.usedBytes()).isZero();
        assertThat(w.warnFired()).isFalse();
    }

    /**
     * Random allocate/free from eight threads: callbacks fire, never below their threshold, and the
     * watermark ends re-armed with exact usage once the threads are done.
     */
    @Test
    void hammeringThreadsKeepTheWatermarkConsistent() throws Exception {
        Counting h = new Counting(0.5, 0.9);
        Watermark w = Watermark.wrap(slab, h, 0.5, 0.9, 0.5); // no hysteresis: edges at 8 blocks
        int ops = 20_000;
        // every thread first holds one block at the same moment: 8 of 16 blocks crosses 50 % for sure
        java.util.concurrent.CyclicBarrier together = new java.util.concurrent.CyclicBarrier(THREADS);
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                long seed = t;
                futures.add(pool.submit(() -> {
                    SplittableRandom rnd = new SplittableRandom(seed);
                    List<MemorySegment> mine = new ArrayList<>();
                    mine.add(w.allocate(BLOCK));
                    together.await(60, TimeUnit.SECONDS);
                    for (int i = 0; i < ops; i++) {
                        if (mine.size() < 2 && (mine.isEmpty() || rnd.nextBoolean())) {
                            try {
                                mine.add(w.allocate(BLOCK));
                            } catch (OutOfNativeMemoryException full) {
                                // another thread holds the rest; fine
                            }
                        } else {
                            w.free(mine.removeLast(), BLOCK);
                        }
                    }
                    for (MemorySegment b : mine) {
                        w.free(b, BLOCK);
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(h.warns).as("8 threads x 2 blocks reach 50 %% at least once").hasPositiveValue();
        assertThat(h.belowThreshold).as("a callback never fires below its threshold").hasValue(0);
        assertThat(w.usedBytes()).isZero();
        assertThat(w.warnFired()).as("re-armed once usage is back to 0").isFalse();
        assertThat(w.criticalFired()).isFalse();
        assertThat(h.criticals.get()).isLessThanOrEqualTo(h.warns.get());
    }
}
