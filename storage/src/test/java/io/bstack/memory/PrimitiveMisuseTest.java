package io.bstack.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bstack.memory.AllocatorMisuseException.Misuse;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Every misuse of a layout primitive or wrapper throws a typed exception and changes nothing. */
class PrimitiveMisuseTest {

    private static final Layout L = Layout.of(64, 16);

    private long ledgerBefore;
    private ArenaBacking backing;

    @BeforeEach
    void open() {
        ledgerBefore = NativeMemoryLedger.liveBytes();
        backing = ArenaBacking.create(4 << 20);
    }

    @AfterEach
    void close() {
        backing.close();
        assertThat(NativeMemoryLedger.liveBytes()).isEqualTo(ledgerBefore);
    }

    private static void assertMisuse(Runnable call, Misuse expected) {
        AbstractThrowableAssert<?, ?> a = assertThatThrownBy(call::run).isInstanceOf(AllocatorMisuseException.class);
        a.extracting(e -> ((AllocatorMisuseException) e).misuse()).isEqualTo(expected);
    }

    @ParameterizedTest
    @EnumSource(PrimitiveKind.class)
    void everyKindRejectsDoubleForeignAndWrongLayoutFrees(PrimitiveKind kind) throws Exception {
        PrimitiveKind.Opened opened = kind.open(false);
        PrimitiveKind.Opened sibling = kind.open(false);
        Allocator a = opened.allocator();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment b = a.allocate(L);
            assertThatThrownBy(() -> a.free(b, Layout.of(64, 8))).isInstanceOf(AllocatorMisuseException.class);
            assertThatThrownBy(() -> a.free(b, Layout.of(32, 16))).isInstanceOf(AllocatorMisuseException.class);
            MemorySegment theirs = sibling.allocator().allocate(L);
            assertThatThrownBy(() -> a.free(theirs, L)).isInstanceOf(AllocatorMisuseException.class);
            assertThatThrownBy(() -> a.free(arena.allocate(64, 16), L)).isInstanceOf(AllocatorMisuseException.class);
            a.free(b, L);
            assertThatThrownBy(() -> a.free(b, L)).isInstanceOf(AllocatorMisuseException.class);
            assertThat(a.corruptionEvents()).isGreaterThanOrEqualTo(5);
            MemorySegment c = a.allocate(L);
            a.free(c, L);
        } finally {
            opened.close();
            sibling.close();
        }
    }

    @Test
    void slabNamesEachMisuse() {
        try (Slab slab = Slab.create(backing, 128, 8); Slab other = Slab.create(backing, 64, 8)) {
            MemorySegment b = slab.allocate(L);
            assertMisuse(() -> slab.free(b, Layout.of(64, 8)), Misuse.LAYOUT_MISMATCH);
            assertMisuse(() -> slab.free(BlockViews.resized(b, 128).asSlice(64, 64), L), Misuse.FOREIGN_BLOCK);
            MemorySegment wrongStride = other.allocate(L);
            assertMisuse(() -> slab.free(wrongStride, L), Misuse.FOREIGN_BLOCK);
            slab.free(b, L);
            assertMisuse(() -> slab.free(b, L), Misuse.DOUBLE_FREE);
            assertThat(slab.corruptionEvents()).isEqualTo(4);
            assertThatThrownBy(() -> slab.allocate(Layout.ofBytes(129))).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> slab.allocate(Layout.of(8, 256))).isInstanceOf(IllegalArgumentException.class);
            for (int i = 0; i < 8; i++) {
                slab.allocate(L);
            }
            assertThatThrownBy(() -> slab.allocate(L)).isInstanceOf(OutOfNativeMemoryException.class);
            MemorySegment before = other.allocate(L);
            other.reset();
            assertMisuse(() -> other.free(before, L), Misuse.STALE_AFTER_RESET);
            assertThatThrownBy(() -> before.get(ValueLayout.JAVA_BYTE, 0)).isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void stackFreesOutOfOrderThrowAndLeaveTheStackIntact() {
        try (StackAlloc stack = StackAlloc.create(backing, 4096)) {
            MemorySegment a = stack.allocate(L);
            MemorySegment b = stack.allocate(L);
            assertThatThrownBy(() -> stack.free(a, L)).isInstanceOf(LifoViolationException.class)
                    .hasMessageContaining("out of order");
            assertThatThrownBy(() -> stack.grow(a, L, Layout.of(128, 16))).isInstanceOf(LifoViolationException.class);
            assertThat(stack.depth()).isEqualTo(2);
            stack.free(b, L);
            assertMisuse(() -> stack.free(b, L), Misuse.DOUBLE_FREE);
            long used = stack.usedBytes();
            stack.free(a, L);
            assertThat(stack.usedBytes()).isLessThan(used).isZero();
            MemorySegment c = stack.allocate(L);
            assertThat(c.address()).as("LIFO reuses the freed space").isEqualTo(a.address());
            stack.reset();
            assertMisuse(() -> stack.free(c, L), Misuse.STALE_AFTER_RESET);
        }
    }

    @Test
    void bumpArenaRewindsMarksAndScopes() {
        try (BumpArena arena = BumpArena.create(backing, 1 << 16)) {
            MemorySegment keep = arena.allocate(L);
            BumpArena.Mark mark = arena.mark();
            MemorySegment gone = arena.allocate(L);
            long usedAtGone = arena.usedBytes();
            arena.rewindTo(mark);
            assertThatThrownBy(() -> gone.get(ValueLayout.JAVA_BYTE, 0)).isInstanceOf(IllegalStateException.class);
            assertMisuse(() -> arena.free(gone, L), Misuse.STALE_AFTER_RESET);
            keep.fill((byte) 7);
            MemorySegment again = arena.allocate(L);
            assertThat(again.address()).isEqualTo(gone.address());
            assertThat(arena.usedBytes()).isEqualTo(usedAtGone);
            arena.rewindTo(mark); // a mark stays usable after rewinding to it
            MemorySegment inScope;
            BumpArena.Scope outer = arena.scope();
            try (outer) {
                inScope = arena.allocate(L);
                BumpArena.Scope inner = arena.scope();
                try (inner) {
                    arena.allocate(L).fill((byte) 1);
                }
                inScope.fill((byte) 2);
            }
            assertThatThrownBy(() -> inScope.get(ValueLayout.JAVA_BYTE, 0)).isInstanceOf(IllegalStateException.class);
            assertThat(arena.usedBytes()).isEqualTo(64);
            arena.reset();
            assertThatThrownBy(() -> keep.get(ValueLayout.JAVA_BYTE, 0)).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(() -> arena.rewindTo(mark)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("stale");
            assertThat(arena.usedBytes()).isZero();
        }
    }

    @Test
    void bumpArenaGrowsTheLastBlockInPlace() {
        try (BumpArena arena = BumpArena.create(backing, 1 << 16)) {
            MemorySegment a = arena.allocate(L);
            a.fill((byte) 3);
            MemorySegment grown = arena.grow(a, L, Layout.of(256, 16));
            assertThat(grown.address()).isEqualTo(a.address());
            assertThat(arena.usedBytes()).isEqualTo(256);
            assertThat(grown.get(ValueLayout.JAVA_BYTE, 63)).isEqualTo((byte) 3);
        }
    }

    @Test
    void sizeClassesAreChosenByBitLength() {
        assertThat(SizeClassed.classIndex(Layout.ofBytes(1))).isZero();
        assertThat(SizeClassed.classIndex(Layout.ofBytes(64))).isZero();
        assertThat(SizeClassed.classIndex(Layout.ofBytes(65))).isEqualTo(1);
        assertThat(SizeClassed.classIndex(Layout.of(8, 256))).isEqualTo(2);
        assertThat(SizeClassed.classIndex(Layout.ofBytes(4097))).isEqualTo(7);
        assertThat(SizeClassed.classIndex(Layout.ofBytes(8192))).isEqualTo(7);
        assertThat(SizeClassed.classIndex(Layout.ofBytes(8193))).isEqualTo(-1);
        try (SizeClassed sc = SizeClassed.create(backing, 1)) {
            MemorySegment first = sc.allocate(L);
            assertThat(sc.usableSize(first, L)).hasValue(64);
            MemorySegment overflow = sc.allocate(L);
            MemorySegment large = sc.allocate(Layout.ofBytes(10_000));
            assertThat(sc.overflowBlocks()).isEqualTo(2);
            sc.free(overflow, L);
            sc.free(large, Layout.ofBytes(10_000));
            sc.free(first, L);
            assertThat(sc.overflowBlocks()).isZero();
            assertThat(sc.capacityBytes()).hasValue(16320);
        }
    }

    @Test
    void canaryCatchesAOneByteOverrunAndUnderrun() {
        Canary canary = Canary.wrap(backing);
        Layout layout = Layout.of(100, 8);
        MemorySegment block = canary.allocate(layout);
        MemorySegment past = BlockViews.resized(block, 101);
        past.set(ValueLayout.JAVA_BYTE, 100, (byte) ~past.get(ValueLayout.JAVA_BYTE, 100)); // flipped: a changed byte
        assertThatThrownBy(() -> canary.free(block, layout)).isInstanceOf(CanaryCorruptionException.class)
                .satisfies(e -> assertThat(((CanaryCorruptionException) e).overflow()).isTrue())
                .satisfies(e -> assertThat(((CanaryCorruptionException) e).underflow()).isFalse());
        assertThat(canary.corruptionEvents()).isEqualTo(1);
        assertThat(backing.liveBlocks()).as("the corrupted block is still handed back").isZero();

        MemorySegment under = canary.allocate(layout);
        MemorySegment before = BlockViews.resized(MemorySegment.ofAddress(under.address() - 1), 1);
        // flip the canary byte (it derives from a random seed: writing a fixed value left it intact 1 time in 256)
        before.set(ValueLayout.JAVA_BYTE, 0, (byte) ~before.get(ValueLayout.JAVA_BYTE, 0));
        assertThatThrownBy(() -> canary.free(under, layout)).isInstanceOf(CanaryCorruptionException.class)
                .satisfies(e -> assertThat(((CanaryCorruptionException) e).underflow()).isTrue());
        MemorySegment clean = canary.allocate(layout);
        clean.fill((byte) -1);
        canary.free(clean, layout);
        assertThat(canary.corruptionEvents()).isEqualTo(2);
        assertMisuse(() -> canary.free(clean, layout), Misuse.FOREIGN_BLOCK);
    }

    @Test
    void poisonFillsTheWholeSlotBeforeTheFree() {
        try (Slab slab = Slab.create(backing, 128, 2)) {
            PoisonOnFree poison = PoisonOnFree.wrap(slab);
            MemorySegment b = poison.allocate(L);
            b.fill((byte) 1);
            long address = b.address();
            poison.free(b, L);
            MemorySegment again = poison.allocate(Layout.ofBytes(128));
            assertThat(again.address()).isEqualTo(address);
            assertThat(again.mismatch(PrimitiveModelProperties.expected(128, PoisonOnFree.DEFAULT_PATTERN)))
                    .isEqualTo(-1L);
            assertThatThrownBy(() -> poison.free(b, L)).isInstanceOf(AllocatorMisuseException.class);
            poison.free(again, Layout.ofBytes(128));
        }
    }

    @Test
    void statisticsCountAndKeepThePeak() {
        try (Slab slab = Slab.create(backing, 128, 2)) {
            Statistics stats = Statistics.wrap(slab);
            MemorySegment a = stats.allocate(L);
            MemorySegment b = stats.allocate(Layout.ofBytes(100));
            assertThatThrownBy(() -> stats.allocate(L)).isInstanceOf(OutOfNativeMemoryException.class);
            stats.free(a, L);
            assertThat(stats.allocations()).isEqualTo(2);
            assertThat(stats.frees()).isEqualTo(1);
            assertThat(stats.failures()).isEqualTo(1);
            assertThat(stats.liveBytes()).isEqualTo(100);
            assertThat(stats.peakBytes()).isEqualTo(164);
            stats.free(b, Layout.ofBytes(100));
            assertThat(stats.liveBytes()).isZero();
        }
    }

    @Test
    void fallbackRoutesFreesToTheOwner() {
        try (Slab primary = Slab.create(backing, 64, 1); Slab secondary = Slab.create(backing, 64, 4)) {
            WithFallback both = WithFallback.of(primary, secondary);
            MemorySegment p = both.allocate(L);
            MemorySegment s = both.allocate(L);
            assertThat(both.servedBySecondary(p)).isFalse();
            assertThat(both.servedBySecondary(s)).isTrue();
            assertThat(primary.liveSlots()).isEqualTo(1);
            assertThat(secondary.liveSlots()).isEqualTo(1);
            both.free(s, L);
            both.free(p, L);
            assertThat(primary.liveSlots() + secondary.liveSlots()).isZero();
            assertThat(both.capacityBytes()).hasValue(320);
        }
    }

    @Test
    void extendableSlabAddsSegmentsWhenFull() {
        try (ExtendableSlab slab = ExtendableSlab.create(backing, 64, 2)) {
            MemorySegment[] blocks = new MemorySegment[7];
            for (int i = 0; i < blocks.length; i++) {
                blocks[i] = slab.allocate(L);
            }
            assertThat(slab.segments()).isEqualTo(4);
            assertThat(slab.capacityBytes()).hasValue(4 * 2 * 64);
            slab.free(blocks[0], L);
            assertMisuse(() -> slab.free(blocks[0], L), Misuse.DOUBLE_FREE);
            assertThat(slab.allocate(L).address()).isEqualTo(blocks[0].address());
            assertThat(slab.segments()).isEqualTo(4);
        }
    }
}
