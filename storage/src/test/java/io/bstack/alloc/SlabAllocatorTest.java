package io.bstack.alloc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.bstack.stack.ByteStack;
import io.bstack.stack.BStack;
import io.bstack.stack.BStackCorruptException;
import io.bstack.stack.BStackInvalidInputException;
import io.bstack.stack.StackOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What only the slab allocator does: its exact bytes, its open checks, every resize path, its holes. */
class SlabAllocatorTest {
    @TempDir
    Path dir;

    private BStack stack(String name) throws IOException {
        return BStack.open(dir.resolve(name + ".bstack"), StackOptions.testing().withoutSync());
    }

    /** Hex with optional spaces and {@code |} separators. */
    static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replace(" ", "").replace("|", ""));
    }

    static byte[] filled(int n, int value) {
        byte[] b = new byte[n];
        Arrays.fill(b, (byte) value);
        return b;
    }

    @Test
    void headerLinksAndRunsAreTheCratesBytes() throws IOException {
        try (SlabAllocator a = SlabAllocator.create(stack("golden"), 16)) {
            ByteStack s = a.stack();
            assertThat(s.get(0, 48)).isEqualTo(hex("00".repeat(24) + "414c534c00010100 1000000000000000 0000000000000000"));
            RegionHandle x = a.alloc(16);
            RegionHandle y = a.alloc(40); // 3 blocks
            RegionHandle z = a.alloc(5);
            assertThat(List.of(x.offset(), y.offset(), z.offset())).containsExactly(48L, 64L, 112L);
            x.write(0, filled(16, 0xAA));
            y.write(0, filled(40, 0xBB));
            z.write(0, filled(5, 0xCC));
            a.dealloc(x); // one block: an 8-byte link (old head 0), the rest stays stale
            a.dealloc(y); // a run, not at the tail: rewritten as zeros with links 64->80->96->48
            assertThat(s.len()).isEqualTo(128);
            assertThat(s.get(24, 128)).isEqualTo(hex(
                    "414c534c00010100 1000000000000000 4000000000000000"  // magic, block size 16, free head 64
                    + "0000000000000000 aaaaaaaaaaaaaaaa"                 // block 48: link 0, stale bytes
                    + "5000000000000000 0000000000000000"                 // block 64 -> 80
                    + "6000000000000000 0000000000000000"                 // block 80 -> 96
                    + "3000000000000000 0000000000000000"                 // block 96 -> 48
                    + "cccccccccc000000 0000000000000000"));              // z, live
            RegionHandle p = a.alloc(10); // pops 64 and scrubs it
            assertThat(p.offset()).isEqualTo(64);
            assertThat(s.get(40, 48)).isEqualTo(hex("5000000000000000"));
            assertThat(s.get(64, 80)).isEqualTo(new byte[16]);
            RegionHandle q = a.allocUninit(3); // pops 80 without a scrub: its link shows through
            assertThat(q.offset()).isEqualTo(80);
            assertThat(q.read()).isEqualTo(hex("600000"));
            assertThat(s.get(40, 48)).isEqualTo(hex("6000000000000000"));
            a.deallocBulk(List.of(p, q)); // one batch: 64 -> 80 -> 96 (old head), head 64
            assertThat(s.get(40, 48)).isEqualTo(hex("4000000000000000"));
            assertThat(s.get(64, 72)).isEqualTo(hex("5000000000000000"));
            assertThat(s.get(80, 88)).isEqualTo(hex("6000000000000000"));
            List<RegionHandle> bulk = a.allocBulk(new long[] {16, 16, 0, 17}); // two singles off the list, 2 blocks extended
            assertThat(bulk).extracting(RegionHandle::region).containsExactly(new Region(64, 16), new Region(80, 16),
                    Region.NULL, new Region(128, 17));
            assertThat(s.len()).isEqualTo(160);
            assertThat(s.get(40, 48)).isEqualTo(hex("6000000000000000"));
            assertThat(s.get(64, 96)).isEqualTo(new byte[32]);
            assertThat(z.read()).isEqualTo(filled(5, 0xCC));
        }
    }

    @Test
    void createAndOpenRefuseWhatIsNotASlab() throws IOException {
        try (BStack s = stack("empty")) {
            assertThatThrownBy(() -> SlabAllocator.open(s)).isInstanceOf(BStackInvalidInputException.class);
            assertThatThrownBy(() -> SlabAllocator.create(s, 7)).isInstanceOf(BStackInvalidInputException.class);
            s.push(new byte[24]);
            assertThatThrownBy(() -> SlabAllocator.open(s)).isInstanceOf(BStackCorruptException.class);
            assertThatThrownBy(() -> SlabAllocator.create(s, 16)).isInstanceOf(BStackInvalidInputException.class);
            s.push(new byte[24]);
            assertThatThrownBy(() -> SlabAllocator.open(s)).as("zero magic").isInstanceOf(BStackCorruptException.class);
            s.set(24, hex("414c534c00010100 0100000000000000"));
            assertThatThrownBy(() -> SlabAllocator.open(s)).as("block size 1").isInstanceOf(BStackCorruptException.class);
            s.set(24, hex("414c434b00010300 1000000000000000"));
            assertThatThrownBy(() -> SlabAllocator.open(s)).as("a checked slab's magic").isInstanceOf(BStackCorruptException.class);
            s.set(24, hex("414c534c00010700 1000000000000000"));
            assertThat(SlabAllocator.open(s).blockSize()).as("any 0.1.x minor opens").isEqualTo(16);
            s.set(40, hex("3200000000000000"));
            s.extend(32);
            assertThatThrownBy(() -> SlabAllocator.open(s)).as("free head 50 is not a block").isInstanceOf(BStackCorruptException.class);
            s.set(40, hex("4000000000000000"));
            assertThat(SlabAllocator.open(s).blockSize()).isEqualTo(16);
            s.extend(1);
            assertThatThrownBy(() -> SlabAllocator.open(s)).as("a ragged tail").isInstanceOf(BStackCorruptException.class);
        }
    }

    @Test
    void everyResizePathKeepsThePrefixAndZeroFillsGrowth() throws IOException {
        try (SlabAllocator a = SlabAllocator.create(stack("resize"), 16)) {
            ByteStack s = a.stack();
            RegionHandle r = a.alloc(16);
            r.write(0, filled(16, 0x11));
            r = a.realloc(r, 5); // same block: the length only
            assertThat(s.get(53, 64)).as("stale bytes stay until regrown").isEqualTo(filled(11, 0x11));
            r = a.realloc(r, 12); // same block, grown: the newly visible bytes are zeroed
            assertThat(r.read()).isEqualTo(concat(filled(5, 0x11), new byte[7]));
            r = a.realloc(r, 40); // tail grow: the stale byte 12..16 is zeroed, two blocks appended
            assertThat(r.offset()).isEqualTo(48);
            assertThat(s.len()).isEqualTo(96);
            assertThat(r.read()).isEqualTo(concat(filled(5, 0x11), new byte[35]));
            r.write(0, filled(40, 0x22));
            r = a.realloc(r, 20); // tail shrink: one block discarded
            assertThat(s.len()).isEqualTo(80);
            assertThat(r.read()).isEqualTo(filled(20, 0x22));
            RegionHandle pin = a.alloc(1);
            r = a.realloc(r, 3); // non-tail shrink: block 64 goes to the list
            assertThat(r.region()).isEqualTo(new Region(48, 3));
            assertThat(s.get(40, 48)).isEqualTo(hex("4000000000000000"));
            assertThat(r.read()).isEqualTo(filled(3, 0x22));
            RegionHandle moved = a.realloc(r, 33); // non-tail grow: moves to the tail, block 48 freed
            assertThat(moved.region()).isEqualTo(new Region(96, 33));
            assertThat(moved.read()).isEqualTo(concat(filled(3, 0x22), new byte[30]));
            assertThat(s.get(40, 48)).as("the old block heads the list").isEqualTo(hex("3000000000000000"));
            assertThat(s.get(48, 56)).as("and links to the block freed before it").isEqualTo(hex("4000000000000000"));
            RegionHandle none = a.realloc(moved, 0);
            assertThat(none.region()).isEqualTo(Region.NULL);
            assertThat(s.len()).as("an oversized tail region is discarded").isEqualTo(96);
            RegionHandle back = a.realloc(none, 7);
            assertThat(back.offset()).as("a null handle reallocs as alloc").isEqualTo(48);
            assertThat(back.read()).isEqualTo(new byte[7]);
            assertThat(pin.isLive()).isTrue();
        }
    }

    @Test
    void uninitSkipsTheScrubButKeepsPrefixes() throws IOException {
        try (SlabAllocator a = SlabAllocator.create(stack("uninit"), 32)) {
            RegionHandle h = a.alloc(32);
            h.write(0, filled(32, 0x5A));
            long at = h.offset();
            a.alloc(1); // keeps h off the tail
            a.dealloc(h);
            RegionHandle again = a.allocUninit(32);
            assertThat(again.offset()).isEqualTo(at);
            assertThat(Arrays.copyOfRange(again.read(), 8, 32)).as("the old occupant's bytes").isEqualTo(filled(24, 0x5A));
            again.write(0, filled(16, 0x11));
            RegionHandle grown = a.reallocUninit(again, 100); // non-tail: moves
            assertThat(Arrays.copyOf(grown.read(), 16)).isEqualTo(filled(16, 0x11));
            RegionHandle shrunk = a.reallocUninit(grown, 20);
            assertThat(Arrays.copyOf(shrunk.read(), 16)).isEqualTo(filled(16, 0x11));
            assertThat(a.allocUninit(0).region()).isEqualTo(Region.NULL);
        }
    }

    @Test
    void bulkTakesTheListFirstAndRefusesADuplicateWhole() throws IOException {
        try (SlabAllocator a = SlabAllocator.create(stack("bulk"), 16)) {
            List<RegionHandle> hs = a.allocBulk(new long[] {16, 16, 16, 16});
            for (RegionHandle h : hs) {
                h.write(0, filled(16, 0x77));
            }
            RegionHandle pin = a.alloc(3);
            long len = a.len();
            BStackBulkAllocException dup = catchThrowableOfType(BStackBulkAllocException.class,
                    () -> a.deallocBulk(List.of(hs.get(0), hs.get(1), a.reclaim(hs.get(0).region()))));
            assertThat(dup.getCause()).isInstanceOf(BStackInvalidInputException.class);
            assertThat(hs.get(0).isLive() && hs.get(1).isLive()).as("every handle handed back").isTrue();
            assertThat(a.stack().get(40, 48)).as("nothing freed").isEqualTo(new byte[8]);
            a.deallocBulk(hs);
            List<RegionHandle> again = a.allocBulk(new long[] {1, 16, 0, 9});
            assertThat(a.len()).as("served from the list alone").isEqualTo(len);
            for (RegionHandle h : again) {
                assertThat(h.read()).isEqualTo(new byte[(int) h.len()]);
            }
            assertThat(again).extracting(RegionHandle::offset).containsExactly(48L, 64L, 0L, 80L);
            assertThat(pin.read()).isEqualTo(new byte[3]);
        }
    }

    /** The hole the Javadoc admits: a second free of the same region is not detected. */
    @Test
    void aDoubleFreeIsNotDetectedAndHandsOneBlockToTwoOwners() throws IOException {
        try (SlabAllocator a = SlabAllocator.create(stack("double"), 16)) {
            RegionHandle h = a.alloc(16);
            a.alloc(16); // keeps h off the tail
            RegionHandle twin = a.reclaim(h.region());
            a.dealloc(h);
            a.dealloc(twin); // accepted: nothing on disk says the block is already free
            RegionHandle first = a.alloc(16);
            RegionHandle second = a.alloc(16);
            assertThat(second.offset()).as("two live allocations share one block").isEqualTo(first.offset());
        }
    }

    @Test
    void reclaimChecksOnlyAlignmentAndBounds() throws IOException {
        try (SlabAllocator a = SlabAllocator.create(stack("reclaim"), 16)) {
            RegionHandle h = a.alloc(40);
            assertThat(a.reclaim(h.region()).read()).isEqualTo(new byte[40]);
            assertThatThrownBy(() -> a.reclaim(new Region(56, 8))).isInstanceOf(BStackInvalidInputException.class);
            assertThatThrownBy(() -> a.reclaim(new Region(48, 49))).as("4 blocks past a 3-block arena")
                    .isInstanceOf(BStackInvalidInputException.class);
            assertThatThrownBy(() -> a.reclaim(new Region(5, 0))).isInstanceOf(BStackInvalidInputException.class);
            assertThat(a.reclaim(Region.NULL).isEmpty()).isTrue();
            assertThat(a.reclaim(new Region(64, 3)).offset()).as("a block inside a live region: cannot be told").isEqualTo(64);
        }
    }

    @Test
    void everyFailurePointOfEveryPathLeavesAUsableFile() throws IOException {
        AllocatorFactory f = new Slab16Factory();
        int points = 0;
        FailurePoints.Setup base = (a, m) -> {
            m.add("a", a.alloc(16), FailurePoints.pattern(16, 1));
            m.add("big", a.alloc(60), FailurePoints.adversarial(60, 16)); // 4 blocks
            m.add("b", a.alloc(9), FailurePoints.pattern(9, 2));
            RegionHandle gone = a.alloc(16);
            a.alloc(1); // not modelled: stays allocated
            a.dealloc(gone); // the list has one block
        };
        points += FailurePoints.sweep(f, dir, "alloc-pop", null, base, (a, m) -> m.add("n", a.alloc(7), new byte[7]));
        points += FailurePoints.sweep(f, dir, "alloc-uninit-pop", null, base, (a, m) -> ((BStackUninitAllocator) a).allocUninit(7));
        points += FailurePoints.sweep(f, dir, "alloc-tail", null, base, (a, m) -> m.add("n", a.alloc(70), new byte[70]));
        points += FailurePoints.sweep(f, dir, "free-run", "big", base, (a, m) -> {
            a.dealloc(m.get("big"));
            m.remove("big");
        });
        points += FailurePoints.sweep(f, dir, "free-one", "a", base, (a, m) -> {
            a.dealloc(m.get("a"));
            m.remove("a");
        });
        FailurePoints.Setup tail = (a, m) -> {
            base.build(a, m);
            m.add("t", a.alloc(40), FailurePoints.pattern(40, 3));
        };
        points += FailurePoints.sweep(f, dir, "free-tail", "t", tail, (a, m) -> {
            a.dealloc(m.get("t"));
            m.remove("t");
        });
        for (long to : new long[] {12, 100, 20}) {
            String name = "realloc-tail-" + to;
            points += FailurePoints.sweep(f, dir, name, "t", tail, (a, m) -> m.resized("t", a.realloc(m.get("t"), to)));
        }
        for (long to : new long[] {5, 64, 200}) {
            String name = "realloc-mid-" + to;
            points += FailurePoints.sweep(f, dir, name, "big", base, (a, m) -> m.resized("big", a.realloc(m.get("big"), to)));
        }
        points += FailurePoints.sweep(f, dir, "alloc-bulk", null, base, (a, m) -> {
            List<RegionHandle> hs = ((BStackBulkAllocator) a).allocBulk(new long[] {3, 0, 50, 16});
            for (int i = 0; i < hs.size(); i++) {
                m.add("bulk" + i, hs.get(i), new byte[(int) hs.get(i).len()]);
            }
        });
        points += FailurePoints.sweep(f, dir, "free-bulk", "a", base, (a, m) -> {
            ((BStackBulkAllocator) a).deallocBulk(List.of(m.get("a"), m.get("big")));
            m.remove("a");
            m.remove("big");
        });
        System.out.println("SlabAllocatorTest: " + points + " failure points exercised");
        assertThat(points).as("failure points exercised").isGreaterThan(100);
    }

    @Test
    void fuzz64() throws IOException {
        AllocatorFuzz.run(new SlabFactory(), dir);
    }

    @Test
    void fuzz16() throws IOException {
        AllocatorFuzz.run(new Slab16Factory(), dir);
    }

    @Test
    void fuzzWithFaults64() throws IOException {
        AllocatorFuzz.withFaults(new SlabFactory(), dir);
    }

    @Test
    void fuzzWithFaults16() throws IOException {
        AllocatorFuzz.withFaults(new Slab16Factory(), dir);
    }

    @Test
    void survivesSigkill() throws Exception {
        AllocatorCrash.run(new SlabFactory(), dir);
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
