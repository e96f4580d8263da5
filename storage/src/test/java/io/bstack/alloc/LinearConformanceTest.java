package io.bstack.alloc;

class LinearConformanceTest extends AllocatorContract {
    @Override
    protected AllocatorFactory factory() {
        return new LinearFactory();
    }
}
