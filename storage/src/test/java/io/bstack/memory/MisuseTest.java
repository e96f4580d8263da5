package io.bstack.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bstack.memory.AllocatorMisuseException.Misuse;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Every case the crate calls undefined behaviour throws a typed exception, on every backing. */
class MisuseTest {

    private static final Layout L = Layout.of(64, 16);

    private static void assertMisuse(Runnable call, Misuse expected) {
        AbstractThrowableAssert<?, ?> a = assertThatThrownBy(call::run).isInstanceOf(AllocatorMisuseException.class);
        a.extracting(e -> ((AllocatorMisuseException) e).misuse()).isEqualTo(expected);
    }

    @ParameterizedTest
    @EnumSource(BackingKind.class)
    void doubleFreeThrows(BackingKind kind) throws Exception {
        kind.assumeAvailable();
        Allocator a = kind.open();
        try {
            MemorySegment b = a.allocate(L);
            a.free(b, L);
            assertMisuse(() -> a.free(b, L), Misuse.DOUBLE_FREE);
            assertThat(a.corruptionEvents()).isEqualTo(1);
        } finally {
            BackingKind.close(a);
        }
    }

    @ParameterizedTest
    @EnumSource(BackingKind.class)
    void wrongLayoutThrowsAndLeavesTheBlockLive(BackingKind kind) throws Exception {
        kind.assumeAvailable();
        Allocator a = kind.open();
        try {
            MemorySegment b = a.allocate(L);
            assertMisuse(() -> a.free(b, Layout.of(64, 8)), Misuse.LAYOUT_MISMATCH);
            assertMisuse(() -> a.free(b, Layout.of(32, 16)), Misuse.LAYOUT_MISMATCH);
            assertMisuse(() -> a.free(b.asSlice(0, 32), Layout.of(64, 16)), Misuse.LAYOUT_MISMATCH);
            a.free(b, L);
        } finally {
            BackingKind.close(a);
        }
    }

    @ParameterizedTest
    @EnumSource(BackingKind.class)
    void foreignBlocksThrow(BackingKind kind) throws Exception {
        kind.assumeAvailable();
        Allocator a = kind.open();
        Allocator sibling = kind.open();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment theirs = sibling.allocate(L);
            assertMisuse(() -> a.free(theirs, L), Misuse.FOREIGN_BLOCK);
            assertMisuse(() -> a.free(arena.allocate(64, 16), L), Misuse.FOREIGN_BLOCK);
            MemorySegment mine = a.allocate(Layout.of(128, 16));
            assertMisuse(() -> a.free(mine.asSlice(64, 64), L), Misuse.FOREIGN_BLOCK);
            sibling.free(theirs, L);
        } finally {
            BackingKind.close(a);
            BackingKind.close(sibling);
        }
    }

    @ParameterizedTest
    @EnumSource(BackingKind.class)
    void useAfterResetOrCloseThrows(BackingKind kind) throws Exception {
        kind.assumeAvailable();
        Allocator a = kind.open();
        MemorySegment b = a.allocate(L);
        a.reset();
        assertThatThrownBy(() -> b.fill((byte) 1)).isInstanceOf(IllegalStateException.class);
        assertMisuse(() -> a.free(b, L), Misuse.STALE_AFTER_RESET);
        assertMisuse(() -> a.usableSize(b, L), Misuse.STALE_AFTER_RESET);
        MemorySegment c = a.allocate(L);
        assertThat(a.usableSize(c, L)).hasValue(64);
        BackingKind.close(a);
        assertThatThrownBy(() -> c.get(java.lang.foreign.ValueLayout.JAVA_BYTE, 0)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> a.allocate(L)).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
        assertThatThrownBy(a::reset).isInstanceOf(IllegalStateException.class);
        BackingKind.close(a); // idempotent
    }

    @ParameterizedTest
    @EnumSource(BackingKind.class)
    void resizeInTheWrongDirectionOrAlignmentIsRejected(BackingKind kind) throws Exception {
        kind.assumeAvailable();
        Allocator a = kind.open();
        try {
            MemorySegment b = a.allocate(L);
            assertThatThrownBy(() -> a.grow(b, L, Layout.of(32, 16))).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> a.shrink(b, L, Layout.of(128, 16))).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> a.grow(b, L, Layout.of(128, 8))).isInstanceOf(IllegalArgumentException.class);
            a.free(b, L);
            assertMisuse(() -> a.grow(b, L, Layout.of(128, 16)), Misuse.DOUBLE_FREE);
        } finally {
            BackingKind.close(a);
        }
    }

    @org.junit.jupiter.api.Test
    void fullRegionThrowsOutOfNativeMemoryAndStaysUsable() {
        try (ArenaBacking a = ArenaBacking.create(4096)) {
            MemorySegment b = a.allocate(Layout.ofBytes(4000));
            assertThatThrownBy(() -> a.allocate(Layout.ofBytes(200))).isInstanceOf(OutOfNativeMemoryException.class)
                    .hasMessageContaining("no room");
            a.free(b, Layout.ofBytes(4000));
            a.reset();
            assertThat(a.allocate(Layout.ofBytes(4096)).byteSize()).isEqualTo(4096);
        }
    }
}
