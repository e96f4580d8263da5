package io.bstack.alloc;

class SegregatedConformanceTest extends AllocatorContract {
    @Override
    protected AllocatorFactory factory() {
        return new SegregatedFactory();
    }
}
