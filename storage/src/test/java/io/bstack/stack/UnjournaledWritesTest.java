package io.bstack.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The two calls the transaction layer uses to write with fewer syncs: {@link BStack#setUnjournaled}
 * (in place, one sync, no staging past the end) and {@link BStack#reserveTail} (zeros past the
 * payload's end that are not part of the stack and are cut on open).
 */
class UnjournaledWritesTest {
    @TempDir
    Path dir;

    @Test
    void setUnjournaledWritesInPlaceWithOneSyncAndNoStaging() throws IOException {
        AtomicInteger syncs = new AtomicInteger();
        Path f = dir.resolve("u.bstack");
        try (BStack s = BStack.open(f, StackOptions.testing().withSyncObserver(image -> syncs.incrementAndGet()))) {
            s.push(new byte[10_000]);
            long size = Files.size(f);
            syncs.set(0);
            byte[] a = new byte[3000];
            Arrays.fill(a, (byte) 7);
            byte[] b = new byte[500];
            Arrays.fill(b, (byte) 9);
            s.setUnjournaled(List.of(new StackWrite(100, a), new StackWrite(8000, b)));
            assertThat(syncs).hasValue(1);
            assertThat(Files.size(f)).as("nothing staged past the end").isEqualTo(size);
            assertThat(s.get(100, 3100)).isEqualTo(a);
            assertThat(s.get(8000, 8500)).isEqualTo(b);
            assertThat(s.get(0, 100)).isEqualTo(new byte[100]);
            assertThatThrownBy(() -> s.setUnjournaled(List.of(new StackWrite(9_900, new byte[200]))))
                    .isInstanceOf(BStackInvalidInputException.class);
            s.lockUpTo(50);
            assertThatThrownBy(() -> s.setUnjournaled(List.of(new StackWrite(40, new byte[20]))))
                    .isInstanceOf(BStackInvalidInputException.class);
        }
        try (BStack s = BStack.open(f)) {
            assertThat(s.len()).isEqualTo(10_000);
            assertThat(s.get(100, 101)[0]).isEqualTo((byte) 7);
        }
    }

    /** The one-range form writes a slice of the caller's array in place, with one sync, and checks like the list form. */
    @Test
    void aSliceIsWrittenInPlaceWithOneSync() throws IOException {
        AtomicInteger syncs = new AtomicInteger();
        Path f = dir.resolve("slice.bstack");
        byte[] data = new byte[1000];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) i;
        }
        try (BStack s = BStack.open(f, StackOptions.testing().withSyncObserver(image -> syncs.incrementAndGet()))) {
            s.push(new byte[4096]);
            long size = Files.size(f);
            syncs.set(0);
            s.setUnjournaled(2000, data, 100, 900);
            assertThat(syncs).hasValue(1);
            assertThat(Files.size(f)).isEqualTo(size);
            assertThat(s.get(2000, 2800)).isEqualTo(Arrays.copyOfRange(data, 100, 900));
            assertThat(s.get(1999, 2000)).isEqualTo(new byte[1]);
            assertThat(s.get(2800, 2801)).isEqualTo(new byte[1]);
            assertThatThrownBy(() -> s.setUnjournaled(4000, data, 0, 200)).as("past the payload")
                    .isInstanceOf(BStackInvalidInputException.class);
            assertThatThrownBy(() -> s.setUnjournaled(0, data, 900, 100)).isInstanceOf(BStackInvalidInputException.class);
            assertThatThrownBy(() -> s.setUnjournaled(0, data, -1, 10)).isInstanceOf(BStackInvalidInputException.class);
            assertThatThrownBy(() -> s.setUnjournaled(0, data, 0, 1001)).isInstanceOf(BStackInvalidInputException.class);
            assertThatThrownBy(() -> s.setUnjournaled(-1, data, 0, 10)).isInstanceOf(BStackInvalidInputException.class);
            assertThat(s.get(0, 4096)).as("a refused call wrote nothing")
                    .isEqualTo(expectedAfterSlice(data));
        }
    }

    private static byte[] expectedAfterSlice(byte[] data) {
        byte[] b = new byte[4096];
        System.arraycopy(data, 100, b, 2000, 800);
        return b;
    }

    @Test
    void aReservedTailTakesPushesWithoutGrowingTheFileAndIsCutOnOpen() throws IOException {
        Path f = dir.resolve("r.bstack");
        try (BStack s = BStack.open(f)) {
            s.push(new byte[] {1, 2, 3});
            s.reserveTail(1000, 4096);
            long size = Files.size(f);
            assertThat(size).isEqualTo(StackHeader.SIZE + 3 + 4096);
            assertThat(s.len()).isEqualTo(3);
            s.push(new byte[500]);
            s.push(new byte[] {4, 5});
            assertThat(Files.size(f)).as("pushes went into the reserved zeros").isEqualTo(size);
            s.reserveTail(1000, 4096);
            assertThat(Files.size(f)).as("more than the minimum is left: nothing written").isEqualTo(size);
            s.extend(10);
            assertThat(s.get(505, 515)).isEqualTo(new byte[10]);
            s.reserveTail(8000, 8000);
            assertThat(Files.size(f)).isEqualTo(StackHeader.SIZE + 515 + 8000);
            s.discard(5);
            assertThat(s.len()).isEqualTo(510);
            s.reserveTail(100, 200);
        }
        assertThat(Files.size(f)).as("still reserved after close").isGreaterThan(StackHeader.SIZE + 510);
        try (BStack s = BStack.open(f)) {
            assertThat(s.len()).isEqualTo(510);
            assertThat(s.get(0, 3)).containsExactly(1, 2, 3);
            assertThat(s.get(503, 505)).containsExactly(4, 5);
        }
        assertThat(Files.size(f)).as("opening cut the reserved tail").isEqualTo(StackHeader.SIZE + 510);
    }
}
