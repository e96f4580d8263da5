package io.bstack.buffer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class BufferPoolConfigTest {

    @Test
    void acceptsEveryPowerOfTwoFrom4To64KiB() {
        for (int size = 4096; size <= 65536; size *= 2) {
            assertThat(BufferPoolConfig.of(size, 4L * size).frameCount()).isEqualTo(4);
        }
    }

    @Test
    void rejectsBadPageSizes() {
        for (int bad : new int[] {0, -4096, 1, 2048, 6000, 4097, 131072, 1 << 30}) {
            assertThatThrownBy(() -> BufferPoolConfig.of(bad, 1 << 20))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("page size");
        }
    }

    @Test
    void rejectsBadCapacityAndEvictionFractions() {
        assertThatThrownBy(() -> BufferPoolConfig.of(4096, 0)).hasMessageContaining("capacity");
        assertThatThrownBy(() -> BufferPoolConfig.of(4096, 4096 + 1)).hasMessageContaining("capacity");
        assertThatThrownBy(() -> BufferPoolConfig.of(8192, 4096)).hasMessageContaining("capacity");
        assertThatThrownBy(() -> new BufferPoolConfig(4096, 4 * 4096, 0.5, 0.75)).hasMessageContaining("evictDownTo=0.75");
        assertThatThrownBy(() -> new BufferPoolConfig(4096, 4 * 4096, 1.5, 0.5)).hasMessageContaining("evictAheadAt=1.5");
        assertThatThrownBy(() -> new BufferPoolConfig(4096, 4 * 4096, 0.5, 0)).hasMessageContaining("eviction ahead");
        assertThatThrownBy(() -> new BufferPoolConfig(4096, 4 * 4096, 0, 0.5)).hasMessageContaining("eviction ahead");
        assertThat(new BufferPoolConfig(4096, 4 * 4096, 0.75, 0.5).evictsAhead()).isTrue();
        assertThat(BufferPoolConfig.of(4096, 4 * 4096).evictsAhead()).isFalse();
    }

    @Test
    void poolRejectsBadPageSizeBeforeTakingMemory() {
        MemoryPageStore store = new MemoryPageStore(4096);
        assertThatThrownBy(() -> BufferPool.open(store, BufferPoolConfig.of(3000, 30000)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Property(tries = 200)
    void pageSizeIsValidExactlyForPowersOfTwoInRange(@ForAll @IntRange(min = 1, max = 1 << 20) int size) {
        boolean valid = size >= 4096 && size <= 65536 && Integer.bitCount(size) == 1;
        boolean accepted;
        try {
            BufferPoolConfig.of(size, 8L * size);
            accepted = true;
        } catch (IllegalArgumentException e) {
            accepted = false;
        }
        assertThat(accepted).isEqualTo(valid);
    }
}
