package io.bstack.buffer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.bstack.memory.ArenaBacking;
import io.bstack.memory.NativeMemoryLedger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

class StatsAndMemoryTest {

    private static final int PAGE = 16384;

    @Test
    void countersTrackHitsMissesEvictionsWriteBacksAndResidentBytes() {
        MemoryPageStore store = new MemoryPageStore(PAGE);
        try (BufferPool pool = BufferPool.open(store, BufferPoolConfig.of(PAGE, 2L * PAGE))) {
            assertThat(pool.stats()).isEqualTo(new BufferPoolStats(0, 0, 0, 0, 0, 0));
            try (PinnedPage p = pool.pin(1)) {
                p.setLong(0, 11);
                p.markDirty();
                assertThat(pool.stats().framesPinned()).isEqualTo(1);
            }
            pool.pin(1).unpin();
            pool.pin(2).unpin();
            assertThat(pool.stats()).isEqualTo(new BufferPoolStats(1, 2, 0, 0, 2L * PAGE, 0));
            pool.pin(3).unpin(); // evicts dirty page 1
            assertThat(pool.stats()).isEqualTo(new BufferPoolStats(1, 3, 1, 1, 2L * PAGE, 0));
            try (PinnedPage p = pool.pin(3)) {
                p.markDirty();
            }
            pool.flush();
            pool.flush(); // nothing dirty the second time
            assertThat(pool.stats().dirtyWriteBacks()).isEqualTo(2);
            assertThat(store.writes.get()).isEqualTo(2);
        }
    }

    @Test
    void framesAreAlignedToTheirPageSizeUpTo64KiB() {
        long before = NativeMemoryLedger.liveBytes();
        for (int pageSize : new int[] {4096, 16384, 65536}) {
            MemoryPageStore store = new MemoryPageStore(pageSize);
            try (BufferPool pool = BufferPool.open(store, BufferPoolConfig.of(pageSize, 4L * pageSize))) {
                java.util.Set<Long> addresses = new java.util.HashSet<>();
                for (long id = 0; id < 4; id++) {
                    try (PinnedPage p = pool.pin(id)) {
                        assertThat(p.segment().address() % pageSize).as("page size %d", pageSize).isZero();
                        assertThat(p.size()).isEqualTo(pageSize);
                        addresses.add(p.segment().address());
                    }
                }
                assertThat(addresses).hasSize(4);
            }
        }
        assertThat(NativeMemoryLedger.liveBytes()).isEqualTo(before);
    }

    @Test
    void closeWritesBackDirtyPagesAndReturnsEveryNativeByte() {
        long before = NativeMemoryLedger.liveBytes();
        MemoryPageStore store = new MemoryPageStore(PAGE);
        BufferPool pool = BufferPool.open(store, new BufferPoolConfig(PAGE, 8L * PAGE, 0.75, 0.5));
        assertThat(NativeMemoryLedger.liveBytes() - before).isGreaterThanOrEqualTo(8L * PAGE);
        for (long id = 0; id < 20; id++) {
            try (PinnedPage p = pool.pin(id)) {
                p.setLong(PAGE - 8, id * 1000);
                p.markDirty();
            }
        }
        pool.close();
        assertThat(NativeMemoryLedger.liveBytes()).isEqualTo(before);
        for (long id = 0; id < 20; id++) {
            assertThat(ByteBuffer.wrap(store.stored(id)).order(ByteOrder.nativeOrder()).getLong(PAGE - 8))
                    .isEqualTo(id * 1000);
        }
    }

    @Test
    void poolOverCallerAllocatorFreesItsBlockButLeavesTheAllocatorOpen() {
        long before = NativeMemoryLedger.liveBytes();
        // one page of slack: the frames are page-aligned and an arena's base need not be
        try (ArenaBacking arena = ArenaBacking.create(5L * PAGE)) {
            MemoryPageStore store = new MemoryPageStore(PAGE);
            try (BufferPool pool = BufferPool.over(arena, store, BufferPoolConfig.of(PAGE, 4L * PAGE))) {
                pool.pin(1).unpin();
                assertThat(arena.liveBlocks()).isEqualTo(1);
            }
            assertThat(arena.liveBlocks()).isZero();
        }
        assertThat(NativeMemoryLedger.liveBytes()).isEqualTo(before);
    }

    @Test
    void closeBringsStatisticsToZeroAndUnmapsTheFrames() throws java.io.IOException {
        assumeTrue(BufferPool.class.getModule().isNativeAccessEnabled(), "needs native access for mmap");
        try (io.bstack.memory.MmapBacking backing = io.bstack.memory.MmapBacking.map(8L * PAGE, false)) {
            io.bstack.memory.Statistics stats = io.bstack.memory.Statistics.wrap(backing);
            try (BufferPool pool = BufferPool.over(stats, new MemoryPageStore(PAGE), BufferPoolConfig.of(PAGE, 4L * PAGE))) {
                pool.pin(1).unpin();
                assertThat(stats.liveBytes()).isGreaterThanOrEqualTo(4L * PAGE);
            }
            assertThat(stats.liveBytes()).isZero();
            assertThat(stats.allocations()).isEqualTo(stats.frees());
        }
        long address;
        BufferPool pool = BufferPool.open(new MemoryPageStore(PAGE), BufferPoolConfig.of(PAGE, 4L * PAGE));
        try (PinnedPage p = pool.pin(2)) {
            address = p.segment().address();
        }
        assertThat(mapped(address)).as("the frames are an mmap of this process while open").isTrue();
        pool.close();
        assertThat(mapped(address)).as("close unmaps them").isFalse();
    }

    private static boolean mapped(long address) throws java.io.IOException {
        for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/self/maps"))) {
            String[] range = line.substring(0, line.indexOf(' ')).split("-");
            long from = Long.parseUnsignedLong(range[0], 16);
            long to = Long.parseUnsignedLong(range[1], 16);
            if (Long.compareUnsigned(address, from) >= 0 && Long.compareUnsigned(address, to) < 0) {
                return true;
            }
        }
        return false;
    }
}
