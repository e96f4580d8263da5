package io.bstack.alloc;

import io.bstack.stack.ByteStack;
import io.bstack.stack.BStack;

/** The bump allocator for the shared suites: no reuse, only the tail region resizes. */
public final class LinearFactory implements AllocatorFactory {
    @Override
    public String name() {
        return "linear";
    }

    @Override
    public BStackAllocator create(ByteStack stack) {
        return new LinearAllocator(stack);
    }

    @Override
    public BStackAllocator open(ByteStack stack) {
        return new LinearAllocator(stack);
    }

    @Override
    public boolean reusesSpace() {
        return false;
    }

    @Override
    public boolean resizesAnywhere() {
        return false;
    }
}
