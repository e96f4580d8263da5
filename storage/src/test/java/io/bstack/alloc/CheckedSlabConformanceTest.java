package io.bstack.alloc;

class CheckedSlabConformanceTest extends AllocatorContract {
    @Override
    protected AllocatorFactory factory() {
        return new CheckedSlabFactory();
    }
}
