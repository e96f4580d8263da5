package io.bstack.memory;

import io.bstack.buffer.BufferPool;
import io.bstack.buffer.BufferPoolConfig;
import io.bstack.buffer.PageStore;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.concurrent.CompletableFuture;

/** Runs in a child JVM with {@code -Dbstack.memory.debug=true}; prints one fact per line for {@link MemoryDebugTest}. */
public final class MemoryDebugChild {
    private MemoryDebugChild() {}

    public static void main(String[] args) throws Exception {
        System.out.println("enabled=" + MemoryDebug.enabled());
        try (ArenaBacking backing = ArenaBacking.create(1 << 16)) {
            System.out.println("shared=" + MemoryDebug.shared(backing).getClass().getSimpleName());
            Allocator confined = MemoryDebug.confined(backing);
            String misuse = CompletableFuture.supplyAsync(() -> {
                try {
                    confined.allocate(Layout.of(64, 8));
                    return "none";
                } catch (AllocatorMisuseException e) {
                    return e.misuse().name();
                }
            }).get();
            System.out.println("otherThread=" + misuse);
        }
        long before = NativeMemoryLedger.liveBytes();
        byte[] foundBeforeLoad = new byte[16];
        PageStore filled = new PageStore() {
            @Override
            public void read(long pageId, MemorySegment frame) {
                foundBeforeLoad[(int) pageId] = frame.get(ValueLayout.JAVA_BYTE, 0);
                frame.fill((byte) 1);
            }

            @Override
            public void write(long pageId, MemorySegment frame) {
            }
        };
        try (BufferPool pool = BufferPool.open(filled, new BufferPoolConfig(4096, 4L * 4096, 0.75, 0.5))) {
            pool.pin(0).unpin();
            pool.pin(1).unpin();
            pool.pin(2).unpin(); // 3 of 4 frames: eviction ahead frees (and poisons) pages 0 and 1
            pool.pin(3).unpin(); // loads into a frame freed ahead: it finds the poison, not page 1's bytes
            System.out.println("evictedFramePoisoned=" + (foundBeforeLoad[3] == PoisonOnFree.DEFAULT_PATTERN));
        }
        System.out.println("poolClosedLive=" + (NativeMemoryLedger.liveBytes() - before));
    }
}
