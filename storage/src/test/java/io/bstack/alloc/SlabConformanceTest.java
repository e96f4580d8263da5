package io.bstack.alloc;

class SlabConformanceTest extends AllocatorContract {
    @Override
    protected AllocatorFactory factory() {
        return new SlabFactory();
    }
}
