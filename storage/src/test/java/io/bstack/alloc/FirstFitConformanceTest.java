package io.bstack.alloc;

class FirstFitConformanceTest extends AllocatorContract {
    @Override
    protected AllocatorFactory factory() {
        return new FirstFitFactory();
    }
}
