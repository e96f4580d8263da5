package io.bstack.alloc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.bstack.stack.BStack;
import io.bstack.stack.BStackUnsupportedException;
import io.bstack.stack.StackOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What only the bump allocator does: tail-only resizing, leaking frees, tail-run bulk frees. */
class LinearAllocatorTest {
    @TempDir
    Path dir;

    private LinearAllocator open() throws IOException {
        return new LinearAllocator(BStack.open(dir.resolve("linear.bstack"), StackOptions.testing().withoutSync()));
    }

    @Test
    void onlyTheTailRegionResizesAndFreesForReal() throws IOException {
        try (LinearAllocator a = open()) {
            RegionHandle first = a.alloc(10);
            RegionHandle second = a.alloc(20);
            assertThat(second.offset()).isEqualTo(10);
            BStackAllocException e = catchThrowableOfType(BStackAllocException.class, () -> a.realloc(first, 30));
            assertThat(e.getCause()).isInstanceOf(BStackUnsupportedException.class);
            assertThat(e.outcome()).isEqualTo(BStackAllocException.Outcome.UNTOUCHED);
            RegionHandle back = e.handle().orElseThrow();
            RegionHandle longer = a.realloc(second, 50);
            assertThat(a.len()).isEqualTo(60);
            a.dealloc(back); // not the tail: leaks
            assertThat(a.len()).isEqualTo(60);
            a.dealloc(longer);
            assertThat(a.len()).isEqualTo(10);
        }
    }

    @Test
    void inPlaceResizeAppendsOrTrimsTheTailOnly() throws IOException {
        try (LinearAllocator a = open()) {
            RegionHandle h = a.alloc(16);
            RegionHandle longer = a.reallocInPlace(h, 0, 16);
            assertThat(longer.region()).isEqualTo(new Region(0, 32));
            RegionHandle shorter = a.reallocInPlace(longer, 0, -8);
            assertThat(shorter.region()).isEqualTo(new Region(0, 24));
            BStackAllocException e = catchThrowableOfType(BStackAllocException.class, () -> a.reallocInPlace(shorter, 4, 0));
            assertThat(e.getCause()).isInstanceOf(BStackUnsupportedException.class);
            assertThat(shorter.isLive()).isTrue();
            RegionHandle empty = a.alloc(0);
            assertThat(catchThrowableOfType(BStackAllocException.class, () -> a.reallocInPlace(empty, 0, 8)).getCause())
                    .isInstanceOf(BStackUnsupportedException.class);
        }
    }

    @Test
    void bulkFreeDiscardsTheLongestTailRunTheHandlesCover() throws IOException {
        try (LinearAllocator a = open()) {
            List<RegionHandle> hs = a.allocBulk(new long[] {10, 0, 10, 10, 10});
            assertThat(hs.get(1).offset()).as("an empty entry aliases the next offset").isEqualTo(10);
            assertThat(a.len()).isEqualTo(40);
            a.deallocBulk(List.of(hs.get(4), hs.get(3), hs.get(0)));
            assertThat(a.len()).as("[20, 40) is covered; [0, 10) is not contiguous with it").isEqualTo(20);
            assertThat(LinearAllocator.tailRunStart(List.of(hs.get(2)), 20)).isEqualTo(10);
            RegionHandle last = hs.get(2);
            assertThatThrownBy(() -> a.deallocBulk(List.of(last, last)))
                    .isInstanceOf(BStackBulkAllocException.class);
            assertThat(last.isLive()).as("a handle listed twice is handed back live").isTrue();
        }
    }

    @Test
    void fuzz() throws IOException {
        AllocatorFuzz.run(new LinearFactory(), dir);
    }

    @Test
    void fuzzWithFaults() throws IOException {
        AllocatorFuzz.withFaults(new LinearFactory(), dir);
    }

    @Test
    void survivesSigkill() throws Exception {
        AllocatorCrash.run(new LinearFactory(), dir);
    }
}
