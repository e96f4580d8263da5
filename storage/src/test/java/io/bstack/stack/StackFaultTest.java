package io.bstack.stack;

import static io.bstack.stack.StackModel.assertAtRest;
import static io.bstack.stack.StackModel.assertSameBytes;
import static io.bstack.stack.StackModel.placeFor;
import static io.bstack.stack.StackModel.randomBytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Fault injection: every file call of every kind of mutation is failed in turn, and random faults
 * hit random programs. After a failed call the stack must show the state before or after the
 * call, never anything else, both live and after a reopen, and the file must be at rest. A single
 * injected fault cannot break the in-place recovery (which runs without faults), so then the stack
 * must stay usable; under random faults it may instead refuse calls until it is reopened.
 */
class StackFaultTest {
    /** 1500 bytes: the payload spans the 256-byte file blocks 0..6 (payload edges 224, 480, ...). */
    private static final byte[] BASE = randomBytes(new Random(1), 1500);
    private static final byte[] MARKER = {'o', 'k'};

    @TempDir
    Path dir;

    @FunctionalInterface
    interface IoAction {
        void run(BStack stack) throws IOException;
    }

    /** A mutating call on the stack, its effect on the model, and the payload it starts from. */
    record Mutation(String name, IoAction onStack, Consumer<StackModel> onModel, byte[] base) {
        Mutation(String name, IoAction onStack, Consumer<StackModel> onModel) {
            this(name, onStack, onModel, BASE);
        }

        byte[] applyTo(byte[] content) {
            StackModel m = new StackModel(content);
            onModel.accept(m);
            return m.content();
        }

        @Override
        public String toString() {
            return name;
        }
    }

    private static byte[] data(int seed, int n) {
        return randomBytes(new Random(seed), n);
    }

    private static byte[] base(int from, int to) {
        return Arrays.copyOfRange(BASE, from, to);
    }

    static Stream<Mutation> everyKindOfMutation() {
        byte[] small = data(2, 10);
        byte[] big = data(3, 600);
        byte[] tail = data(4, 400);
        List<StackWrite> batch = List.of(new StackWrite(600, data(5, 300)), new StackWrite(10, data(6, 50)),
                new StackWrite(1400, data(7, 100)));
        return Stream.of(
                new Mutation("push 10", s -> s.push(small), m -> m.push(small)),
                new Mutation("push 600", s -> s.push(big), m -> m.push(big)),
                new Mutation("writer 600", s -> s.writer().write(big), m -> m.push(big)),
                new Mutation("extend 700", s -> s.extend(700), m -> m.extend(700)),
                new Mutation("ensure 2000", s -> s.ensure(2000), m -> m.ensure(2000)),
                new Mutation("resize grow 1800", s -> s.resize(1800), m -> m.resize(1800)),
                new Mutation("resize shrink 900", s -> s.resize(900), m -> m.resize(900)),
                new Mutation("pop 300", s -> s.pop(300), m -> m.pop(300)),
                new Mutation("popInto 40", s -> s.popInto(new byte[40]), m -> m.pop(40)),
                new Mutation("discard 500", s -> s.discard(500), m -> m.pop(500)),
                new Mutation("tryDiscard 700", s -> s.tryDiscard(1500, 700), m -> m.tryDiscard(1500, 700)),
                new Mutation("tryExtend 400", s -> s.tryExtend(1500, tail), m -> m.tryExtend(1500, tail)),
                new Mutation("tryExtendZeros 300", s -> s.tryExtendZeros(1500, 300), m -> m.tryExtendZeros(1500, 300)),
                new Mutation("set in-block", s -> s.set(230, small), m -> m.set(230, small)),
                new Mutation("set multi-block", s -> s.set(100, big), m -> m.set(100, big)),
                new Mutation("zero in-block", s -> s.zero(500, 100), m -> m.repeat(500, new byte[] {0}, 100)),
                new Mutation("zero multi-block", s -> s.zero(400, 500), m -> m.repeat(400, new byte[] {0}, 500)),
                new Mutation("repeat multi-block", s -> s.repeat(50, new byte[] {1, 2, 3}, 200),
                        m -> m.repeat(50, new byte[] {1, 2, 3}, 200)),
                new Mutation("copy overlapping in-block", s -> s.copy(230, 240, 10), m -> m.copy(230, 240, 10)),
                new Mutation("copy disjoint multi-block", s -> s.copy(0, 700, 500), m -> m.copy(0, 700, 500)),
                new Mutation("copy overlapping forwards", s -> s.copy(100, 300, 600), m -> m.copy(100, 300, 600)),
                new Mutation("copy overlapping backwards", s -> s.copy(300, 100, 600), m -> m.copy(300, 100, 600)),
                new Mutation("crossExchange", s -> s.crossExchange(0, 800, 400), m -> m.crossExchange(0, 800, 400)),
                new Mutation("setBatched 3 writes", s -> s.setBatched(batch), m -> m.setBatched(batch)),
                new Mutation("setBatched 1 write", s -> s.setBatched(batch.subList(0, 1)), m -> m.setBatched(batch.subList(0, 1))),
                new Mutation("splice grow", s -> s.splice(100, tail), m -> m.splice(100, tail)),
                new Mutation("splice shrink", s -> s.splice(600, small), m -> m.splice(600, small)),
                new Mutation("spliceInto same size", s -> s.spliceInto(new byte[400], tail), m -> m.splice(400, tail)),
                new Mutation("atrunc append", s -> s.atrunc(0, tail), m -> m.atrunc(0, tail)),
                new Mutation("atrunc cut", s -> s.atrunc(200, new byte[0]), m -> m.atrunc(200, new byte[0])),
                new Mutation("replace", s -> s.replace(250, old -> big), m -> m.atrunc(250, big)),
                new Mutation("swap multi-block", s -> s.swap(200, big), m -> m.swap(200, big)),
                new Mutation("swapInto in-block", s -> s.swapInto(490, small.clone()), m -> m.swap(490, small)),
                new Mutation("cas multi-block", s -> assertThat(s.cas(100, base(100, 700), big)).isTrue(),
                        m -> m.cas(100, base(100, 700), big)),
                new Mutation("process", s -> s.process(300, 900, b -> Arrays.fill(b, (byte) 7)),
                        m -> m.set(300, filled(600, 7))));
    }

    /** Moves of more than one {@link StackFile#CHUNK}: the only in-place writes a failed call can tear. */
    static Stream<Mutation> chunkedMutations() {
        byte[] payload = randomBytes(new Random(8), 3 * StackFile.CHUNK + 100);
        int n = 3 * StackFile.CHUNK / 2;
        byte[] five = {1, 2, 3, 4, 5};
        return Stream.of(
                new Mutation("chunked copy forwards", s -> s.copy(10, 5000, n), m -> m.copy(10, 5000, n), payload),
                new Mutation("chunked copy backwards", s -> s.copy(9000, 3, n), m -> m.copy(9000, 3, n), payload),
                new Mutation("chunked copy disjoint", s -> s.copy(0, n + 50, n), m -> m.copy(0, n + 50, n), payload),
                new Mutation("chunked crossExchange", s -> s.crossExchange(1, n + 7, n), m -> m.crossExchange(1, n + 7, n),
                        payload),
                new Mutation("chunked repeat", s -> s.repeat(17, five, n / 5 + 3), m -> m.repeat(17, five, n / 5 + 3),
                        payload),
                new Mutation("chunked splice grow", s -> s.splice(10, payload), m -> m.splice(10, payload), payload));
    }

    private static byte[] filled(int n, int value) {
        byte[] b = new byte[n];
        Arrays.fill(b, (byte) value);
        return b;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource({"everyKindOfMutation", "chunkedMutations"})
    void failingAnyFileCallLeavesTheOldOrTheNewState(Mutation mutation) throws IOException {
        byte[] after = mutation.applyTo(mutation.base());
        assertThat(after).as("the mutation must change the state").isNotEqualTo(mutation.base());
        Path file = dir.resolve("fault.bstack");
        Map<String, Integer> seen = new HashMap<>();
        int k = 0;
        while (attempt(file, mutation, k, after, seen)) {
            k++;
            assertThat(k).as("%s still failing after %d injected faults", mutation, k).isLessThan(500);
        }
        assertThat(k).as("%s made %d file calls", mutation, k).isGreaterThanOrEqualTo(2);
        assertThat(seen).as("%s: states seen after the %d failures", mutation, k).containsKeys("old", "new");
    }

    /** Runs the mutation with file call {@code k} failing; returns whether the fault was hit. */
    private boolean attempt(Path file, Mutation mutation, int k, byte[] after, Map<String, Integer> seen)
            throws IOException {
        String ctx = mutation + " failing file call #" + k;
        byte[] before = mutation.base();
        Files.write(file, StackModel.image(before));
        byte[] live;
        boolean hit;
        try (BStack s = BStack.open(file, StackOptions.testing().withoutSync().withFaultPolicy(FaultPolicy.failAt(k)))) {
            IOException thrown = null;
            try {
                mutation.onStack().run(s);
            } catch (IOException e) {
                thrown = e;
            }
            s.faultPolicy(FaultPolicy.none());
            hit = thrown != null;
            if (!hit) {
                live = s.peek(0);
                assertSameBytes(live, after, ctx + " (not hit): live content");
            } else {
                assertInjected(thrown, ctx);
                live = liveContentOrNull(s, ctx);
                assertThat(live).as("%s: with one fault the in-place recovery cannot fail, so the stack must stay usable",
                        ctx).isNotNull();
                seen.merge(oldOrNew(live, before, after, ctx + ": live stack"), 1, Integer::sum);
                assertStillUsable(s, live, ctx);
            }
        }
        if (!hit) {
            assertAtRest(file, after, ctx + " (not hit)");
            return false;
        }
        assertAtRest(file, live, ctx + ": closed after the failure");
        try (BStack reopened = BStack.open(file, StackOptions.testing())) {
            assertSameBytes(reopened.peek(0), live, ctx + ": reopened content");
        }
        assertAtRest(file, live, ctx + ": reopened and closed");
        return true;
    }

    /** A push works and is visible; it is then removed again. */
    private static void assertStillUsable(BStack s, byte[] live, String ctx) throws IOException {
        assertThat(s.push(MARKER)).as("%s: offset of a push after the failure", ctx).isEqualTo(live.length);
        assertSameBytes(s.peek(0), StackModel.concat(live, MARKER), ctx + ": content after a push");
        s.discard(MARKER.length);
    }

    private static void assertInjected(Throwable thrown, String ctx) {
        if (!causedByInjection(thrown)) {
            throw new AssertionError(ctx + ": expected the injected fault, got " + thrown, thrown);
        }
    }

    private static boolean causedByInjection(Throwable t) {
        if (t == null) {
            return false;
        }
        if (t instanceof InjectedFaultException) {
            return true;
        }
        return causedByInjection(t.getCause()) || Arrays.stream(t.getSuppressed()).anyMatch(StackFaultTest::causedByInjection);
    }

    private static String oldOrNew(byte[] actual, byte[] before, byte[] after, String ctx) {
        if (Arrays.equals(actual, before)) {
            return "old";
        } else if (Arrays.equals(actual, after)) {
            return "new";
        }
        return fail("%s is neither the old nor the new state: %d bytes (old %d, new %d), first difference from old at %d,"
                + " from new at %d", ctx, actual.length, before.length, after.length,
                Arrays.mismatch(actual, before), Arrays.mismatch(actual, after));
    }

    // ------------------------------------------------------------ random faults

    @Test
    void randomFaultsOverRandomProgramsLeaveOldOrNewStates() throws IOException {
        Long replay = Long.getLong("bstack.fuzz.seed");
        int programs = replay != null ? 1 : Math.max(1, Integer.getInteger("bstack.fuzz.tries", 200) / 2);
        long base = new Random().nextLong();
        Map<String, Integer> outcomes = new HashMap<>();
        for (int i = 0; i < programs; i++) {
            long seed = replay != null ? replay : FaultPolicy.splitmix64(base + i);
            try {
                randomFaultProgram(seed, outcomes);
            } catch (AssertionError | IOException | RuntimeException e) {
                throw new AssertionError("random fault run failed for seed " + seed + "; replay with -Dbstack.fuzz.seed="
                        + seed + " -Dtest=StackFaultTest#randomFaultsOverRandomProgramsLeaveOldOrNewStates", e);
            }
        }
        if (programs >= 25) {
            assertThat(outcomes).as("outcomes of %d random-fault programs", programs)
                    .containsKeys("ok", "failed, old", "failed, new", "failed, must reopen");
        }
    }

    private void randomFaultProgram(long seed, Map<String, Integer> outcomes) throws IOException {
        Random r = new Random(seed);
        Path file = dir.resolve("random-" + seed + ".bstack");
        StackModel model = new StackModel(new byte[0]);
        BStack s = BStack.open(file, StackOptions.testing().withoutSync());
        try {
            for (int step = 0; step < 50; step++) {
                Mutation mutation = randomMutation(r, model.content());
                String ctx = "step " + step + " " + mutation;
                byte[] before = model.content();
                byte[] after = mutation.applyTo(before);
                s.faultPolicy(FaultPolicy.random(FaultPolicy.splitmix64(seed ^ step), 30));
                IOException thrown = null;
                try {
                    mutation.onStack().run(s);
                } catch (IOException e) {
                    thrown = e;
                }
                s.faultPolicy(FaultPolicy.none());
                if (thrown == null) {
                    assertSameBytes(s.peek(0), after, ctx + ": live content");
                    model.adopt(after);
                    outcomes.merge("ok", 1, Integer::sum);
                    continue;
                }
                assertInjected(thrown, ctx);
                byte[] live = liveContentOrNull(s, ctx);
                outcomes.merge(live == null ? "failed, must reopen" : "failed, " + oldOrNew(live, before, after, ctx),
                        1, Integer::sum);
                s.close();
                if (live != null) {
                    assertAtRest(file, live, ctx + ": closed after the failure");
                }
                s = BStack.open(file, StackOptions.testing().withoutSync());
                byte[] reopened = s.peek(0);
                oldOrNew(reopened, before, after, ctx + ": reopened stack");
                if (live != null) {
                    assertSameBytes(reopened, live, ctx + ": reopened content versus live content");
                }
                model.adopt(reopened);
            }
        } finally {
            s.close();
        }
        assertAtRest(file, model.content(), "end of program");
        Files.delete(file);
    }

    /** The live content, or null if the stack refuses calls until it is reopened. */
    private static byte[] liveContentOrNull(BStack s, String ctx) throws IOException {
        try {
            return s.peek(0);
        } catch (BStackException e) {
            assertThat(e.getMessage()).as("%s: why the stack refuses calls", ctx).contains("reopen");
            assertThat(causedByInjection(e)).as("%s: the refusal names the failed recovery", ctx).isTrue();
            return null;
        }
    }

    /** A valid mutation of a {@code len}-byte stack, drawn from every kind the journal handles. */
    static Mutation randomMutation(Random r, byte[] content) {
        int len = content.length;
        int n = Math.min(StackModel.writeLength(r), len);
        long at = placeFor(r, len, n);
        byte[] d = randomBytes(r, n);
        byte[] grow = randomBytes(r, len > 4096 ? r.nextInt(16) : StackModel.writeLength(r));
        byte[] pattern = randomBytes(r, 1 + r.nextInt(4));
        return switch (r.nextInt(14)) {
            case 0 -> new Mutation("push " + grow.length, s -> s.push(grow), m -> m.push(grow));
            case 1 -> new Mutation("extend " + grow.length, s -> s.extend(grow.length), m -> m.extend(grow.length));
            case 2 -> new Mutation("pop " + n, s -> s.pop(n), m -> m.pop(n));
            case 3 -> new Mutation("discard " + n, s -> s.discard(n), m -> m.pop(n));
            case 4 -> new Mutation("set " + at + "+" + n, s -> s.set(at, d), m -> m.set(at, d));
            case 5 -> new Mutation("zero " + at + "+" + n, s -> s.zero(at, n), m -> m.repeat(at, new byte[] {0}, n));
            case 6 -> new Mutation("repeat " + at + " " + pattern.length + "x" + n / pattern.length,
                    s -> s.repeat(at, pattern, n / pattern.length), m -> m.repeat(at, pattern, n / pattern.length));
            case 7 -> copyMutation(r, len, n);
            case 8 -> exchangeMutation(r, len);
            case 9 -> batchMutation(r, len);
            case 10 -> new Mutation("splice " + n + " +" + grow.length, s -> s.splice(n, grow), m -> m.splice(n, grow));
            case 11 -> new Mutation("swap " + at + "+" + n, s -> s.swap(at, d), m -> m.swap(at, d));
            case 12 -> {
                byte[] expected = Arrays.copyOfRange(content, (int) at, (int) at + n);
                byte[] replacement = randomBytes(r, n);
                yield new Mutation("cas " + at + "+" + n, s -> s.cas(at, expected, replacement),
                        m -> m.cas(at, expected, replacement));
            }
            default -> new Mutation("resize " + (len + grow.length - n), s -> s.resize(len + grow.length - n),
                    m -> m.resize(len + grow.length - n));
        };
    }

    private static Mutation copyMutation(Random r, int len, int n) {
        long src = placeFor(r, len, n);
        long dst = r.nextBoolean() ? placeFor(r, len, n) : Math.clamp(src + r.nextInt(2 * n + 1) - n, 0, len - n);
        return new Mutation("copy " + src + "->" + dst + " n " + n, s -> s.copy(src, dst, n), m -> m.copy(src, dst, n));
    }

    private static Mutation exchangeMutation(Random r, int len) {
        int n = r.nextInt(Math.min(len / 2, 600) + 1);
        long a = r.nextInt(len - 2 * n + 1);
        long b = a + n + r.nextInt((int) (len - a - 2 * n) + 1);
        return new Mutation("crossExchange " + a + "<->" + b + " n " + n, s -> s.crossExchange(a, b, n),
                m -> m.crossExchange(a, b, n));
    }

    private static Mutation batchMutation(Random r, int len) {
        List<StackWrite> writes = new ArrayList<>();
        long at = 0;
        for (int i = r.nextInt(4); i >= 0 && at < len; i--) {
            int n = (int) Math.min(StackModel.writeLength(r) / 2, len - at);
            writes.add(new StackWrite(at, randomBytes(r, n)));
            at += n + r.nextInt(300);
        }
        return new Mutation("setBatched " + writes.stream().map(w -> w.offset() + "+" + w.data().length).toList(),
                s -> s.setBatched(writes), m -> m.setBatched(writes));
    }
}
