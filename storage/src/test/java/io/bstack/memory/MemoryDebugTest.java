package io.bstack.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.bstack.memory.AllocatorMisuseException.Misuse;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The one debug switch: canaries, poisoning and owner-thread checks together, and nothing when off. */
@SuppressWarnings("restricted") // a raw view past a block end, to overrun it on purpose
class MemoryDebugTest {

    private static final Layout BLOCK = Layout.of(64, 8);

    @Test
    void offReturnsTheAllocatorItself() {
        try (ArenaBacking backing = ArenaBacking.create(1 << 16)) {
            assertThat(MemoryDebug.checked(backing, false, Thread.currentThread())).isSameAs(backing);
            assertThat(MemoryDebug.checked(backing, false, null)).isSameAs(backing);
        }
    }

    @Test
    void thisJvmRunsWithTheSwitchOff() {
        assertThat(MemoryDebug.enabled()).isFalse();
        try (ArenaBacking backing = ArenaBacking.create(1 << 16)) {
            assertThat(MemoryDebug.shared(backing)).isSameAs(backing);
            assertThat(MemoryDebug.confined(backing)).isSameAs(backing);
        }
    }

    @Test
    void onAConfinedAllocatorRefusesOtherThreadsBeforeTouchingIt() throws Exception {
        try (ArenaBacking backing = ArenaBacking.create(1 << 16); Slab slab = Slab.create(backing, 256, 16)) {
            Allocator checked = MemoryDebug.checked(slab, true, Thread.currentThread());
            MemorySegment block = checked.allocate(BLOCK);
            AllocatorMisuseException alloc = CompletableFuture.supplyAsync(() -> catchThrowableOfType(
                    AllocatorMisuseException.class, () -> checked.allocate(BLOCK))).get(10, TimeUnit.SECONDS);
            assertThat(alloc.misuse()).isEqualTo(Misuse.WRONG_THREAD);
            assertThat(alloc).hasMessageContaining("confined to thread \"" + Thread.currentThread().getName());
            AllocatorMisuseException free = CompletableFuture.supplyAsync(() -> catchThrowableOfType(
                    AllocatorMisuseException.class, () -> checked.free(block, BLOCK))).get(10, TimeUnit.SECONDS);
            assertThat(free.misuse()).isEqualTo(Misuse.WRONG_THREAD);
            assertThat(slab.liveSlots()).as("the refused calls changed nothing").isEqualTo(1);
            checked.free(block, BLOCK);
            assertThat(slab.liveSlots()).isZero();
        }
    }

    @Test
    void onCanariesCatchAnOverrunAndFreedBytesArePoisoned() {
        try (ArenaBacking backing = ArenaBacking.create(1 << 16); Slab slab = Slab.create(backing, 256, 16)) {
            Allocator checked = MemoryDebug.checked(slab, true, null);
            MemorySegment block = checked.allocate(BLOCK);
            block.fill((byte) 7);
            long address = block.address();
            checked.free(block, BLOCK);
            // The slab keeps its slots mapped until it closes, so the freed bytes can be looked at.
            MemorySegment freed = slab.allocate(Layout.of(256, 256));
            assertThat(freed.address()).isLessThanOrEqualTo(address);
            long at = address - freed.address();
            for (long i = 0; i < BLOCK.size(); i++) {
                assertThat(freed.get(ValueLayout.JAVA_BYTE, at + i)).isEqualTo(PoisonOnFree.DEFAULT_PATTERN);
            }
            slab.free(freed, Layout.of(256, 256));

            MemorySegment victim = checked.allocate(BLOCK);
            MemorySegment overrun = MemorySegment.ofAddress(victim.address()).reinterpret(BLOCK.size() + 1);
            // one byte past the end, flipped (the canary derives from a random seed: a fixed value may match it)
            overrun.set(ValueLayout.JAVA_BYTE, BLOCK.size(), (byte) ~overrun.get(ValueLayout.JAVA_BYTE, BLOCK.size()));
            assertThat(catchThrowableOfType(CanaryCorruptionException.class, () -> checked.free(victim, BLOCK)))
                    .isNotNull();
            assertThat(checked.corruptionEvents()).isEqualTo(1);
            assertThat(slab.liveSlots()).as("the corrupted block is still handed back").isZero();
        }
    }

    /** The property is read once at load, so the switched-on path is checked in a child JVM. */
    @Test
    void thePropertySwitchesCanariesPoisonAndOwnerChecksOnTogether() throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElseThrow();
        Process child = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED",
                "-D" + MemoryDebug.PROPERTY + "=true", "-cp", System.getProperty("java.class.path"),
                MemoryDebugChild.class.getName()).redirectErrorStream(true).start();
        List<String> lines = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(child.exitValue()).as("child output %s", lines).isZero();
        assertThat(lines).contains("enabled=true", "shared=Canary", "otherThread=WRONG_THREAD",
                "evictedFramePoisoned=true", "poolClosedLive=0");
    }
}
