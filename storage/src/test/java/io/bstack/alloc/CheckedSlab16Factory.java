package io.bstack.alloc;

/** {@link CheckedSlabFactory} with 16 data bytes per block. */
public final class CheckedSlab16Factory extends CheckedSlabFactory {
    public CheckedSlab16Factory() {
        super(16);
    }
}
