package io.bstack.alloc;

import static io.bstack.alloc.SlabAllocatorTest.concat;
import static io.bstack.alloc.SlabAllocatorTest.filled;
import static io.bstack.alloc.SlabAllocatorTest.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.bstack.stack.ByteStack;
import io.bstack.stack.BStack;
import io.bstack.stack.BStackCorruptException;
import io.bstack.stack.BStackInvalidInputException;
import io.bstack.stack.FaultPolicy;
import io.bstack.stack.StackOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What only the checked slab does: its bytes, its state words, double-free refusal, and recovery. */
class CheckedSlabAllocatorTest {
    @TempDir
    Path dir;

    private Path file(String name) {
        return dir.resolve(name + ".bstack");
    }

    private BStack stack(String name) throws IOException {
        return BStack.open(file(name), StackOptions.testing().withoutSync());
    }

    @Test
    void headerWordsAndFreeRunsAreTheCratesBytes() throws IOException {
        try (CheckedSlabAllocator a = CheckedSlabAllocator.create(stack("golden"), 8)) {
            ByteStack s = a.stack();
            assertThat(s.get(0, 48)).isEqualTo(hex("00".repeat(24) + "414c434b00010300 1000000000000000 0000000000000000"));
            RegionHandle x = a.alloc(8); // 1 block: 8 + 8 fits 16
            RegionHandle y = a.alloc(20); // ceil(28 / 16) = 2 blocks
            RegionHandle z = a.alloc(1);
            assertThat(List.of(x.region(), y.region(), z.region())).containsExactly(new Region(56, 8), new Region(72, 20),
                    new Region(104, 1));
            x.write(0, filled(8, 0xAA));
            y.write(0, filled(20, 0xBB));
            z.write(0, filled(1, 0xCC));
            assertThat(s.get(48, 112)).isEqualTo(hex(
                    "0100000000000080 aaaaaaaaaaaaaaaa"       // in use, 1 block
                    + "0200000000000080 bbbbbbbbbbbbbbbb"     // in use, 2 blocks
                    + "bbbbbbbbbbbbbbbb bbbbbbbb00000000"     // (the second block has no word)
                    + "0100000000000080 cc00000000000000"));
            a.dealloc(x); // rewritten as a free block: word 0, link 0 (old head)
            a.dealloc(y); // a free run: 64 -> 80 -> 48
            assertThat(s.get(24, 112)).isEqualTo(hex(
                    "414c434b00010300 1000000000000000 4000000000000000"
                    + "0000000000000000 0000000000000000"
                    + "0000000000000000 5000000000000000"
                    + "0000000000000000 3000000000000000"
                    + "0100000000000080 cc00000000000000"));
            RegionHandle p = a.alloc(3); // pops 64: word + zeroed data in one batch
            assertThat(p.region()).isEqualTo(new Region(72, 3));
            assertThat(s.get(40, 48)).isEqualTo(hex("5000000000000000"));
            assertThat(s.get(64, 80)).isEqualTo(hex("0100000000000080 0000000000000000"));
            RegionHandle q = a.allocUninit(2); // pops 80: only the word is written, the link shows through
            assertThat(q.region()).isEqualTo(new Region(88, 2));
            assertThat(q.read()).isEqualTo(hex("3000"));
            assertThat(s.get(80, 88)).isEqualTo(hex("0100000000000080"));
            assertThat(s.get(40, 48)).isEqualTo(hex("3000000000000000"));
            RegionHandle z3 = a.realloc(z, 30); // tail grow to ceil(38 / 16) = 3 blocks: extend, then the word
            assertThat(z3.region()).isEqualTo(new Region(104, 30));
            assertThat(s.len()).isEqualTo(144);
            assertThat(s.get(96, 104)).isEqualTo(hex("0300000000000080"));
            assertThat(z3.read()).isEqualTo(concat(filled(1, 0xCC), new byte[29]));
            z3.write(0, filled(30, 0xEE));
            RegionHandle z1 = a.realloc(z3, 5); // tail shrink: new word + zero words on the cut blocks, then discard
            assertThat(s.len()).isEqualTo(112);
            assertThat(s.get(96, 112)).isEqualTo(hex("0100000000000080 eeeeeeeeeeeeeeee"));
            assertThat(z1.read()).isEqualTo(filled(5, 0xEE));
            RegionHandle e = a.alloc(1); // takes 48, the last list block
            assertThat(e.offset()).isEqualTo(56);
            RegionHandle d = a.alloc(30); // 3 blocks at 112
            d.write(0, filled(30, 0xDD));
            RegionHandle f = a.alloc(1); // 160, pins d
            RegionHandle d1 = a.realloc(d, 5); // non-tail shrink: excess 128..160 as a free run, word, head: one batch
            assertThat(d1.region()).isEqualTo(new Region(120, 5));
            assertThat(s.get(40, 48)).isEqualTo(hex("8000000000000000"));
            assertThat(s.get(112, 176)).isEqualTo(hex(
                    "0100000000000080 dddddddddddddddd"
                    + "0000000000000000 9000000000000000"
                    + "0000000000000000 0000000000000000"
                    + "0100000000000080 0000000000000000"));
            assertThat(List.of(p, q, e, f, z1, d1)).allMatch(RegionHandle::isLive);
        }
    }

    @Test
    void createAndOpenRefuseWhatIsNotACheckedSlab() throws IOException {
        try (BStack s = stack("refuse")) {
            assertThatThrownBy(() -> CheckedSlabAllocator.open(s)).isInstanceOf(BStackInvalidInputException.class);
            assertThatThrownBy(() -> CheckedSlabAllocator.create(s, 7)).isInstanceOf(BStackInvalidInputException.class);
            s.push(new byte[48]);
            assertThatThrownBy(() -> CheckedSlabAllocator.open(s)).as("zero magic").isInstanceOf(BStackCorruptException.class);
            assertThatThrownBy(() -> CheckedSlabAllocator.create(s, 8)).isInstanceOf(BStackInvalidInputException.class);
            s.set(24, hex("414c534c00010100 1000000000000000"));
            assertThatThrownBy(() -> CheckedSlabAllocator.open(s)).as("a plain slab").isInstanceOf(BStackCorruptException.class);
            s.set(24, hex("414c434b00010100 0f00000000000000"));
            assertThatThrownBy(() -> CheckedSlabAllocator.open(s)).as("block size 15").isInstanceOf(BStackCorruptException.class);
            s.set(24, hex("414c434b00010100 1000000000000000"));
            assertThat(CheckedSlabAllocator.open(s).dataSize()).as("a 0.1.1 file opens").isEqualTo(8);
            s.push(hex("0100000000000080 0000000000000000"));
            s.set(40, hex("3000000000000000"));
            assertThatThrownBy(() -> CheckedSlabAllocator.open(s)).as("the free head is in use").isInstanceOf(BStackCorruptException.class);
            s.set(40, new byte[8]);
            s.extend(3);
            assertThatThrownBy(() -> CheckedSlabAllocator.open(s)).as("a ragged tail").isInstanceOf(BStackCorruptException.class);
        }
    }

    @Test
    void aSecondFreeIsRefusedAndTheHandleComesBack() throws IOException {
        try (CheckedSlabAllocator a = CheckedSlabAllocator.create(stack("double"), 16)) {
            RegionHandle h = a.alloc(16);
            RegionHandle keep = a.alloc(40);
            keep.write(0, filled(40, 0x42));
            RegionHandle twin = a.reclaim(h.region());
            a.dealloc(h);
            BStackAllocException e = catchThrowableOfType(BStackAllocException.class, () -> a.dealloc(twin));
            assertThat(e.getCause()).isInstanceOf(BStackInvalidInputException.class).hasMessageContaining("not marked in use");
            assertThat(e.outcome()).isEqualTo(BStackAllocException.Outcome.UNTOUCHED);
            assertThat(e.handle()).containsSame(twin);
            assertThat(twin.isLive()).isTrue();
            BStackAllocException r = catchThrowableOfType(BStackAllocException.class, () -> a.realloc(twin, 100));
            assertThat(r.getCause()).isInstanceOf(BStackInvalidInputException.class);
            assertThatThrownBy(() -> a.reclaim(h.region())).as("a freed region").isInstanceOf(BStackInvalidInputException.class);
            assertThatThrownBy(() -> a.reclaim(new Region(keep.offset(), 10))).as("a length needing another block count")
                    .isInstanceOf(BStackInvalidInputException.class);
            assertThat(a.reclaim(new Region(keep.offset(), 39)).len()).as("the same block count cannot be told apart").isEqualTo(39);
            assertThatThrownBy(() -> a.reclaim(new Region(keep.offset() + 24, 8))).isInstanceOf(BStackInvalidInputException.class);
            assertThatThrownBy(() -> a.reclaim(new Region(a.len() + 8, 8))).isInstanceOf(BStackInvalidInputException.class);
            assertThat(keep.read()).isEqualTo(filled(40, 0x42));
        }
    }

    @Test
    void aBulkFreeWithOneDoubleFreeFreesNothing() throws IOException {
        try (CheckedSlabAllocator a = CheckedSlabAllocator.create(stack("bulk"), 16)) {
            List<RegionHandle> hs = a.allocBulk(new long[] {16, 40, 0, 3});
            RegionHandle stale = a.reclaim(hs.get(3).region());
            a.dealloc(hs.get(3));
            byte[] before = a.stack().get(0, a.len());
            List<RegionHandle> batch = List.of(hs.get(0), hs.get(1), hs.get(2), stale);
            BStackBulkAllocException e = catchThrowableOfType(BStackBulkAllocException.class, () -> a.deallocBulk(batch));
            assertThat(e.getCause()).isInstanceOf(BStackInvalidInputException.class);
            assertThat(e.notFreed()).containsExactlyElementsOf(batch);
            assertThat(batch).allMatch(RegionHandle::isLive);
            assertThat(a.stack().get(0, a.len())).as("not a byte changed").isEqualTo(before);
            RegionHandle twin = a.reclaim(hs.get(1).region());
            assertThat(catchThrowableOfType(BStackBulkAllocException.class,
                    () -> a.deallocBulk(List.of(hs.get(1), twin))).getCause()).as("the same region twice in one batch")
                    .isInstanceOf(BStackInvalidInputException.class);
            a.deallocBulk(List.of(hs.get(0), hs.get(1), hs.get(2)));
            List<RegionHandle> again = a.allocBulk(new long[] {1, 1, 1});
            assertThat(a.len()).as("the three freed blocks served the batch").isEqualTo(before.length);
            new CheckedSlabFactory(16).verify(a, again.stream().map(RegionHandle::region).toList());
        }
    }

    @Test
    void recoveryRelinksLeaksInTheCratesOrderAndDropsAnOrphanedTail() throws IOException {
        Region live;
        try (CheckedSlabAllocator a = CheckedSlabAllocator.create(stack("leaks"), 8)) {
            ByteStack s = a.stack();
            a.alloc(1);
            RegionHandle mid = a.alloc(1);
            RegionHandle keep = a.alloc(20); // 2 blocks at 80
            keep.write(0, filled(20, 0x3C));
            live = keep.region();
            a.alloc(1);
            a.dealloc(mid);
            // the crate's two-call pop, torn: the head advanced, the block never claimed (its word stays 0)
            s.set(40, new byte[8]);
            // a crashed extend: a block with no word at the tail
            s.extend(16);
            // a tail shrink torn in the crate's order: the word says 1 block, the cut block holds a stale payload
            long t = s.extend(48);
            s.set(t, hex("0100000000000080"));
            s.set(t + 16, hex("1111111111111111 2222222222222222"));
            s.set(t + 32, hex("3333333333333333"));
        }
        try (CheckedSlabAllocator a = CheckedSlabAllocator.open(stack("leaks"))) {
            ByteStack s = a.stack();
            assertThat(a.lastRecoveryUnclassified()).isZero();
            assertThat(s.len()).as("the orphaned two blocks after the shrunk one are gone").isEqualTo(160);
            // leaks at 64 and 128 relinked as if pushed in ascending order: head 128 -> 64 -> 0
            assertThat(s.get(40, 48)).isEqualTo(hex("8000000000000000"));
            assertThat(s.get(128, 144)).isEqualTo(hex("0000000000000000 4000000000000000"));
            assertThat(s.get(64, 80)).isEqualTo(hex("0000000000000000 0000000000000000"));
            assertThat(a.reclaim(live).read()).isEqualTo(filled(20, 0x3C));
            assertThat(a.recover()).as("idempotent").isZero();
            new CheckedSlabFactory(8).verify(a, List.of(live));
        }
    }

    @Test
    void damageThatNoCrashMakesIsCountedNotRepaired() throws IOException {
        try (CheckedSlabAllocator a = CheckedSlabAllocator.create(stack("garbage"), 8)) {
            ByteStack s = a.stack();
            RegionHandle first = a.alloc(1);
            a.alloc(1);
            RegionHandle third = a.alloc(1);
            a.alloc(1);
            a.dealloc(third); // a listed free block after the garbage: the resync anchor
            s.set(first.offset() - 8, hex("0500000000000000")); // neither free nor a valid in-use word
        }
        try (CheckedSlabAllocator a = CheckedSlabAllocator.open(stack("garbage"))) {
            assertThat(a.lastRecoveryUnclassified()).as("the two blocks before the anchor").isEqualTo(2);
            assertThat(a.len()).isEqualTo(112);
            a.stack().set(40, hex("5000000000000000"));
            a.stack().set(88, hex("5000000000000000")); // the list loops on itself
            a.stack().extend(16); // and a zero-word block that is not on it
            assertThat(a.recover()).as("a corrupt list relinks nothing; the stray block is counted").isEqualTo(3);
            assertThat(a.stack().get(40, 48)).isEqualTo(hex("5000000000000000"));
        }
    }

    @Test
    void aRecoveryThatFailsMidwayIsFinishedByTheNextOpen() throws IOException {
        Region live;
        try (CheckedSlabAllocator a = CheckedSlabAllocator.create(stack("torn-recovery"), 8)) {
            ByteStack s = a.stack();
            for (int i = 0; i < 4; i++) {
                a.alloc(1);
            }
            RegionHandle keep = a.alloc(30);
            keep.write(0, filled(30, 0x5E));
            live = keep.region();
            s.extend(32); // two leaked blocks
            s.set(56, hex("0000000000000000")); // and a third one in the middle: word of block 48 wiped
            s.set(48, new byte[8]);
        }
        byte[] damaged = Files.readAllBytes(file("torn-recovery"));
        int points = 0;
        for (int k = 0; k < 200; k++) {
            Files.write(file("torn-recovery"), damaged);
            boolean survived = false;
            try (BStack s = stack("torn-recovery")) {
                s.faultPolicy(FaultPolicy.failAt(k));
                try {
                    CheckedSlabAllocator.open(s);
                    survived = true;
                } catch (IOException expected) {
                    // the next open must finish the job
                }
                s.faultPolicy(FaultPolicy.none());
            } catch (IOException closing) {
                // a stack whose repair failed may not close cleanly
            }
            points++;
            try (CheckedSlabAllocator a = CheckedSlabAllocator.open(stack("torn-recovery"))) {
                assertThat(a.reclaim(live).read()).as("k=%d", k).isEqualTo(filled(30, 0x5E));
                new CheckedSlabFactory(8).verify(a, List.of(live));
            }
            if (survived) {
                break;
            }
        }
        assertThat(points).isGreaterThan(5);
    }

    @Test
    void everyFailurePointOfEveryPathRecoversCleanly() throws IOException {
        AllocatorFactory f = new CheckedSlab16Factory(); // 24-byte blocks
        int points = 0;
        FailurePoints.Setup base = (a, m) -> {
            m.add("a", a.alloc(16), FailurePoints.pattern(16, 1));
            m.add("big", a.alloc(60), FailurePoints.adversarial(60, 24)); // 3 blocks, stale words in the tail blocks
            m.add("b", a.alloc(9), FailurePoints.pattern(9, 2));
            RegionHandle gone = a.alloc(16);
            a.alloc(1);
            a.dealloc(gone);
        };
        FailurePoints.Setup tail = (a, m) -> {
            base.build(a, m);
            m.add("t", a.alloc(40), FailurePoints.adversarial(40, 24)); // 2 blocks at the tail
        };
        Map<String, FailurePoints.Op> ops = new java.util.LinkedHashMap<>();
        ops.put("alloc-pop", (a, m) -> m.add("n", a.alloc(7), new byte[7]));
        ops.put("alloc-uninit-pop", (a, m) -> m.add("n", ((BStackUninitAllocator) a).allocUninit(7), new byte[7]));
        ops.put("alloc-tail", (a, m) -> m.add("n", a.alloc(70), new byte[70]));
        ops.put("alloc-bulk", (a, m) -> {
            List<RegionHandle> hs = ((BStackBulkAllocator) a).allocBulk(new long[] {3, 0, 50, 16});
            for (int i = 0; i < hs.size(); i++) {
                m.add("bulk" + i, hs.get(i), new byte[(int) hs.get(i).len()]);
            }
        });
        for (Map.Entry<String, FailurePoints.Op> e : ops.entrySet()) {
            points += FailurePoints.sweep(f, dir, e.getKey(), null, tail, e.getValue());
        }
        points += FailurePoints.sweep(f, dir, "free-run", "big", tail, (a, m) -> {
            a.dealloc(m.get("big"));
            m.remove("big");
        });
        points += FailurePoints.sweep(f, dir, "free-tail", "t", tail, (a, m) -> {
            a.dealloc(m.get("t"));
            m.remove("t");
        });
        points += FailurePoints.sweep(f, dir, "free-bulk", "a", tail, (a, m) -> {
            ((BStackBulkAllocator) a).deallocBulk(List.of(m.get("a"), m.get("big"), m.get("t")));
            m.remove("a");
            m.remove("big");
            m.remove("t");
        });
        for (long to : new long[] {12, 100, 45, 33}) { // shrink, grow, grow by one, same count
            points += FailurePoints.sweep(f, dir, "realloc-tail-" + to, "t", tail, (a, m) -> m.resized("t", a.realloc(m.get("t"), to)));
        }
        for (long to : new long[] {5, 30, 64, 200}) { // shrink to 1, shrink by 1, same count, move
            points += FailurePoints.sweep(f, dir, "realloc-mid-" + to, "big", tail,
                    (a, m) -> m.resized("big", a.realloc(m.get("big"), to)));
            points += FailurePoints.sweep(f, dir, "realloc-uninit-mid-" + to, "big", tail,
                    (a, m) -> m.resized("big", ((BStackUninitAllocator) a).reallocUninit(m.get("big"), to)));
        }
        System.out.println("CheckedSlabAllocatorTest: " + points + " failure points exercised");
        assertThat(points).as("failure points exercised").isGreaterThan(200);
    }

    @Test
    void regionsKeepTheirBytesAcrossManyReopens() throws IOException {
        List<Region> regions = new ArrayList<>();
        try (CheckedSlabAllocator a = CheckedSlabAllocator.create(stack("reopen"), 64)) {
            for (int i = 0; i < 10; i++) {
                RegionHandle h = a.alloc(20L * i);
                h.write(0, FailurePoints.pattern(20 * i, i));
                regions.add(h.region());
            }
        }
        for (int round = 0; round < 3; round++) {
            try (CheckedSlabAllocator a = CheckedSlabAllocator.open(stack("reopen"))) {
                assertThat(a.lastRecoveryUnclassified()).isZero();
                for (int i = 0; i < regions.size(); i++) {
                    assertThat(a.reclaim(regions.get(i)).read()).isEqualTo(FailurePoints.pattern(20 * i, i));
                }
                new CheckedSlabFactory().verify(a, regions);
            }
        }
    }

    @Test
    void fuzz64() throws IOException {
        AllocatorFuzz.run(new CheckedSlabFactory(), dir);
    }

    @Test
    void fuzz16() throws IOException {
        AllocatorFuzz.run(new CheckedSlab16Factory(), dir);
    }

    @Test
    void fuzzWithFaults64() throws IOException {
        AllocatorFuzz.withFaults(new CheckedSlabFactory(), dir);
    }

    @Test
    void fuzzWithFaults16() throws IOException {
        AllocatorFuzz.withFaults(new CheckedSlab16Factory(), dir);
    }

    @Test
    void survivesSigkill() throws Exception {
        AllocatorCrash.run(new CheckedSlabFactory(), dir);
    }
}
