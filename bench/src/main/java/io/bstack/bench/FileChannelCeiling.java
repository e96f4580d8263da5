package io.bstack.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
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
 * The ceiling for {@link StackBench}: the same bytes written with a plain positional
 * {@code FileChannel.write} followed by {@code force(false)} (sync = true) or nothing
 * (sync = false). {@code append*} writes at the end of the file, as a push does, and restarts
 * from an empty file at every iteration and every {@link BenchFiles#GROWTH_LIMIT} bytes, as the
 * push benchmarks do. {@code appendAfterHeader*} does the same in a file whose first 32 bytes
 * stand for the BStack header, so the bytes land at exactly the file positions a push writes
 * them to (a 4 KiB push straddles two pages); it isolates what the push adds: the 8-byte
 * {@code clen} write in page 0. {@code overwrite*} writes at the file positions the {@code set}
 * benchmarks write to.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = "-Dbstack.test-hooks=true")
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Threads(1)
@State(Scope.Thread)
public class FileChannelCeiling {

    @Param({"true", "false"})
    public boolean sync;

    private Path dir;
    private Appender append;
    private Appender appendAfterHeader;
    private FileChannel overwrite;
    private int next;

    private final ByteBuffer small = ByteBuffer.wrap(BenchFiles.payload(StackBench.SMALL, 1));
    private final ByteBuffer large = ByteBuffer.wrap(BenchFiles.payload(StackBench.LARGE, 2));
    private final long[] smallAt = new long[StackBench.OFFSETS];
    private final long[] largeAt = new long[StackBench.OFFSETS];

    @Setup(Level.Trial)
    public void open() throws IOException {
        dir = BenchFiles.newDir("bstack-ceiling-");
        append = new Appender(dir.resolve("append.dat"), 0);
        appendAfterHeader = new Appender(dir.resolve("append-after-header.dat"), StackBench.HEADER);
        overwrite = FileChannel.open(dir.resolve("overwrite.dat"),
                StandardOpenOption.CREATE_NEW, StandardOpenOption.READ, StandardOpenOption.WRITE);
        ByteBuffer chunk = ByteBuffer.wrap(BenchFiles.payload(1 << 16, 3));
        long size = StackBench.HEADER + (long) StackBench.SET_REGION;
        for (long pos = 0; pos < size; ) {
            chunk.clear();
            chunk.limit((int) Math.min(chunk.capacity(), size - pos));
            pos += overwrite.write(chunk, pos);
        }
        overwrite.force(false);
        // The physical positions of StackBench's set offsets (payload offset + HEADER).
        SplittableRandom random = new SplittableRandom(4);
        for (int i = 0; i < StackBench.OFFSETS; i++) {
            smallAt[i] = (long) StackBench.BLOCK * random.nextInt(1, StackBench.SET_REGION / StackBench.BLOCK);
            largeAt[i] = (long) StackBench.LARGE * random.nextInt(1, StackBench.SET_REGION / StackBench.LARGE);
        }
    }

    @Setup(Level.Iteration)
    public void emptyAppendFiles() throws IOException {
        append.restart();
        appendAfterHeader.restart();
    }

    @TearDown(Level.Trial)
    public void close() throws IOException {
        append.channel.close();
        appendAfterHeader.channel.close();
        overwrite.close();
        BenchFiles.deleteTree(dir);
    }

    /** Appends to a file that restarts at {@code start} bytes (zeros) below its first record. */
    private final class Appender {
        final FileChannel channel;
        final long start;
        long end;

        Appender(Path file, long start) throws IOException {
            this.channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            this.start = start;
        }

        void restart() throws IOException {
            channel.truncate(0);
            if (start > 0) {
                channel.write(ByteBuffer.allocate((int) start), 0);
            }
            channel.force(true);
            end = start;
        }

        long append(ByteBuffer data) throws IOException {
            if (end >= BenchFiles.GROWTH_LIMIT) {
                channel.truncate(start);
                end = start;
            }
            data.clear();
            long at = end;
            while (data.hasRemaining()) {
                end += channel.write(data, end);
            }
            if (sync) {
                channel.force(false);
            }
            return at;
        }
    }

    private void overwrite(ByteBuffer data, long at) throws IOException {
        data.clear();
        long pos = at;
        while (data.hasRemaining()) {
            pos += overwrite.write(data, pos);
        }
        if (sync) {
            overwrite.force(false);
        }
    }

    private int next() {
        return next++ & (StackBench.OFFSETS - 1);
    }

    @Benchmark
    public long append64() throws IOException {
        return append.append(small);
    }

    @Benchmark
    public long append4k() throws IOException {
        return append.append(large);
    }

    @Benchmark
    public long appendAfterHeader64() throws IOException {
        return appendAfterHeader.append(small);
    }

    @Benchmark
    public long appendAfterHeader4k() throws IOException {
        return appendAfterHeader.append(large);
    }

    @Benchmark
    public void overwrite64() throws IOException {
        overwrite(small, smallAt[next()]);
    }

    @Benchmark
    public void overwrite4k() throws IOException {
        overwrite(large, largeAt[next()]);
    }
}
