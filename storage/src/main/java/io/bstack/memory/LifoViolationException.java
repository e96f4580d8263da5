package io.bstack.memory;

/**
 * Thrown when a {@link StackAlloc} block is freed or grown while a younger block is still live;
 * guarantees the allocator's frame stack is unchanged by the rejected call.
 */
public final class LifoViolationException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    LifoViolationException(String message) {
        super(message);
    }
}
