package io.bstack.alloc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.bstack.stack.ByteStack;
import io.bstack.stack.BStack;
import io.bstack.stack.BStackException;
import io.bstack.stack.BStackInvalidInputException;
import io.bstack.stack.StackOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The conformance suite every allocator passes. Subclass it as {@code <Name>ConformanceTest}
 * and return the allocator's {@link AllocatorFactory}; capabilities the allocator does not
 * promise (space reuse, resizing anywhere, double-free detection, verified reclaim) are taken
 * from the factory and the matching tests skip.
 */
public abstract class AllocatorContract {
    @TempDir
    Path dir;
    private BStack stack;
    private BStackAllocator alloc;
    private final List<BStackAllocator> others = new ArrayList<>();

    protected abstract AllocatorFactory factory();

    private static StackOptions fast() {
        return StackOptions.testing().withoutSync();
    }

    @BeforeEach
    void open() throws IOException {
        stack = BStack.open(dir.resolve("contract.bstack"), fast());
        alloc = factory().create(stack);
    }

    @AfterEach
    void close() throws IOException {
        for (BStackAllocator other : others) {
            other.close();
        }
        alloc.close();
    }

    private void reopen() throws IOException {
        alloc.close();
        stack = BStack.open(dir.resolve("contract.bstack"), fast());
        alloc = factory().open(stack);
    }

    private BStackAllocator another() throws IOException {
        BStackAllocator other = factory().create(BStack.open(dir.resolve("other" + others.size() + ".bstack"), fast()));
        others.add(other);
        return other;
    }

    static byte[] pattern(long len, int seed) {
        byte[] b = new byte[(int) len];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) (seed * 31 + i * 7 + 1);
        }
        return b;
    }

    private RegionHandle filled(long len, int seed) throws IOException {
        RegionHandle h = alloc.alloc(len);
        assertThat(h.len()).isEqualTo(len);
        h.write(0, pattern(len, seed));
        return h;
    }

    private static void assertZero(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            assertThat(b[i]).as("byte %d of %d", i, b.length).isZero();
        }
    }

    private void verify(RegionHandle... live) throws IOException {
        List<Region> regions = Arrays.stream(live).map(RegionHandle::region).toList();
        for (int i = 0; i < regions.size(); i++) {
            for (int j = i + 1; j < regions.size(); j++) {
                assertThat(regions.get(i).overlaps(regions.get(j))).as("%s overlaps %s", regions.get(i), regions.get(j)).isFalse();
            }
        }
        factory().verify(alloc, regions);
    }

    @Test
    void zeroLengthAllocationsAreEmptyFreeableAndResizable() throws IOException {
        RegionHandle a = alloc.alloc(0);
        assertThat(a.isEmpty()).isTrue();
        assertThat(a.read()).isEmpty();
        alloc.dealloc(a);
        RegionHandle b = alloc.alloc(0);
        RegionHandle grown = alloc.realloc(b, 40);
        assertThat(grown.read()).isEqualTo(new byte[40]);
        assertThat(b.isLive()).isFalse();
        verify(grown);
    }

    @Test
    void newBytesReadAsZeroEvenInReusedSpace() throws IOException {
        long[] sizes = {1, 7, 8, 9, 16, 31, 32, 33, 100, 255, 1000, 5000};
        List<RegionHandle> keep = new ArrayList<>();
        for (long size : sizes) {
            RegionHandle h = filled(size, (int) size);
            keep.add(alloc.alloc(8)); // keeps h off the tail, so its space is reused rather than discarded
            alloc.dealloc(h);
            RegionHandle again = alloc.alloc(size);
            assertThat(again.read()).as("fresh %d-byte region", size).isEqualTo(new byte[(int) size]);
            keep.add(again);
        }
        verify(keep.toArray(RegionHandle[]::new));
    }

    @Test
    void reallocKeepsThePrefixAndZeroFillsGrowth() throws IOException {
        RegionHandle a = filled(100, 1);
        RegionHandle after = factory().resizesAnywhere() ? filled(24, 2) : null;
        RegionHandle g = alloc.realloc(a, 300);
        byte[] bytes = g.read();
        assertThat(Arrays.copyOf(bytes, 100)).isEqualTo(pattern(100, 1));
        assertZero(bytes, 100, 300);
        RegionHandle s = alloc.realloc(g, 50);
        assertThat(s.read()).isEqualTo(Arrays.copyOf(pattern(100, 1), 50));
        RegionHandle again = alloc.realloc(s, 200);
        byte[] regrown = again.read();
        assertThat(Arrays.copyOf(regrown, 50)).isEqualTo(Arrays.copyOf(pattern(100, 1), 50));
        assertZero(regrown, 50, 200);
        if (after != null) {
            assertThat(after.read()).isEqualTo(pattern(24, 2));
            verify(again, after);
        } else {
            verify(again);
        }
    }

    @Test
    void aMiddleRegionGrowsAndShrinksWithoutHurtingItsNeighbours() throws IOException {
        Assumptions.assumeTrue(factory().resizesAnywhere());
        RegionHandle left = filled(64, 3);
        RegionHandle mid = filled(64, 4);
        RegionHandle right = filled(64, 5);
        RegionHandle big = alloc.realloc(mid, 4000);
        assertThat(Arrays.copyOf(big.read(), 64)).isEqualTo(pattern(64, 4));
        RegionHandle small = alloc.realloc(big, 10);
        assertThat(small.read()).isEqualTo(Arrays.copyOf(pattern(64, 4), 10));
        assertThat(left.read()).isEqualTo(pattern(64, 3));
        assertThat(right.read()).isEqualTo(pattern(64, 5));
        verify(left, small, right);
    }

    @Test
    void theLastRegionGrowsInPlaceAndGivesItsSpaceBackWhenFreed() throws IOException {
        RegionHandle keep = filled(100, 15);
        long before = stack.len();
        RegionHandle last = filled(5000, 16);
        RegionHandle grown = alloc.realloc(last, 9000);
        assertThat(grown.offset()).as("the tail region grows where it is").isEqualTo(last.offset());
        assertThat(Arrays.copyOf(grown.read(), 5000)).isEqualTo(pattern(5000, 16));
        alloc.dealloc(grown);
        assertThat(stack.len()).as("freeing the last region shrinks the stack").isEqualTo(before);
        assertThat(keep.read()).isEqualTo(pattern(100, 15));
        verify(keep);
    }

    @Test
    void freedSpaceIsReused() throws IOException {
        Assumptions.assumeTrue(factory().reusesSpace());
        long len = factory().reusableLength();
        List<RegionHandle> hs = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            hs.add(filled(len, i));
        }
        RegionHandle tail = filled(16, 99);
        long before = stack.len();
        for (RegionHandle h : hs) {
            alloc.dealloc(h);
        }
        List<RegionHandle> again = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            again.add(alloc.alloc(len));
        }
        assertThat(stack.len()).as("the stack did not grow to hold what was freed").isEqualTo(before);
        again.add(tail);
        verify(again.toArray(RegionHandle[]::new));
    }

    @Test
    void bulkCallsAreAllOrNothing() throws IOException {
        Assumptions.assumeTrue(alloc instanceof BStackBulkAllocator);
        BStackBulkAllocator bulk = (BStackBulkAllocator) alloc;
        List<RegionHandle> hs = bulk.allocBulk(new long[] {0, 5, 100, 33, 1});
        assertThat(hs).extracting(RegionHandle::len).containsExactly(0L, 5L, 100L, 33L, 1L);
        for (int i = 0; i < hs.size(); i++) {
            assertThat(hs.get(i).read()).isEqualTo(new byte[(int) hs.get(i).len()]);
            hs.get(i).write(0, pattern(hs.get(i).len(), i));
        }
        verify(hs.toArray(RegionHandle[]::new));
        RegionHandle foreign = another().alloc(8);
        List<RegionHandle> mixed = new ArrayList<>(hs);
        mixed.add(foreign);
        BStackBulkAllocException e = catchThrowableOfType(BStackBulkAllocException.class, () -> bulk.deallocBulk(mixed));
        assertThat(e).isNotNull();
        assertThat(e.notFreed()).containsExactlyElementsOf(mixed);
        for (int i = 0; i < hs.size(); i++) {
            assertThat(hs.get(i).isLive()).isTrue();
            assertThat(hs.get(i).read()).isEqualTo(pattern(hs.get(i).len(), i));
        }
        assertThat(foreign.isLive()).isTrue();
        bulk.deallocBulk(hs);
        assertThat(hs).noneMatch(RegionHandle::isLive);
        verify();
    }

    @Test
    void aForeignHandleIsRefusedAndHandedBackIntact() throws IOException {
        RegionHandle mine = filled(48, 6);
        BStackAllocator other = another();
        RegionHandle theirs = other.alloc(48);
        theirs.write(0, pattern(48, 7));
        BStackAllocException free = catchThrowableOfType(BStackAllocException.class, () -> alloc.dealloc(theirs));
        assertThat(free).isNotNull();
        assertThat(free.handle()).containsSame(theirs);
        assertThat(free.outcome()).isEqualTo(BStackAllocException.Outcome.UNTOUCHED);
        BStackAllocException resize = catchThrowableOfType(BStackAllocException.class, () -> alloc.realloc(theirs, 10));
        assertThat(resize).isNotNull();
        assertThat(resize.handle()).containsSame(theirs);
        assertThat(theirs.isLive()).isTrue();
        assertThat(theirs.read()).isEqualTo(pattern(48, 7));
        other.dealloc(theirs);
        assertThat(mine.read()).isEqualTo(pattern(48, 6));
        verify(mine);
    }

    @Test
    void aConsumedHandleCannotBeUsedAgain() throws IOException {
        RegionHandle h = filled(20, 8);
        RegionHandle moved = alloc.realloc(h, 20);
        assertThat(h.isLive()).isFalse();
        assertThatThrownBy(() -> alloc.dealloc(h)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> alloc.realloc(h, 5)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(h::read).isInstanceOf(IllegalStateException.class);
        alloc.dealloc(moved);
        assertThatThrownBy(() -> alloc.dealloc(moved)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> moved.slice()).isInstanceOf(IllegalStateException.class);
        verify();
    }

    @Test
    void negativeLengthsAreRefusedAndTheHandleSurvives() throws IOException {
        assertThatThrownBy(() -> alloc.alloc(-1)).isInstanceOf(BStackInvalidInputException.class);
        RegionHandle h = filled(30, 9);
        BStackAllocException e = catchThrowableOfType(BStackAllocException.class, () -> alloc.realloc(h, -5));
        assertThat(e).isNotNull();
        assertThat(e.getCause()).isInstanceOf(BStackInvalidInputException.class);
        assertThat(e.handle()).containsSame(h);
        assertThat(h.isLive()).isTrue();
        assertThat(h.read()).isEqualTo(pattern(30, 9));
        verify(h);
    }

    /** Detection may be a refusal by {@code reclaim} (a typed error, or the debug wrapper's misuse error) or by {@code dealloc}. */
    @Test
    void aSecondFreeOfTheSameRegionIsDetected() throws IOException {
        Assumptions.assumeTrue(factory().detectsDoubleFree());
        RegionHandle h = filled(40, 10);
        RegionHandle keeper = filled(40, 11);
        Region r = h.region();
        alloc.dealloc(h);
        boolean detected;
        try {
            RegionHandle forged = alloc.reclaim(r);
            BStackAllocException e = catchThrowableOfType(BStackAllocException.class, () -> alloc.dealloc(forged));
            detected = e != null;
        } catch (BStackException | IllegalStateException refusedByReclaim) {
            detected = true;
        }
        assertThat(detected).as("double free of %s detected", r).isTrue();
        assertThat(keeper.read()).isEqualTo(pattern(40, 11));
        verify(keeper);
    }

    @Test
    void reclaimRefusesWhatIsNotALiveAllocation() throws IOException {
        Assumptions.assumeTrue(factory().reclaimVerifies());
        RegionHandle h = filled(64, 12);
        filled(64, 13);
        assertThatThrownBy(() -> alloc.reclaim(new Region(h.offset() + 8, 16)))
                .isInstanceOfAny(BStackException.class, IllegalStateException.class);
        assertThatThrownBy(() -> alloc.reclaim(new Region(stack.len() + 64, 16)))
                .isInstanceOfAny(BStackException.class, IllegalStateException.class);
    }

    @Test
    void regionsSurviveAReopenAndAreReclaimed() throws IOException {
        List<Region> regions = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            regions.add(filled(10 + 37L * i, i).region());
        }
        reopen();
        List<RegionHandle> back = new ArrayList<>();
        for (int i = 0; i < regions.size(); i++) {
            RegionHandle h = alloc.reclaim(regions.get(i));
            assertThat(h.read()).isEqualTo(pattern(regions.get(i).len(), i));
            back.add(h);
        }
        verify(back.toArray(RegionHandle[]::new));
        for (RegionHandle h : back) {
            alloc.dealloc(h);
        }
        verify();
    }

    @Test
    void closingInvalidatesEveryHandle() throws IOException {
        RegionHandle h = filled(10, 14);
        ByteStack inner = alloc.intoStack();
        assertThat(h.isLive()).isFalse();
        assertThatThrownBy(h::read).isInstanceOf(IllegalStateException.class);
        assertThat(inner.len()).isPositive();
        alloc = factory().open(inner);
    }

    @Test
    void concurrentCallersNeverShareBytes() throws Exception {
        int threads = 4;
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
        try {
            List<java.util.concurrent.Future<List<RegionHandle>>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int id = t;
                results.add(pool.submit(() -> {
                    Random r = new Random(id);
                    List<RegionHandle> mine = new ArrayList<>();
                    List<Integer> seeds = new ArrayList<>();
                    for (int i = 0; i < 150; i++) {
                        if (mine.isEmpty() || r.nextInt(3) > 0) {
                            int seed = id * 100_000 + i;
                            RegionHandle h = alloc.alloc(1 + r.nextInt(300));
                            h.write(0, pattern(h.len(), seed));
                            mine.add(h);
                            seeds.add(seed);
                        } else {
                            int k = r.nextInt(mine.size());
                            assertThat(mine.get(k).read()).as("thread %d region %s", id, mine.get(k).region())
                                    .isEqualTo(pattern(mine.get(k).len(), seeds.get(k)));
                            alloc.dealloc(mine.remove(k));
                            seeds.remove(k);
                        }
                    }
                    for (int k = 0; k < mine.size(); k++) {
                        assertThat(mine.get(k).read()).isEqualTo(pattern(mine.get(k).len(), seeds.get(k)));
                    }
                    return mine;
                }));
            }
            List<RegionHandle> all = new ArrayList<>();
            for (java.util.concurrent.Future<List<RegionHandle>> f : results) {
                all.addAll(f.get());
            }
            verify(all.toArray(RegionHandle[]::new));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void randomUseKeepsRegionsDisjointAndIntact() throws IOException {
        long seed = new Random().nextLong();
        Random r = new Random(seed);
        List<RegionHandle> live = new ArrayList<>();
        List<Integer> seeds = new ArrayList<>();
        for (int step = 0; step < 400; step++) {
            int op = r.nextInt(10);
            if (op < 5 || live.isEmpty()) {
                int s = r.nextInt();
                live.add(filled(r.nextInt(600), s));
                seeds.add(s);
            } else if (op < 7 && (factory().resizesAnywhere() || live.get(live.size() - 1).end() == stack.len())) {
                int i = factory().resizesAnywhere() ? r.nextInt(live.size()) : live.size() - 1;
                RegionHandle old = live.get(i);
                long newLen = r.nextInt(600);
                RegionHandle now = alloc.realloc(old, newLen);
                byte[] bytes = now.read();
                int kept = (int) Math.min(old.len(), newLen);
                assertThat(Arrays.copyOf(bytes, kept)).as("seed %d step %d", seed, step)
                        .isEqualTo(Arrays.copyOf(pattern(old.len(), seeds.get(i)), kept));
                assertZero(bytes, kept, bytes.length);
                int s = r.nextInt();
                now.write(0, pattern(newLen, s));
                live.set(i, now);
                seeds.set(i, s);
            } else {
                int i = r.nextInt(live.size());
                alloc.dealloc(live.remove(i));
                seeds.remove(i);
            }
        }
        for (int i = 0; i < live.size(); i++) {
            assertThat(live.get(i).read()).as("seed %d region %d", seed, i).isEqualTo(pattern(live.get(i).len(), seeds.get(i)));
        }
        verify(live.toArray(RegionHandle[]::new));
    }
}
