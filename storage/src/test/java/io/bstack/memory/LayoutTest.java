package io.bstack.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class LayoutTest {

    @Test
    void rejectsNonPositiveSize() {
        assertThatThrownBy(() -> Layout.of(0, 8)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("size must be > 0");
        assertThatThrownBy(() -> Layout.of(-1, 8)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rejectsNonPowerOfTwoAlignment() {
        for (long bad : new long[] {0, -8, 3, 6, 12, Long.MIN_VALUE}) {
            assertThatThrownBy(() -> Layout.of(8, bad)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("power of two");
        }
    }

    @Test
    void rejectsPaddingOverflow() {
        assertThatThrownBy(() -> Layout.of(Long.MAX_VALUE, 16)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("overflows");
        assertThat(Layout.of(Long.MAX_VALUE, 1).size()).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void arrayOverflowIsAClearError() {
        assertThatThrownBy(() -> Layout.of(1L << 40, 8).array(1L << 30)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("overflows");
        assertThatThrownBy(() -> Layout.ofBytes(8).array(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Property
    void padToAlignIsTheSmallestAlignedSizeNotBelow(@ForAll @LongRange(min = 1, max = 1L << 40) long size,
            @ForAll @IntRange(min = 0, max = 20) int shift) {
        Layout padded = Layout.of(size, 1L << shift).padToAlign();
        assertThat(padded.size() % (1L << shift)).isZero();
        assertThat(padded.size()).isGreaterThanOrEqualTo(size).isLessThan(size + (1L << shift));
    }

    @Property
    void arrayIsCountTimesPaddedStride(@ForAll @LongRange(min = 1, max = 4096) long size,
            @ForAll @IntRange(min = 0, max = 12) int shift, @ForAll @IntRange(min = 1, max = 1000) int count) {
        Layout one = Layout.of(size, 1L << shift);
        assertThat(one.array(count).size()).isEqualTo(one.padToAlign().size() * count);
        assertThat(one.withSize(size + 1).alignment()).isEqualTo(1L << shift);
    }
}
