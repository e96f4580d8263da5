package io.bstack.alloc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.bstack.stack.ByteStack;
import io.bstack.stack.BStack;
import io.bstack.stack.BStackCorruptException;
import io.bstack.stack.BStackInvalidInputException;
import io.bstack.stack.BStackUnsupportedException;
import io.bstack.stack.StackOptions;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What only the first-fit allocator does: its exact on-disk bytes, every realloc and in-place
 * path, double-free detection, open checks; plus the shared fuzz and SIGKILL suites.
 */
class FirstFitAllocatorTest {
    @TempDir
    Path dir;

    private Path file() {
        return dir.resolve("ff.bstack");
    }

    private FirstFitAllocator open() throws IOException {
        return openOn(file());
    }

    /** The allocator over a fast test stack; the stack is closed again if the allocator refuses it. */
    static FirstFitAllocator openOn(Path file) throws IOException {
        BStack stack = BStack.open(file, StackOptions.testing().withoutSync());
        try {
            return new FirstFitAllocator(stack);
        } catch (IOException | RuntimeException e) {
            stack.close();
            throw e;
        }
    }

    /** Hex bytes: {@code XX} or {@code XX*N} tokens, whitespace-separated, {@code #} comments to the end of a line. */
    static byte[] hex(String text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String line : text.split("\n")) {
            int hash = line.indexOf('#');
            for (String token : (hash >= 0 ? line.substring(0, hash) : line).trim().split("\\s+")) {
                if (token.isEmpty()) {
                    continue;
                }
                int star = token.indexOf('*');
                int value = HexFormat.fromHexDigits(star < 0 ? token : token.substring(0, star));
                int count = star < 0 ? 1 : Integer.parseInt(token.substring(star + 1));
                for (int i = 0; i < count; i++) {
                    out.write(value);
                }
            }
        }
        return out.toByteArray();
    }

    static byte[] fill(int len, int value) {
        byte[] b = new byte[len];
        Arrays.fill(b, (byte) value);
        return b;
    }

    static void verify(FirstFitAllocator a, RegionHandle... live) throws IOException {
        FirstFitFactory.check(a.stack(), Arrays.stream(live).map(RegionHandle::region).toList());
    }

    // ---------------------------------------------------------------- layout

    @Test
    void aNewArenaIsTheHeaderAlone() throws IOException {
        try (FirstFitAllocator a = open()) {
            assertThat(a.stack().get(0, a.len())).isEqualTo(hex("""
                    00*16                     # user-reserved
                    41 4C 46 46 00 01 03 00   # magic ALFF 0.1.3
                    00 00 00 00  00 00 00 00  # flags, reserved
                    00*8                      # free_head
                    00*8                      # reserved
                    """));
        }
    }

    /**
     * a(5) b(20) c(100) d(16) pushed at 48, 88, 136, 264; free c (mid), free a (prepended, links to
     * c); alloc 40 splits c from the back (free 40 left at 136, new block at 200); alloc 8 takes
     * a's 16-byte block whole, unlinking it and scrubbing its payload.
     */
    @Test
    void goldenBytesAfterFreeCoalesceSplitAndReuse() throws IOException {
        try (FirstFitAllocator a = open()) {
            RegionHandle ha = a.alloc(5);
            RegionHandle hb = a.alloc(20);
            RegionHandle hc = a.alloc(100);
            RegionHandle hd = a.alloc(16);
            assertThat(List.of(ha.offset(), hb.offset(), hc.offset(), hd.offset())).containsExactly(64L, 104L, 152L, 280L);
            ha.write(0, fill(5, 0xAA));
            hb.write(0, fill(20, 0xBB));
            hc.write(0, fill(100, 0xCC));
            a.dealloc(hc);
            a.dealloc(ha);
            RegionHandle he = a.alloc(40);
            RegionHandle hf = a.alloc(8);
            assertThat(he.region()).isEqualTo(new Region(216, 40));
            assertThat(hf.region()).isEqualTo(new Region(64, 8));
            assertThat(a.stack().get(0, a.len())).isEqualTo(hex("""
                    00*16  41 4C 46 46 00 01 03 00  00*8
                    98 00 00 00 00 00 00 00   # free_head = 152
                    00*8
                    # 48: f's block (a's old one, taken whole): size 16, allocated
                    10 00*7  00*8
                    00*16                     # 64: payload scrubbed by the fused image write
                    10 00*7                   # footer 16
                    # 88: b, size 24
                    18 00*7  00*8
                    BB*20 00*4
                    18 00*7
                    # 136: the free remainder of c, size 40, is_free
                    28 00*7  01 00 00 00  00 00 00 00
                    00*8 00*8                 # next_free 0, prev_free 0 (a was unlinked)
                    CC*24                     # c's old bytes, never scrubbed
                    28 00*7                   # footer 40 (the split's first write)
                    # 200: e, carved from the back of c: size 40, allocated
                    28 00*7  00*8
                    00*40
                    28 00*7                   # footer 40 over c's old footer 104
                    # 264: d, the tail block
                    10 00*7  00*8  00*16  10 00*7
                    """));
            verify(a, hb, hd, he, hf);
        }
    }

    @Test
    void freeingTheTailBlockCascadesOverFreeBlocksBeforeIt() throws IOException {
        try (FirstFitAllocator a = open()) {
            RegionHandle keep = a.alloc(16);
            RegionHandle x = a.alloc(16);
            RegionHandle y = a.alloc(32);
            RegionHandle tail = a.alloc(16);
            a.dealloc(x);
            a.dealloc(y); // coalesces with x into one free block before the tail
            FirstFitFactory.Arena arena = FirstFitFactory.check(a.stack(), List.of(keep.region(), tail.region()));
            assertThat(arena.free()).containsExactly(java.util.Map.entry(x.offset(), 16L + 24 + 32));
            a.dealloc(tail);
            assertThat(a.len()).as("tail and the free run before it are gone").isEqualTo(48 + 40);
            assertThat(a.stack().get(32, 40)).isEqualTo(new byte[8]);
            verify(a, keep);
        }
    }

    @Test
    void recoveryRelinksFreeBlocksInAddressOrder() throws IOException {
        long[] frees;
        try (FirstFitAllocator a = open()) {
            RegionHandle[] hs = new RegionHandle[6];
            for (int i = 0; i < hs.length; i++) {
                hs[i] = a.alloc(16);
            }
            a.dealloc(hs[3]);
            a.dealloc(hs[1]); // LIFO: free_head = hs[1] -> hs[3]
            assertThat(FirstFitLayout.readU64(a.stack(), 32)).isEqualTo(hs[1].offset());
            a.stack().set(24, new byte[] {1, 0, 0, 0}); // as if a crash left recovery_needed
            frees = new long[] {hs[1].offset(), hs[3].offset()};
        }
        try (FirstFitAllocator a = open()) {
            ByteStack s = a.stack();
            assertThat(s.get(24, 40)).isEqualTo(hex("00*8 " + le(frees[0])));
            assertThat(s.get(frees[0], frees[0] + 16)).isEqualTo(hex(le(frees[1]) + " 00*8"));
            assertThat(s.get(frees[1], frees[1] + 16)).isEqualTo(hex("00*8 " + le(frees[0])));
        }
    }

    static String le(long v) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            sb.append(String.format("%02X ", (v >>> (8 * i)) & 0xFF));
        }
        return sb.toString();
    }

    // ---------------------------------------------------------------- open

    @Test
    void aWrongMagicIsRefusedAndTheFileLeftAlone() throws IOException {
        try (FirstFitAllocator a = open()) {
            a.alloc(10);
        }
        byte[] before;
        try (BStack s = BStack.open(file(), StackOptions.testing().withoutSync())) {
            s.set(16, "ALGT".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            before = s.get(0, s.len());
            assertThatThrownBy(() -> new FirstFitAllocator(s)).isInstanceOf(BStackCorruptException.class).hasMessageContaining("magic");
            assertThat(s.get(0, s.len())).isEqualTo(before);
            s.set(16, hex("41 4C 46 46 00 02")); // ALFF 0.2: another major/minor
            assertThatThrownBy(() -> new FirstFitAllocator(s)).isInstanceOf(BStackCorruptException.class);
            s.set(16, hex("41 4C 46 46 00 01 07 00")); // ALFF 0.1.7: a later patch is compatible
            new FirstFitAllocator(s).intoStack();
        }
    }

    @Test
    void aStackTooShortForTheHeaderIsRefused() throws IOException {
        try (BStack s = BStack.open(file(), StackOptions.testing().withoutSync())) {
            s.push(new byte[47]);
            assertThatThrownBy(() -> new FirstFitAllocator(s)).isInstanceOf(BStackCorruptException.class);
            assertThat(s.len()).isEqualTo(47);
        }
    }

    // ---------------------------------------------------------------- double free / reclaim

    @Test
    void doubleFreesAreDetectedWhileTheEvidenceLasts() throws IOException {
        try (FirstFitAllocator a = open()) {
            RegionHandle h = a.alloc(40);
            h.write(0, fill(40, 7));
            RegionHandle twin = a.reclaim(h.region()); // a second handle for one block: misuse
            RegionHandle tail = a.alloc(16);
            a.dealloc(h);
            BStackAllocException e = catchThrowableOfType(BStackAllocException.class, () -> a.dealloc(twin));
            assertThat(e.getCause()).isInstanceOf(BStackInvalidInputException.class).hasMessageContaining("double free");
            assertThat(e.outcome()).isEqualTo(BStackAllocException.Outcome.UNTOUCHED);
            assertThat(e.handle()).containsSame(twin);
            BStackAllocException r = catchThrowableOfType(BStackAllocException.class, () -> a.realloc(twin, 400));
            assertThat(r.getCause()).isInstanceOf(BStackInvalidInputException.class);
            assertThatThrownBy(() -> a.reclaim(h.region())).isInstanceOf(BStackInvalidInputException.class);
            Region tailRegion = tail.region();
            a.dealloc(tail); // the tail block is discarded, and with it the free block before it
            assertThatThrownBy(() -> a.reclaim(tailRegion)).isInstanceOf(BStackInvalidInputException.class);
            assertThat(a.len()).isEqualTo(48);
        }
    }

    @Test
    void reclaimChecksTheBoundaryTags() throws IOException {
        try (FirstFitAllocator a = open()) {
            RegionHandle h = a.alloc(64);
            RegionHandle next = a.alloc(64);
            // a forged block: a header and footer planted inside h's payload
            h.write(0, hex("10 00*7 00*8 00*16 10 00*7"));
            assertThatThrownBy(() -> a.reclaim(new Region(h.offset() + 16, 16))).isInstanceOf(BStackInvalidInputException.class)
                    .hasMessageContaining("boundary");
            assertThatThrownBy(() -> a.reclaim(new Region(h.offset(), 65))).isInstanceOf(BStackInvalidInputException.class);
            assertThatThrownBy(() -> a.reclaim(new Region(h.offset() + 4, 8))).isInstanceOf(BStackInvalidInputException.class);
            assertThatThrownBy(() -> a.reclaim(new Region(8, 0))).isInstanceOf(BStackInvalidInputException.class);
            assertThat(a.reclaim(new Region(next.offset(), 60)).region()).isEqualTo(new Region(next.offset(), 60));
            assertThat(a.reclaim(Region.NULL).isEmpty()).isTrue();
        }
    }

    // ---------------------------------------------------------------- realloc paths

    @Test
    void reallocInsideTheBlockZeroesOnlyNewlyVisibleBytes() throws IOException {
        try (FirstFitAllocator a = open()) {
            RegionHandle h = a.alloc(24);
            RegionHandle tail = a.alloc(16);
            h.write(0, fill(24, 0x55));
            RegionHandle narrow = a.realloc(h, 17); // same 8-byte bucket (24): no write
            assertThat(narrow.offset()).isEqualTo(h.offset());
            assertThat(a.stack().get(narrow.offset() + 17, narrow.offset() + 24)).isEqualTo(fill(7, 0x55));
            RegionHandle wider = a.realloc(narrow, 20);
            assertThat(wider.read()).isEqualTo(Arrays.copyOf(fill(17, 0x55), 20));
            RegionHandle shrunk = a.realloc(wider, 8); // smaller bucket, not the tail: the block stays 24
            RegionHandle regrown = a.realloc(shrunk, 24);
            assertThat(regrown.offset()).isEqualTo(h.offset());
            assertThat(regrown.read()).isEqualTo(Arrays.copyOf(fill(8, 0x55), 24));
            RegionHandle uninit = a.reallocUninit(a.realloc(regrown, 8), 24);
            assertThat(Arrays.copyOf(uninit.read(), 8)).isEqualTo(fill(8, 0x55));
            verify(a, uninit, tail);
        }
    }

    @Test
    void theTailBlockGrowsInPlaceAndShrinksOnlyItsHandle() throws IOException {
        try (FirstFitAllocator a = open()) {
            RegionHandle h = a.alloc(30);
            h.write(0, fill(30, 0x11));
            RegionHandle g = a.realloc(h, 100);
            assertThat(g.offset()).isEqualTo(64);
            assertThat(a.len()).isEqualTo(64 + 104 + 8);
            assertThat(g.read()).isEqualTo(Arrays.copyOf(fill(30, 0x11), 100));
            RegionHandle s = a.realloc(g, 10);
            assertThat(a.len()).as("a tail shrink keeps the block (crate 0.4.1)").isEqualTo(64 + 104 + 8);
            assertThat(FirstFitLayout.readU64(a.stack(), 48)).isEqualTo(104);
            RegionHandle again = a.realloc(s, 104);
            assertThat(again.read()).isEqualTo(Arrays.copyOf(fill(10, 0x11), 104));
            verify(a, again);
            a.dealloc(again);
            assertThat(a.len()).isEqualTo(48);
        }
    }

    @Test
    void growthAbsorbsAFreeRightNeighbourAndSplitsTheRest() throws IOException {
        try (FirstFitAllocator a = open()) {
            RegionHandle h = a.alloc(16);
            RegionHandle n = a.alloc(200);
            RegionHandle tail = a.alloc(16);
            h.write(0, fill(16, 0x22));
            n.write(0, fill(200, 0x33));
            a.dealloc(n);
            RegionHandle g = a.realloc(h, 64); // merged 16+24+200 = 240 >= 64+40: split, remainder 152
            assertThat(g.offset()).isEqualTo(h.offset());
            assertThat(g.read()).isEqualTo(Arrays.copyOf(fill(16, 0x22), 64));
            FirstFitFactory.Arena arena = FirstFitFactory.check(a.stack(), List.of(g.region(), tail.region()));
            assertThat(arena.allocated()).containsEntry(g.offset(), 64L);
            assertThat(arena.free()).containsExactly(java.util.Map.entry(g.offset() + 64 + 24, 152L));
            RegionHandle whole = a.realloc(g, 240); // absorbs the remainder whole: no split
            assertThat(whole.offset()).isEqualTo(h.offset());
            assertThat(whole.read()).isEqualTo(Arrays.copyOf(fill(16, 0x22), 240));
            assertThat(FirstFitFactory.check(a.stack(), List.of(whole.region(), tail.region())).free()).isEmpty();
        }
    }

    @Test
    void aBlockThatCannotGrowMovesToAFreeBlockOrTheTail() throws IOException {
        try (FirstFitAllocator a = open()) {
            RegionHandle hole = a.alloc(300);
            RegionHandle h = a.alloc(50);
            RegionHandle tail = a.alloc(16);
            h.write(0, fill(50, 0x44));
            a.dealloc(hole);
            RegionHandle m = a.realloc(h, 120); // into the 304-byte hole, carved from its back
            assertThat(m.offset()).isEqualTo(64 + 304 - 120);
            assertThat(m.read()).isEqualTo(Arrays.copyOf(fill(50, 0x44), 120));
            RegionHandle p = a.realloc(m, 1000); // nothing fits: pushed at the tail, old block freed
            assertThat(p.offset()).isEqualTo(tail.end() + 8 + 16);
            assertThat(p.read()).isEqualTo(Arrays.copyOf(fill(50, 0x44), 1000));
            RegionHandle u = a.reallocUninit(p, 1100); // the tail again: grows in place
            assertThat(u.offset()).isEqualTo(p.offset());
            assertThat(Arrays.copyOf(u.read(), 50)).isEqualTo(fill(50, 0x44));
            verify(a, u, tail);
        }
    }

    @Test
    void uninitAllocationSkipsTheScrubButKeepsTheMetadata() throws IOException {
        try (FirstFitAllocator a = open()) {
            RegionHandle h = a.alloc(64);
            RegionHandle tail = a.alloc(16);
            h.write(0, fill(64, 0x66));
            a.dealloc(h);
            RegionHandle u = a.allocUninit(64);
            assertThat(u.offset()).isEqualTo(h.offset());
            byte[] bytes = u.read();
            assertThat(Arrays.copyOfRange(bytes, 16, 64)).as("unspecified bytes: the old payload").isEqualTo(fill(48, 0x66));
            RegionHandle z = a.alloc(64);
            assertThat(z.read()).isEqualTo(new byte[64]);
            verify(a, u, z, tail);
        }
    }

    // ---------------------------------------------------------------- in place

    @Test
    void inPlaceFrontShrinkFreesTheFront() throws IOException {
        try (FirstFitAllocator a = open()) {
            RegionHandle h = a.alloc(100);
            byte[] data = new byte[100];
            for (int i = 0; i < 100; i++) {
                data[i] = (byte) i;
            }
            h.write(0, data);
            RegionHandle r = a.reallocInPlace(h, -40, -8);
            assertThat(r.region()).isEqualTo(new Region(h.offset() + 40, 52));
            assertThat(r.read()).isEqualTo(Arrays.copyOfRange(data, 40, 92));
            assertThat(a.stack().get(48, 48 + 16)).as("front: a free 16-byte block").isEqualTo(hex("10 00*7 01 00 00 00 00*4"));
            assertThat(a.stack().get(r.offset() - 24, r.offset())).isEqualTo(hex("10 00*7  40 00*7  00*8"));
            RegionHandle reused = a.alloc(16);
            assertThat(reused.offset()).isEqualTo(h.offset());
            verify(a, reused, r);
        }
    }

    @Test
    void inPlaceBackGrowUsesTheBlockTheTailOrAFreeNeighbour() throws IOException {
        try (FirstFitAllocator a = open()) {
            RegionHandle h = a.alloc(5);
            h.write(0, fill(5, 9));
            RegionHandle inBlock = a.reallocInPlace(h, 0, 3);
            assertThat(inBlock.read()).isEqualTo(hex("09 09 09 09 09 00 00 00"));
            RegionHandle tailGrown = a.reallocInPlace(inBlock, 0, 92);
            assertThat(tailGrown.region()).isEqualTo(new Region(64, 100));
            RegionHandle n = a.alloc(100);
            RegionHandle tail = a.alloc(16);
            a.dealloc(n);
            RegionHandle merged = a.reallocInPlace(tailGrown, 0, 60);
            assertThat(merged.region()).isEqualTo(new Region(64, 160));
            assertThat(merged.read()).isEqualTo(Arrays.copyOf(fill(5, 9), 160));
            BStackAllocException e = catchThrowableOfType(BStackAllocException.class, () -> a.reallocInPlace(merged, 0, 4000));
            assertThat(e.getCause()).isInstanceOf(BStackUnsupportedException.class);
            assertThat(e.handle()).containsSame(merged);
            verify(a, merged, tail);
        }
    }

    @Test
    void inPlaceFrontGrowShrinksOrAbsorbsAFreeLeftNeighbour() throws IOException {
        try (FirstFitAllocator a = open()) {
            RegionHandle left = a.alloc(100); // block 104
            RegionHandle b = a.alloc(50);
            RegionHandle tail = a.alloc(16);
            b.write(0, fill(50, 0x77));
            a.dealloc(left);
            RegionHandle g = a.reallocInPlace(b, 32, 0);
            assertThat(g.region()).isEqualTo(new Region(b.offset() - 32, 82));
            assertThat(g.read()).isEqualTo(concat(new byte[32], fill(50, 0x77)));
            assertThat(FirstFitFactory.check(a.stack(), List.of(g.region(), tail.region())).free())
                    .containsExactly(java.util.Map.entry(64L, 72L));
            RegionHandle all = a.reallocInPlace(g, 72 + 24, 0); // absorbs the 72-byte neighbour exactly
            assertThat(all.region()).isEqualTo(new Region(64, 178));
            assertThat(all.read()).isEqualTo(concat(new byte[128], fill(50, 0x77)));
            verify(a, all, tail);
        }
    }

    @Test
    void inPlaceResizesThatWouldMoveAreRefusedUntouched() throws IOException {
        try (FirstFitAllocator a = open()) {
            RegionHandle first = a.alloc(100);
            RegionHandle b = a.alloc(50);
            for (long[] pa : new long[][] {{-8, 0}, {-44, 0}, {-40, 8}, {8, 0}, {32, 0}, {32, -8}, {24, 8}}) {
                RegionHandle target = pa[0] > 0 ? b : first;
                BStackAllocException e = catchThrowableOfType(BStackAllocException.class,
                        () -> a.reallocInPlace(target, pa[0], pa[1]));
                assertThat(e).as("(%d, %d)", pa[0], pa[1]).isNotNull();
                assertThat(e.getCause()).as("(%d, %d)", pa[0], pa[1]).isInstanceOf(BStackUnsupportedException.class);
                assertThat(e.handle()).containsSame(target);
            }
            assertThat(catchThrowableOfType(BStackAllocException.class, () -> a.reallocInPlace(first, 24, 0)).getCause())
                    .as("the first block has no left neighbour").isInstanceOf(BStackUnsupportedException.class);
            assertThat(catchThrowableOfType(BStackAllocException.class, () -> a.reallocInPlace(b, 0, -51)).getCause())
                    .isInstanceOf(BStackInvalidInputException.class);
            RegionHandle empty = a.alloc(0);
            assertThat(catchThrowableOfType(BStackAllocException.class, () -> a.reallocInPlace(empty, 0, 0)).getCause())
                    .isInstanceOf(BStackUnsupportedException.class);
            RegionHandle gone = a.reallocInPlace(b, 0, -50);
            assertThat(gone.region()).isEqualTo(Region.NULL);
            assertThat(a.len()).isEqualTo(48 + 104 + 24);
            verify(a, first);
        }
    }

    private static byte[] concat(byte[] x, byte[] y) {
        byte[] out = Arrays.copyOf(x, x.length + y.length);
        System.arraycopy(y, 0, out, x.length, y.length);
        return out;
    }

    // ---------------------------------------------------------------- shared suites

    @Test
    void fuzz() throws IOException {
        AllocatorFuzz.run(new FirstFitFactory(), dir);
    }

    @Test
    void fuzzWithFaults() throws IOException {
        AllocatorFuzz.withFaults(new FirstFitFactory(), dir);
    }

    @Test
    void survivesSigkill() throws Exception {
        AllocatorCrash.run(new FirstFitFactory(), dir);
    }
}
