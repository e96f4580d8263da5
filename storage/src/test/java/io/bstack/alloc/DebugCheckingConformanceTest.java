package io.bstack.alloc;

class DebugCheckingConformanceTest extends AllocatorContract {
    @Override
    protected AllocatorFactory factory() {
        return new DebugLinearFactory();
    }
}
