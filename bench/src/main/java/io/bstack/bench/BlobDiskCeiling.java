package io.bstack.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The disk's sequential write+sync rate that {@link BlobBench}'s writes are measured against: each
 * operation appends {@code size} bytes to a plain file with {@code FileChannel.write} and syncs it
 * with {@code force(false)}; the file starts again from empty every {@link BenchFiles#GROWTH_LIMIT}
 * bytes x 16. MB/s = ops/s x size.
 */
@Fork(value = 1)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Benchmark)
public class BlobDiskCeiling {
    @Param({"1048576"})
    public int size;

    private Path dir;
    private FileChannel file;
    private ByteBuffer value;
    private long at;

    @Setup(Level.Trial)
    public void open() throws IOException {
        dir = BenchFiles.newDir("blob-ceiling");
        file = FileChannel.open(dir.resolve("f"), StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        value = ByteBuffer.wrap(BenchFiles.payload(size, 9));
    }

    @TearDown(Level.Trial)
    public void close() throws IOException {
        file.close();
        BenchFiles.deleteTree(dir);
    }

    @Benchmark
    public long appendAndSync() throws IOException {
        if (at + size > 16 * BenchFiles.GROWTH_LIMIT) {
            file.truncate(0);
            at = 0;
        }
        value.clear();
        while (value.hasRemaining()) {
            at += file.write(value, at);
        }
        file.force(false);
        return at;
    }
}
