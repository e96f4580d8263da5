package io.bstack.buffer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** {@link BufferPool#invalidate}: drops unpinned pages, refuses pinned ones, races lock-free pins safely. */
class InvalidateTest {

    private static final int PAGE = 4096;

    private static byte[] filled(long value) {
        ByteBuffer b = ByteBuffer.allocate(PAGE).order(ByteOrder.nativeOrder());
        while (b.hasRemaining()) {
            b.putLong(value);
        }
        return b.array();
    }

    @Test
    void droppedPageIsReloadedFromTheStoreAndItsDirtyStateDiscarded() {
        MemoryPageStore store = new MemoryPageStore(PAGE);
        store.put(3, filled(1));
        try (BufferPool pool = BufferPool.open(store, BufferPoolConfig.of(PAGE, 4L * PAGE))) {
            try (PinnedPage p = pool.pin(3)) {
                assertThat(p.getLong(0)).isEqualTo(1);
                p.setLong(0, 99);
                p.markDirty();
            }
            store.put(3, filled(2));
            assertThat(pool.invalidate(3)).isTrue();
            assertThat(pool.stats().bytesResident()).isZero();
            try (PinnedPage p = pool.pin(3)) {
                assertThat(p.getLong(0)).isEqualTo(2);
                assertThat(p.getLong(PAGE - 8)).isEqualTo(2);
            }
            assertThat(store.readsOf(3)).isEqualTo(2);
            assertThat(pool.invalidate(3)).isTrue();
            pool.flush();
        }
        assertThat(store.writes.get()).as("the discarded dirty page is never written").isZero();
        assertThat(ByteBuffer.wrap(store.stored(3)).order(ByteOrder.nativeOrder()).getLong(0)).isEqualTo(2);
    }

    @Test
    void pinnedPageIsRefusedAndStaysUsable() {
        MemoryPageStore store = new MemoryPageStore(PAGE);
        store.put(7, filled(5));
        try (BufferPool pool = BufferPool.open(store, BufferPoolConfig.of(PAGE, 4L * PAGE))) {
            PinnedPage held = pool.pin(7);
            assertThatThrownBy(() -> pool.invalidate(7)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("page 7").hasMessageContaining("pinned");
            assertThat(held.getLong(8)).isEqualTo(5);
            held.unpin();
            assertThat(pool.invalidate(7)).isTrue();
        }
    }

    @Test
    void absentNegativeAndClosedCases() {
        MemoryPageStore store = new MemoryPageStore(PAGE);
        BufferPool pool = BufferPool.open(store, BufferPoolConfig.of(PAGE, 4L * PAGE));
        assertThat(pool.invalidate(12)).isFalse();
        assertThatThrownBy(() -> pool.invalidate(-1)).isInstanceOf(IllegalArgumentException.class);
        pool.close();
        assertThatThrownBy(() -> pool.invalidate(0)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void invalidatedFramesAreFreeAgainWithoutEviction() {
        MemoryPageStore store = new MemoryPageStore(PAGE);
        try (BufferPool pool = BufferPool.open(store, BufferPoolConfig.of(PAGE, 4L * PAGE))) {
            for (long id = 0; id < 4; id++) {
                pool.pin(id).unpin();
            }
            for (long id = 0; id < 4; id++) {
                assertThat(pool.invalidate(id)).isTrue();
            }
            List<PinnedPage> held = new ArrayList<>();
            for (long id = 10; id < 14; id++) {
                held.add(pool.pin(id)); // all four frames at once: none may still be taken
            }
            assertThat(pool.stats().evictions()).isZero();
            assertThat(pool.stats().bytesResident()).isEqualTo(4L * PAGE);
            held.forEach(PinnedPage::unpin);
        }
    }

    /**
     * Readers pin page 0 and check every long of the page is one value and never older than one
     * they saw before; a writer publishes a new value to the store and invalidates (retrying while
     * a reader holds a pin). A pin racing the invalidate must get either the old frame or a reload.
     */
    @Test
    void pinsRacingInvalidateSeeWholePagesAndNeverGoBack() throws Exception {
        MemoryPageStore store = new MemoryPageStore(PAGE);
        store.put(0, filled(0));
        AtomicLong published = new AtomicLong();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        try (BufferPool pool = BufferPool.open(store, BufferPoolConfig.of(PAGE, 8L * PAGE))) {
            List<Thread> readers = new ArrayList<>();
            for (int t = 0; t < 2; t++) {
                readers.add(Thread.ofPlatform().start(() -> {
                    long seen = 0;
                    try {
                        while (!stop.get()) {
                            long floor = published.get();
                            try (PinnedPage p = pool.pin(0)) {
                                long v = p.getLong(0);
                                for (int off = 8; off < PAGE; off += 512) {
                                    if (p.getLong(off) != v) {
                                        throw new AssertionError("torn page: " + v + " and " + p.getLong(off));
                                    }
                                }
                                if (v < seen || v < floor - 1) {
                                    throw new AssertionError("went back: saw " + v + " after " + seen + ", floor " + floor);
                                }
                                seen = v;
                            }
                            pool.pin(1 + (seen & 3)).unpin();
                        }
                    } catch (Throwable e) {
                        failure.compareAndSet(null, e);
                    }
                }));
            }
            for (long v = 1; v <= 300 && failure.get() == null; v++) {
                store.put(0, filled(v));
                published.set(v);
                while (true) {
                    try {
                        pool.invalidate(0);
                        break;
                    } catch (IllegalStateException pinned) {
                        Thread.onSpinWait();
                    }
                }
            }
            stop.set(true);
            for (Thread t : readers) {
                t.join();
            }
            if (failure.get() != null) {
                throw new AssertionError(failure.get());
            }
            try (PinnedPage p = pool.pin(0)) {
                assertThat(p.getLong(0)).isEqualTo(300);
            }
        }
    }
}
