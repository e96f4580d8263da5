package io.bstack.alloc;

import static org.assertj.core.api.Assertions.assertThat;

import io.bstack.stack.ByteStack;
import io.bstack.stack.BStack;
import io.bstack.stack.FaultPolicy;
import io.bstack.stack.FileOp;
import io.bstack.stack.StackOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every file call of every GhostTree operation fails in turn ({@link FaultPolicy}: exactly the
 * k-th call, for k = 0, 1, … until the operation runs out of calls). After each failure the
 * outcome must be what the failure contract says (untouched original with its bytes, a moved
 * region with the prefix kept and zero growth, or lost), the live regions must be intact and
 * disjoint from the free tree in the same session, and again after close, reopen (repair) and
 * reclaim. Operations the Javadoc calls single-call must not leak a byte; multi-call ones may
 * leak only after a failure.
 */
class GhostTreeAllocatorFaultTest {
    @TempDir
    Path dir;

    private record Live(RegionHandle handle, byte[] bytes) {}

    /** The allocator, its stack and the regions the test believes live, by name. */
    static final class World {
        final ByteStack stack;
        final GhostTreeAllocator alloc;
        final Map<String, Live> live = new LinkedHashMap<>();

        World(ByteStack stack) throws IOException {
            this.stack = stack;
            this.alloc = new GhostTreeAllocator(stack);
        }

        RegionHandle h(String id) {
            return live.get(id).handle();
        }

        void fill(String id, long len, int seed) throws IOException {
            RegionHandle h = alloc.alloc(len);
            h.write(0, AllocatorContract.pattern(len, seed));
            live.put(id, new Live(h, AllocatorContract.pattern(len, seed)));
        }

        void free(String id) throws IOException {
            alloc.dealloc(live.remove(id).handle());
        }

        List<Region> regions() {
            return live.values().stream().map(l -> l.handle().region()).toList();
        }
    }

    /** What a step's result does to the model; applied after the fault policy is disarmed. */
    @FunctionalInterface
    interface Effect {
        void apply(World w) throws IOException;
    }

    @FunctionalInterface
    interface Call {
        Effect run(World w) throws IOException;
    }

    @FunctionalInterface
    interface Resize {
        RegionHandle run(GhostTreeAllocator a, RegionHandle h) throws BStackAllocException;
    }

    record Scenario(String name, boolean singleCall, Call call) {
        @Override
        public String toString() {
            return name;
        }
    }

    /**
     * A [48,176) 100 bytes, B free [176,240), C [240,304) 64 bytes, D free [304,528),
     * E [528,848) 300 bytes at the tail.
     */
    private static World setup(ByteStack stack) throws IOException {
        World w = new World(stack);
        w.fill("A", 100, 1);
        w.fill("B", 40, 2);
        w.fill("C", 64, 3);
        w.fill("D", 200, 4);
        w.fill("E", 300, 5);
        w.free("B");
        w.free("D");
        assertThat(w.h("E").offset()).isEqualTo(528);
        return w;
    }

    private static Call alloc(String id, long len, boolean zeroed) {
        return w -> {
            RegionHandle h;
            try {
                h = zeroed ? w.alloc.alloc(len) : w.alloc.allocUninit(len);
            } catch (IOException e) {
                return x -> {};
            }
            return x -> {
                assertThat(h.len()).isEqualTo(len);
                byte[] now = h.read();
                if (zeroed) {
                    assertThat(now).as("a new region reads zero").isEqualTo(new byte[(int) len]);
                }
                x.live.put(id, new Live(h, now));
            };
        };
    }

    private static Call allocBulk(long... lengths) {
        return w -> {
            List<RegionHandle> hs;
            try {
                hs = w.alloc.allocBulk(lengths);
            } catch (IOException e) {
                return x -> {};
            }
            return x -> {
                for (int i = 0; i < hs.size(); i++) {
                    assertThat(hs.get(i).read()).isEqualTo(new byte[(int) lengths[i]]);
                    x.live.put("bulk" + i, new Live(hs.get(i), new byte[(int) lengths[i]]));
                }
            };
        };
    }

    private static Call free(String id) {
        return w -> {
            Live old = w.live.get(id);
            try {
                w.alloc.dealloc(old.handle());
            } catch (BStackAllocException e) {
                return x -> {
                    if (e.outcome() == BStackAllocException.Outcome.LOST) {
                        x.live.remove(id);
                    } else {
                        assertThat(e.outcome()).isEqualTo(BStackAllocException.Outcome.UNTOUCHED);
                        assertThat(e.handle()).containsSame(old.handle());
                    }
                };
            }
            return x -> x.live.remove(id);
        };
    }

    private static Call freeBulk(String... ids) {
        return w -> {
            List<RegionHandle> hs = Arrays.stream(ids).map(w::h).toList();
            try {
                w.alloc.deallocBulk(hs);
            } catch (BStackBulkAllocException e) {
                return x -> {
                    for (String id : ids) {
                        if (!e.notFreed().contains(x.h(id))) {
                            x.live.remove(id);
                        } else {
                            assertThat(x.h(id).isLive()).isTrue();
                        }
                    }
                };
            }
            return x -> Arrays.stream(ids).forEach(x.live::remove);
        };
    }

    /** A resize to {@code newLen} whose surviving bytes are {@code old[keepFrom, keepFrom + newLen)}, zero-extended. */
    private static Call resize(String id, long newLen, long keepFrom, Resize how) {
        return w -> {
            Live old = w.live.get(id);
            byte[] expected = Arrays.copyOfRange(old.bytes(), (int) keepFrom, (int) (keepFrom + newLen));
            try {
                RegionHandle now = how.run(w.alloc, old.handle());
                return x -> {
                    assertThat(now.len()).isEqualTo(newLen);
                    x.live.put(id, new Live(now, expected));
                };
            } catch (BStackAllocException e) {
                return x -> {
                    switch (e.outcome()) {
                        case UNTOUCHED -> assertThat(e.handle()).containsSame(old.handle());
                        case MOVED -> {
                            RegionHandle now = e.handle().orElseThrow();
                            assertThat(now.len()).isEqualTo(newLen);
                            x.live.put(id, new Live(now, expected));
                        }
                        case LOST -> x.live.remove(id);
                    }
                };
            }
        };
    }

    static Stream<Scenario> scenarios() {
        return Stream.of(
                new Scenario("alloc splitting a free block", true, alloc("N", 20, true)),
                new Scenario("alloc taking a free block whole", true, alloc("N", 60, true)),
                new Scenario("allocUninit taking a free block whole", true, alloc("N", 50, false)),
                new Scenario("alloc extending the stack", true, alloc("N", 500, true)),
                new Scenario("allocBulk from the tree", true, allocBulk(10, 0, 40)),
                new Scenario("dealloc of the tail block", true, free("E")),
                new Scenario("dealloc of an inner block", false, free("C")),
                new Scenario("realloc shrink in the same block", true, resize("A", 97, 0, (a, h) -> a.realloc(h, 97))),
                new Scenario("realloc shrink of the tail block", true, resize("E", 70, 0, (a, h) -> a.realloc(h, 70))),
                new Scenario("realloc grow of the tail block", true, resize("E", 400, 0, (a, h) -> a.realloc(h, 400))),
                new Scenario("realloc shrink of an inner block", false, resize("A", 20, 0, (a, h) -> a.realloc(h, 20))),
                new Scenario("realloc move", false, resize("C", 150, 0, (a, h) -> a.realloc(h, 150))),
                new Scenario("reallocUninit move", false, resize("C", 150, 0, (a, h) -> a.reallocUninit(h, 150))),
                new Scenario("realloc to zero", false, resize("C", 0, 0, (a, h) -> a.realloc(h, 0))),
                new Scenario("reallocInPlace trimming both edges", false,
                        resize("A", 58, 32, (a, h) -> a.reallocInPlace(h, -32, -10))),
                new Scenario("deallocBulk of inner and tail blocks", false, freeBulk("A", "C", "E")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void everyFailurePointKeepsTheContractAndRecovers(Scenario scenario) throws IOException {
        int failures = 0;
        for (int k = 0; ; k++) {
            Path file = dir.resolve("fault-" + k + ".bstack");
            World w = setup(BStack.open(file, StackOptions.testing().withoutSync()));
            FileOp[] fired = {null};
            int fail = k;
            FailurePoints.file(w.alloc).faultPolicy((op, seq) -> {
                if (seq == fail) {
                    fired[0] = op;
                    return true;
                }
                return false;
            });
            Effect effect;
            try {
                effect = scenario.call().run(w);
            } finally {
                FailurePoints.file(w.alloc).faultPolicy(FaultPolicy.none());
            }
            String context = scenario + ", fault at call " + k + " (" + fired[0] + ")";
            if (fired[0] == null) {
                effect.apply(w);
                checkSession(w, context);
                reopenAndCheck(file, w, true, context);
                break;
            }
            failures++;
            effect.apply(w);
            checkSession(w, context);
            reopenAndCheck(file, w, scenario.singleCall(), context);
        }
        assertThat(failures).as("%s issued file calls", scenario).isPositive();
    }

    private static void checkSession(World w, String context) throws IOException {
        for (Map.Entry<String, Live> e : w.live.entrySet()) {
            assertThat(e.getValue().handle().read()).as("%s: region %s in the session", context, e.getKey())
                    .isEqualTo(e.getValue().bytes());
        }
        AllocatorFuzz.assertNoOverlaps(w.regions());
        GhostTreeFactory.check(w.stack, w.regions());
        RegionHandle probe = w.alloc.alloc(77);
        assertThat(probe.read()).isEqualTo(new byte[77]);
        w.alloc.dealloc(probe);
    }

    private static void reopenAndCheck(Path file, World w, boolean noLeak, String context) throws IOException {
        w.alloc.close();
        assertThat(Files.size(file)).isPositive();
        try (GhostTreeAllocator again = new GhostTreeAllocator(BStack.open(file, StackOptions.testing().withoutSync()))) {
            List<Region> regions = new ArrayList<>();
            for (Map.Entry<String, Live> e : w.live.entrySet()) {
                Region r = e.getValue().handle().region();
                assertThat(again.reclaim(r).read()).as("%s: region %s after reopen", context, e.getKey())
                        .isEqualTo(e.getValue().bytes());
                regions.add(r);
            }
            if (noLeak) {
                GhostTreeFactory.checkNoLeak(again.stack(), regions);
            } else {
                GhostTreeFactory.check(again.stack(), regions);
            }
        }
    }
}
