package io.bstack.bench;

import io.bstack.stack.BStack;
import io.bstack.stack.StackOptions;
import java.io.IOException;
import java.nio.file.Files;
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
 * The BStack file's primitive operations, single-threaded, with {@code sync} on (the real
 * {@link BStack#open(Path)}) and off ({@code StackOptions.testing().withoutSync()}).
 * Compare the synced numbers with {@link FileChannelCeiling}: the cost of the same bytes
 * written with a plain {@code FileChannel.write} + {@code force(false)}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = "-Dbstack.test-hooks=true")
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Threads(1)
public class StackBench {

    /** Bytes before payload offset 0 in the file. */
    static final int HEADER = 32;
    /** Block size that decides whether a {@code set} needs the journal. */
    static final int BLOCK = 256;
    static final int SMALL = 64;
    static final int LARGE = 4096;

    /** Payload bytes written before the {@code set} benchmarks; they overwrite inside it. */
    static final int SET_REGION = 1 << 20;
    /** Payload bytes written before the {@code get} benchmarks; they read inside it. */
    static final int GET_REGION = 32 << 20;
    /** Precomputed random offsets per benchmark (a power of two). */
    static final int OFFSETS = 4096;

    /** The sync switch and the file, shared by the states below. */
    @State(Scope.Thread)
    public abstract static class StackState {
        @Param({"true", "false"})
        public boolean sync;

        Path dir;
        Path file;
        BStack stack;
        final byte[] small = BenchFiles.payload(SMALL, 1);
        final byte[] large = BenchFiles.payload(LARGE, 2);

        final BStack open(Path path) throws IOException {
            return sync ? BStack.open(path) : BStack.open(path, StackOptions.testing().withoutSync());
        }

        /** Opens a fresh file holding {@code bytes} payload bytes. */
        final void openFilled(String name, int bytes) throws IOException {
            dir = BenchFiles.newDir("bstack-stack-");
            file = dir.resolve(name);
            stack = open(file);
            byte[] chunk = BenchFiles.payload(1 << 16, 3);
            for (int done = 0; done < bytes; done += chunk.length) {
                stack.push(chunk);
            }
            if (stack.len() != bytes) {
                throw new IllegalStateException("prefill: len " + stack.len() + " != " + bytes);
            }
        }

        final void closeAndDelete() throws IOException {
            if (stack != null) {
                stack.close();
                stack = null;
            }
            BenchFiles.deleteTree(dir);
        }
    }

    /**
     * Pushes onto a file that starts empty at every iteration. Once {@link BenchFiles#GROWTH_LIMIT}
     * bytes are on the stack they are discarded in one call: one discard per 16 MiB pushed
     * (every 4096 pushes of 4 KiB, every 262144 of 64 B), the same restart the ceiling does.
     */
    public static class PushState extends StackState {
        @Setup(Level.Trial)
        public void makeDir() {
            dir = BenchFiles.newDir("bstack-push-");
            file = dir.resolve("push.bstack");
        }

        @Setup(Level.Iteration)
        public void openEmpty() throws IOException {
            Files.deleteIfExists(file);
            stack = open(file);
        }

        @TearDown(Level.Iteration)
        public void close() throws IOException {
            stack.close();
            stack = null;
            Files.deleteIfExists(file);
        }

        @TearDown(Level.Trial)
        public void deleteDir() throws IOException {
            closeAndDelete();
        }

        final long push(byte[] data) throws IOException {
            long len = stack.len();
            if (len >= BenchFiles.GROWTH_LIMIT) {
                stack.discard(len);
            }
            return stack.push(data);
        }
    }

    /**
     * Overwrites inside {@link #SET_REGION}. The 64-byte writes start on a 256-byte block boundary
     * of the file (payload offset {@code 256j - 32}), so they stay in one block: write + sync, no
     * journal. The 4 KiB writes start on a 4 KiB boundary of the file (payload offset
     * {@code 4096k - 32}) and span 16 blocks, so every one goes through the journal.
     */
    public static class SetState extends StackState {
        final long[] inPlace = new long[OFFSETS];
        final long[] journaled = new long[OFFSETS];
        int next;

        @Setup(Level.Trial)
        public void fill() throws IOException {
            openFilled("set.bstack", SET_REGION);
            SplittableRandom random = new SplittableRandom(4);
            for (int i = 0; i < OFFSETS; i++) {
                inPlace[i] = (long) BLOCK * random.nextInt(1, SET_REGION / BLOCK) - HEADER;
                journaled[i] = (long) LARGE * random.nextInt(1, SET_REGION / LARGE) - HEADER;
                if (!oneBlock(inPlace[i], SMALL) || oneBlock(journaled[i], LARGE)
                        || inPlace[i] + SMALL > SET_REGION || journaled[i] + LARGE > SET_REGION) {
                    throw new IllegalStateException("bad offsets " + inPlace[i] + " " + journaled[i]);
                }
            }
        }

        @TearDown(Level.Trial)
        public void deleteDir() throws IOException {
            closeAndDelete();
        }

        static boolean oneBlock(long offset, int length) {
            long first = HEADER + offset;
            return first / BLOCK == (first + length - 1) / BLOCK;
        }

        final int next() {
            return next++ & (OFFSETS - 1);
        }
    }

    /** Reads at random byte offsets inside {@link #GET_REGION}, written once per trial. */
    public static class GetState extends StackState {
        final long[] smallAt = new long[OFFSETS];
        final long[] largeAt = new long[OFFSETS];
        int next;

        @Setup(Level.Trial)
        public void fill() throws IOException {
            openFilled("get.bstack", GET_REGION);
            SplittableRandom random = new SplittableRandom(5);
            for (int i = 0; i < OFFSETS; i++) {
                smallAt[i] = random.nextLong(GET_REGION - SMALL + 1);
                largeAt[i] = random.nextLong(GET_REGION - LARGE + 1);
            }
        }

        @TearDown(Level.Trial)
        public void deleteDir() throws IOException {
            closeAndDelete();
        }

        final int next() {
            return next++ & (OFFSETS - 1);
        }
    }

    @Benchmark
    public long push64(PushState s) throws IOException {
        return s.push(s.small);
    }

    @Benchmark
    public long push4k(PushState s) throws IOException {
        return s.push(s.large);
    }

    @Benchmark
    public void setInPlace64(SetState s) throws IOException {
        s.stack.set(s.inPlace[s.next()], s.small);
    }

    @Benchmark
    public void setJournaled4k(SetState s) throws IOException {
        s.stack.set(s.journaled[s.next()], s.large);
    }

    @Benchmark
    public byte[] get64(GetState s) throws IOException {
        long at = s.smallAt[s.next()];
        return s.stack.get(at, at + SMALL);
    }

    @Benchmark
    public byte[] get4k(GetState s) throws IOException {
        long at = s.largeAt[s.next()];
        return s.stack.get(at, at + LARGE);
    }
}
