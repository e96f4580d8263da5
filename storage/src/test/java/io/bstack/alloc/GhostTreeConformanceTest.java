package io.bstack.alloc;

class GhostTreeConformanceTest extends AllocatorContract {
    @Override
    protected AllocatorFactory factory() {
        return new GhostTreeFactory();
    }
}
