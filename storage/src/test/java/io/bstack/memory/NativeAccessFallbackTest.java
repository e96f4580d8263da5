package io.bstack.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
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

    /** Surefire grants native access, so the real refusal is checked in a child JVM without the flag. */
    @Test
    void aJvmWithoutTheFlagFallsBackToTheArenaAndNamesTheFlag() throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElseThrow();
        Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                NoNativeAccessChild.class.getName()).redirectErrorStream(true).start();
        List<String> lines = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(child.exitValue()).as("child output %s", lines).isZero();
        assertThat(lines).contains("granted=false", "best=ArenaBacking", "live=0");
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("mmap=refused")
                .contains("--enable-native-access=ALL-UNNAMED").contains("ArenaBacking"));
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
