package io.bstack.alloc;

import static io.bstack.alloc.SegregatedAllocatorTest.fast;
import static io.bstack.alloc.SegregatedAllocatorTest.pattern;
import static org.assertj.core.api.Assertions.assertThat;

import io.bstack.stack.BStack;
import io.bstack.stack.FaultPolicy;
import io.bstack.stack.StackOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crash consistency of {@link SegregatedAllocator}: every operation with an I/O fault injected at
 * each of its file calls in turn ({@link FaultPolicy#failAt}), checked in process and again after
 * close + reopen (recovery); and torn multi-call states written by hand with {@link BStack} calls.
 * After any single fault: no live region is damaged, no two overlap, the failure contract holds
 * (never LOST: the read-back always works), and — as the Javadoc promises for single failures —
 * nothing leaks: every block is free and listed, or claimed by exactly one live region.
 */
class SegregatedAllocatorFaultTest {
    @TempDir
    Path dir;

    /** A live region and the bytes it must hold. */
    private static final class Entry {
        RegionHandle handle;
        byte[] bytes;

        Entry(RegionHandle handle, byte[] bytes) {
            this.handle = handle;
            this.bytes = bytes;
        }
    }

    @FunctionalInterface
    private interface Setup {
        void build(SegregatedAllocator a, List<Entry> live) throws IOException;
    }

    @FunctionalInterface
    private interface Op {
        void apply(SegregatedAllocator a, List<Entry> live) throws IOException;
    }

    private static Entry filled(SegregatedAllocator a, long len, int seed) throws IOException {
        RegionHandle h = a.alloc(len);
        byte[] b = pattern(len, seed);
        h.write(0, b);
        return new Entry(h, b);
    }

    /** Runs {@code op} with a fault at file call k, for k = 0, 1, ... until the op no longer reaches call k. */
    private void sweep(String name, Setup setup, Op op) throws IOException {
        int faults = 0;
        for (int k = 0; k < 500; k++) {
            Path file = dir.resolve(name + "-" + k + ".bstack");
            SegregatedAllocator a = new SegregatedAllocator(BStack.open(file, fast()));
            List<Entry> live = new ArrayList<>();
            setup.build(a, live);
            AtomicLong calls = new AtomicLong();
            int at = k;
            FailurePoints.file(a).faultPolicy((fileOp, seq) -> {
                calls.set(seq + 1);
                return seq == at;
            });
            try {
                op.apply(a, live);
            } catch (IOException e) {
                assertThat(e).as("%s k=%d: an op fails only with the injected fault", name, k)
                        .satisfiesAnyOf(x -> assertThat(x).hasRootCauseInstanceOf(io.bstack.stack.InjectedFaultException.class),
                                x -> assertThat(x).isInstanceOf(io.bstack.stack.InjectedFaultException.class));
                faults++;
            }
            FailurePoints.file(a).faultPolicy(FaultPolicy.none());
            String context = name + " with a fault at file call " + k;
            check(a, live, context + ", in process");
            a.close();
            try (SegregatedAllocator b = new SegregatedAllocator(BStack.open(file, fast()))) {
                assertThat(b.unaccountedAtOpen()).as(context).isZero();
                List<Entry> back = new ArrayList<>();
                for (Entry e : live) {
                    back.add(new Entry(b.reclaim(e.handle.region()), e.bytes));
                }
                check(b, back, context + ", after reopen");
            }
            if (calls.get() <= k) {
                assertThat(faults).as("%s: some fault made the op fail", name).isPositive();
                return;
            }
        }
        throw new AssertionError(name + " never ran out of file calls");
    }

    private static void check(SegregatedAllocator a, List<Entry> live, String context) throws IOException {
        List<Region> regions = new ArrayList<>();
        for (Entry e : live) {
            assertThat(e.handle.read()).as("%s: %s", context, e.handle.region()).isEqualTo(e.bytes);
            regions.add(e.handle.region());
        }
        AllocatorFuzz.assertNoOverlaps(regions);
        try {
            SegregatedFactory.check(a.stack(), regions, false);
        } catch (AssertionError err) {
            throw new AssertionError(context + ": " + err.getMessage(), err);
        }
    }

    /** Applies a realloc result to the model under the failure contract (single faults: never LOST). */
    private static void resized(SegregatedAllocator a, List<Entry> live, int i, long newLen, boolean init) throws IOException {
        Entry e = live.get(i);
        try {
            RegionHandle now = init ? a.realloc(e.handle, newLen) : a.reallocUninit(e.handle, newLen);
            byte[] expected = Arrays.copyOf(e.bytes, (int) newLen);
            live.set(i, new Entry(now, expected));
            if (!init) {
                byte[] got = readQuietly(now); // grown bytes are unspecified: keep what is there, check the prefix
                System.arraycopy(got, e.bytes.length, expected, e.bytes.length, Math.max(0, (int) newLen - e.bytes.length));
            }
        } catch (BStackAllocException x) {
            assertThat(x.outcome()).as("single fault: never LOST").isNotEqualTo(BStackAllocException.Outcome.LOST);
            RegionHandle back = x.handle().orElseThrow();
            live.set(i, new Entry(back, Arrays.copyOf(e.bytes, (int) back.len())));
            throw x;
        }
    }

    private static void freed(SegregatedAllocator a, List<Entry> live, int i) throws IOException {
        try {
            a.dealloc(live.get(i).handle);
            live.remove(i);
        } catch (BStackAllocException x) {
            assertThat(x.outcome()).isEqualTo(BStackAllocException.Outcome.UNTOUCHED);
            throw x;
        }
    }

    private static void allocated(SegregatedAllocator a, List<Entry> live, long len) throws IOException {
        RegionHandle h = a.alloc(len);
        live.add(new Entry(h, new byte[(int) len]));
    }

    // ------------------------------------------------------------------ sweeps

    @Test
    void allocPathsUnderFaults() throws IOException {
        sweep("alloc-hit", (a, live) -> {
            Entry x = filled(a, 100, 1);
            live.add(filled(a, 100, 2));
            a.dealloc(x.handle);
        }, (a, live) -> allocated(a, live, 100));
        sweep("alloc-miss", (a, live) -> live.add(filled(a, 50, 3)), (a, live) -> allocated(a, live, 300));
        sweep("alloc-big-miss", (a, live) -> live.add(filled(a, 50, 4)), (a, live) -> allocated(a, live, 100_000));
        sweep("alloc-big-hit-carved", (a, live) -> {
            Entry big = filled(a, 200_000, 5);
            live.add(filled(a, 10, 6));
            a.dealloc(big.handle);
        }, (a, live) -> allocated(a, live, 100_000));
        sweep("alloc-oversized-kept-whole", (a, live) -> {
            Entry big = filled(a, 5000, 7);
            live.add(filled(a, 10, 8));
            a.dealloc(big.handle);
        }, (a, live) -> allocated(a, live, 4900));
        sweep("alloc-uninit-hit", (a, live) -> {
            Entry x = filled(a, 100, 9);
            live.add(filled(a, 100, 10));
            a.dealloc(x.handle);
        }, (a, live) -> {
            RegionHandle h = a.allocUninit(100);
            live.add(new Entry(h, readQuietly(h))); // unspecified bytes: whatever is there must stay
        });
    }

    private static byte[] readQuietly(RegionHandle h) throws IOException {
        FailurePoints.file(h.allocator()).faultPolicy(FaultPolicy.none());
        return h.read();
    }

    @Test
    void deallocPathsUnderFaults() throws IOException {
        sweep("dealloc", (a, live) -> {
            live.add(filled(a, 100, 11));
            live.add(filled(a, 300, 12));
        }, (a, live) -> freed(a, live, 0));
        sweep("dealloc-oversized-tail", (a, live) -> {
            live.add(filled(a, 100, 13));
            live.add(filled(a, 6000, 14));
        }, (a, live) -> freed(a, live, 1));
        sweep("realloc-to-zero", (a, live) -> {
            live.add(filled(a, 100, 15));
            live.add(filled(a, 30, 16));
        }, (a, live) -> {
            resized(a, live, 0, 0, true);
            live.remove(0);
        });
    }

    @Test
    void reallocPathsUnderFaults() throws IOException {
        sweep("realloc-in-block-grow", (a, live) -> {
            Entry x = filled(a, 100, 17);
            live.add(new Entry(a.realloc(x.handle, 50), Arrays.copyOf(x.bytes, 50)));
            live.add(filled(a, 10, 18));
        }, (a, live) -> resized(a, live, 0, 100, true));
        sweep("realloc-tail-grow", (a, live) -> {
            live.add(filled(a, 10, 19));
            Entry x = filled(a, 100, 20);
            live.add(new Entry(a.realloc(x.handle, 60), Arrays.copyOf(x.bytes, 60)));
        }, (a, live) -> resized(a, live, 1, 1000, true));
        sweep("realloc-tail-grow-big-slack", (a, live) -> {
            live.add(filled(a, 10, 21));
            Entry x = filled(a, 400_000, 22);
            live.add(new Entry(a.realloc(x.handle, 70_000), Arrays.copyOf(x.bytes, 70_000)));
        }, (a, live) -> resized(a, live, 1, 500_000, true));
        sweep("realloc-tail-shrink", (a, live) -> {
            live.add(filled(a, 10, 23));
            live.add(filled(a, 8000, 24));
        }, (a, live) -> resized(a, live, 1, 100, true));
        sweep("realloc-move-hit", (a, live) -> {
            Entry spare = filled(a, 300, 25);
            live.add(filled(a, 100, 26));
            live.add(filled(a, 10, 27));
            a.dealloc(spare.handle);
        }, (a, live) -> resized(a, live, 0, 300, true));
        sweep("realloc-move-miss", (a, live) -> {
            live.add(filled(a, 100, 28));
            live.add(filled(a, 10, 29));
        }, (a, live) -> resized(a, live, 0, 300, true));
        sweep("realloc-uninit-move-miss", (a, live) -> {
            live.add(filled(a, 100, 30));
            live.add(filled(a, 10, 31));
        }, (a, live) -> resized(a, live, 0, 300, false));
        sweep("realloc-move-big-hit", (a, live) -> {
            Entry spare = filled(a, 250_000, 32);
            live.add(filled(a, 100_000, 33));
            live.add(filled(a, 10, 34));
            a.dealloc(spare.handle);
        }, (a, live) -> resized(a, live, 0, 200_000, true));
        sweep("realloc-move-big-miss", (a, live) -> {
            live.add(filled(a, 100_000, 35));
            live.add(filled(a, 10, 36));
        }, (a, live) -> resized(a, live, 0, 200_000, true));
        sweep("in-place-tail-grow", (a, live) -> {
            live.add(filled(a, 10, 37));
            live.add(filled(a, 100, 38));
        }, (a, live) -> {
            Entry e = live.get(1);
            try {
                RegionHandle now = a.reallocInPlace(e.handle, 0, 900);
                live.set(1, new Entry(now, Arrays.copyOf(e.bytes, 1000)));
            } catch (BStackAllocException x) {
                assertThat(x.outcome()).isEqualTo(BStackAllocException.Outcome.UNTOUCHED);
                live.set(1, new Entry(x.handle().orElseThrow(), e.bytes));
                throw x;
            }
        });
    }

    @Test
    void bulkCallsAndCoalesceUnderFaults() throws IOException {
        sweep("alloc-bulk", (a, live) -> {
            Entry c1 = filled(a, 24, 39);
            Entry c2 = filled(a, 24, 40);
            Entry o = filled(a, 9000, 41);
            live.add(filled(a, 10, 42));
            a.deallocBulk(List.of(c1.handle, c2.handle, o.handle));
        }, (a, live) -> {
            long[] lengths = {24, 24, 24, 4100, 20_000, 0, 100_000};
            List<RegionHandle> got = a.allocBulk(lengths);
            for (int i = 0; i < lengths.length; i++) {
                live.add(new Entry(got.get(i), new byte[(int) lengths[i]]));
            }
        });
        sweep("dealloc-bulk", (a, live) -> {
            for (int i = 0; i < 5; i++) {
                live.add(filled(a, 40L + 900 * i, 43 + i));
            }
        }, (a, live) -> {
            List<Entry> gone = new ArrayList<>(live.subList(0, 4));
            try {
                a.deallocBulk(gone.stream().map(e -> e.handle).toList());
                live.removeAll(gone);
            } catch (BStackBulkAllocException x) {
                assertThat(x.notFreed()).hasSize(4);
                throw x;
            }
        });
        sweep("coalesce", (a, live) -> {
            List<Entry> four = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                four.add(filled(a, 100 + 200L * i, 48 + i));
            }
            live.add(filled(a, 10, 52));
            for (Entry e : four) {
                a.dealloc(e.handle);
            }
        }, (a, live) -> a.coalesce());
    }

    // ------------------------------------------------------------------ torn states by hand

    private SegregatedAllocator open(Path file) throws IOException {
        return new SegregatedAllocator(BStack.open(file, fast()));
    }

    @Test
    void aTornMoveMissLeavesAZeroWordTailThatRecoveryDiscards() throws IOException {
        Path file = dir.resolve("torn-move.bstack");
        List<Entry> live = new ArrayList<>();
        long len;
        try (SegregatedAllocator a = open(file)) {
            live.add(filled(a, 100, 60));
            live.add(filled(a, 10, 61));
            len = a.stack().len();
            byte[] staged = new byte[320]; // the move's first call: zero word, copied prefix
            System.arraycopy(live.get(0).bytes, 0, staged, 8, 100);
            a.stack().push(staged);
        }
        try (SegregatedAllocator b = open(file)) {
            assertThat(b.stack().len()).isEqualTo(len);
            reclaimAll(b, live);
            check(b, live, "torn move");
        }
    }

    @Test
    void aDetachedFreeBlockIsRelinked() throws IOException {
        Path file = dir.resolve("detached.bstack");
        List<Entry> live = new ArrayList<>();
        long spare;
        try (SegregatedAllocator a = open(file)) {
            Entry s = filled(a, 200_000, 62);
            live.add(filled(a, 100_000, 63));
            live.add(filled(a, 10, 64));
            a.dealloc(s.handle);
            spare = s.handle.offset() - 8;
            a.stack().set(SegregatedClasses.headOffset(32), SegregatedClasses.le(0)); // the big move's stage step
        }
        try (SegregatedAllocator b = open(file)) {
            reclaimAll(b, live);
            check(b, live, "detached block");
            assertThat(b.alloc(199_000).offset()).isEqualTo(spare + 8);
        }
    }

    @Test
    void aTornTailGrowOrBulkExtensionIsDiscarded() throws IOException {
        Path file = dir.resolve("torn-grow.bstack");
        List<Entry> live = new ArrayList<>();
        long len;
        try (SegregatedAllocator a = open(file)) {
            live.add(filled(a, 100, 65));
            len = a.stack().len();
            a.stack().extend(912); // the grow's extend landed, the word did not
        }
        try (SegregatedAllocator b = open(file)) {
            assertThat(b.stack().len()).isEqualTo(len);
            reclaimAll(b, live);
            check(b, live, "torn grow");
            b.stack().extend(100_032); // a bulk's (or big alloc's) extension without its claim
        }
        try (SegregatedAllocator c = open(file)) {
            assertThat(c.stack().len()).isEqualTo(len);
        }
    }

    @Test
    void staleHeadsAndLinksAreRebuiltFromTheWords() throws IOException {
        Path file = dir.resolve("stale.bstack");
        List<Entry> live = new ArrayList<>();
        try (SegregatedAllocator a = open(file)) {
            List<Entry> gone = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                gone.add(filled(a, 30 + 700L * i, 70 + i));
                live.add(filled(a, 50, 80 + i));
            }
            for (Entry e : gone) {
                a.dealloc(e.handle);
            }
            byte[] junk = new byte[264];
            Arrays.fill(junk, (byte) 0x5A);
            a.stack().set(40, junk); // every head points nowhere
            a.stack().set(gone.get(2).handle.offset(), SegregatedClasses.le(12345)); // a garbage link
        }
        try (SegregatedAllocator b = open(file)) {
            reclaimAll(b, live);
            check(b, live, "stale heads");
        }
    }

    @Test
    void aMalformedWordStopsRecoveryAndIsReported() throws IOException {
        Path file = dir.resolve("malformed.bstack");
        Entry x;
        long bad;
        byte[] rest;
        try (SegregatedAllocator a = open(file)) {
            x = filled(a, 100, 90);
            Entry y = filled(a, 100, 91);
            Entry z = filled(a, 100, 92);
            a.dealloc(z.handle);
            bad = y.handle.offset() - 8;
            a.stack().set(bad, SegregatedClasses.le(0x8000_0000_0000_7FFFL)); // live, far past the end
            rest = a.stack().get(bad, a.stack().len());
        }
        try (SegregatedAllocator b = open(file)) {
            assertThat(b.unaccountedAtOpen()).isEqualTo((b.stack().len() - bad) / 16);
            assertThat(b.stack().get(bad, b.stack().len())).as("nothing past the bad word is touched").isEqualTo(rest);
            assertThat(b.reclaim(x.handle.region()).read()).isEqualTo(x.bytes);
        }
    }

    @Test
    void aRecoveredNonClassBlockIsClaimedWhole() throws IOException {
        Path file = dir.resolve("nonclass.bstack");
        List<Entry> live = new ArrayList<>();
        long xb;
        try (SegregatedAllocator a = open(file)) {
            Entry x = filled(a, 300, 93); // 320 at 304
            live.add(filled(a, 300, 94));
            a.dealloc(x.handle);
            xb = x.handle.offset() - 8;
            a.stack().set(xb, SegregatedClasses.le(272 >> 4)); // split into a free 272 ...
            a.stack().set(xb + 272, SegregatedClasses.le(48 >> 4)); // ... and a free 48
        }
        try (SegregatedAllocator b = open(file)) {
            reclaimAll(b, live);
            assertThat(b.stack().get(SegregatedClasses.headOffset(15), SegregatedClasses.headOffset(15) + 8))
                    .as("272 goes on list 256").isEqualTo(SegregatedClasses.le(xb));
            RegionHandle r = b.alloc(248); // class 256
            assertThat(r.offset()).isEqualTo(xb + 8);
            live.add(new Entry(r, new byte[248]));
            check(b, live, "non-class block claimed");
        }
        try (SegregatedAllocator c = open(file)) {
            assertThat(c.unaccountedAtOpen()).isZero();
            reclaimAll(c, live);
            check(c, live, "non-class block after reopen");
        }
    }

    @Test
    void recoveryItselfSurvivesAFaultAtEveryCall() throws IOException {
        for (int k = 0; ; k++) {
            Path file = dir.resolve("recovery-" + k + ".bstack");
            List<Entry> live = new ArrayList<>();
            try (SegregatedAllocator a = open(file)) {
                Entry gone = filled(a, 100, 95);
                live.add(filled(a, 100, 96));
                a.dealloc(gone.handle);
                a.stack().set(40, new byte[264]); // heads lost
                a.stack().extend(4096); // and a zero tail
            }
            AtomicLong calls = new AtomicLong();
            int at = k;
            BStack s = BStack.open(file, StackOptions.testing().withoutSync().withFaultPolicy((op, seq) -> {
                calls.set(seq + 1);
                return seq == at;
            }));
            try {
                new SegregatedAllocator(s).intoStack();
            } catch (IOException expected) {
                // a fault stops recovery midway: the next open reruns it
            }
            s.close();
            try (SegregatedAllocator b = open(file)) {
                reclaimAll(b, live);
                check(b, live, "recovery with a fault at call " + k);
            }
            if (calls.get() <= k) {
                return;
            }
        }
    }

    private static void reclaimAll(SegregatedAllocator a, List<Entry> live) throws IOException {
        for (Entry e : live) {
            e.handle = a.reclaim(e.handle.region());
        }
    }
}
