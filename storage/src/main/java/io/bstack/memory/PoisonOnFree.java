package io.bstack.memory;

import java.lang.foreign.MemorySegment;
import java.util.OptionalLong;

/**
 * Fills every block with a pattern byte (0xDE by default) before handing it back to the inner
 * allocator; guarantees the whole usable size of the block (slot slack included) holds the pattern
 * when the inner free runs, and that a block the inner allocator rejects is not touched.
 *
 * <p>Resizes go through allocate-copy-free, so old blocks are always poisoned. Thread-safe whenever
 * the inner allocator is.
 */
public final class PoisonOnFree extends ForwardingAllocator {

    /** The default poison byte. */
    public static final byte DEFAULT_PATTERN = (byte) 0xDE;

    private final byte pattern;

    private PoisonOnFree(Allocator inner, byte pattern) {
        super(inner);
        this.pattern = pattern;
    }

    /** Poisons with {@code pattern}. */
    public static PoisonOnFree wrap(Allocator inner, byte pattern) {
        return new PoisonOnFree(inner, pattern);
    }

    /** Poisons with {@link #DEFAULT_PATTERN}. */
    public static PoisonOnFree wrap(Allocator inner) {
        return new PoisonOnFree(inner, DEFAULT_PATTERN);
    }

    @Override
    public MemorySegment allocate(Layout layout) {
        return inner.allocate(layout);
    }

    @Override
    public void free(MemorySegment block, Layout layout) {
        long usable = inner.usableSize(block, layout).orElse(layout.size()); // validates first
        MemorySegment span = usable > block.byteSize() ? BlockViews.resized(block, usable) : block;
        span.fill(pattern);
        inner.free(block, layout);
    }

    @Override
    public void reset() {
        inner.reset();
    }

    /** The poison byte. */
    public byte pattern() {
        return pattern;
    }
}
