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
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Unit tests of {@link SegregatedAllocator}: the class arithmetic, golden layout bytes derived by
 * hand from the layout table, every realloc path, the uninit and in-place variants, bulk calls,
 * coalescing, double-free detection and the shared fuzz and SIGKILL suites. Recovery from torn
 * states and fault sweeps are in {@link SegregatedAllocatorFaultTest}.
 */
class SegregatedAllocatorTest {
    @TempDir
    Path dir;
    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
    }

    static StackOptions fast() {
        return StackOptions.testing().withoutSync();
    }

    private Path file() {
        return dir.resolve("seg.bstack");
    }

    private SegregatedAllocator open() throws IOException {
        SegregatedAllocator a = new SegregatedAllocator(BStack.open(file(), fast()));
        open.add(a);
        return a;
    }

    private SegregatedAllocator reopen(SegregatedAllocator a) throws IOException {
        open.remove(a);
        a.close();
        return open();
    }

    static byte[] hex(String s) {
        return HexFormat.ofDelimiter(" ").parseHex(s.strip());
    }

    static byte[] pattern(long len, int seed) {
        byte[] b = new byte[(int) len];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) (seed * 131 + i * 7 + 3);
        }
        return b;
    }

    private static byte[] bytes(ByteStack s, long from, long n) throws IOException {
        return s.get(from, from + n);
    }

    static void assertZero(byte[] b, int from, int to) {
        int bad = -1;
        for (int i = from; i < to && bad < 0; i++) {
            bad = b[i] != 0 ? i : -1;
        }
        assertThat(bad).as("first non-zero byte in [%d, %d)", from, to).isEqualTo(-1);
    }

    // ------------------------------------------------------------------ class arithmetic

    @Test
    void classArithmeticMatchesTheCratesBoundaries() throws IOException {
        assertThat(SegregatedClasses.ARENA_START).isEqualTo(304);
        assertThat(SegregatedClasses.classOf(16)).isZero();
        assertThat(SegregatedClasses.classOf(256)).isEqualTo(15);
        assertThat(SegregatedClasses.classOf(320)).isEqualTo(16);
        assertThat(SegregatedClasses.classOf(512)).isEqualTo(19);
        assertThat(SegregatedClasses.classOf(640)).isEqualTo(20);
        assertThat(SegregatedClasses.classOf(4096)).isEqualTo(31);
        assertThat(SegregatedClasses.classOf(4112)).isEqualTo(32);
        assertThat(SegregatedClasses.blockSize(SegregatedClasses.physNeed(200))).isEqualTo(208);
        assertThat(SegregatedClasses.blockSize(SegregatedClasses.physNeed(500))).isEqualTo(512);
        assertThat(SegregatedClasses.blockSize(SegregatedClasses.physNeed(8))).isEqualTo(16);
        assertThat(SegregatedClasses.blockSize(SegregatedClasses.physNeed(5000))).isEqualTo(5008);
        assertThat(SegregatedClasses.largestClassAtMost(272)).isEqualTo(256);
        assertThat(SegregatedClasses.largestClassAtMost(704)).isEqualTo(640);
        assertThat(SegregatedClasses.largestClassAtMost(896)).isEqualTo(896);
        assertThat(SegregatedClasses.largestClassAtMost(4080)).isEqualTo(3584);
        assertThatThrownBy(() -> SegregatedClasses.physNeed(Long.MAX_VALUE - 10)).isInstanceOf(BStackInvalidInputException.class);
    }

    @Test
    void everySizeUpTo4096MapsConsistently() throws IOException {
        long[] sizes = new long[32];
        for (int c = 0; c < 32; c++) {
            sizes[c] = SegregatedClasses.classSize(c);
            assertThat(SegregatedClasses.classOf(sizes[c])).as("class %d", c).isEqualTo(c);
            if (c > 0) {
                assertThat(sizes[c]).isGreaterThan(sizes[c - 1]);
            }
        }
        for (long size = 16; size <= 4096; size += 16) {
            long v = size;
            long up = SegregatedClasses.blockSize(v);
            long down = SegregatedClasses.largestClassAtMost(v);
            assertThat(Arrays.stream(sizes).filter(s -> s >= v).min().orElseThrow()).as("up(%d)", v).isEqualTo(up);
            assertThat(Arrays.stream(sizes).filter(s -> s <= v).max().orElseThrow()).as("down(%d)", v).isEqualTo(down);
            long[] pieces = SegregatedClasses.carve(v);
            assertThat(pieces.length).as("pieces of %d", v).isBetween(1, 3);
            assertThat(Arrays.stream(pieces).sum()).isEqualTo(v);
            assertThat(Arrays.stream(pieces).allMatch(p -> SegregatedClasses.classSize(SegregatedClasses.classOf(p)) == p)).isTrue();
            assertThat(SegregatedClasses.listOf(v)).isEqualTo(SegregatedClasses.classOf(down));
        }
        for (long len = 0; len < 5000; len++) {
            long need = SegregatedClasses.physNeed(len);
            assertThat(need).isEqualTo(((len + 8 + 15) / 16) * 16);
            assertThat(SegregatedClasses.blockSize(need) - 8).isGreaterThanOrEqualTo(len);
        }
    }

    // ------------------------------------------------------------------ golden bytes

    private static final String MAGIC = "41 4C 53 47 00 02 02 00";

    /** The header with every head zero except {@code head[c] = value}. */
    private static byte[] header(int c, long value) {
        byte[] h = new byte[304];
        System.arraycopy(hex(MAGIC), 0, h, 24, 8);
        if (c >= 0) {
            System.arraycopy(SegregatedClasses.le(value), 0, h, 40 + 8 * c, 8);
        }
        return h;
    }

    @Test
    void aFreshStackGetsTheHeaderAndNothingElse() throws IOException {
        SegregatedAllocator a = open();
        byte[] expected = hex("00 ".repeat(24) + MAGIC + " " + "00 ".repeat(8 + 264));
        assertThat(a.stack().len()).isEqualTo(304);
        assertThat(bytes(a.stack(), 0, 304)).isEqualTo(expected);
    }

    @Test
    void goldenBytesOfAScriptedSequence() throws IOException {
        SegregatedAllocator a = open();
        ByteStack s = a.stack();
        RegionHandle x = a.alloc(100); // need 112, class 6: block [304, 416)
        RegionHandle big = a.alloc(9000); // need 9008, oversized: block [416, 9424)
        RegionHandle c = a.alloc(24); // need 32, class 1: block [9424, 9456)
        assertThat(List.of(x.offset(), big.offset(), c.offset())).containsExactly(312L, 424L, 9432L);
        assertThat(bytes(s, 304, 8)).isEqualTo(hex("07 00 00 00 00 00 00 80"));
        assertThat(bytes(s, 416, 8)).isEqualTo(hex("33 02 00 00 00 00 00 80")); // 9008 >> 4 = 0x233
        assertThat(bytes(s, 9424, 8)).isEqualTo(hex("02 00 00 00 00 00 00 80"));
        x.write(0, pattern(100, 1));

        a.dealloc(x); // free word 7, next 0; head[6] = 304
        a.dealloc(big); // not the tail: onto list 32; head[32] = 416
        assertThat(bytes(s, 0, 304)).isEqualTo(merge(header(6, 304), 32, 416));
        assertThat(bytes(s, 304, 16)).isEqualTo(hex("07 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00"));
        assertThat(bytes(s, 416, 16)).isEqualTo(hex("33 02 00 00 00 00 00 00 00 00 00 00 00 00 00 00"));

        RegionHandle d = a.alloc(90); // class 6 hit: head[6] = 0, block 304 live, body scrubbed
        RegionHandle e = a.alloc(4090); // need 4112 from the 9008 head: excess 4896 >= 4096, carved
        assertThat(d.offset()).isEqualTo(312);
        assertThat(e.offset()).isEqualTo(424);
        assertThat(bytes(s, 304, 112)).isEqualTo(hex("07 00 00 00 00 00 00 80 " + "00 ".repeat(104)));
        assertThat(bytes(s, 416, 8)).isEqualTo(hex("01 01 00 00 00 00 00 80")); // 4112 >> 4 = 0x101
        assertThat(bytes(s, 4528, 16)).isEqualTo(hex("32 01 00 00 00 00 00 00 00 00 00 00 00 00 00 00")); // 4896 >> 4
        assertThat(bytes(s, 0, 304)).isEqualTo(header(32, 4528)); // B0 11 at offset 296

        RegionHandle grown = a.realloc(c, 200); // tail grow in place: extend 176, word 208 >> 4 = 13
        assertThat(grown.offset()).isEqualTo(9432);
        assertThat(s.len()).isEqualTo(9632);
        assertThat(bytes(s, 9424, 8)).isEqualTo(hex("0D 00 00 00 00 00 00 80"));
        assertThat(bytes(s, 296, 8)).isEqualTo(hex("B0 11 00 00 00 00 00 00"));

        a.dealloc(e); // onto list 32 before the carved piece: next = 4528, head[32] = 416
        a.dealloc(d);
        assertThat(bytes(s, 416, 16)).isEqualTo(hex("01 01 00 00 00 00 00 00 B0 11 00 00 00 00 00 00"));
        assertThat(a.coalesce()).isEqualTo(2); // [304, 9424) = 112 + 4112 + 4896 = 9120 becomes one block
        assertThat(bytes(s, 304, 16)).isEqualTo(hex("3A 02 00 00 00 00 00 00 00 00 00 00 00 00 00 00")); // 9120 >> 4
        assertThat(bytes(s, 0, 304)).isEqualTo(header(32, 304));

        byte[] image = s.get(0, s.len());
        a = reopen(a);
        assertThat(a.stack().get(0, a.stack().len())).as("recovery of a clean arena writes nothing").isEqualTo(image);
        SegregatedFactory.check(a.stack(), List.of(grown.region()), false);
    }

    private static byte[] merge(byte[] header, int c, long value) {
        System.arraycopy(SegregatedClasses.le(value), 0, header, 40 + 8 * c, 8);
        return header;
    }

    @Test
    void goldenBytesOfAMoveAndATailShrink() throws IOException {
        SegregatedAllocator a = open();
        ByteStack s = a.stack();
        RegionHandle x = a.alloc(100); // [304, 416)
        RegionHandle pin = a.alloc(10); // need 24 -> 32: [416, 448)
        x.write(0, pattern(100, 2));
        RegionHandle moved = a.realloc(x, 300); // need 308 -> 320, class 16 miss: [448, 768)
        assertThat(moved.offset()).isEqualTo(456);
        assertThat(s.len()).isEqualTo(768);
        assertThat(bytes(s, 448, 8)).isEqualTo(hex("14 00 00 00 00 00 00 80"));
        assertThat(bytes(s, 304, 16)).isEqualTo(hex("07 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00"));
        assertThat(bytes(s, 0, 304)).isEqualTo(header(6, 304)); // 30 01 at offset 88
        assertThat(bytes(s, 416, 8)).isEqualTo(hex("02 00 00 00 00 00 00 80"));
        byte[] data = moved.read();
        assertThat(Arrays.copyOf(data, 100)).isEqualTo(pattern(100, 2));
        assertZero(data, 100, 300);

        RegionHandle y = a.alloc(8000); // need 8008 -> 8016: [768, 8784)
        y.write(0, pattern(8000, 3));
        RegionHandle shrunk = a.realloc(y, 100); // tail, excess 7904 >= 4096: one atrunc to 112 bytes
        assertThat(shrunk.offset()).isEqualTo(776);
        assertThat(s.len()).isEqualTo(880);
        assertThat(bytes(s, 768, 8)).isEqualTo(hex("07 00 00 00 00 00 00 80"));
        assertThat(shrunk.read()).isEqualTo(pattern(100, 3));
        assertThat(bytes(s, 876, 4)).isEqualTo(new byte[4]); // the block's tail past the 100 bytes is zero
        SegregatedFactory.check(s, List.of(pin.region(), moved.region(), shrunk.region()), false);
    }

    // ------------------------------------------------------------------ open

    @Test
    void aWrongMagicIsRefusedAndTheFileLeftAlone() throws IOException {
        try (BStack s = BStack.open(file(), fast())) {
            s.push(new byte[304]);
        }
        byte[] before = Files.readAllBytes(file());
        BStack s = BStack.open(file(), fast());
        assertThatThrownBy(() -> new SegregatedAllocator(s)).isInstanceOf(BStackCorruptException.class).hasMessageContaining("magic");
        s.close();
        assertThat(Files.readAllBytes(file())).isEqualTo(before);
    }

    @Test
    void aMinorVersionOneFileIsRefused() throws IOException {
        open().close();
        open.clear();
        try (BStack s = BStack.open(file(), fast())) {
            s.set(24, hex("41 4C 53 47 00 01 01 00"));
        }
        BStack s = BStack.open(file(), fast());
        assertThatThrownBy(() -> new SegregatedAllocator(s)).isInstanceOf(BStackCorruptException.class);
        s.close();
    }

    @Test
    void theCratesOtherPatchStampOpens() throws IOException {
        SegregatedAllocator a = open();
        a.alloc(50).write(0, pattern(50, 4));
        a.stack().set(24, hex("41 4C 53 47 00 02 00 00")); // patch byte 00: an earlier writer
        a = reopen(a);
        assertThat(a.reclaim(new Region(312, 50)).read()).isEqualTo(pattern(50, 4));
    }

    @Test
    void shortOrMisalignedStacksAreRefused() throws IOException {
        try (BStack s = BStack.open(dir.resolve("short.bstack"), fast())) {
            s.push(new byte[30]);
            assertThatThrownBy(() -> new SegregatedAllocator(s)).isInstanceOf(BStackCorruptException.class);
        }
        open().close();
        open.clear();
        try (BStack s = BStack.open(file(), fast())) {
            s.push(new byte[] {1});
            assertThatThrownBy(() -> new SegregatedAllocator(s)).isInstanceOf(BStackCorruptException.class)
                    .hasMessageContaining("quanta");
        }
    }

    @Test
    void aTruncatedHeadTableIsZeroFilled() throws IOException {
        try (BStack s = BStack.open(file(), fast())) {
            byte[] h = new byte[100];
            System.arraycopy(hex(MAGIC), 0, h, 24, 8);
            s.push(h);
        }
        SegregatedAllocator a = open();
        assertThat(a.stack().len()).isEqualTo(304);
        assertThat(a.alloc(10).offset()).isEqualTo(312);
    }

    // ------------------------------------------------------------------ alloc, dealloc, reclaim

    @Test
    void freedBlocksAreReusedPerClassOnly() throws IOException {
        SegregatedAllocator a = open();
        RegionHandle s1 = a.alloc(100);
        long at = s1.offset();
        a.alloc(8);
        a.dealloc(s1);
        RegionHandle other = a.alloc(500); // class 19: a different list
        assertThat(other.offset()).isNotEqualTo(at);
        assertThat(a.alloc(104).offset()).as("104 shares class 6 with 100").isEqualTo(at);
    }

    @Test
    void anOversizedTailBlockIsGivenBackToTheStack() throws IOException {
        SegregatedAllocator a = open();
        RegionHandle h = a.alloc(5000);
        a.dealloc(h);
        assertThat(a.stack().len()).isEqualTo(304);
        RegionHandle small = a.alloc(100);
        a.dealloc(small);
        assertThat(a.stack().len()).as("a classed tail block goes to its list").isEqualTo(416);
    }

    @Test
    void anOversizedHeadIsKeptWholeWhenTheExcessIsSmall() throws IOException {
        SegregatedAllocator a = open();
        RegionHandle x = a.alloc(5000); // 5008
        a.alloc(50);
        a.dealloc(x);
        long len = a.stack().len();
        RegionHandle z = a.alloc(5100); // 5120 > 5008: the head is left alone (no search)
        assertThat(z.offset()).isEqualTo(len + 8);
        assertThat(bytes(a.stack(), SegregatedClasses.headOffset(32), 8)).isEqualTo(SegregatedClasses.le(304));
        RegionHandle y = a.alloc(4850); // 4864, excess 144: kept whole, recorded as 5008
        assertThat(y.offset()).isEqualTo(x.offset());
        assertThat(bytes(a.stack(), 304, 8)).isEqualTo(hex("39 01 00 00 00 00 00 80"));
    }

    @Test
    void doubleFreeIsDetectedByReclaimAndByDealloc() throws IOException {
        SegregatedAllocator a = open();
        RegionHandle h = a.alloc(64);
        a.alloc(8);
        Region r = h.region();
        RegionHandle second = a.reclaim(r);
        a.dealloc(h);
        assertThatThrownBy(() -> a.reclaim(r)).isInstanceOf(BStackInvalidInputException.class).hasMessageContaining("free");
        BStackAllocException e = catchThrowableOfType(BStackAllocException.class, () -> a.dealloc(second));
        assertThat(e.getCause()).isInstanceOf(BStackInvalidInputException.class);
        assertThat(e.outcome()).isEqualTo(BStackAllocException.Outcome.UNTOUCHED);
        assertThat(e.handle()).containsSame(second);
        assertThat(second.isLive()).isTrue();
        BStackAllocException r2 = catchThrowableOfType(BStackAllocException.class, () -> a.realloc(second, 10));
        assertThat(r2.getCause()).isInstanceOf(BStackInvalidInputException.class);
    }

    @Test
    void reclaimChecksTheWord() throws IOException {
        SegregatedAllocator a = open();
        RegionHandle h = a.alloc(100);
        a.alloc(10);
        assertThat(a.reclaim(new Region(h.offset(), 104)).len()).as("the block holds 104").isEqualTo(104);
        assertThatThrownBy(() -> a.reclaim(new Region(h.offset(), 105))).isInstanceOf(BStackInvalidInputException.class);
        assertThatThrownBy(() -> a.reclaim(new Region(h.offset() + 16, 8))).isInstanceOf(BStackInvalidInputException.class);
        assertThatThrownBy(() -> a.reclaim(new Region(h.offset() + 1, 8))).isInstanceOf(BStackInvalidInputException.class);
        assertThatThrownBy(() -> a.reclaim(new Region(8, 8))).isInstanceOf(BStackInvalidInputException.class);
        assertThatThrownBy(() -> a.reclaim(new Region(10_008, 8))).isInstanceOf(BStackInvalidInputException.class);
        BStackAllocException e = catchThrowableOfType(BStackAllocException.class,
                () -> a.dealloc(a.reclaim(new Region(h.offset(), 50))));
        assertThat(e).as("a shorter stored length still frees the whole block").isNull();
    }

    @Test
    void aCorruptListHeadIsRefusedBeforeAnyWrite() throws IOException {
        SegregatedAllocator a = open();
        RegionHandle live = a.alloc(100);
        a.stack().set(SegregatedClasses.headOffset(6), SegregatedClasses.le(304)); // list 6 -> a live block
        byte[] before = a.stack().get(0, a.stack().len());
        assertThatThrownBy(() -> a.alloc(100)).isInstanceOf(BStackCorruptException.class);
        assertThat(a.stack().get(0, a.stack().len())).isEqualTo(before);
        assertThat(live.isLive()).isTrue();
    }

    // ------------------------------------------------------------------ realloc paths

    @Test
    void aGrowInsideTheBlockZeroesStaleBytes() throws IOException {
        SegregatedAllocator a = open();
        RegionHandle h = a.alloc(100);
        h.write(0, pattern(100, 5));
        a.alloc(8); // not the tail
        RegionHandle shorter = a.realloc(h, 90);
        assertThat(shorter.offset()).isEqualTo(h.offset());
        long len = a.stack().len();
        RegionHandle back = a.realloc(shorter, 104);
        assertThat(back.offset()).isEqualTo(h.offset());
        assertThat(a.stack().len()).isEqualTo(len);
        byte[] b = back.read();
        assertThat(Arrays.copyOf(b, 90)).isEqualTo(Arrays.copyOf(pattern(100, 5), 90));
        assertZero(b, 90, 104);
    }

    @Test
    void anInteriorShrinkKeepsItsExcessAndGrowsBackInPlace() throws IOException {
        SegregatedAllocator a = open();
        RegionHandle h = a.alloc(6000);
        h.write(0, pattern(6000, 6));
        RegionHandle pin = a.alloc(200);
        byte[] before = a.stack().get(0, a.stack().len());
        RegionHandle small = a.realloc(h, 300);
        assertThat(a.stack().get(0, a.stack().len())).as("no write at all").isEqualTo(before);
        RegionHandle again = a.realloc(small, 5900);
        assertThat(again.offset()).isEqualTo(h.offset());
        assertThat(Arrays.copyOf(again.read(), 300)).isEqualTo(Arrays.copyOf(pattern(6000, 6), 300));
        assertZero(again.read(), 300, 5900);
        SegregatedFactory.check(a.stack(), List.of(again.region(), pin.region()), false);
    }

    @Test
    void aTailShrinkBelowSplitMinKeepsTheBlock() throws IOException {
        SegregatedAllocator a = open();
        RegionHandle h = a.alloc(4000); // 4016 -> class 4096
        long len = a.stack().len();
        RegionHandle s = a.realloc(h, 100); // excess 3984 < 4096
        assertThat(a.stack().len()).isEqualTo(len);
        assertThat(s.offset()).isEqualTo(h.offset());
    }

    @Test
    void aTailGrowZeroesTheOldSlackAndTheExtension() throws IOException {
        SegregatedAllocator a = open();
        RegionHandle h = a.alloc(100);
        h.write(0, pattern(100, 7));
        RegionHandle s = a.realloc(h, 50); // stale [50, 100) stays in the block
        RegionHandle g = a.realloc(s, 1000);
        assertThat(g.offset()).isEqualTo(h.offset());
        assertThat(a.stack().len()).isEqualTo(304 + 1024);
        byte[] b = g.read();
        assertThat(Arrays.copyOf(b, 50)).isEqualTo(Arrays.copyOf(pattern(100, 7), 50));
        assertZero(b, 50, 1000);
    }

    @Test
    void aNonTailGrowMovesThroughAFreeBlockInOneCall() throws IOException {
        SegregatedAllocator a = open();
        RegionHandle spare = a.alloc(300); // 320, class 16
        RegionHandle h = a.alloc(100);
        RegionHandle pin = a.alloc(8);
        spare.write(0, pattern(300, 8));
        a.dealloc(spare);
        h.write(0, pattern(100, 9));
        long len = a.stack().len();
        RegionHandle m = a.realloc(h, 300);
        assertThat(m.offset()).isEqualTo(312);
        assertThat(a.stack().len()).isEqualTo(len);
        byte[] b = m.read();
        assertThat(Arrays.copyOf(b, 100)).isEqualTo(pattern(100, 9));
        assertZero(b, 100, 300);
        assertThat(a.reclaim(pin.region()).isLive()).isTrue();
        assertThatThrownBy(() -> a.reclaim(h.region())).isInstanceOf(BStackInvalidInputException.class);
        SegregatedFactory.check(a.stack(), List.of(m.region(), pin.region()), false);
    }

    @Test
    void bigBlocksMoveGrowAndAllocateThroughStackCalls() throws IOException {
        SegregatedAllocator a = open();
        RegionHandle big = a.alloc(200_000); // past the inline limit
        big.write(0, pattern(1000, 10));
        RegionHandle pin = a.alloc(8);
        RegionHandle moved = a.realloc(big, 300_000); // miss: extend + copy + commit
        byte[] b = moved.read();
        assertThat(Arrays.copyOf(b, 1000)).isEqualTo(pattern(1000, 10));
        assertZero(b, 1000, 300_000);
        RegionHandle pin2 = a.alloc(8);
        RegionHandle reused = a.alloc(150_000); // the freed 200 000 block: excess >= 4096, carved, body zeroed
        assertThat(reused.offset()).isEqualTo(big.offset());
        assertThat(reused.read()).isEqualTo(new byte[150_000]);
        reused.write(0, pattern(150_000, 11));
        RegionHandle spare = a.alloc(250_000);
        RegionHandle pin3 = a.alloc(8);
        a.dealloc(spare);
        RegionHandle moved2 = a.realloc(reused, 240_000); // hit, big: stage + copy + zero + commit
        assertThat(moved2.offset()).isEqualTo(spare.offset());
        byte[] c = moved2.read();
        assertThat(Arrays.copyOf(c, 150_000)).isEqualTo(pattern(150_000, 11));
        assertZero(c, 150_000, 240_000);
        RegionHandle shrunk = a.realloc(moved2, 70_000); // interior: the excess stays
        RegionHandle tail = a.alloc(400_000); // bigger than any free block: at the tail
        tail.write(0, pattern(1000, 12));
        RegionHandle tailShrunk = a.realloc(tail, 70_000); // 70 016 is past the inline limit: kept
        assertThat(tailShrunk.offset()).isEqualTo(tail.offset());
        RegionHandle tailGrown = a.realloc(tailShrunk, 500_000); // big slack: zero call, then word
        assertThat(tailGrown.offset()).isEqualTo(tail.offset());
        byte[] g = tailGrown.read();
        assertThat(Arrays.copyOf(g, 1000)).isEqualTo(pattern(1000, 12));
        assertZero(g, 70_000, 500_000);
        SegregatedFactory.check(a.stack(), List.of(pin.region(), moved.region(), pin2.region(), shrunk.region(),
                tailGrown.region(), pin3.region()), false);
        a = reopen(a);
        assertThat(a.unaccountedAtOpen()).isZero();
        assertThat(Arrays.copyOf(a.reclaim(shrunk.region()).read(), 1000)).isEqualTo(Arrays.copyOf(pattern(150_000, 11), 1000));
    }

    @Test
    void reallocToZeroFreesAndFromEmptyAllocates() throws IOException {
        SegregatedAllocator a = open();
        RegionHandle h = a.alloc(64);
        a.alloc(8);
        RegionHandle empty = a.realloc(h, 0);
        assertThat(empty.isEmpty()).isTrue();
        assertThatThrownBy(() -> a.reclaim(h.region())).isInstanceOf(BStackInvalidInputException.class);
        RegionHandle back = a.realloc(empty, 64);
        assertThat(back.offset()).as("the freed block comes back").isEqualTo(h.offset());
        assertThat(back.read()).isEqualTo(new byte[64]);
    }

    @Test
    void aMisalignedHandleIsRefusedUntouchedEvenForANoOp() throws IOException {
        SegregatedAllocator a = open();
        a.alloc(100);
        RegionHandle bad = a.reclaim(new Region(0, 0));
        assertThat(bad.isEmpty()).isTrue();
        RegionHandle forged = a.issue(313, 16);
        BStackAllocException e = catchThrowableOfType(BStackAllocException.class, () -> a.realloc(forged, 16));
        assertThat(e.getCause()).isInstanceOf(BStackInvalidInputException.class);
        assertThat(e.handle()).containsSame(forged);
        BStackAllocException f = catchThrowableOfType(BStackAllocException.class, () -> a.dealloc(forged));
        assertThat(f.outcome()).isEqualTo(BStackAllocException.Outcome.UNTOUCHED);
    }

    // ------------------------------------------------------------------ uninit, in place

    @Test
    void uninitReusesWithoutScrubbingButStillWritesTheWord() throws IOException {
        SegregatedAllocator a = open();
        RegionHandle x = a.alloc(100);
        x.write(0, pattern(100, 13));
        a.alloc(8);
        a.dealloc(x);
        RegionHandle y = a.allocUninit(100);
        assertThat(y.offset()).isEqualTo(x.offset());
        assertThat(Arrays.copyOfRange(y.read(), 8, 100)).as("past the stale link").isEqualTo(Arrays.copyOfRange(pattern(100, 13), 8, 100));
        assertThat(bytes(a.stack(), 304, 8)).isEqualTo(hex("07 00 00 00 00 00 00 80"));
        assertThat(a.allocUninit(100).read()).as("a fresh tail block still reads zero").isEqualTo(new byte[100]);
        RegionHandle g = a.reallocUninit(y, 1000);
        assertThat(Arrays.copyOfRange(g.read(), 8, 100)).isEqualTo(Arrays.copyOfRange(pattern(100, 13), 8, 100));
        RegionHandle s = a.reallocUninit(g, 10);
        assertThat(s.len()).isEqualTo(10);
        assertThat(a.recover()).isZero();
    }

    @Test
    void inPlaceResizeMovesOnlyTheBackEdge() throws IOException {
        SegregatedAllocator a = open();
        RegionHandle h = a.alloc(90);
        h.write(0, pattern(90, 14));
        RegionHandle pin = a.alloc(100);
        RegionHandle full = a.reallocInPlace(h, 0, 14); // 104: exactly the block
        assertThat(full.region()).isEqualTo(new Region(h.offset(), 104));
        long len = a.stack().len();
        BStackAllocException e = catchThrowableOfType(BStackAllocException.class, () -> a.reallocInPlace(full, 0, 1));
        assertThat(e.getCause()).isInstanceOf(BStackUnsupportedException.class);
        assertThat(e.handle()).containsSame(full);
        assertThat(a.stack().len()).isEqualTo(len);
        for (long[] d : new long[][] {{8, 0}, {-8, 0}, {8, -8}}) {
            BStackAllocException p = catchThrowableOfType(BStackAllocException.class, () -> a.reallocInPlace(full, d[0], d[1]));
            assertThat(p.getCause()).isInstanceOf(BStackUnsupportedException.class);
        }
        BStackAllocException neg = catchThrowableOfType(BStackAllocException.class, () -> a.reallocInPlace(full, 0, -105));
        assertThat(neg.getCause()).isInstanceOf(BStackInvalidInputException.class);
        RegionHandle empty = a.alloc(0);
        assertThat(catchThrowableOfType(BStackAllocException.class, () -> a.reallocInPlace(empty, 0, 0)).getCause())
                .isInstanceOf(BStackUnsupportedException.class);
        RegionHandle tailGrown = a.reallocInPlace(pin, 0, 400); // the tail block extends
        assertThat(tailGrown.region()).isEqualTo(new Region(pin.offset(), 500));
        RegionHandle shorter = a.reallocInPlace(full, 0, -60);
        assertThat(Arrays.copyOf(shorter.read(), 44)).isEqualTo(Arrays.copyOf(pattern(90, 14), 44));
        RegionHandle gone = a.reallocInPlace(shorter, 0, -44);
        assertThat(gone.region()).as("frees and returns the empty handle").isEqualTo(Region.NULL);
        assertThatThrownBy(() -> a.reclaim(h.region())).isInstanceOf(BStackInvalidInputException.class);
        RegionHandle big = a.alloc(100_000);
        RegionHandle cut = a.reallocInPlace(big, 0, -99_000); // tail shrink by >= 4096: the stack shrinks
        assertThat(a.stack().len()).isEqualTo(cut.offset() - 8 + 1024); // 1000 + 8 -> class 1024
    }

    // ------------------------------------------------------------------ bulk, coalesce

    @Test
    void bulkAllocReusesEveryListAndMatchesOversizedLargestFirst() throws IOException {
        SegregatedAllocator a = open();
        RegionHandle c1 = a.alloc(24);
        RegionHandle c2 = a.alloc(20);
        RegionHandle o1 = a.alloc(8000); // 8016
        RegionHandle o2 = a.alloc(5000); // 5008
        RegionHandle pin = a.alloc(8);
        for (RegionHandle h : List.of(c1, c2, o1, o2)) {
            h.write(0, pattern(h.len(), 15));
        }
        a.deallocBulk(List.of(c1, c2, o1, o2));
        long len = a.stack().len();
        // list 32 is o2 (5008) -> o1 (8016); requests largest first: 20016, 7008, 5008
        List<RegionHandle> got = a.allocBulk(new long[] {5000, 0, 24, 7000, 24, 24, 20_000});
        assertThat(got.get(1).isEmpty()).isTrue();
        assertThat(List.of(got.get(2).offset(), got.get(4).offset())).containsExactlyInAnyOrder(c1.offset(), c2.offset());
        assertThat(got.get(0).offset()).as("o2 fits only the 5000 request").isEqualTo(o2.offset());
        assertThat(got.get(3).offset()).isEqualTo(o1.offset());
        assertThat(got.get(5).offset()).as("a third 24 is a miss").isEqualTo(len + 8);
        assertThat(got.get(6).offset()).isEqualTo(len + 32 + 8);
        for (RegionHandle h : got) {
            assertThat(h.read()).isEqualTo(new byte[(int) h.len()]);
        }
        List<Region> live = new ArrayList<>(got.stream().map(RegionHandle::region).toList());
        live.add(pin.region());
        SegregatedFactory.check(a.stack(), live, false);
    }

    @Test
    void bulkAllocCarvesABigOversizedBlock() throws IOException {
        SegregatedAllocator a = open();
        RegionHandle big = a.alloc(9000); // 9008
        a.alloc(100);
        a.dealloc(big);
        List<RegionHandle> got = a.allocBulk(new long[] {4100});
        assertThat(got.get(0).offset()).isEqualTo(big.offset());
        RegionHandle rest = a.alloc(4888); // need 4896: the carved remainder
        assertThat(rest.offset()).isEqualTo(big.offset() - 8 + 4112 + 8);
        assertThat(a.recover()).isZero();
    }

    @Test
    void bulkCallsRefuseWholeBatchesBeforeAnyWrite() throws IOException {
        SegregatedAllocator a = open();
        RegionHandle x = a.alloc(100);
        RegionHandle y = a.alloc(100);
        a.alloc(8);
        RegionHandle stale = a.reclaim(x.region());
        a.dealloc(x);
        byte[] before = a.stack().get(0, a.stack().len());
        BStackBulkAllocException e = catchThrowableOfType(BStackBulkAllocException.class, () -> a.deallocBulk(List.of(y, stale)));
        assertThat(e.getCause()).isInstanceOf(BStackInvalidInputException.class);
        assertThat(e.notFreed()).containsExactly(y, stale);
        assertThat(y.isLive()).isTrue();
        RegionHandle twin = a.reclaim(y.region());
        BStackBulkAllocException dup = catchThrowableOfType(BStackBulkAllocException.class, () -> a.deallocBulk(List.of(y, twin)));
        assertThat(dup.getCause()).hasMessageContaining("twice");
        assertThat(a.stack().get(0, a.stack().len())).isEqualTo(before);

        RegionHandle o = a.alloc(5000);
        a.alloc(8);
        a.dealloc(o);
        long block = o.offset() - 8;
        byte[] word = a.stack().get(block, block + 8);
        word[7] |= (byte) 0x80; // a live block on the oversized list
        a.stack().set(block, word);
        byte[] image = a.stack().get(0, a.stack().len());
        assertThatThrownBy(() -> a.allocBulk(new long[] {64, 5000})).isInstanceOf(BStackCorruptException.class);
        assertThat(a.stack().get(0, a.stack().len())).as("nothing popped, nothing written").isEqualTo(image);
    }

    @Test
    void coalescedRunsAreReusedAndNonClassSizesStayConsistent() throws IOException {
        SegregatedAllocator a = open();
        List<RegionHandle> four = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            four.add(a.alloc(100));
        }
        RegionHandle pin = a.alloc(100);
        for (RegionHandle h : four) {
            a.dealloc(h);
        }
        assertThat(a.coalesce()).isEqualTo(3);
        assertThat(a.coalesce()).as("nothing left to merge").isZero();
        RegionHandle big = a.alloc(440); // need 448 = 4 x 112: the merged run
        assertThat(big.offset()).isEqualTo(four.get(0).offset());

        // A 112 + 320 = 432 run is not a class: it goes on list 384 and is claimed whole.
        SegregatedAllocator b = new SegregatedAllocator(BStack.open(dir.resolve("b.bstack"), fast()));
        open.add(b);
        RegionHandle p = b.alloc(100);
        RegionHandle q = b.alloc(300);
        RegionHandle pin2 = b.alloc(8);
        b.dealloc(p);
        b.dealloc(q);
        assertThat(b.coalesce()).isEqualTo(1);
        assertThat(bytes(b.stack(), 304, 8)).isEqualTo(hex("1B 00 00 00 00 00 00 00")); // 432 >> 4
        assertThat(bytes(b.stack(), SegregatedClasses.headOffset(17), 8)).isEqualTo(SegregatedClasses.le(304)); // list 384
        RegionHandle r = b.alloc(370); // need 384
        assertThat(r.offset()).isEqualTo(312);
        assertThat(bytes(b.stack(), 304, 8)).as("claimed at its full 432 bytes").isEqualTo(hex("1B 00 00 00 00 00 00 80"));
        b.dealloc(r);
        assertThat(bytes(b.stack(), SegregatedClasses.headOffset(17), 8)).as("freed onto list 384, not 448")
                .isEqualTo(SegregatedClasses.le(304));
        assertThat(b.recover()).isZero();
        SegregatedFactory.check(b.stack(), List.of(pin2.region()), false);
        SegregatedFactory.check(a.stack(), List.of(big.region(), pin.region()), false);
    }

    @Test
    void statsCountPhysicalBytes() throws IOException {
        SegregatedAllocator a = open();
        RegionHandle x = a.alloc(100);
        a.alloc(100);
        a.alloc(5000);
        a.dealloc(x);
        assertThat(a.stats()).isEqualTo(new SegregatedAllocator.Stats(1, 112, 2, 112 + 5008));
    }

    // ------------------------------------------------------------------ shared suites

    @Test
    void fuzz() throws IOException {
        AllocatorFuzz.run(new SegregatedFactory(), dir);
    }

    @Test
    void fuzzWithFaults() throws IOException {
        AllocatorFuzz.withFaults(new SegregatedFactory(), dir);
    }

    @Test
    void aFailedTailCutThatAReopenMayStillReplayIsLostNotUntouched() throws IOException {
        // found by CI: dealloc of the last (oversized) block cuts the tail; the cut failed, the stack
        // needed reopening, and the reopened file no longer held the block reported untouched
        AllocatorFuzz.withFaults(new SegregatedFactory(), dir, -2425305401339312267L);
    }

    @Test
    void survivesSigkill() throws Exception {
        AllocatorCrash.run(new SegregatedFactory(), dir);
    }
}
