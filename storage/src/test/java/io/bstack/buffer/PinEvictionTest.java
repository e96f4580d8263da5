package io.bstack.buffer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PinEvictionTest {

    private static final int PAGE = 4096;

    private static BufferPool pool(MemoryPageStore store, int frames) {
        return BufferPool.open(store, BufferPoolConfig.of(PAGE, (long) frames * PAGE));
    }

    private static BufferPool pool(MemoryPageStore store, int frames, double evictAheadAt, double evictDownTo) {
        return BufferPool.open(store, new BufferPoolConfig(PAGE, (long) frames * PAGE, evictAheadAt, evictDownTo));
    }

    private static void touch(BufferPool pool, long pageId) {
        pool.pin(pageId).unpin();
    }

    @Test
    void pinnedPageIsNeverEvicted() {
        MemoryPageStore store = new MemoryPageStore(PAGE);
        try (BufferPool pool = pool(store, 4, 0.75, 0.75)) {
            PinnedPage held = pool.pin(0);
            held.setLong(0, 0xCAFEL); // not dirty: eviction would lose it
            for (int round = 0; round < 5; round++) {
                for (long id = 1; id <= 20; id++) {
                    touch(pool, id);
                }
            }
            assertThat(pool.stats().evictions()).isGreaterThan(50);
            assertThat(held.getLong(0)).isEqualTo(0xCAFEL);
            assertThat(store.readsOf(0)).isEqualTo(1);
            long misses = pool.stats().misses();
            touch(pool, 0);
            assertThat(pool.stats().misses()).isEqualTo(misses);
            held.unpin();
        }
    }

    @Test
    void clockGivesReferencedFramesASecondChance() {
        MemoryPageStore store = new MemoryPageStore(PAGE);
        try (BufferPool pool = pool(store, 3)) {
            touch(pool, 0);
            touch(pool, 1);
            touch(pool, 2);
            // All referenced: the hand clears 0, 1, 2 and takes frame 0 (page 0) on its second pass.
            touch(pool, 3);
            assertThat(store.readsOf(0)).isEqualTo(1);
            // Page 1 is referenced again; the hand (at frame 1) spares it and takes page 2.
            touch(pool, 1);
            touch(pool, 4);
            long misses = pool.stats().misses();
            touch(pool, 1);
            touch(pool, 3);
            touch(pool, 4);
            assertThat(pool.stats().misses()).isEqualTo(misses);
            touch(pool, 2);
            assertThat(store.readsOf(2)).isEqualTo(2);
            assertThat(pool.stats().evictions()).isEqualTo(3);
        }
    }

    @Test
    void allPinnedFailsWithTypedExceptionAndLeavesPoolUsable() {
        MemoryPageStore store = new MemoryPageStore(PAGE);
        try (BufferPool pool = pool(store, 3)) {
            List<PinnedPage> pins = new ArrayList<>();
            for (long id = 0; id < 3; id++) {
                pins.add(pool.pin(id));
            }
            assertThatThrownBy(() -> pool.pin(9)).isInstanceOf(PoolExhaustedException.class)
                    .hasMessageContaining("all 3 frames");
            assertThat(store.readsOf(9)).isZero();
            PinnedPage again = pool.pin(1); // a resident page still pins
            assertThat(again.segment().address()).isEqualTo(pins.get(1).segment().address());
            again.unpin();
            assertThat(pool.stats().framesPinned()).isEqualTo(3);
            pins.get(2).unpin();
            PinnedPage nine = pool.pin(9);
            assertThat(nine.segment().address()).isEqualTo(pins.get(0).segment().address() + 2L * PAGE);
            nine.unpin();
            pins.get(0).unpin();
            pins.get(1).unpin();
        }
    }

    @Test
    void multiplePinsKeepPageUntilLastUnpin() {
        MemoryPageStore store = new MemoryPageStore(PAGE);
        try (BufferPool pool = pool(store, 1)) {
            PinnedPage a = pool.pin(5);
            PinnedPage b = pool.pin(5);
            a.unpin();
            assertThatThrownBy(() -> pool.pin(6)).isInstanceOf(PoolExhaustedException.class);
            b.unpin();
            touch(pool, 6);
            assertThat(pool.stats().evictions()).isEqualTo(1);
        }
    }

    @Test
    void theWatermarkDrivesEvictionAheadOfNeed() {
        MemoryPageStore store = new MemoryPageStore(PAGE);
        try (BufferPool pool = pool(store, 8, 0.75, 0.5)) {
            for (long id = 0; id < 5; id++) {
                touch(pool, id);
            }
            assertThat(pool.stats().evictions()).as("5 of 8 frames in use: below the 75 % warn level").isZero();
            // The 6th load reaches 6 of 8 frames: the watermark fires and that miss evicts until fewer
            // than 4 frames (50 %) are in use: pages 0, 1, 2 go (CLOCK clears their bits first).
            touch(pool, 5);
            assertThat(pool.stats().evictions()).isEqualTo(3);
            assertThat(pool.stats().bytesResident()).isEqualTo(3L * PAGE);
            // Re-armed: the next loads use free frames until the threshold is reached again.
            touch(pool, 6);
            touch(pool, 7);
            assertThat(pool.stats().evictions()).isEqualTo(3);
            assertThat(pool.stats().bytesResident()).isEqualTo(5L * PAGE);
            touch(pool, 8); // 6 of 8 again: a second rising edge, a second round
            assertThat(pool.stats().evictions()).isEqualTo(6);
            assertThat(pool.stats().bytesResident()).isEqualTo(3L * PAGE);
            assertThat(store.readsOf(5)).isEqualTo(1);
        }
    }

    @Test
    void withoutEvictionAheadAFullPoolEvictsOnePagePerMiss() {
        MemoryPageStore store = new MemoryPageStore(PAGE);
        try (BufferPool pool = pool(store, 8)) {
            for (long id = 0; id < 8; id++) {
                touch(pool, id);
            }
            assertThat(pool.stats().evictions()).isZero();
            touch(pool, 8);
            assertThat(pool.stats().evictions()).isEqualTo(1);
            assertThat(pool.stats().bytesResident()).isEqualTo(8L * PAGE);
        }
    }

    @Test
    void dirtyVictimIsWrittenBackAndFailedWriteKeepsItResident() {
        MemoryPageStore store = new MemoryPageStore(PAGE);
        try (BufferPool pool = pool(store, 1)) {
            try (PinnedPage p = pool.pin(1)) {
                p.setLong(8, 42);
                p.markDirty();
            }
            store.failWrites = true;
            assertThatThrownBy(() -> pool.pin(2)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("injected");
            store.failWrites = false;
            try (PinnedPage p = pool.pin(1)) {
                assertThat(p.getLong(8)).isEqualTo(42);
            }
            assertThat(store.readsOf(1)).isEqualTo(1);
            touch(pool, 2);
            assertThat(store.stored(1)).isNotNull();
            assertThat(java.nio.ByteBuffer.wrap(store.stored(1)).order(java.nio.ByteOrder.nativeOrder())
                    .getLong(8)).isEqualTo(42);
            assertThat(pool.stats().dirtyWriteBacks()).isEqualTo(1);
        }
    }
}
