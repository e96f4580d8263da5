package io.bstack.alloc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.bstack.alloc.GhostTreeFactory.FreeBlock;
import io.bstack.stack.ByteStack;
import io.bstack.stack.BStack;
import io.bstack.stack.BStackCorruptException;
import io.bstack.stack.BStackInvalidInputException;
import io.bstack.stack.BStackUnsupportedException;
import io.bstack.stack.FaultPolicy;
import io.bstack.stack.FileOp;
import io.bstack.stack.StackOptions;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What only the AVL best-fit allocator does: its exact bytes after scripted operations (expected
 * bytes derived by hand from the layout in {@link GhostTreeAllocator}'s Javadoc), open and the
 * crate's repair on damaged and torn files, every resize path, bulk and in-place calls, what
 * {@link GhostTreeAllocator#reclaim} can and cannot catch, and the shared fuzz suite.
 */
class GhostTreeAllocatorTest {
    private static final String MAGIC = "414c4754 00010400";

    @TempDir
    Path dir;

    private BStack stack() throws IOException {
        return BStack.open(dir.resolve("gt.bstack"), StackOptions.testing().withoutSync());
    }

    private GhostTreeAllocator open() throws IOException {
        return new GhostTreeAllocator(stack());
    }

    private GhostTreeAllocator reopen(GhostTreeAllocator a) throws IOException {
        a.close();
        return open();
    }

    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replaceAll("\\s", ""));
    }

    private static void assertBytes(BStackAllocator a, long at, String expected) throws IOException {
        byte[] want = hex(expected);
        assertThat(HexFormat.of().formatHex(a.stack().get(at, at + want.length)))
                .as("bytes at %d", at).isEqualTo(HexFormat.of().formatHex(want));
    }

    private static void assertZero(BStackAllocator a, long from, long to) throws IOException {
        assertThat(a.stack().get(from, to)).as("[%d, %d) is zero", from, to).isEqualTo(new byte[(int) (to - from)]);
    }

    private static byte[] pattern(long len, int seed) {
        return AllocatorContract.pattern(len, seed);
    }

    private static RegionHandle filled(BStackAllocator a, long len, int seed) throws IOException {
        RegionHandle h = a.alloc(len);
        h.write(0, pattern(len, seed));
        return h;
    }

    private static List<Region> regions(RegionHandle... hs) {
        return Arrays.stream(hs).map(RegionHandle::region).toList();
    }

    private static long u64(byte[] b) {
        return ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).getLong();
    }

    private static byte[] le(long v) {
        return ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(v).array();
    }

    // ------------------------------------------------------------------ layout and golden bytes

    @Test
    void aFreshStackGetsTheHeaderAndNothingElse() throws IOException {
        try (GhostTreeAllocator a = open()) {
            assertThat(a.len()).isEqualTo(48);
            assertBytes(a, 0, "00".repeat(32) + MAGIC + "0000000000000000");
        }
    }

    @Test
    void writingTheHeaderIsOneCall() throws IOException {
        for (int k = 0; ; k++) {
            Path file = dir.resolve("header-" + k + ".bstack");
            boolean[] fired = {false};
            int fail = k;
            BStack s = BStack.open(file, StackOptions.testing().withoutSync());
            s.faultPolicy((op, seq) -> seq == fail && (fired[0] = true));
            try {
                new GhostTreeAllocator(s);
            } catch (IOException expected) {
                // the one call failed: the stack rolled it back or forward
            }
            s.close();
            try (BStack again = BStack.open(file, StackOptions.testing().withoutSync())) {
                assertThat(again.len()).as("fault at call %d", k).isIn(0L, 48L);
                if (again.len() == 48) {
                    assertThat(again.get(32, 40)).isEqualTo(hex(MAGIC));
                }
            }
            if (!fired[0]) {
                break;
            }
        }
    }

    /**
     * a=alloc(100) [48,176) b=alloc(10) [176,208) c=alloc(64) [208,272) d=alloc(1) [272,304);
     * free a: root 48 = leaf (128). Free c: (64,208) &lt; (128,48) goes left; 48 becomes
     * balance −1, height 2, cached heights (1, 0). alloc(20) takes 32 bytes from the best fit
     * (64,208): it splits, the remainder (32,208) is linked back and the caller gets [240,272).
     * alloc(128) takes (128,48) whole: root becomes its left child 208, and its node is scrubbed.
     */
    @Test
    void goldenBytesOfFreesSplitsAndWholeBlockReuse() throws IOException {
        try (GhostTreeAllocator g = open()) {
            RegionHandle a = filled(g, 100, 1);
            RegionHandle b = filled(g, 10, 2);
            RegionHandle c = filled(g, 64, 3);
            RegionHandle d = filled(g, 1, 4);
            assertThat(List.of(a.offset(), b.offset(), c.offset(), d.offset())).containsExactly(48L, 176L, 208L, 272L);
            assertThat(g.len()).isEqualTo(304);
            g.dealloc(a);
            assertBytes(g, 40, "3000000000000000");
            assertBytes(g, 48, "8000000000000000 00 01 00 00 00000000 0000000000000000 0000000000000000");
            assertZero(g, 80, 176);
            g.dealloc(c);
            assertBytes(g, 40, "3000000000000000");
            assertBytes(g, 48, "8000000000000000 ff 02 01 00 00000000 d000000000000000 0000000000000000");
            assertBytes(g, 208, "4000000000000000 00 01 00 00 00000000 0000000000000000 0000000000000000");
            assertZero(g, 240, 272);

            RegionHandle e = g.alloc(20);
            assertThat(e.region()).isEqualTo(new Region(240, 20));
            assertBytes(g, 40, "3000000000000000");
            assertBytes(g, 48, "8000000000000000 ff 02 01 00 00000000 d000000000000000 0000000000000000");
            assertBytes(g, 208, "2000000000000000 00 01 00 00 00000000 0000000000000000 0000000000000000");

            RegionHandle f = g.alloc(128);
            assertThat(f.region()).isEqualTo(new Region(48, 128));
            assertBytes(g, 40, "d000000000000000");
            assertZero(g, 48, 176);
            assertBytes(g, 208, "2000000000000000 00 01 00 00 00000000 0000000000000000 0000000000000000");
            assertThat(g.len()).isEqualTo(304);
            GhostTreeFactory.checkNoLeak(g.stack(), regions(b, d, e, f));
        }
    }

    /**
     * Frees (32,48), (64,112), (96,208), pinned apart: the third insert makes 48 right-heavy by 2
     * with a right-leaning child, so 48 rotates left: 112 becomes the root with children 48 and
     * 208 (heights 1 and 1). A reopen rebuilds the same tree from the three blocks (middle key is
     * 112), so the bytes do not change.
     */
    @Test
    void goldenBytesOfASingleRotationSurviveTheRebuild() throws IOException {
        GhostTreeAllocator g = open();
        RegionHandle x1 = g.alloc(32);
        RegionHandle p1 = g.alloc(1);
        RegionHandle x2 = g.alloc(64);
        RegionHandle p2 = g.alloc(1);
        RegionHandle x3 = g.alloc(96);
        RegionHandle p3 = g.alloc(1);
        assertThat(List.of(x1.offset(), x2.offset(), x3.offset(), p3.offset())).containsExactly(48L, 112L, 208L, 304L);
        g.dealloc(x1);
        g.dealloc(x2);
        assertBytes(g, 48, "2000000000000000 01 02 00 01 00000000 0000000000000000 7000000000000000");
        g.dealloc(x3);
        String expected = "7000000000000000"
                + "2000000000000000 00 01 00 00 00000000 0000000000000000 0000000000000000";
        assertBytes(g, 40, expected);
        assertBytes(g, 112, "4000000000000000 00 02 01 01 00000000 3000000000000000 d000000000000000");
        assertBytes(g, 208, "6000000000000000 00 01 00 00 00000000 0000000000000000 0000000000000000");
        g = reopen(g);
        assertBytes(g, 40, expected);
        assertBytes(g, 112, "4000000000000000 00 02 01 01 00000000 3000000000000000 d000000000000000");
        assertBytes(g, 208, "6000000000000000 00 01 00 00 00000000 0000000000000000 0000000000000000");
        GhostTreeFactory.checkNoLeak(g.stack(), List.of(p1.region(), p2.region(), p3.region()));
        g.close();
    }

    /**
     * Frees (32,48), (96,112), (64,240): the third goes left of 112, making 48 right-heavy by 2
     * with a left-leaning right child: 112 rotates right (240 above it), then 48 rotates left.
     * Root 240 (64 bytes) with children 48 and 112.
     */
    @Test
    void goldenBytesOfADoubleRotation() throws IOException {
        try (GhostTreeAllocator g = open()) {
            RegionHandle x1 = g.alloc(32);
            RegionHandle p1 = g.alloc(1);
            RegionHandle x2 = g.alloc(96);
            RegionHandle p2 = g.alloc(1);
            RegionHandle x3 = g.alloc(64);
            RegionHandle p3 = g.alloc(1);
            assertThat(List.of(x2.offset(), x3.offset(), p3.offset())).containsExactly(112L, 240L, 304L);
            g.dealloc(x1);
            g.dealloc(x2);
            g.dealloc(x3);
            assertBytes(g, 40, "f000000000000000"
                    + "2000000000000000 00 01 00 00 00000000 0000000000000000 0000000000000000");
            assertBytes(g, 112, "6000000000000000 00 01 00 00 00000000 0000000000000000 0000000000000000");
            assertBytes(g, 240, "4000000000000000 00 02 01 01 00000000 3000000000000000 7000000000000000");
            GhostTreeFactory.checkNoLeak(g.stack(), regions(p1, p2, p3));
        }
    }

    /**
     * Frees (32,48), (32,80), (64,112), adjacent: during the session they stay three nodes (48
     * rotates under 80). A reopen merges them into one 128-byte block at 48, zeroing the two
     * absorbed nodes; the root points at it.
     */
    @Test
    void goldenBytesAfterTheOpenTimeCoalesce() throws IOException {
        GhostTreeAllocator g = open();
        RegionHandle a = g.alloc(32);
        RegionHandle b = g.alloc(32);
        RegionHandle c = g.alloc(64);
        RegionHandle pin = filled(g, 1, 9);
        g.dealloc(a);
        g.dealloc(b);
        g.dealloc(c);
        assertBytes(g, 40, "5000000000000000"
                + "2000000000000000 00 01 00 00 00000000 0000000000000000 0000000000000000"
                + "2000000000000000 00 02 01 01 00000000 3000000000000000 7000000000000000"
                + "4000000000000000 00 01 00 00 00000000 0000000000000000 0000000000000000");
        g = reopen(g);
        assertBytes(g, 40, "3000000000000000"
                + "8000000000000000 00 01 00 00 00000000 0000000000000000 0000000000000000");
        assertZero(g, 80, 176);
        RegionHandle whole = g.alloc(128);
        assertThat(whole.region()).isEqualTo(new Region(48, 128));
        assertThat(whole.read()).isEqualTo(new byte[128]);
        assertBytes(g, 40, "0000000000000000");
        GhostTreeFactory.checkNoLeak(g.stack(), List.of(whole.region(), pin.region()));
        g.close();
    }

    // ------------------------------------------------------------------ open: refusals and repair

    @Test
    void openRefusesADamagedOrForeignMagicAndAShortHeader() throws IOException {
        open().intoStack().close();
        try (BStack s = stack()) {
            s.set(33, new byte[] {'X'});
            assertThatThrownBy(() -> new GhostTreeAllocator(s)).isInstanceOf(BStackCorruptException.class)
                    .hasMessageContaining("magic");
            s.set(32, hex("414c4754 0002 0000"));
            assertThatThrownBy(() -> new GhostTreeAllocator(s)).isInstanceOf(BStackCorruptException.class);
            s.set(32, hex("414c4754 0001 0300")); // a crate 0.4.2 file (format 0.1.3) opens
            assertThat(new GhostTreeAllocator(s).len()).isEqualTo(48);
        }
        try (BStack s = BStack.open(dir.resolve("short.bstack"), StackOptions.testing().withoutSync())) {
            s.push(new byte[20]);
            assertThatThrownBy(() -> new GhostTreeAllocator(s)).isInstanceOf(BStackCorruptException.class)
                    .hasMessageContaining("too small");
        }
    }

    @Test
    void openPadsAMisalignedTailWithZeros() throws IOException {
        GhostTreeAllocator g = open();
        RegionHandle a = filled(g, 40, 1);
        ByteStack s = g.intoStack();
        s.push(new byte[] {1, 2, 3});
        g = new GhostTreeAllocator(s);
        assertThat(g.len()).isEqualTo(48 + 64 + 32);
        RegionHandle back = g.reclaim(a.region());
        assertThat(back.read()).isEqualTo(pattern(40, 1));
        g.close();
    }

    @Test
    void staleChildHeightCachesAreRebuiltOnOpen() throws IOException {
        GhostTreeAllocator g = open();
        List<RegionHandle> pins = new ArrayList<>();
        List<RegionHandle> frees = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            frees.add(g.alloc(32L * i));
            pins.add(filled(g, 8, i));
        }
        List<Long> freed = new ArrayList<>();
        for (RegionHandle f : frees) {
            freed.add(f.offset());
            g.dealloc(f);
        }
        ByteStack s = g.intoStack();
        for (long n : freed) {
            s.set(n + 10, new byte[] {(byte) 0xFF, (byte) 0xFF}); // garbage in place of a cache (or a pre-0.4.2 file's zeros)
        }
        g = new GhostTreeAllocator(s);
        GhostTreeFactory.checkNoLeak(g.stack(), pins.stream().map(RegionHandle::region).toList());
        assertThat(g.alloc(96).offset()).isEqualTo(freed.get(2));
        g.close();
    }

    /** Writes a node by hand, as a torn crate write may leave it. */
    private static void node(ByteStack s, long ptr, long size, long left, long right) throws IOException {
        byte[] n = new byte[32];
        System.arraycopy(le(size), 0, n, 0, 8);
        n[9] = 1;
        System.arraycopy(le(left), 0, n, 16, 8);
        System.arraycopy(le(right), 0, n, 24, 8);
        s.set(ptr, n);
    }

    /** Live [48,80) X, free-to-be [80,144) A, live [144,176) Y, free-to-be [176,208) B, live tail [208,240) Z. */
    private record Torn(ByteStack stack, List<RegionHandle> live) {}

    private Torn tornBase() throws IOException {
        GhostTreeAllocator g = open();
        RegionHandle x = filled(g, 32, 1);
        RegionHandle a = g.alloc(64);
        RegionHandle y = filled(g, 32, 2);
        RegionHandle b = g.alloc(32);
        RegionHandle z = filled(g, 32, 3);
        assertThat(List.of(a.offset(), b.offset(), z.offset())).containsExactly(80L, 176L, 208L);
        return new Torn(g.intoStack(), List.of(x, y, z));
    }

    private void assertLiveIntact(GhostTreeAllocator g, List<RegionHandle> live) throws IOException {
        for (int i = 0; i < live.size(); i++) {
            assertThat(g.reclaim(live.get(i).region()).read()).isEqualTo(pattern(32, i + 1));
        }
    }

    @Test
    void aNodeReachableFromTwoParentsIsRepairedOnce() throws IOException {
        Torn t = tornBase();
        node(t.stack(), 80, 64, 176, 176); // a torn rotation left B under both links of A
        node(t.stack(), 176, 32, 0, 0);
        t.stack().set(40, le(80));
        GhostTreeAllocator g = new GhostTreeAllocator(t.stack());
        assertThat(GhostTreeFactory.checkNoLeak(g.stack(), t.live().stream().map(RegionHandle::region).toList()))
                .containsExactly(new FreeBlock(80, 64), new FreeBlock(176, 32));
        assertLiveIntact(g, t.live());
        assertThat(g.alloc(64).offset()).isEqualTo(80);
        assertThat(g.alloc(32).offset()).isEqualTo(176);
        g.close();
    }

    @Test
    void aCycleThroughLeftLinksIsCorruption() throws IOException {
        Torn t = tornBase();
        node(t.stack(), 80, 64, 80, 0);
        t.stack().set(40, le(80));
        assertThatThrownBy(() -> new GhostTreeAllocator(t.stack())).isInstanceOf(BStackCorruptException.class)
                .hasMessageContaining("deeper than 128");
        t.stack().close();
    }

    @Test
    void aCycleThroughRightLinksIsCorruptionNotAHang() throws IOException {
        Torn t = tornBase();
        node(t.stack(), 80, 64, 0, 176);
        node(t.stack(), 176, 32, 0, 80);
        t.stack().set(40, le(80));
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> assertThatThrownBy(() -> new GhostTreeAllocator(t.stack()))
                .isInstanceOf(BStackCorruptException.class).hasMessageContaining("cycle"));
        t.stack().close();
    }

    @Test
    void nodesOutsideTheArenaOrOverlappingAreCorruption() throws IOException {
        Torn t = tornBase();
        ByteStack s = t.stack();
        s.set(40, le(1_000_016));
        assertThatThrownBy(() -> new GhostTreeAllocator(s)).isInstanceOf(BStackCorruptException.class);
        s.set(40, le(81));
        assertThatThrownBy(() -> new GhostTreeAllocator(s)).isInstanceOf(BStackCorruptException.class);
        node(s, 80, 1 << 20, 0, 0);
        s.set(40, le(80));
        assertThatThrownBy(() -> new GhostTreeAllocator(s)).isInstanceOf(BStackCorruptException.class)
                .hasMessageContaining("size");
        node(s, 80, 64, 0, 112); // [80,144) and [112,144) overlap
        node(s, 112, 32, 0, 0);
        assertThatThrownBy(() -> new GhostTreeAllocator(s)).isInstanceOf(BStackCorruptException.class)
                .hasMessageContaining("overlap");
        s.close();
    }

    @Test
    void aDeallocCutBetweenItsZeroAndItsLinkLeaksOnlyThatBlock() throws IOException {
        Torn t = tornBase();
        node(t.stack(), 176, 32, 0, 0); // B was freed and linked
        t.stack().set(40, le(176));
        t.stack().zero(80, 64); // A was zeroed, then the process died before linking it
        GhostTreeAllocator g = new GhostTreeAllocator(t.stack());
        List<Region> live = t.live().stream().map(RegionHandle::region).toList();
        assertThat(GhostTreeFactory.check(g.stack(), live)).containsExactly(new FreeBlock(176, 32));
        assertThatThrownBy(() -> GhostTreeFactory.checkNoLeak(g.stack(), live)).isInstanceOf(AssertionError.class)
                .hasMessageContaining("no leak");
        assertLiveIntact(g, t.live());
        assertThat(g.alloc(64).offset()).as("the leaked block is not handed out").isEqualTo(240);
        g.close();
    }

    // ------------------------------------------------------------------ reclaim and double free

    @Test
    void reclaimRefusesWhatCannotBeABlockAndFreedSpaceUntilItIsReused() throws IOException {
        try (GhostTreeAllocator g = open()) {
            RegionHandle a = filled(g, 40, 1);
            RegionHandle keep = filled(g, 40, 2);
            Region r = a.region();
            assertThatThrownBy(() -> g.reclaim(new Region(r.offset() + 8, 16))).isInstanceOf(BStackInvalidInputException.class);
            assertThatThrownBy(() -> g.reclaim(new Region(16, 16))).isInstanceOf(BStackInvalidInputException.class);
            assertThatThrownBy(() -> g.reclaim(new Region(keep.offset(), 100))).isInstanceOf(BStackInvalidInputException.class)
                    .hasMessageContaining("beyond");
            assertThat(g.reclaim(new Region(999, 0)).isEmpty()).isTrue();
            g.dealloc(a);
            assertThatThrownBy(() -> g.reclaim(r)).as("a freed block").isInstanceOf(BStackInvalidInputException.class)
                    .hasMessageContaining("free block");
            Region tail = keep.region();
            g.dealloc(keep);
            assertThatThrownBy(() -> g.reclaim(tail)).as("a discarded tail block").isInstanceOf(BStackInvalidInputException.class);
            RegionHandle reuse = filled(g, 40, 3);
            assertThat(reuse.region()).isEqualTo(r);
            // the documented hole: once the space is reused, a stale region is indistinguishable from a live one
            assertThat(g.reclaim(r).read()).isEqualTo(pattern(40, 3));
        }
    }

    // ------------------------------------------------------------------ alloc and best fit

    @Test
    void bestFitTakesTheSmallestBlockThatFitsAndLengthsAreChecked() throws IOException {
        try (GhostTreeAllocator g = open()) {
            RegionHandle big = g.alloc(128);
            g.alloc(1);
            RegionHandle small = g.alloc(64);
            g.alloc(1);
            RegionHandle mid = g.alloc(96);
            g.alloc(1);
            g.dealloc(big);
            g.dealloc(small);
            g.dealloc(mid);
            assertThat(g.alloc(50).offset()).isEqualTo(small.offset());
            assertThat(g.alloc(65).offset()).isEqualTo(mid.offset());
            assertThatThrownBy(() -> g.alloc(-1)).isInstanceOf(BStackInvalidInputException.class);
            assertThatThrownBy(() -> g.alloc(GhostTreeAllocator.MAX_LEN + 1)).isInstanceOf(BStackInvalidInputException.class);
            assertThatThrownBy(() -> g.allocBulk(new long[] {GhostTreeAllocator.MAX_LEN, 32}))
                    .isInstanceOf(BStackInvalidInputException.class);
        }
    }

    @Test
    void allocUninitLeavesTheStaleNodeOnlyBelowTheHandlesLength() throws IOException {
        try (GhostTreeAllocator g = open()) {
            RegionHandle a = g.alloc(64);
            g.alloc(64);
            g.dealloc(a);
            RegionHandle b = g.allocUninit(64);
            assertThat(b.offset()).isEqualTo(a.offset());
            assertThat(Arrays.copyOf(b.read(), 32)).as("the node survives: nothing was scrubbed").isNotEqualTo(new byte[32]);
            g.dealloc(b);
            RegionHandle c = g.allocUninit(8);
            assertThat(c.offset()).isEqualTo(a.offset() + 32); // split: the tail half is zero anyway
            g.dealloc(c);
            RegionHandle whole = g.allocUninit(20); // the 32-byte block (32,48), taken whole
            assertThat(whole.offset()).isEqualTo(a.offset());
            assertThat(whole.read()).as("its stale node").isNotEqualTo(new byte[20]);
            RegionHandle grown = g.realloc(whole, 32);
            assertThat(Arrays.copyOfRange(grown.read(), 20, 32)).as("bytes past an uninit handle read zero")
                    .isEqualTo(new byte[12]);
            RegionHandle moved = g.reallocUninit(filled(g, 10, 5), 200);
            assertThat(Arrays.copyOf(moved.read(), 10)).isEqualTo(pattern(10, 5));
        }
    }

    // ------------------------------------------------------------------ realloc paths

    @Test
    void reallocWithinTheSameBlockKeepsItsPlaceAndZeroesWhatItDrops() throws IOException {
        try (GhostTreeAllocator g = open()) {
            RegionHandle a = filled(g, 40, 1);
            g.alloc(1);
            RegionHandle shrunk = g.realloc(a, 33);
            assertThat(shrunk.region()).isEqualTo(new Region(48, 33));
            RegionHandle grown = g.realloc(shrunk, 64);
            assertThat(grown.offset()).isEqualTo(48);
            assertThat(Arrays.copyOf(grown.read(), 33)).isEqualTo(Arrays.copyOf(pattern(40, 1), 33));
            assertZero(g, 48 + 33, 48 + 64);
        }
    }

    @Test
    void reallocAtTheTailGrowsAndShrinksTheStackInPlace() throws IOException {
        try (GhostTreeAllocator g = open()) {
            g.alloc(1);
            RegionHandle t = filled(g, 50, 2);
            RegionHandle grown = g.realloc(t, 300);
            assertThat(grown.offset()).isEqualTo(80);
            assertThat(g.len()).isEqualTo(80 + 320);
            assertThat(Arrays.copyOf(grown.read(), 50)).isEqualTo(pattern(50, 2));
            assertZero(g, 80 + 50, 80 + 320);
            grown.write(0, pattern(300, 3));
            RegionHandle shrunk = g.realloc(grown, 70);
            assertThat(shrunk.region()).isEqualTo(new Region(80, 70));
            assertThat(g.len()).as("cut to the 96-byte block").isEqualTo(80 + 96);
            assertThat(shrunk.read()).isEqualTo(Arrays.copyOf(pattern(300, 3), 70));
            assertZero(g, 80 + 70, 80 + 96);
        }
    }

    @Test
    void reallocShrinkOfAnInnerBlockFreesTheExcess() throws IOException {
        try (GhostTreeAllocator g = open()) {
            RegionHandle a = filled(g, 200, 1);
            RegionHandle pin = filled(g, 8, 2);
            RegionHandle s = g.realloc(a, 20);
            assertThat(s.region()).isEqualTo(new Region(48, 20));
            assertThat(s.read()).isEqualTo(Arrays.copyOf(pattern(200, 1), 20));
            assertZero(g, 68, 80);
            assertZero(g, 80 + 32, 48 + 224);
            assertThat(GhostTreeFactory.checkNoLeak(g.stack(), regions(s, pin))).containsExactly(new FreeBlock(80, 192));
            assertThat(g.alloc(150).offset()).isEqualTo(80 + 32);
        }
    }

    @Test
    void reallocGrowOfAnInnerBlockMovesItAndFreesTheOld() throws IOException {
        try (GhostTreeAllocator g = open()) {
            RegionHandle a = filled(g, 60, 1);
            RegionHandle pin = filled(g, 8, 2);
            RegionHandle m = g.realloc(a, 100);
            assertThat(m.offset()).isEqualTo(144);
            byte[] bytes = m.read();
            assertThat(Arrays.copyOf(bytes, 60)).isEqualTo(pattern(60, 1));
            assertThat(Arrays.copyOfRange(bytes, 60, 100)).isEqualTo(new byte[40]);
            assertThat(GhostTreeFactory.checkNoLeak(g.stack(), regions(m, pin))).containsExactly(new FreeBlock(48, 64));
            assertThat(a.isLive()).isFalse();
            RegionHandle none = g.realloc(m, 0);
            assertThat(none.isEmpty()).isTrue();
            assertThat(g.len()).as("the moved block was the tail: discarded").isEqualTo(144);
            BStackAllocException huge = catchThrowableOfType(BStackAllocException.class,
                    () -> g.realloc(pin, GhostTreeAllocator.MAX_LEN + 1));
            assertThat(huge.outcome()).isEqualTo(BStackAllocException.Outcome.UNTOUCHED);
            assertThat(huge.getCause()).isInstanceOf(BStackInvalidInputException.class);
        }
    }

    // ------------------------------------------------------------------ in place

    @Test
    void inPlaceShrinkTrimsEitherEdgeAndFreesBothResidues() throws IOException {
        try (GhostTreeAllocator g = open()) {
            byte[] p = pattern(100, 7);
            RegionHandle h = g.alloc(100);
            h.write(0, p);
            RegionHandle pin = g.alloc(1);
            RegionHandle r = g.reallocInPlace(h, -32, -10);
            assertThat(r.region()).isEqualTo(new Region(80, 58));
            assertThat(r.read()).isEqualTo(Arrays.copyOfRange(p, 32, 90));
            assertZero(g, 80 + 58, 144);
            assertThat(GhostTreeFactory.checkNoLeak(g.stack(), regions(r, pin)))
                    .containsExactly(new FreeBlock(48, 32), new FreeBlock(144, 32));
            RegionHandle back = g.reallocInPlace(r, 0, -50);
            assertThat(back.region()).isEqualTo(new Region(80, 8));
            RegionHandle same = g.reallocInPlace(back, 0, 0);
            assertThat(same.region()).isEqualTo(new Region(80, 8));
            assertThat(g.reallocInPlace(same, -0, -8).isEmpty()).isTrue();
        }
    }

    /** The crate leaves the kept block's padding stale, so a later same-block grow showed old bytes. */
    @Test
    void inPlaceShrinkZeroesTheKeptBlocksPadding() throws IOException {
        try (GhostTreeAllocator g = open()) {
            RegionHandle h = filled(g, 100, 8);
            g.alloc(1);
            RegionHandle r = g.reallocInPlace(h, 0, -40);
            assertThat(r.region()).isEqualTo(new Region(48, 60));
            RegionHandle grown = g.realloc(r, 64);
            assertThat(grown.offset()).isEqualTo(48);
            assertThat(Arrays.copyOfRange(grown.read(), 60, 64)).isEqualTo(new byte[4]);
        }
    }

    @Test
    void inPlaceRefusesGrowthMisalignedTrimsEmptyHandlesAndNegativeLengths() throws IOException {
        try (GhostTreeAllocator g = open()) {
            long[][] unsupported = {{-16, 0}, {-48, 0}, {0, 8}, {32, 0}, {-32, 8}};
            for (long[] pa : unsupported) {
                RegionHandle h = filled(g, 100, 9);
                BStackAllocException e = catchThrowableOfType(BStackAllocException.class,
                        () -> g.reallocInPlace(h, pa[0], pa[1]));
                assertThat(e.getCause()).as("%s", Arrays.toString(pa)).isInstanceOf(BStackUnsupportedException.class);
                assertThat(e.handle()).containsSame(h);
                assertThat(h.read()).isEqualTo(pattern(100, 9));
            }
            RegionHandle empty = g.alloc(0);
            assertThat(catchThrowableOfType(BStackAllocException.class, () -> g.reallocInPlace(empty, 0, 0)).getCause())
                    .isInstanceOf(BStackUnsupportedException.class);
            RegionHandle h = filled(g, 10, 1);
            BStackAllocException neg = catchThrowableOfType(BStackAllocException.class, () -> g.reallocInPlace(h, -32, 0));
            assertThat(neg.getCause()).isInstanceOf(BStackInvalidInputException.class);
            assertThat(neg.handle()).containsSame(h);
        }
    }

    // ------------------------------------------------------------------ bulk

    @Test
    void bulkAllocIsOneRoundedBlockAndBulkFreeMergesRuns() throws IOException {
        try (GhostTreeAllocator g = open()) {
            RegionHandle hole = g.alloc(200);
            RegionHandle pin = g.alloc(1);
            g.dealloc(hole);
            List<RegionHandle> hs = g.allocBulk(new long[] {10, 0, 40, 32});
            assertThat(hs).extracting(RegionHandle::region).containsExactly(new Region(144, 10), new Region(0, 0),
                    new Region(176, 40), new Region(240, 32));
            GhostTreeFactory.checkNoLeak(g.stack(), List.of(hs.get(0).region(), hs.get(2).region(), hs.get(3).region(),
                    pin.region()));
            g.deallocBulk(hs);
            assertThat(GhostTreeFactory.checkNoLeak(g.stack(), List.of(pin.region())))
                    .containsExactly(new FreeBlock(48, 96), new FreeBlock(144, 128));
            List<RegionHandle> tail = g.allocBulk(new long[] {500, 1});
            long before = tail.get(0).offset();
            g.deallocBulk(tail);
            assertThat(g.len()).as("a run at the tail is discarded").isEqualTo(before);
            assertThat(g.allocBulk(new long[0])).isEmpty();
        }
    }

    @Test
    void bulkFreeRefusesTwoHandlesForOneBlockAndRestoresEverything() throws IOException {
        try (GhostTreeAllocator g = open()) {
            RegionHandle a = filled(g, 40, 1);
            RegionHandle twin = g.reclaim(a.region());
            RegionHandle b = filled(g, 40, 2);
            BStackBulkAllocException e = catchThrowableOfType(BStackBulkAllocException.class,
                    () -> g.deallocBulk(List.of(b, a, twin)));
            assertThat(e.getCause()).isInstanceOf(BStackInvalidInputException.class);
            assertThat(e.notFreed()).containsExactly(b, a, twin);
            assertThat(List.of(a, b, twin)).allMatch(RegionHandle::isLive);
            BStackBulkAllocException twice = catchThrowableOfType(BStackBulkAllocException.class,
                    () -> g.deallocBulk(List.of(b, b)));
            assertThat(twice.getCause()).isInstanceOf(IllegalStateException.class);
            assertThat(b.isLive()).as("a handle listed twice is handed back live").isTrue();
            g.dealloc(twin);
            assertThat(catchThrowableOfType(BStackBulkAllocException.class, () -> g.deallocBulk(List.of(b, twin)))
                    .notFreed()).containsExactly(b, twin);
            assertThat(b.isLive()).as("handles taken before the consumed one are given back").isTrue();
            assertThat(b.read()).isEqualTo(pattern(40, 2));
        }
    }

    // ------------------------------------------------------------------ threads and the shared fuzz suite

    @Test
    void concurrentCallersNeverShareABlock() throws Exception {
        try (GhostTreeAllocator g = open()) {
            Set<Long> owned = ConcurrentHashMap.newKeySet();
            ExecutorService pool = Executors.newFixedThreadPool(4);
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int id = t;
                done.add(pool.submit(() -> {
                    for (int i = 0; i < 60; i++) {
                        RegionHandle h = g.alloc(1 + (i * 37 + id * 11) % 200);
                        assertThat(owned.add(h.offset())).as("block %d handed out twice", h.offset()).isTrue();
                        h.write(0, new byte[] {(byte) id});
                        // give the block up before realloc: a move frees it inside the call, and
                        // another thread may be handed it before this one returns
                        owned.remove(h.offset());
                        RegionHandle r = g.realloc(h, 1 + (i * 53 + id) % 300);
                        assertThat(owned.add(r.offset())).isTrue();
                        assertThat(r.read()[0]).isEqualTo((byte) id);
                        owned.remove(r.offset());
                        g.dealloc(r);
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
            pool.shutdown();
            GhostTreeFactory.checkNoLeak(g.stack(), List.of());
        }
    }

    @Test
    void sharedFuzzSuite() throws IOException {
        AllocatorFuzz.run(new GhostTreeFactory(), dir);
    }

    @Test
    void sharedFuzzSuiteWithFaults() throws IOException {
        AllocatorFuzz.withFaults(new GhostTreeFactory(), dir);
    }

    @Test
    void aFaultAtAnyCallOfOpenLeavesAFileThatOpensLater() throws IOException {
        GhostTreeAllocator g = open();
        List<RegionHandle> frees = new ArrayList<>();
        List<RegionHandle> pins = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            frees.add(g.alloc(32L * (i + 1)));
            pins.add(filled(g, 8, i));
        }
        for (RegionHandle f : frees) {
            g.dealloc(f);
        }
        List<Integer> seeds = new ArrayList<>();
        for (int i = 7; i >= 0; i--) {
            if (i % 2 == 1 && i < 7) {
                g.dealloc(pins.remove(i)); // a free pin touches free blocks on both sides: the repair merges them
            } else {
                seeds.add(0, i);
            }
        }
        g.intoStack().close();
        Path file = dir.resolve("gt.bstack");
        Path template = dir.resolve("template.bstack");
        Files.copy(file, template);
        boolean writeFailed = false;
        for (int k = 0; ; k++) {
            Files.copy(template, file, StandardCopyOption.REPLACE_EXISTING);
            int fail = k;
            FileOp[] fired = {null};
            BStack s = BStack.open(file, StackOptions.testing().withoutSync().withFaultPolicy((op, seq) -> {
                if (seq == fail) {
                    fired[0] = op;
                    return true;
                }
                return false;
            }));
            try {
                new GhostTreeAllocator(s).intoStack();
            } catch (IOException expected) {
                // the call failed: it landed or not; the next open repairs again
            }
            s.faultPolicy(FaultPolicy.none());
            s.close();
            GhostTreeAllocator again = open();
            GhostTreeFactory.checkNoLeak(again.stack(), pins.stream().map(RegionHandle::region).toList());
            for (int i = 0; i < pins.size(); i++) {
                assertThat(again.reclaim(pins.get(i).region()).read()).isEqualTo(pattern(8, seeds.get(i)));
            }
            again.close();
            writeFailed |= fired[0] == FileOp.WRITE;
            if (fired[0] == null) {
                break;
            }
        }
        assertThat(writeFailed).as("some fault hit the repair's write").isTrue();
    }
}
