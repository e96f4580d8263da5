package io.bstack.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import org.junit.jupiter.api.Test;

/** Without native access the layer still works, on ArenaBacking, and the native backings refuse clearly. */
class NativeAccessFallbackTest {

    @Test
    void refusedNativeAccessYieldsAnArenaBackingThatReturnsEveryByte() {
        long before = NativeMemoryLedger.liveBytes();
        try (RegionBacking backing = Backings.best(1 << 16, false)) {
            assertThat(backing).isInstanceOf(ArenaBacking.class);
            backing.allocateZeroed(Layout.of(4096, 4096)).fill((byte) 2);
            assertThat(NativeMemoryLedger.liveBytes() - before).isEqualTo(1 << 16);
        }
        assertThat(NativeMemoryLedger.liveBytes()).isEqualTo(before);
    }

    @Test
    void withoutTheFlagNativeBackingsNameTheFlag() {
        assumeFalse(NativeAccess.granted(), "native access is granted in this JVM");
        assertThatThrownBy(() -> MmapBacking.map(4096, false)).isInstanceOf(NativeMemoryException.class)
                .hasMessageContaining("--enable-native-access=ALL-UNNAMED")
                .hasMessageContaining("ArenaBacking");
        assertThatThrownBy(SystemBacking::create).isInstanceOf(NativeMemoryException.class);
        assertThat(Backings.best(4096)).isInstanceOf(ArenaBacking.class);
    }
}
