package io.bstack.buffer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class MisuseTest {

    private static final int PAGE = 8192;

    private static BufferPool pool() {
        return BufferPool.open(new MemoryPageStore(PAGE), BufferPoolConfig.of(PAGE, 4L * PAGE));
    }

    @Test
    void useAfterUnpinThrows() {
        try (BufferPool pool = pool()) {
            PinnedPage p = pool.pin(3);
            p.unpin();
            assertThat(p.isPinned()).isFalse();
            assertThatThrownBy(p::segment).isInstanceOf(IllegalStateException.class).hasMessageContaining("after unpin");
            assertThatThrownBy(() -> p.getLong(0)).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(() -> p.setLong(0, 1)).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(() -> p.getByte(0)).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(() -> p.setByte(0, (byte) 1)).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(p::markDirty).isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void useAfterCloseOfHandleThrows() {
        try (BufferPool pool = pool()) {
            PinnedPage p = pool.pin(3);
            p.close();
            assertThatThrownBy(p::segment).isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void doubleUnpinThrowsAndDoesNotDropAnotherPin() {
        try (BufferPool pool = pool()) {
            PinnedPage a = pool.pin(3);
            PinnedPage b = pool.pin(3);
            a.unpin();
            assertThatThrownBy(a::unpin).isInstanceOf(IllegalStateException.class).hasMessageContaining("already unpinned");
            a.close(); // a no-op after unpin, so try-with-resources composes with unpin
            assertThat(pool.stats().framesPinned()).isEqualTo(1);
            b.close();
            assertThatThrownBy(b::unpin).isInstanceOf(IllegalStateException.class);
            assertThat(pool.stats().framesPinned()).isZero();
        }
    }

    @Test
    void pinAfterPoolCloseAndNegativeIdsThrow() {
        BufferPool pool = pool();
        assertThatThrownBy(() -> pool.pin(-1)).isInstanceOf(IllegalArgumentException.class);
        pool.close();
        pool.close(); // idempotent
        assertThatThrownBy(() -> pool.pin(1)).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
        assertThatThrownBy(pool::flush).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void pageHandleOutlivingPoolCannotTouchFreedMemory() {
        BufferPool pool = pool();
        PinnedPage p = pool.pin(1);
        pool.close();
        assertThatThrownBy(() -> p.getLong(0)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aSegmentViewDiesWithItsPin() {
        MemoryPageStore store = new MemoryPageStore(4096);
        try (BufferPool pool = BufferPool.open(store, BufferPoolConfig.of(4096, 2L * 4096))) {
            PinnedPage p = pool.pin(3);
            java.lang.foreign.MemorySegment view = p.segment();
            view.set(java.lang.foreign.ValueLayout.JAVA_BYTE, 0, (byte) 5);
            assertThat(p.getByte(0)).isEqualTo((byte) 5);
            p.unpin();
            assertThatThrownBy(() -> view.get(java.lang.foreign.ValueLayout.JAVA_BYTE, 0))
                    .isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(p::segment).isInstanceOf(IllegalStateException.class).hasMessageContaining("after unpin");
        }
    }

    @Test
    void releasingAPinWhoseViewBelongsToAnotherThreadStillReleasesItAndSaysSo() throws Exception {
        MemoryPageStore store = new MemoryPageStore(4096);
        try (BufferPool pool = BufferPool.open(store, BufferPoolConfig.of(4096, 2L * 4096))) {
            PinnedPage p = pool.pin(1);
            p.segment();
            Throwable thrown = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                try {
                    p.unpin();
                    return null;
                } catch (IllegalStateException e) {
                    return e;
                }
            }).get(10, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(thrown).hasMessageContaining("another thread");
            assertThat(pool.stats().framesPinned()).isZero();
        }
    }

    @Test
    void bulkCopiesInAndOutRefuseUseAfterUnpin() {
        MemoryPageStore store = new MemoryPageStore(4096);
        try (BufferPool pool = BufferPool.open(store, BufferPoolConfig.of(4096, 2L * 4096))) {
            PinnedPage p = pool.pin(2);
            p.write(100, new byte[] {9, 8, 7, 6}, 1, 3);
            byte[] back = new byte[5];
            p.read(99, back, 1, 4);
            assertThat(back).containsExactly(0, 0, 8, 7, 6);
            assertThatThrownBy(() -> p.read(4095, new byte[2], 0, 2)).isInstanceOf(IndexOutOfBoundsException.class);
            p.unpin();
            assertThatThrownBy(() -> p.read(0, new byte[1], 0, 1)).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(() -> p.write(0, new byte[1], 0, 1)).isInstanceOf(IllegalStateException.class);
        }
    }
}
