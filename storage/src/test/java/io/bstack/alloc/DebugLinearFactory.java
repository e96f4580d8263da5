package io.bstack.alloc;

import io.bstack.stack.ByteStack;
import io.bstack.stack.BStack;

/** The debug wrapper around the linear allocator, for the shared suites. */
public final class DebugLinearFactory implements AllocatorFactory {
    @Override
    public String name() {
        return "debug-linear";
    }

    @Override
    public BStackAllocator create(ByteStack stack) {
        return new DebugCheckingAllocator(new LinearAllocator(stack));
    }

    @Override
    public BStackAllocator open(ByteStack stack) {
        return create(stack);
    }

    @Override
    public boolean reusesSpace() {
        return false;
    }

    @Override
    public boolean resizesAnywhere() {
        return false;
    }

    @Override
    public boolean detectsDoubleFree() {
        return true;
    }

    @Override
    public boolean reclaimVerifies() {
        return true;
    }
}
