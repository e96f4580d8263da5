package io.bstack.bench;

import io.bstack.alloc.BStackAllocator;
import io.bstack.alloc.RegionHandle;
import io.bstack.stack.BStack;
import io.bstack.stack.StackOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.util.SplittableRandom;
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
 * Allocator operations per second in a steady state: {@value #LIVE} regions of 16..1024 bytes
 * are live, and each op replaces or resizes one of them. {@code allocFree} frees a random live
 * region and allocates a new one in its slot (one op = one free + one alloc); {@code realloc}
 * resizes a random live region to a new random size. The linear allocator can only free or
 * resize its last region, so for it both benchmarks work on the last slot (a tail push/pop).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = "-Dbstack.test-hooks=true")
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 2)
@Threads(1)
@State(Scope.Thread)
public class AllocatorBench {
    static final int LIVE = 1000;
    static final int SIZES = 4096;

    @Param({"linear", "firstfit", "ghosttree", "segregated", "slab4k", "checkedslab4k"})
    public String kind;

    @Param({"false", "true"})
    public boolean sync;

    private Path dir;
    private BStackAllocator alloc;
    private final RegionHandle[] live = new RegionHandle[LIVE];
    private final long[] sizes = new long[SIZES];
    private final int[] slots = new int[SIZES];
    private int next;

    @Setup(Level.Trial)
    public void open() throws IOException {
        dir = BenchFiles.newDir("bstack-alloc-");
        Path file = dir.resolve(kind + ".bstack");
        BStack stack = sync ? BStack.open(file) : BStack.open(file, StackOptions.testing().withoutSync());
        alloc = AllocatorKinds.create(kind, stack);
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < SIZES; i++) {
            sizes[i] = random.nextLong(16, 1025);
            slots[i] = AllocatorKinds.tailOnly(kind) ? LIVE - 1 : random.nextInt(LIVE);
        }
        for (int i = 0; i < LIVE; i++) {
            live[i] = alloc.alloc(sizes[i % SIZES]);
        }
    }

    @TearDown(Level.Trial)
    public void close() throws IOException {
        alloc.close();
        BenchFiles.deleteTree(dir);
    }

    @Benchmark
    public RegionHandle allocFree() throws IOException {
        int i = next++ & (SIZES - 1);
        int slot = slots[i];
        alloc.dealloc(live[slot]);
        return live[slot] = alloc.alloc(sizes[i]);
    }

    @Benchmark
    public RegionHandle realloc() throws IOException {
        int i = next++ & (SIZES - 1);
        int slot = slots[i];
        return live[slot] = alloc.realloc(live[slot], sizes[i]);
    }
}
