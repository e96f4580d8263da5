package io.bstack.alloc;

/** {@link SlabFactory} with 16-byte blocks. */
public final class Slab16Factory extends SlabFactory {
    public Slab16Factory() {
        super(16);
    }
}
