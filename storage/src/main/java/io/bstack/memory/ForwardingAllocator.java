package io.bstack.memory;

import java.lang.foreign.MemorySegment;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * Base of the wrappers that add a check or a count around another allocator: the queries
 * ({@code usableSize}, {@code capacityBytes}, {@code corruptionEvents}) go to the wrapped
 * allocator unless a wrapper says otherwise. Thread safety is the wrapped allocator's plus the
 * wrapper's own.
 */
abstract class ForwardingAllocator implements Allocator {
    protected final Allocator inner;

    ForwardingAllocator(Allocator inner) {
        this.inner = Objects.requireNonNull(inner, "inner");
    }

    @Override
    public OptionalLong usableSize(MemorySegment block, Layout layout) {
        return inner.usableSize(block, layout);
    }

    @Override
    public OptionalLong capacityBytes() {
        return inner.capacityBytes();
    }

    @Override
    public long corruptionEvents() {
        return inner.corruptionEvents();
    }
}
