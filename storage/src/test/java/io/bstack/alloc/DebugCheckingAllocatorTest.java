package io.bstack.alloc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bstack.stack.ByteStack;
import io.bstack.stack.BStack;
import io.bstack.stack.StackOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The misuse the wrapper exists to catch, each as it happens. */
class DebugCheckingAllocatorTest {
    @TempDir
    Path dir;

    private BStack stack(String name) throws IOException {
        return BStack.open(dir.resolve(name), StackOptions.testing().withoutSync());
    }

    /** An inner allocator with a bug: every allocation starts at offset 0. */
    private static final class OverlappingAllocator extends AllocatorBase {
        OverlappingAllocator(ByteStack stack) {
            super(stack);
        }

        @Override
        public RegionHandle alloc(long len) throws IOException {
            stack.extend(Math.max(0, len - stack.len()));
            return issue(0, len);
        }

        @Override
        public RegionHandle realloc(RegionHandle handle, long newLen) throws BStackAllocException {
            take(handle);
            return issue(0, Math.min(newLen, stack.len()));
        }

        @Override
        public void dealloc(RegionHandle handle) throws BStackAllocException {
            take(handle);
        }

        @Override
        public RegionHandle reclaim(Region region) {
            return issue(region.offset(), region.len());
        }
    }

    @Test
    void anInnerAllocatorHandingOutOverlappingRegionsIsCaught() throws IOException {
        try (DebugCheckingAllocator a = new DebugCheckingAllocator(new OverlappingAllocator(stack("o.bstack")))) {
            a.alloc(16);
            assertThatThrownBy(() -> a.alloc(8)).isInstanceOf(IllegalStateException.class).hasMessageContaining("overlaps live region");
        }
    }

    @Test
    void doublePartialAndSpanningFreesAreCaught() throws IOException {
        try (DebugCheckingAllocator a = new DebugCheckingAllocator(new LinearAllocator(stack("l.bstack")))) {
            RegionHandle first = a.alloc(16);
            RegionHandle second = a.alloc(16);
            a.alloc(16);
            Region firstRegion = first.region();
            a.dealloc(first);
            assertThatThrownBy(() -> a.reclaim(firstRegion)).isInstanceOf(IllegalStateException.class).hasMessageContaining("already freed");
            assertThatThrownBy(() -> a.reclaim(new Region(16, 8))).isInstanceOf(IllegalStateException.class).hasMessageContaining("partial free");
            assertThatThrownBy(() -> a.reclaim(new Region(16, 24))).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("spans more than one allocation");
            assertThatThrownBy(() -> a.reclaim(second.region())).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("second handle");
            a.dealloc(second);
            assertThat(second.isLive()).isFalse();
        }
    }

    @Test
    void regionsFromAnEarlierSessionCanBeReclaimedOnce() throws IOException {
        Path file = dir.resolve("s.bstack");
        Region stored;
        try (LinearAllocator plain = new LinearAllocator(BStack.open(file, StackOptions.testing().withoutSync()))) {
            stored = plain.alloc(32).region();
            plain.alloc(8);
        }
        try (DebugCheckingAllocator a = new DebugCheckingAllocator(new LinearAllocator(BStack.open(file,
                StackOptions.testing().withoutSync())))) {
            RegionHandle h = a.reclaim(stored);
            assertThatThrownBy(() -> a.reclaim(new Region(stored.offset() + 4, 4))).isInstanceOf(IllegalStateException.class);
            a.dealloc(h);
            assertThatThrownBy(() -> a.reclaim(stored)).isInstanceOf(IllegalStateException.class).hasMessageContaining("already freed");
        }
    }

    @Test
    void extensionViewsExistOnlyWhenTheInnerAllocatorHasThem() throws IOException {
        try (DebugCheckingAllocator a = new DebugCheckingAllocator(new LinearAllocator(stack("b.bstack")));
                DebugCheckingAllocator m = new DebugCheckingAllocator(new ManualAllocator(stack("m.bstack")))) {
            assertThat(a.uninit()).isEmpty();
            BStackBulkAllocator bulk = a.bulk().orElseThrow();
            List<RegionHandle> hs = bulk.allocBulk(new long[] {8, 8});
            assertThat(hs).allMatch(h -> h.isFrom(a));
            bulk.deallocBulk(hs);
            assertThat(hs).noneMatch(RegionHandle::isLive);
            assertThat(m.bulk()).isEmpty();
        }
    }

    @Test
    void fuzzThroughTheWrapper() throws IOException {
        AllocatorFuzz.run(new DebugLinearFactory(), dir);
    }
}
