package io.bstack.alloc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.bstack.stack.BStack;
import io.bstack.stack.BStackInvalidInputException;
import io.bstack.stack.BStackUnsupportedException;
import io.bstack.stack.StackOptions;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Typed handles over caller-managed ranges: never allocates, never writes metadata. */
class ManualAllocatorTest {
    @TempDir
    Path dir;

    @Test
    void handlesOverNamedRangesReadAndWriteInsideTheirBoundsOnly() throws IOException {
        try (ManualAllocator m = new ManualAllocator(BStack.open(dir.resolve("m.bstack"), StackOptions.testing().withoutSync()))) {
            m.stack().extend(64);
            RegionHandle h = m.reclaim(new Region(16, 8));
            h.write(0, new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
            assertThat(m.stack().get(16, 24)).isEqualTo(new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
            assertThatThrownBy(() -> h.write(4, new byte[5])).isInstanceOf(BStackInvalidInputException.class);
            assertThat(h.slice().subslice(2, 4).read()).isEqualTo(new byte[] {3, 4});
            assertThatThrownBy(() -> m.reclaim(new Region(60, 8))).isInstanceOf(BStackInvalidInputException.class);
            assertThatThrownBy(() -> m.alloc(8)).isInstanceOf(BStackUnsupportedException.class);
            BStackAllocException e = catchThrowableOfType(BStackAllocException.class, () -> m.realloc(h, 4));
            assertThat(e.getCause()).isInstanceOf(BStackUnsupportedException.class);
            assertThat(e.outcome()).isEqualTo(BStackAllocException.Outcome.UNTOUCHED);
            m.dealloc(h);
            assertThat(h.isLive()).isFalse();
            assertThat(m.stack().get(16, 24)).as("dealloc writes nothing").isEqualTo(new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
            assertThat(m.len()).isEqualTo(64);
        }
    }
}
