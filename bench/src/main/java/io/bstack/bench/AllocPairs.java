package io.bstack.bench;

import io.bstack.memory.Allocator;
import io.bstack.memory.Layout;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;

/** One allocate + touch + free of a block, the unit both native allocation benchmarks measure. */
final class AllocPairs {

    private AllocPairs() {
    }

    static long pair(Allocator allocator, Layout layout) {
        MemorySegment block = allocator.allocate(layout);
        block.set(ValueLayout.JAVA_BYTE, 0, (byte) 1);
        long address = block.address();
        allocator.free(block, layout);
        return address;
    }

    /** An arena opened, used for one block and closed: how a one-block lifetime looks with arenas. */
    static long arena(Arena arena, int size) {
        try (arena) {
            MemorySegment block = arena.allocate(size, 8);
            block.set(ValueLayout.JAVA_BYTE, 0, (byte) 1);
            return block.address();
        }
    }

    static ByteBuffer direct(int size) {
        ByteBuffer buffer = ByteBuffer.allocateDirect(size);
        buffer.put(0, (byte) 1);
        return buffer;
    }
}
