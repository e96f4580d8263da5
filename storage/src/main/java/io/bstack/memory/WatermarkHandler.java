package io.bstack.memory;

/**
 * Callbacks of a {@link Watermark}; each method is called at most once per event, on the thread
 * that caused it, and must be cheap. Implementations must be thread-safe; an exception they throw
 * is caught and counted, never propagated into an allocation or free.
 */
public interface WatermarkHandler {

    /** Usage rose to or above the warn threshold from an armed (below) state. */
    default void onWarn(long usedBytes, long capacityBytes) {
    }

    /** Usage rose to or above the critical threshold from an armed (below) state. */
    default void onCritical(long usedBytes, long capacityBytes) {
    }

    /** The inner allocator had no room for {@code layout}; called on every such failure. */
    default void onOom(Layout layout) {
    }
}
