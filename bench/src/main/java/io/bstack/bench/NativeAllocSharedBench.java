package io.bstack.bench;

import io.bstack.memory.Layout;
import io.bstack.memory.MmapBacking;
import io.bstack.memory.SizeClassed;
import io.bstack.memory.Slab;
import io.bstack.memory.SystemBacking;
import java.lang.foreign.Arena;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The multi-threaded counterpart of {@link NativeAllocBench}: two threads (the CI machine has two
 * cores) allocate and free through ONE shared instance of each thread-safe allocator of the memory
 * layer ({@link SizeClassed}, {@link Slab}, {@link SystemBacking}); the JDK baselines need no sharing
 * ({@code Arena.ofShared}/{@code ofConfined} per block, {@code allocateDirect}). JMH reports the sum
 * over both threads.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Threads(2)
@State(Scope.Benchmark)
public class NativeAllocSharedBench {

    @Param({"64", "8192"})
    public int size;

    private MmapBacking backing;
    private SizeClassed sizeClassed;
    private Slab slab;
    private SystemBacking malloc;
    private Layout layout;

    @Setup(Level.Trial)
    public void open() {
        backing = MmapBacking.map(32L << 20, true);
        sizeClassed = SizeClassed.create(backing, 64);
        slab = Slab.create(backing, Long.highestOneBit(size) == size ? size : Long.highestOneBit(size) << 1, 256);
        malloc = SystemBacking.create();
        layout = Layout.of(size, 8);
    }

    @TearDown(Level.Trial)
    public void close() {
        malloc.close();
        slab.close();
        sizeClassed.close();
        backing.close();
    }

    @Benchmark
    public long sizeClassedMmap() {
        return AllocPairs.pair(sizeClassed, layout);
    }

    @Benchmark
    public long slabMmap() {
        return AllocPairs.pair(slab, layout);
    }

    @Benchmark
    public long systemMalloc() {
        return AllocPairs.pair(malloc, layout);
    }

    @Benchmark
    public long arenaConfined() {
        return AllocPairs.arena(Arena.ofConfined(), size);
    }

    @Benchmark
    public long arenaShared() {
        return AllocPairs.arena(Arena.ofShared(), size);
    }

    @Benchmark
    public ByteBuffer allocateDirect() {
        return AllocPairs.direct(size);
    }
}
