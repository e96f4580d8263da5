package io.bstack.bench;

import io.bstack.buffer.BufferPool;
import io.bstack.buffer.BufferPoolConfig;
import io.bstack.buffer.PageStore;
import io.bstack.buffer.PinnedPage;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Pin + unpin of a resident page of the buffer pool: the lock-free hit path (page-table lookup,
 * CAS on the frame's pin count, handle, release). One thread; four threads on one page (they
 * contend on its pin count); four threads on a page each.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Dbstack.test-hooks=true", "--enable-native-access=ALL-UNNAMED"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class BufferPoolBench {

    static final int PAGE = 8192;
    static final int FRAMES = 64;

    /** A pool of {@link #FRAMES} frames with every page it is asked for resident. */
    @State(Scope.Benchmark)
    public static class PoolState {
        BufferPool pool;
        final AtomicInteger nextPage = new AtomicInteger();

        @Setup(Level.Trial)
        public void open() {
            PageStore zeros = new PageStore() {
                @Override
                public void read(long pageId, MemorySegment dst) {
                    dst.fill((byte) 0);
                }

                @Override
                public void write(long pageId, MemorySegment src) {
                    // pages are never dirtied here
                }
            };
            pool = BufferPool.open(zeros, BufferPoolConfig.of(PAGE, (long) FRAMES * PAGE));
            for (int id = 0; id < FRAMES; id++) {
                pool.pin(id).unpin();
            }
        }

        @TearDown(Level.Trial)
        public void close() {
            pool.close();
        }
    }

    /** The page a thread pins in the distinct-page benchmark: one per thread. */
    @State(Scope.Thread)
    public static class OwnPage {
        long page;

        @Setup(Level.Trial)
        public void pick(PoolState pool) {
            page = 1 + pool.nextPage.getAndIncrement() % (FRAMES - 1);
        }
    }

    @Benchmark
    @Threads(1)
    public PinnedPage pinUnpin1Thread(PoolState s) {
        PinnedPage p = s.pool.pin(0);
        p.unpin();
        return p;
    }

    @Benchmark
    @Threads(4)
    public PinnedPage pinUnpin4ThreadsSamePage(PoolState s) {
        PinnedPage p = s.pool.pin(0);
        p.unpin();
        return p;
    }

    @Benchmark
    @Threads(4)
    public PinnedPage pinUnpin4ThreadsOwnPage(PoolState s, OwnPage own) {
        PinnedPage p = s.pool.pin(own.page);
        p.unpin();
        return p;
    }
}
