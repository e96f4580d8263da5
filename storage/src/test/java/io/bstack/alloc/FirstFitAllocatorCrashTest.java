package io.bstack.alloc;

import static io.bstack.alloc.FirstFitAllocatorTest.fill;
import static io.bstack.alloc.FirstFitAllocatorTest.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.bstack.stack.ByteStack;
import io.bstack.stack.BStack;
import io.bstack.stack.BStackCorruptException;
import io.bstack.stack.FaultPolicy;
import io.bstack.stack.InjectedFaultException;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Torn multi-call operations: every file call of every structural path is failed in turn
 * ({@link FaultPolicy#failAt}), then the file is reopened; and hand-made crash states written with
 * {@link BStack#set}. After recovery the survivors hold their bytes, nothing overlaps, the arena
 * and free list are well formed ({@link FirstFitFactory#check}), at most the one block the
 * class documentation admits has leaked, and the allocator keeps working.
 */
class FirstFitAllocatorCrashTest {
    @TempDir
    Path dir;

    private Path file() {
        return dir.resolve("crash.bstack");
    }

    private FirstFitAllocator open() throws IOException {
        return FirstFitAllocatorTest.openOn(file());
    }

    /** The allocation the operation under test works on, and its bytes. */
    record Subject(RegionHandle handle, byte[] bytes) {}

    @FunctionalInterface
    interface Setup {
        /** Fills {@code keep} with regions that must survive untouched; returns the subject (or null for alloc). */
        Subject build(FirstFitAllocator a, Map<RegionHandle, byte[]> keep) throws IOException;
    }

    @FunctionalInterface
    interface Op {
        /** Runs the operation; returns the resulting handle (null for a free). */
        RegionHandle run(FirstFitAllocator a, Subject s) throws IOException;
    }

    enum Kind { ALLOC, FREE, REALLOC, IN_PLACE }

    record Scenario(String name, Kind kind, Setup setup, Op op, long expectedLen) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static RegionHandle put(FirstFitAllocator a, Map<RegionHandle, byte[]> keep, long len, int v) throws IOException {
        RegionHandle h = a.alloc(len);
        h.write(0, fill((int) len, v));
        keep.put(h, fill((int) len, v));
        return h;
    }

    private static Subject subject(FirstFitAllocator a, long len, int v) throws IOException {
        RegionHandle h = a.alloc(len);
        h.write(0, fill((int) len, v));
        return new Subject(h, fill((int) len, v));
    }

    private static void drop(FirstFitAllocator a, Map<RegionHandle, byte[]> keep, RegionHandle h) throws IOException {
        keep.remove(h);
        a.dealloc(h);
    }

    static Stream<Scenario> scenarios() {
        return Stream.of(
                new Scenario("alloc splitting a free block", Kind.ALLOC, (a, k) -> {
                    RegionHandle hole = put(a, k, 200, 1);
                    put(a, k, 16, 2);
                    drop(a, k, hole);
                    return null;
                }, (a, s) -> a.alloc(40), 40),
                new Scenario("alloc taking a free block whole", Kind.ALLOC, (a, k) -> {
                    RegionHandle hole = put(a, k, 40, 1);
                    put(a, k, 16, 4);
                    RegionHandle other = put(a, k, 100, 3);
                    put(a, k, 16, 2);
                    drop(a, k, other);
                    drop(a, k, hole); // list: hole -> other
                    return null;
                }, (a, s) -> a.alloc(40), 40),
                new Scenario("allocUninit splitting a free block", Kind.ALLOC, (a, k) -> {
                    RegionHandle hole = put(a, k, 200, 1);
                    put(a, k, 16, 2);
                    drop(a, k, hole);
                    return null;
                }, (a, s) -> a.allocUninit(40), 40),
                new Scenario("dealloc of the tail cascading over a free block", Kind.FREE, (a, k) -> {
                    put(a, k, 16, 1);
                    RegionHandle x = put(a, k, 64, 2);
                    Subject t = subject(a, 16, 3);
                    drop(a, k, x);
                    return t;
                }, (a, s) -> {
                    a.dealloc(s.handle());
                    return null;
                }, 0),
                new Scenario("dealloc coalescing both neighbours", Kind.FREE, (a, k) -> {
                    put(a, k, 64, 1);
                    RegionHandle left = put(a, k, 56, 2);
                    Subject b = subject(a, 64, 3);
                    RegionHandle right = put(a, k, 32, 4);
                    put(a, k, 64, 5);
                    drop(a, k, left);
                    drop(a, k, right);
                    return b;
                }, (a, s) -> {
                    a.dealloc(s.handle());
                    return null;
                }, 0),
                new Scenario("realloc growing the tail block", Kind.REALLOC, (a, k) -> {
                    put(a, k, 40, 1);
                    return subject(a, 866, 0xA7);
                }, (a, s) -> a.realloc(s.handle(), 941), 941),
                new Scenario("realloc absorbing a free neighbour with a split", Kind.REALLOC, (a, k) -> {
                    Subject h = subject(a, 16, 1);
                    RegionHandle n = put(a, k, 200, 2);
                    put(a, k, 16, 3);
                    drop(a, k, n);
                    return h;
                }, (a, s) -> a.realloc(s.handle(), 64), 64),
                new Scenario("reallocUninit absorbing a free neighbour whole", Kind.REALLOC, (a, k) -> {
                    Subject h = subject(a, 12, 1);
                    RegionHandle n = put(a, k, 200, 2);
                    put(a, k, 16, 3);
                    drop(a, k, n);
                    return h;
                }, (a, s) -> a.reallocUninit(s.handle(), 232), 232),
                new Scenario("realloc moving into a free block", Kind.REALLOC, (a, k) -> {
                    RegionHandle hole = put(a, k, 300, 1);
                    Subject h = subject(a, 50, 2);
                    put(a, k, 16, 3);
                    drop(a, k, hole);
                    return h;
                }, (a, s) -> a.realloc(s.handle(), 120), 120),
                new Scenario("realloc moving to the tail", Kind.REALLOC, (a, k) -> {
                    put(a, k, 24, 1);
                    Subject h = subject(a, 50, 2);
                    put(a, k, 16, 3);
                    return h;
                }, (a, s) -> a.realloc(s.handle(), 500), 500),
                new Scenario("in-place front shrink", Kind.IN_PLACE, (a, k) -> {
                    Subject h = subject(a, 100, 0xC3);
                    put(a, k, 16, 1);
                    return h;
                }, (a, s) -> a.reallocInPlace(s.handle(), -40, 0), 60),
                new Scenario("in-place front grow shrinking the neighbour", Kind.IN_PLACE, (a, k) -> {
                    RegionHandle left = put(a, k, 100, 1);
                    Subject b = subject(a, 50, 0x9B);
                    put(a, k, 16, 2);
                    drop(a, k, left);
                    return b;
                }, (a, s) -> a.reallocInPlace(s.handle(), 32, 0), 82),
                new Scenario("in-place front grow absorbing the neighbour", Kind.IN_PLACE, (a, k) -> {
                    put(a, k, 40, 3);
                    RegionHandle left = put(a, k, 100, 1);
                    Subject b = subject(a, 50, 0x9B);
                    put(a, k, 16, 2);
                    drop(a, k, left);
                    return b;
                }, (a, s) -> a.reallocInPlace(s.handle(), 128, 0), 178),
                new Scenario("in-place back grow of the tail block", Kind.IN_PLACE, (a, k) -> {
                    put(a, k, 40, 3);
                    return subject(a, 50, 5);
                }, (a, s) -> a.reallocInPlace(s.handle(), 0, 40), 90),
                new Scenario("in-place back grow absorbing a free neighbour", Kind.IN_PLACE, (a, k) -> {
                    Subject h = subject(a, 16, 1);
                    RegionHandle n = put(a, k, 200, 2);
                    put(a, k, 16, 3);
                    drop(a, k, n);
                    return h;
                }, (a, s) -> a.reallocInPlace(s.handle(), 0, 48), 64));
    }

    /**
     * Fails file call k of the operation for k = 0, 1, ... until it succeeds. The failure outcome
     * must be one the class documentation allows for the path; the allocator must refuse changes
     * while the flag is raised; after a reopen the survivors are intact and at most one block leaked
     * (none when the failure came before the flag was raised).
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void everyFailurePointRecovers(Scenario sc) throws IOException {
        int failures = 0;
        int raised = 0;
        for (int k = 0; ; k++) {
            String at = sc.name() + ", file call " + k + " failed";
            Files.deleteIfExists(file());
            Map<RegionHandle, byte[]> keep = new LinkedHashMap<>();
            FirstFitAllocator a = open();
            Subject s = sc.setup().build(a, keep);
            FirstFitFactory.Arena before = FirstFitFactory.check(a.stack(), regions(keep, s));
            FailurePoints.file(a).faultPolicy(FaultPolicy.failAt(k));
            RegionHandle result = null;
            IOException failure = null;
            try {
                result = sc.op().run(a, s);
            } catch (IOException e) {
                failure = e;
            }
            FailurePoints.file(a).faultPolicy(FaultPolicy.none());
            List<Region> survivors = new ArrayList<>(regions(keep, null));
            Map<Region, byte[]> expected = new LinkedHashMap<>();
            keep.forEach((h, b) -> expected.put(h.region(), b));
            if (failure == null) {
                if (result != null) {
                    assertThat(result.len()).as(at).isEqualTo(sc.expectedLen());
                    expected.put(result.region(), expectedAfter(sc, s, result.len()));
                    survivors.add(result.region());
                }
                assertThat(a.needsRecovery()).as(at).isFalse();
                FirstFitFactory.check(a.stack(), survivors);
                checkBytes(a, expected, at);
                a.close();
                assertThat(failures).as(sc.name() + ": some failure points were hit").isGreaterThan(1);
                assertThat(raised).as(sc.name() + ": some failures came after the flag was raised").isPositive();
                return;
            }
            failures++;
            assertThat(hasInjectedCause(failure)).as(at + ": " + failure).isTrue();
            boolean midway = a.needsRecovery();
            raised += midway ? 1 : 0;
            if (a.stack().get(24, 25)[0] != 0) {
                assertThat(midway).as(at + ": recovery_needed is set on disk, so the allocator must refuse changes").isTrue();
            }
            if (midway) {
                assertThatThrownBy(() -> a.alloc(8)).as(at).isInstanceOf(BStackCorruptException.class);
            }
            Region survivor = survivor(sc, s, failure, midway, at);
            boolean unchanged = !midway || failure instanceof BStackAllocException e && sc.kind() != Kind.REALLOC
                    && e.outcome() == BStackAllocException.Outcome.UNTOUCHED;
            if (survivor != null) {
                survivors.add(survivor);
                expected.put(survivor, survivor.equals(s.handle().region()) ? s.bytes() : expectedAfter(sc, s, survivor.len()));
            }
            a.close();
            try (FirstFitAllocator b = open()) {
                assertThat(b.needsRecovery()).isFalse();
                FirstFitFactory.Arena after = FirstFitFactory.check(b.stack(), survivors);
                checkBytes(b, expected, at);
                long leaked = after.allocated().keySet().stream().filter(o -> survivors.stream().noneMatch(r -> r.offset() == o)).count();
                // a lost in-place resize may leave its block, or both halves of its carve, allocated
                boolean lostInPlace = sc.kind() == Kind.IN_PLACE && survivor == null;
                assertThat(leaked).as(at + ": leaked blocks").isLessThanOrEqualTo(midway ? lostInPlace ? 2 : 1 : 0);
                if (unchanged) {
                    assertThat(after.allocated()).as(at + ": an untouched failure changed no block").isEqualTo(before.allocated());
                }
                RegionHandle fresh = b.alloc(300);
                fresh.write(0, fill(300, 0x5C));
                survivors.add(fresh.region());
                FirstFitFactory.check(b.stack(), survivors);
                checkBytes(b, expected, at + ", after a new alloc");
                b.dealloc(fresh);
            }
        }
    }

    private static List<Region> regions(Map<RegionHandle, byte[]> keep, Subject s) {
        List<Region> out = new ArrayList<>();
        keep.keySet().forEach(h -> out.add(h.region()));
        if (s != null) {
            out.add(s.handle().region());
        }
        return out;
    }

    /**
     * The subject's bytes after a successful resize: the prefix kept, growth zero (front shapes
     * shifted). For the uninit paths only the kept prefix is specified: {@link #checkBytes}
     * compares a shorter expectation as a prefix.
     */
    private static byte[] expectedAfter(Scenario sc, Subject s, long len) {
        boolean uninit = sc.name().contains("Uninit");
        if (s == null) {
            return uninit ? new byte[0] : new byte[(int) len];
        }
        if (uninit) {
            return s.bytes();
        }
        if (sc.kind() == Kind.IN_PLACE && sc.name().contains("front shrink")) {
            return Arrays.copyOfRange(s.bytes(), 40, 40 + (int) len);
        }
        if (sc.kind() == Kind.IN_PLACE && sc.name().contains("front grow")) {
            byte[] out = new byte[(int) len];
            System.arraycopy(s.bytes(), 0, out, (int) len - s.bytes().length, s.bytes().length);
            return out;
        }
        return Arrays.copyOf(s.bytes(), (int) len);
    }

    /** The failure contract of the path: what the exception hands back. */
    private static Region survivor(Scenario sc, Subject s, IOException failure, boolean midway, String at) {
        if (sc.kind() == Kind.ALLOC) {
            assertThat(failure).as(at).isNotInstanceOf(BStackAllocException.class);
            return null;
        }
        assertThat(failure).as(at).isInstanceOf(BStackAllocException.class);
        BStackAllocException e = (BStackAllocException) failure;
        switch (e.outcome()) {
            case UNTOUCHED -> {
                assertThat(e.handle()).as(at).containsSame(s.handle());
                return s.handle().region();
            }
            case MOVED -> {
                assertThat(sc.kind()).as(at + ": only realloc moves").isEqualTo(Kind.REALLOC);
                assertThat(e.handle().orElseThrow().len()).isEqualTo(sc.expectedLen());
                return e.handle().orElseThrow().region();
            }
            default -> {
                assertThat(sc.kind()).as(at + ": realloc never loses its region").isNotEqualTo(Kind.REALLOC);
                assertThat(midway).as(at + ": lost only once the flag was raised").isTrue();
                return null;
            }
        }
    }

    private static void checkBytes(FirstFitAllocator a, Map<Region, byte[]> expected, String at) throws IOException {
        for (Map.Entry<Region, byte[]> e : expected.entrySet()) {
            RegionHandle h = a.reclaim(e.getKey());
            byte[] now = h.read();
            if (e.getValue().length < now.length) {
                now = Arrays.copyOf(now, e.getValue().length); // an uninit result: only its prefix is specified
            }
            assertThat(now).as(at + ": bytes of " + e.getKey()).isEqualTo(e.getValue());
        }
    }

    private static boolean hasInjectedCause(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof InjectedFaultException) {
                return true;
            }
        }
        return false;
    }

    // ---------------------------------------------------------------- hand-made crash states

    @Test
    void anInterruptedTailExtendIsRolledBack() throws IOException {
        long start;
        try (FirstFitAllocator a = open()) {
            RegionHandle h = a.alloc(866);
            h.write(0, fill(866, 0xA7));
            start = h.offset();
            a.stack().set(24, hex("01 00 00 00"));
            a.stack().extend(72); // the grow's extend landed, its header and footer did not
        }
        try (FirstFitAllocator a = open()) {
            assertThat(a.len()).isEqualTo(start + 872 + 8);
            assertThat(a.reclaim(new Region(start, 866)).read()).isEqualTo(fill(866, 0xA7));
            FirstFitFactory.check(a.stack(), List.of(new Region(start, 866)));
        }
    }

    @Test
    void aTornTailFragmentIsCut() throws IOException {
        try (FirstFitAllocator a = open()) {
            a.alloc(16);
            a.stack().set(24, hex("01 00 00 00"));
            a.stack().push(fill(20, 0x3F));
        }
        try (FirstFitAllocator a = open()) {
            assertThat(a.len()).isEqualTo(48 + 40);
        }
    }

    /** Update 1 and 2 of a split of the 304-byte block at 48 for 120 bytes, without the header shrink. */
    @Test
    void aSplitWhoseHeaderWasNeverShrunkIsRepaired() throws IOException {
        try (FirstFitAllocator a = open()) {
            RegionHandle hole = a.alloc(300);
            RegionHandle tail = a.alloc(16);
            a.dealloc(hole);
            ByteStack s = a.stack();
            s.set(24, hex("01 00 00 00"));
            s.set(64 + 160, hex("A0 00*7  78 00*7  00*8")); // free footer 160, new header 120
            s.set(248 + 120, hex("78 00*7")); // new footer 120 over the old footer 304
            assertThat(FirstFitLayout.readU64(s, 48)).isEqualTo(304);
            assertThat(tail.offset()).isEqualTo(392);
        }
        try (FirstFitAllocator a = open()) {
            assertThat(a.stack().get(48, 64)).isEqualTo(hex("A0 00*7 01 00 00 00 00*4"));
            FirstFitFactory.Arena arena = FirstFitFactory.check(a.stack(), List.of(new Region(392, 16)));
            assertThat(arena.free()).containsExactly(Map.entry(64L, 160L));
            assertThat(arena.allocated()).containsEntry(248L, 120L).containsEntry(392L, 16L);
        }
    }

    @Test
    void aStaleFooterIsRewrittenFromItsHeader() throws IOException {
        try (FirstFitAllocator a = open()) {
            a.alloc(64);
            RegionHandle x = a.alloc(56);
            RegionHandle y = a.alloc(64);
            RegionHandle z = a.alloc(32);
            a.alloc(64);
            a.dealloc(x);
            a.dealloc(z);
            a.dealloc(y); // merged 56 + 64 + 32 + 48 = 200 at x's header
            assertThat(FirstFitLayout.readU64(a.stack(), x.offset() - 16)).isEqualTo(200);
            a.stack().set(24, hex("01 00 00 00"));
            FirstFitLayout.writeU64(a.stack(), x.offset() + 200, 32); // the footer write never landed
        }
        try (FirstFitAllocator a = open()) {
            FirstFitFactory.Arena arena = FirstFitFactory.check(a.stack(), List.of());
            assertThat(arena.free()).hasSize(1).containsValue(200L);
        }
    }

    @Test
    void aMalformedSizeMidArenaIsCorruptionAndTheFileIsLeftAsFound() throws IOException {
        byte[] before;
        try (FirstFitAllocator a = open()) {
            a.alloc(16);
            RegionHandle mid = a.alloc(16);
            a.alloc(16);
            FirstFitLayout.writeU64(a.stack(), mid.offset() - 16, 13);
            a.stack().set(24, hex("01 00 00 00"));
            before = a.stack().get(0, a.len());
        }
        try (BStack s = BStack.open(file(), StackOptions.testing().withoutSync())) {
            assertThatThrownBy(() -> new FirstFitAllocator(s)).isInstanceOf(BStackCorruptException.class)
                    .hasMessageContaining("invalid size 13");
            assertThat(s.get(0, s.len())).isEqualTo(before);
        }
    }

    @Test
    void aFreeHeadOutOfRangeTriggersRecoveryWithoutTheFlag() throws IOException {
        long freed;
        try (FirstFitAllocator a = open()) {
            RegionHandle h = a.alloc(16);
            a.alloc(16);
            a.dealloc(h);
            freed = h.offset();
            FirstFitLayout.writeU64(a.stack(), 32, 1 << 20);
        }
        try (FirstFitAllocator a = open()) {
            assertThat(FirstFitLayout.readU64(a.stack(), 32)).isEqualTo(freed);
            assertThat(a.alloc(16).offset()).isEqualTo(freed);
        }
    }

    @Test
    void aFreeListCycleIsReportedNotWalkedForever() throws IOException {
        try (FirstFitAllocator a = open()) {
            RegionHandle x = a.alloc(16);
            a.alloc(16);
            RegionHandle y = a.alloc(16);
            a.alloc(16);
            a.dealloc(x);
            a.dealloc(y); // list y -> x
            FirstFitLayout.writeU64(a.stack(), x.offset(), y.offset()); // x -> y: a cycle
            assertThatThrownBy(() -> a.alloc(64)).isInstanceOf(BStackCorruptException.class).hasMessageContaining("cycle");
        }
    }

    @Test
    void afterAFailureMidwayChangesAreRefusedUntilReopened() throws IOException {
        for (int k = 0; ; k++) {
            Files.deleteIfExists(file());
            Region kept;
            try (FirstFitAllocator a = open()) {
                RegionHandle h = a.alloc(64);
                RegionHandle other = a.alloc(64);
                other.write(0, fill(64, 4));
                kept = other.region();
                a.alloc(16);
                FailurePoints.file(a).faultPolicy(FaultPolicy.failAt(k));
                BStackAllocException e = catchThrowableOfType(BStackAllocException.class, () -> a.dealloc(h));
                FailurePoints.file(a).faultPolicy(FaultPolicy.none());
                assertThat(e).as("file call %d fails", k).isNotNull();
                if (e.outcome() != BStackAllocException.Outcome.LOST) {
                    continue; // failed before the flag was raised (or while raising it): try a later file call
                }
                assertThat(a.needsRecovery()).isTrue();
                assertThatThrownBy(() -> a.alloc(8)).isInstanceOf(BStackCorruptException.class).hasMessageContaining("reopen");
                BStackAllocException d = catchThrowableOfType(BStackAllocException.class, () -> a.dealloc(other));
                assertThat(d.outcome()).isEqualTo(BStackAllocException.Outcome.UNTOUCHED);
                assertThat(d.getCause()).isInstanceOf(BStackCorruptException.class);
                BStackAllocException r = catchThrowableOfType(BStackAllocException.class, () -> a.realloc(other, 10));
                assertThat(r.outcome()).isEqualTo(BStackAllocException.Outcome.UNTOUCHED);
                BStackAllocException i = catchThrowableOfType(BStackAllocException.class, () -> a.reallocInPlace(other, 0, -8));
                assertThat(i.outcome()).isEqualTo(BStackAllocException.Outcome.UNTOUCHED);
                assertThat(a.reclaim(kept).read()).as("reads and reclaim still work").isEqualTo(fill(64, 4));
            }
            try (FirstFitAllocator a = open()) {
                assertThat(a.needsRecovery()).isFalse();
                a.dealloc(a.reclaim(kept));
                assertThat(a.alloc(8).len()).isEqualTo(8);
            }
            return;
        }
    }
}
