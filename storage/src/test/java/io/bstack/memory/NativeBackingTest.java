package io.bstack.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The OS-facing behaviour of the mmap family: populate, huge pages, mlock, madvise, mprotect. */
@SuppressWarnings("restricted") // raw views of released or protected pages
class NativeBackingTest {

    private static final Path HUGE_POOL = Path.of("/sys/kernel/mm/hugepages/hugepages-2048kB");

    @BeforeEach
    void needsNativeAccess() {
        assumeTrue(NativeAccess.granted(), BackingKind.NEEDS_FLAG);
    }

    @Test
    void theOsReportsAPowerOfTwoPageSize() {
        assertThat(Libc.PAGE_SIZE).isPositive();
        assertThat(Long.bitCount(Libc.PAGE_SIZE)).isEqualTo(1);
    }

    @Test
    void mmapRoundsToPagesAndPopulates() {
        long before = NativeMemoryLedger.liveBytes();
        try (MmapBacking m = MmapBacking.map(10_000, true)) {
            assertThat(m.populated()).isTrue();
            assertThat(m.pageSize()).isEqualTo(Libc.PAGE_SIZE);
            assertThat(m.capacityBytes().getAsLong()).isEqualTo(Layout.roundUp(10_000, Libc.PAGE_SIZE));
            assertThat(m.address() % Libc.PAGE_SIZE).isZero();
            assertThat(NativeMemoryLedger.liveBytes() - before).isEqualTo(m.capacityBytes().getAsLong());
            MemorySegment b = m.allocate(Layout.of(8192, 4096));
            assertThat(b.mismatch(MemorySegment.ofArray(new byte[8192]))).as("fresh mapping reads zero").isEqualTo(-1L);
        }
        assertThat(NativeMemoryLedger.liveBytes()).isEqualTo(before);
    }

    @Test
    void releasePagesZeroesUnusedPagesAndRefusesLiveOnes() {
        try (MmapBacking m = MmapBacking.map(4 * Libc.PAGE_SIZE, false)) {
            long page = Libc.PAGE_SIZE;
            Layout l = Layout.of(page, page);
            MemorySegment first = m.allocate(l);
            MemorySegment second = m.allocate(l);
            second.fill((byte) 7);
            assertThatThrownBy(() -> m.releasePages(page, page)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("overlaps the live block");
            assertThatThrownBy(() -> m.releasePages(1, page)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("not aligned");
            assertThatThrownBy(() -> m.releasePages(0, 8 * page)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("outside");
            m.free(second, l);
            m.releasePages(page, page);
            MemorySegment raw = MemorySegment.ofAddress(m.address() + page).reinterpret(page);
            assertThat(raw.mismatch(MemorySegment.ofArray(new byte[(int) page]))).as("MADV_DONTNEED zeroes").isEqualTo(-1L);
            first.fill((byte) 1);
        }
    }

    @Test
    void protectMakesPagesReadOnlyAndBack() {
        try (MmapBacking m = MmapBacking.map(2 * Libc.PAGE_SIZE, false)) {
            long page = Libc.PAGE_SIZE;
            m.protect(page, page, Protection.READ);
            MemorySegment raw = MemorySegment.ofAddress(m.address() + page).reinterpret(page);
            assertThat(raw.get(ValueLayout.JAVA_BYTE, 0)).isZero();
            m.protect(page, page, Protection.READ_WRITE);
            raw.fill((byte) 3);
            assertThat(raw.get(ValueLayout.JAVA_BYTE, page - 1)).isEqualTo((byte) 3);
            MemorySegment b = m.allocate(Layout.ofBytes(16));
            assertThatThrownBy(() -> m.protect(0, page, Protection.READ)).isInstanceOf(IllegalArgumentException.class);
            m.free(b, Layout.ofBytes(16));
        }
    }

    @Test
    void hugePagesBeyondTheFreePoolFailNamingIt() {
        long free = readLong(HUGE_POOL.resolve("free_hugepages"));
        long before = NativeMemoryLedger.liveBytes();
        long ask = Math.max(free, 0) + 1;
        assertThatThrownBy(() -> HugePageBacking.map(ask * HugePageBacking.DEFAULT_HUGE_PAGE))
                .isInstanceOf(NativeMemoryException.class)
                .hasMessageContaining("/proc/sys/vm/nr_hugepages = ")
                .hasMessageContaining("free = " + free)
                .hasMessageContaining("2048 kB")
                .hasMessageContaining("errno")
                .satisfies(e -> assertThat(((NativeMemoryException) e).errno()).isPositive());
        assertThat(NativeMemoryLedger.liveBytes()).isEqualTo(before);
        assertThatThrownBy(() -> HugePageBacking.map(1, 3000)).isInstanceOf(IllegalArgumentException.class);
    }

    /**
     * The success path needs reserved huge pages. When none are free and this JVM may write the pool
     * (root), the test reserves two for its own duration and puts the pool back afterwards.
     */
    @Test
    void hugePagesMapAlignedWhenReserved() throws IOException {
        Path pool = HUGE_POOL.resolve("nr_hugepages");
        long reserved = readLong(pool);
        boolean grew = false;
        if (readLong(HUGE_POOL.resolve("free_hugepages")) < 1 && reserved >= 0 && Files.isWritable(pool)) {
            try {
                Files.writeString(pool, Long.toString(reserved + 2));
                grew = true;
            } catch (IOException e) {
                grew = false; // a read-only /sys in a container: the skip below says why
            }
        }
        try {
            assumeTrue(readLong(HUGE_POOL.resolve("free_hugepages")) >= 1,
                    "no free 2 MiB huge pages and the pool cannot be grown here (needs root and a writable /sys)");
            long before = NativeMemoryLedger.liveBytes();
            try (HugePageBacking h = HugePageBacking.map(1)) {
                assertThat(h.capacityBytes()).hasValue(HugePageBacking.DEFAULT_HUGE_PAGE);
                assertThat(h.address() % HugePageBacking.DEFAULT_HUGE_PAGE).isZero();
                MemorySegment page = h.allocateZeroed(Layout.of(4096, 4096));
                page.fill((byte) 9);
                assertThat(page.get(ValueLayout.JAVA_BYTE, 4095)).isEqualTo((byte) 9);
                assertThat(readLong(HUGE_POOL.resolve("free_hugepages")))
                        .as("the mapping took a page from the huge-page pool, not from THP")
                        .isLessThan(readLong(HUGE_POOL.resolve("nr_hugepages")));
            }
            assertThat(NativeMemoryLedger.liveBytes()).isEqualTo(before);
        } finally {
            if (grew) {
                Files.writeString(pool, Long.toString(reserved));
            }
        }
    }

    @Test
    void smallLockSucceedsAndUnlocksAtClose() {
        long before = NativeMemoryLedger.liveBytes();
        try (LockedMmapBacking locked = LockedMmapBacking.map(64 * 1024)) {
            MemorySegment b = locked.allocateZeroed(Layout.of(4096, 64));
            b.fill((byte) 5);
            locked.releasePages(8192, 4096); // keeps locked pages: validated, then nothing dropped
            locked.free(b, Layout.of(4096, 64));
        }
        assertThat(NativeMemoryLedger.liveBytes()).isEqualTo(before);
    }

    @Test
    void lockAboveRlimitMemlockFailsClosedWithTheLimit() {
        long limit = Libc.softLimit(LinuxConstants.RLIMIT_MEMLOCK);
        assumeTrue(limit != LinuxConstants.RLIM_INFINITY && limit < (1L << 34), "RLIMIT_MEMLOCK is unlimited or huge");
        long before = NativeMemoryLedger.liveBytes();
        assertThatThrownBy(() -> LockedMmapBacking.map(limit + Libc.PAGE_SIZE))
                .isInstanceOf(NativeMemoryException.class)
                .hasMessageContaining("RLIMIT_MEMLOCK")
                .hasMessageContaining(Long.toString(limit))
                .hasMessageContaining("errno " + LinuxConstants.ENOMEM)
                .hasMessageContaining("Cannot allocate memory");
        assertThat(NativeMemoryLedger.liveBytes()).as("nothing stays mapped").isEqualTo(before);
    }

    @Test
    void systemBackingReturnsEveryByteAtResetAndClose() {
        long before = NativeMemoryLedger.liveBytes();
        SystemBacking s = SystemBacking.create();
        for (int i = 1; i <= 50; i++) {
            MemorySegment b = s.allocate(Layout.of(i * 10L, 1L << (i % 13)));
            assertThat(b.address() % (1L << (i % 13))).isZero();
        }
        assertThat(NativeMemoryLedger.liveBytes() - before).isEqualTo(10L * 50 * 51 / 2);
        s.reset();
        assertThat(s.liveBlocks()).isZero();
        assertThat(NativeMemoryLedger.liveBytes()).isEqualTo(before);
        s.allocate(Layout.ofBytes(100));
        s.close();
        assertThat(NativeMemoryLedger.liveBytes()).isEqualTo(before);
        assertThat(s.capacityBytes()).isEmpty();
    }

    @Test
    void bestPicksMmapWhenGrantedAndArenaOtherwise() {
        long before = NativeMemoryLedger.liveBytes();
        try (RegionBacking granted = Backings.best(1 << 16);
                RegionBacking refused = Backings.best(1 << 16, false)) {
            assertThat(granted).isInstanceOf(MmapBacking.class);
            assertThat(refused).isInstanceOf(ArenaBacking.class);
            refused.allocate(Layout.of(100, 64)).fill((byte) 1);
        }
        assertThat(NativeMemoryLedger.liveBytes()).isEqualTo(before);
    }

    private static long readLong(Path p) {
        try {
            return Long.parseLong(Files.readString(p).trim());
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
    }
}
