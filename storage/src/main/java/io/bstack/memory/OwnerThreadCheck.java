package io.bstack.memory;

import io.bstack.memory.AllocatorMisuseException.Misuse;
import java.lang.foreign.MemorySegment;

/**
 * Confines an allocator that is not thread-safe to one owner thread; guarantees that a call from
 * any other thread throws {@link AllocatorMisuseException} ({@link Misuse#WRONG_THREAD}) before the
 * inner allocator is touched, so a racing caller cannot corrupt its bookkeeping. Installed by
 * {@link MemoryDebug#confined} when the debug switch is on. The check itself is thread-safe.
 */
final class OwnerThreadCheck extends ForwardingAllocator {

    private final Thread owner;

    OwnerThreadCheck(Allocator inner, Thread owner) {
        super(inner);
        this.owner = java.util.Objects.requireNonNull(owner, "owner");
    }

    @Override
    public MemorySegment allocate(Layout layout) {
        check("allocate");
        return inner.allocate(layout);
    }

    @Override
    public MemorySegment allocateZeroed(Layout layout) {
        check("allocateZeroed");
        return inner.allocateZeroed(layout);
    }

    @Override
    public void free(MemorySegment block, Layout layout) {
        check("free");
        inner.free(block, layout);
    }

    @Override
    public MemorySegment grow(MemorySegment block, Layout oldLayout, Layout newLayout) {
        check("grow");
        return inner.grow(block, oldLayout, newLayout);
    }

    @Override
    public MemorySegment shrink(MemorySegment block, Layout oldLayout, Layout newLayout) {
        check("shrink");
        return inner.shrink(block, oldLayout, newLayout);
    }

    @Override
    public void reset() {
        check("reset");
        inner.reset();
    }

    private void check(String call) {
        Thread caller = Thread.currentThread();
        if (caller != owner) {
            throw new AllocatorMisuseException(Misuse.WRONG_THREAD, call + " from thread \"" + caller.getName()
                    + "\" on an allocator confined to thread \"" + owner.getName() + "\"");
        }
    }
}
