package io.bstack.stack;

import static io.bstack.stack.StackModel.assertAtRest;
import static io.bstack.stack.StackModel.assertSameBytes;
import static io.bstack.stack.StackModel.placeFor;
import static io.bstack.stack.StackModel.randomBytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * Random programs over every public {@link BStack} operation, checked call by call against
 * {@link StackModel}, invalid arguments included (they must raise
 * {@link BStackInvalidInputException} and change nothing). REOPEN steps split a program into
 * sessions: after every close the file must be at rest, after every reopen the content must equal
 * the model. A step draws its arguments from its own seed and the current state, so jqwik shrinks
 * programs step by step.
 */
class StackModelProperties {
    enum Kind {
        PUSH, EXTEND, POP, POP_INTO, DISCARD, RESIZE, ENSURE, PEEK, PEEK_INTO, GET, GET_INTO, LEN,
        SET, ZERO, REPEAT, ATRUNC, SPLICE, SPLICE_INTO, REPLACE, TRY_EXTEND, TRY_EXTEND_ZEROS,
        TRY_DISCARD, SWAP, SWAP_INTO, CAS, PROCESS, COPY, CROSS_EXCHANGE, SET_BATCHED, GET_BATCHED,
        GET_BATCHED_INTO, LOCK, READER, WRITER, CHANNEL_READ, CHANNEL_WRITE, CHANNEL_TRUNCATE, REOPEN
    }

    /** One call: its kind and the seed its arguments are drawn from. */
    record Step(Kind kind, long seed) {}

    /** Kinds weighted for drawing: sessions of about a dozen calls. */
    private static final List<Kind> WEIGHTED = Stream.concat(Arrays.stream(Kind.values()),
            Stream.of(Kind.REOPEN, Kind.REOPEN)).toList();

    private static final List<Kind> NEVER_INVALID = List.of(Kind.PUSH, Kind.LEN, Kind.READER, Kind.WRITER,
            Kind.CHANNEL_READ, Kind.REOPEN);

    /** Paths a healthy run of the seeded fuzz must have taken at least once. */
    private static final List<String> REQUIRED_PATHS = List.of("set in-block", "set journaled",
            "copy overlapping in-block", "copy overlapping multi-block", "copy disjoint in-block",
            "copy disjoint multi-block", "cas true", "cas false", "crossExchange multi-block",
            "setBatched multi", "refused: locked prefix");

    @Property(tries = 100)
    void programsMatchTheModel(@ForAll("programs") List<Step> program) throws IOException {
        runProgram(program, new HashMap<>());
    }

    @Provide
    Arbitrary<List<Step>> programs() {
        return Combinators.combine(Arbitraries.of(WEIGHTED), Arbitraries.longs()).as(Step::new)
                .list().ofMinSize(1).ofMaxSize(120);
    }

    @Test
    void seededRandomProgramsMatchTheModel() throws IOException {
        Long replay = Long.getLong("bstack.fuzz.seed");
        int tries = replay != null ? 1 : Integer.getInteger("bstack.fuzz.tries", 200);
        long base = new Random().nextLong();
        Map<String, Integer> tally = new HashMap<>();
        for (int i = 0; i < tries; i++) {
            long seed = replay != null ? replay : FaultPolicy.splitmix64(base + i);
            try {
                runProgram(randomProgram(new Random(seed)), tally);
            } catch (AssertionError | IOException | RuntimeException e) {
                throw new AssertionError("model fuzz failed for seed " + seed + "; replay with -Dbstack.fuzz.seed="
                        + seed + " -Dtest=StackModelProperties#seededRandomProgramsMatchTheModel", e);
            }
        }
        if (tries >= 100) {
            assertEveryPathWasTaken(tally);
        }
    }

    private static void assertEveryPathWasTaken(Map<String, Integer> tally) {
        List<String> missing = new ArrayList<>(REQUIRED_PATHS);
        for (Kind k : Kind.values()) {
            missing.add(k + " ok");
            if (!NEVER_INVALID.contains(k)) {
                missing.add(k + " refused");
            }
        }
        missing.removeIf(tally::containsKey);
        assertThat(missing).as("paths the generator never took").isEmpty();
    }

    static List<Step> randomProgram(Random r) {
        return Stream.generate(() -> new Step(WEIGHTED.get(r.nextInt(WEIGHTED.size())), r.nextLong()))
                .limit(20 + r.nextInt(130)).toList();
    }

    static void runProgram(List<Step> program, Map<String, Integer> tally) throws IOException {
        Path dir = Files.createTempDirectory("bstack-model");
        Path file = dir.resolve("model.bstack");
        try (Harness h = new Harness(file, tally)) {
            for (int i = 0; i < program.size(); i++) {
                h.run(i, program.get(i));
            }
            h.reopen();
        } finally {
            Files.deleteIfExists(file);
            Files.delete(dir);
        }
    }

    @FunctionalInterface
    interface IoCall<T> {
        T call() throws IOException;
    }

    @FunctionalInterface
    interface IoRun {
        void run() throws IOException;
    }

    /** The live stack, its model, and the calls made so far for failure reports. */
    private static final class Harness implements AutoCloseable {
        private final Path file;
        private final Map<String, Integer> tally;
        private final StackModel m = new StackModel(new byte[0]);
        private final List<String> log = new ArrayList<>();
        private BStack s;
        private Kind kind;
        private Random r;

        Harness(Path file, Map<String, Integer> tally) throws IOException {
            this.file = file;
            this.tally = tally;
            this.s = BStack.open(file, StackOptions.testing().withoutSync());
        }

        void run(int index, Step step) {
            kind = step.kind();
            r = new Random(FaultPolicy.splitmix64(step.seed()));
            try {
                apply();
                verify();
            } catch (AssertionError | IOException | RuntimeException e) {
                List<String> recent = log.subList(Math.max(0, log.size() - 15), log.size());
                throw new AssertionError("step " + index + " " + step + " (len " + m.len() + ", locked " + m.locked()
                        + ") failed; recent calls:\n  " + String.join("\n  ", recent), e);
            }
        }

        private void verify() throws IOException {
            assertThat(s.len()).as("len").isEqualTo(m.len());
            assertThat(s.isEmpty()).as("isEmpty").isEqualTo(m.len() == 0);
            assertThat(s.lockedLen()).as("lockedLen").isEqualTo(m.locked());
            assertSameBytes(s.peek(0), m.content(), "live content");
        }

        void reopen() throws IOException {
            log.add("close + reopen");
            s.close();
            assertAtRest(file, m.content(), "closed file");
            s = BStack.open(file, StackOptions.testing().withoutSync());
            m.reopened();
            verify();
        }

        @Override
        public void close() throws IOException {
            s.close();
        }

        // ------------------------------------------------------------ arguments

        private int len() {
            return m.len();
        }

        private int length() {
            return StackModel.writeLength(r);
        }

        private byte[] bytes(int n) {
            return randomBytes(r, n);
        }

        private static long endOf(long start, long n) {
            return start > Long.MAX_VALUE - n ? Long.MAX_VALUE : start + n;
        }

        // ------------------------------------------------------------ checking one call

        /** Runs {@code model} then {@code real}; both refuse, or both give the same result. */
        private <T> boolean expect(String what, Supplier<T> model, IoCall<T> real) throws IOException {
            log.add(what);
            T expected;
            try {
                expected = model.get();
            } catch (StackModel.Invalid e) {
                assertThatThrownBy(real::call).as("%s must be refused: %s", what, e.getMessage())
                        .isInstanceOf(BStackInvalidInputException.class);
                tag(kind + " refused");
                tag(e.getMessage().contains("locked") ? "refused: locked prefix" : "refused");
                return false;
            }
            assertThat(norm(real.call())).as("%s result", what).isEqualTo(norm(expected));
            tag(kind + " ok");
            return true;
        }

        /** {@link #expect} for calls without a result. */
        private boolean expectDone(String what, Runnable model, IoRun real) throws IOException {
            return expect(what, () -> {
                model.run();
                return "done";
            }, () -> {
                real.run();
                return "done";
            });
        }

        /** A real call that fills {@code buf}, as a call returning it. */
        private static IoCall<byte[]> filling(byte[] buf, IoRun call) {
            return () -> {
                call.run();
                return buf;
            };
        }

        private void tag(String path) {
            tally.merge(path, 1, Integer::sum);
        }

        private static Object norm(Object o) {
            if (o instanceof byte[] b) {
                return StackModel.hex(b);
            } else if (o instanceof byte[][] bs) {
                return norm(Arrays.asList(bs));
            } else if (o instanceof List<?> l) {
                return l.stream().map(Harness::norm).toList();
            }
            return o instanceof Integer i ? (Object) i.longValue() : o;
        }

        private static String blocks(long offset, long n) {
            return StackHeader.isAtomicWrite(offset, n) ? "in-block" : "multi-block";
        }

        // ------------------------------------------------------------ the calls

        private void apply() throws IOException {
            switch (kind) {
                case PUSH -> {
                    byte[] d = bytes(m.growth(r));
                    expect("push " + d.length, () -> m.push(d), () -> s.push(d));
                }
                case EXTEND -> {
                    long n = m.anyGrowth(r);
                    expect("extend " + n, () -> m.extend(n), () -> s.extend(n));
                }
                case POP -> {
                    long n = m.anyShrinkage(r);
                    expect("pop " + n, () -> m.pop(n), () -> s.pop(n));
                }
                case POP_INTO -> {
                    byte[] buf = new byte[(int) Math.max(0, m.anyShrinkage(r))];
                    expect("popInto " + buf.length, () -> m.pop(buf.length), filling(buf, () -> s.popInto(buf)));
                }
                case DISCARD -> {
                    long n = m.anyShrinkage(r);
                    expectDone("discard " + n, () -> m.pop(n), () -> s.discard(n));
                }
                case RESIZE, ENSURE -> {
                    long t = m.anyTarget(r);
                    expect(kind + " " + t, () -> kind == Kind.RESIZE ? m.resize(t) : m.ensure(t),
                            () -> kind == Kind.RESIZE ? s.resize(t) : s.ensure(t));
                }
                case PEEK -> {
                    long off = m.anyOffset(r, 0);
                    expect("peek " + off, () -> m.peek(off), () -> s.peek(off));
                }
                case PEEK_INTO, GET_INTO -> {
                    byte[] buf = new byte[length()];
                    long off = m.anyOffset(r, buf.length);
                    expect(kind + " " + off + "+" + buf.length, () -> m.read(off, buf.length),
                            filling(buf, () -> {
                                if (kind == Kind.PEEK_INTO) {
                                    s.peekInto(off, buf);
                                } else {
                                    s.getInto(off, buf);
                                }
                            }));
                }
                case GET -> {
                    int n = length();
                    long start = m.anyOffset(r, n);
                    long end = r.nextInt(10) == 0 ? start - 1 - r.nextInt(3) : endOf(start, n);
                    expect("get " + start + ".." + end, () -> m.get(start, end), () -> s.get(start, end));
                }
                case LEN -> expect("len/isEmpty", () -> len() + "/" + (len() == 0), () -> s.len() + "/" + s.isEmpty());
                case SET -> {
                    byte[] d = bytes(length());
                    long off = m.anyOffset(r, d.length);
                    if (expectDone("set " + off + "+" + d.length, () -> m.set(off, d), () -> s.set(off, d)) && d.length > 0) {
                        tag(StackHeader.isAtomicWrite(off, d.length) ? "set in-block" : "set journaled");
                    }
                }
                case ZERO -> {
                    long n = r.nextInt(15) == 0 ? StackModel.impossible(r) : length();
                    long off = m.anyOffset(r, Math.clamp(n, 0, len() + 1));
                    expectDone("zero " + off + "+" + n, () -> m.repeat(off, new byte[] {0}, n), () -> s.zero(off, n));
                }
                case REPEAT -> repeat();
                case ATRUNC, SPLICE, SPLICE_INTO -> {
                    long n = kind == Kind.SPLICE_INTO ? Math.max(0, m.anyShrinkage(r)) : m.anyShrinkage(r);
                    byte[] tail = bytes(m.growth(r));
                    byte[] removed = new byte[(int) Math.max(0, n)];
                    expect(kind + " " + n + " +" + tail.length, () -> m.splice(n, tail), switch (kind) {
                        case ATRUNC -> () -> {
                            byte[] before = s.len() >= n && n >= 0 ? s.get(s.len() - n, s.len()) : removed;
                            s.atrunc(n, tail);
                            return before;
                        };
                        case SPLICE -> () -> s.splice(n, tail);
                        default -> filling(removed, () -> s.spliceInto(removed, tail));
                    });
                }
                case REPLACE -> replace();
                case TRY_EXTEND -> {
                    long e = m.anyExpectedLen(r);
                    byte[] d = bytes(m.growth(r));
                    expect("tryExtend " + e + " +" + d.length, () -> m.tryExtend(e, d), () -> s.tryExtend(e, d));
                }
                case TRY_EXTEND_ZEROS -> {
                    long e = m.anyExpectedLen(r);
                    long n = m.anyGrowth(r);
                    expect("tryExtendZeros " + e + " +" + n, () -> m.tryExtendZeros(e, n), () -> s.tryExtendZeros(e, n));
                }
                case TRY_DISCARD -> {
                    long e = m.anyExpectedLen(r);
                    long n = m.anyShrinkage(r);
                    expect("tryDiscard " + e + " -" + n, () -> m.tryDiscard(e, n), () -> s.tryDiscard(e, n));
                }
                case SWAP, SWAP_INTO -> {
                    byte[] d = bytes(length());
                    long off = m.anyOffset(r, d.length);
                    expect(kind + " " + off + "+" + d.length, () -> m.swap(off, d.clone()),
                            kind == Kind.SWAP ? () -> s.swap(off, d) : filling(d, () -> s.swapInto(off, d)));
                }
                case CAS -> cas();
                case PROCESS -> process();
                case COPY -> copy();
                case CROSS_EXCHANGE -> crossExchange();
                case SET_BATCHED -> setBatched();
                case GET_BATCHED -> {
                    List<StackRange> ranges = ranges();
                    expect("getBatched " + ranges, () -> ranges.stream().map(g -> m.get(g.start(), g.end())).toList(),
                            () -> s.getBatched(ranges));
                }
                case GET_BATCHED_INTO -> getBatchedInto();
                case LOCK -> {
                    long n = switch (r.nextInt(8)) {
                        case 0 -> len() + 1 + r.nextInt(3);
                        case 1 -> m.locked() - 1 - r.nextInt(3);
                        default -> m.locked() + r.nextInt((int) Math.min(len() - m.locked(), 300) + 1);
                    };
                    expectDone("lockUpTo " + n, () -> m.lockUpTo(n), () -> s.lockUpTo(n));
                }
                case READER -> reader();
                case WRITER -> writer();
                case CHANNEL_READ -> channelRead();
                case CHANNEL_WRITE -> channelWrite();
                case CHANNEL_TRUNCATE -> channelTruncate();
                case REOPEN -> {
                    reopen();
                    tag("REOPEN ok");
                }
            }
        }

        private void repeat() throws IOException {
            byte[] pattern = bytes(r.nextInt(6));
            long count = r.nextInt(12) == 0 ? Long.MAX_VALUE / (1 + r.nextInt(3)) : length() / Math.max(1, pattern.length);
            long off = m.anyOffset(r, (int) Math.min(pattern.length * Math.min(count, 1000), len() + 1));
            expectDone("repeat " + off + " " + pattern.length + "x" + count, () -> m.repeat(off, pattern, count),
                    () -> s.repeat(off, pattern, count));
        }

        private void replace() throws IOException {
            long n = m.anyShrinkage(r);
            byte[] extra = bytes(m.growth(r));
            int mode = r.nextInt(3);
            UnaryOperator<byte[]> f = old -> switch (mode) {
                case 0 -> StackModel.concat(old.length > 0 ? new byte[] {(byte) ~old[0]} : old, extra);
                case 1 -> Arrays.copyOf(old, old.length / 2);
                default -> extra.clone();
            };
            expectDone("replace " + n + " mode " + mode, () -> m.atrunc(n, f.apply(m.read(len() - n, n))),
                    () -> s.replace(n, f));
        }

        private void cas() throws IOException {
            int n = length();
            long off = m.anyOffset(r, n);
            byte[] current;
            try {
                current = m.read(off, n);
            } catch (StackModel.Invalid e) {
                current = bytes(n);
            }
            int mode = r.nextInt(4);
            if (mode == 1 && n > 0) {
                current[r.nextInt(n)] ^= (byte) (1 + r.nextInt(255));
            }
            byte[] expected = mode == 2 ? Arrays.copyOf(current, n + 1) : current;
            byte[] replacement = bytes(n);
            boolean[] swapped = new boolean[1];
            if (expect("cas " + off + "+" + n + " mode " + mode, () -> swapped[0] = m.cas(off, expected, replacement),
                    () -> s.cas(off, expected, replacement))) {
                tag("cas " + swapped[0]);
            }
        }

        private void process() throws IOException {
            int n = length();
            long start = m.anyOffset(r, n);
            long end = r.nextInt(10) == 0 ? start - 1 : endOf(start, n);
            byte key = (byte) r.nextInt(256);
            Consumer<byte[]> f = b -> {
                for (int i = 0; i < b.length; i++) {
                    b[i] = (byte) (b[i] ^ key ^ i);
                }
            };
            expectDone("process " + start + ".." + end, () -> m.process(start, end, old -> {
                byte[] edited = old.clone();
                f.accept(edited);
                return edited;
            }), () -> s.process(start, end, f));
        }

        private void copy() throws IOException {
            int n = length();
            long src = m.anyOffset(r, n);
            long dst = switch (r.nextInt(4)) {
                case 0 -> Math.clamp(src + r.nextInt(2 * n + 1) - n, 0, Math.max(0, len() - n));
                case 1 -> src;
                default -> m.anyOffset(r, n);
            };
            String shape = (src < dst + n && dst < src + n ? "overlapping " : "disjoint ") + blocks(dst, n);
            if (expectDone("copy " + src + "->" + dst + " n " + n + " " + shape, () -> m.copy(src, dst, n),
                    () -> s.copy(src, dst, n)) && n > 0 && src != dst) {
                tag("copy " + shape);
            }
        }

        private void crossExchange() throws IOException {
            int n = length() / 2;
            long a = m.anyOffset(r, n);
            long b = switch (r.nextInt(5)) {
                case 0 -> a + 1 + r.nextInt(Math.max(1, n));
                case 1 -> a;
                default -> m.anyOffset(r, n);
            };
            for (int i = 0; i < 5 && b != a && a < b + n && b < a + n; i++) {
                b = r.nextInt(3) == 0 ? b : m.anyOffset(r, n);
            }
            long other = b;
            if (expectDone("crossExchange " + a + "<->" + other + " n " + n, () -> m.crossExchange(a, other, n),
                    () -> s.crossExchange(a, other, n)) && n > 0 && a != other) {
                tag("crossExchange " + blocks(Math.min(a, other), Math.abs(a - other) + n));
            }
        }

        private void setBatched() throws IOException {
            List<StackWrite> writes = new ArrayList<>();
            for (int i = r.nextInt(5); i > 0; i--) {
                byte[] d = bytes(length() / 3);
                // an empty write is range-checked like set(off, empty): sometimes past the end
                writes.add(new StackWrite(d.length == 0 ? r.nextInt(len() + 3) : m.anyOffset(r, d.length), d));
            }
            if (!writes.isEmpty() && r.nextInt(6) == 0) {
                StackWrite w = writes.get(r.nextInt(writes.size()));
                writes.add(new StackWrite(Math.max(0, w.offset() + r.nextInt(3) - 1), bytes(1 + r.nextInt(8))));
            }
            if (expectDone("setBatched " + writes.stream().map(w -> w.offset() + "+" + w.data().length).toList(),
                    () -> m.setBatched(writes), () -> s.setBatched(writes))
                    && writes.stream().filter(w -> w.data().length > 0).count() > 1) {
                tag("setBatched multi");
            }
        }

        private List<StackRange> ranges() {
            List<StackRange> ranges = new ArrayList<>();
            for (int i = r.nextInt(5); i > 0; i--) {
                int n = length();
                long start = r.nextInt(30) == 0 ? len() + 1 : m.anyOffset(r, n);
                ranges.add(new StackRange(start, r.nextInt(30) == 0 ? start - 1 : endOf(start, n)));
            }
            return ranges;
        }

        private void getBatchedInto() throws IOException {
            List<StackRange> ranges = ranges().stream().filter(g -> g.end() >= g.start()).toList();
            long[] starts = ranges.stream().mapToLong(StackRange::start).toArray();
            byte[][] buffers = ranges.stream().map(g -> new byte[(int) Math.min(g.end() - g.start(), 600)])
                    .toArray(byte[][]::new);
            long[] given = r.nextInt(10) == 0 ? Arrays.copyOf(starts, starts.length + 1) : starts;
            expect("getBatchedInto " + Arrays.toString(given), () -> {
                if (given.length != buffers.length) {
                    throw new StackModel.Invalid("starts and buffers differ in number");
                }
                return IntStream.range(0, buffers.length).mapToObj(i -> m.read(starts[i], buffers[i].length)).toList();
            }, () -> {
                s.getBatchedInto(given, buffers);
                return buffers;
            });
        }

        private void reader() throws IOException {
            long off = r.nextInt(len() + 5);
            int mode = r.nextInt(3);
            expect("reader mode " + mode + " at " + off, () -> mode == 0 ? m.content() : m.peek(Math.min(off, len())),
                    () -> {
                        if (mode == 0) {
                            return s.reader().readAllBytes();
                        }
                        try (InputStream in = s.readerAt(off)) {
                            return mode == 1 ? in.readAllBytes() : readInChunks(in);
                        }
                    });
        }

        private byte[] readInChunks(InputStream in) throws IOException {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buf = new byte[700];
            for (int n = 0; n >= 0; ) {
                int at = r.nextInt(10);
                n = in.read(buf, at, r.nextInt(buf.length - at) + 1);
                out.write(buf, at, Math.max(n, 0));
            }
            return out.toByteArray();
        }

        private void writer() throws IOException {
            byte[] d = bytes(m.growth(r) + 1);
            int mode = r.nextInt(3);
            int from = mode == 2 ? r.nextInt(d.length) : 0;
            int to = mode == 1 ? 1 : mode == 2 ? from + r.nextInt(d.length - from + 1) : d.length;
            expect("writer mode " + mode + " " + from + ".." + to, () -> m.push(Arrays.copyOfRange(d, from, to)), () -> {
                long at = s.len();
                OutputStream w = s.writer();
                switch (mode) {
                    case 0 -> w.write(d);
                    case 1 -> w.write(d[0]);
                    default -> w.write(d, from, to - from);
                }
                return at;
            });
        }

        private void channelRead() throws IOException {
            long pos = r.nextInt(len() + 10);
            int n = r.nextInt(8) == 0 ? 0 : length();
            int available = (int) Math.max(0, Math.min(n, len() - pos));
            expect("channel read " + pos + "+" + n, () -> (pos >= len() && n > 0 ? "-1:" : available + ":")
                    + StackModel.hex(m.read(Math.min(pos, len()), available)), () -> {
                        ByteBuffer buf = ByteBuffer.allocate(n);
                        int got = s.channel().position(pos).read(buf);
                        return got + ":" + StackModel.hex(Arrays.copyOf(buf.array(), buf.position()));
                    });
        }

        private void channelWrite() throws IOException {
            long pos = switch (r.nextInt(6)) {
                case 0 -> len() + r.nextInt(40);
                case 1 -> r.nextInt((int) m.locked() + 1);
                default -> placeFor(r, len(), 0);
            };
            byte[] d = bytes(pos > len() ? 1 + m.growth(r) : m.growth(r));
            expect("channel write " + pos + "+" + d.length, () -> {
                m.channelWrite(pos, d);
                return pos + d.length;
            }, () -> {
                SeekableByteChannel ch = s.channel().position(pos);
                assertThat(ch.write(ByteBuffer.wrap(d))).as("bytes written").isEqualTo(d.length);
                return ch.position();
            });
        }

        private void channelTruncate() throws IOException {
            int before = len();
            long size = r.nextInt(4) == 0 ? r.nextInt((int) m.locked() + 1) : r.nextInt(before + 10);
            expect("channel truncate " + size, () -> {
                m.pop(Math.max(0, before - size));
                return (long) len();
            }, () -> {
                SeekableByteChannel ch = s.channel().position(before + 5);
                ch.truncate(size);
                assertThat(ch.position()).as("position after truncate").isEqualTo(Math.min(before + 5, size));
                return ch.size();
            });
        }
    }
}
