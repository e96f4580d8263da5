package io.bstack.alloc;

import io.bstack.stack.ByteStack;
import io.bstack.stack.BStack;
import java.io.IOException;
import java.util.Collection;

/**
 * How the shared allocator suites (conformance, fuzz, crash) make and check one allocator kind.
 * Each allocator's tests provide one implementation with a public no-arg constructor, so a
 * crash child JVM can build it from its class name.
 */
public interface AllocatorFactory {

    /** A short name for messages and file names. */
    String name();

    /** A new allocator on an empty stack. */
    BStackAllocator create(ByteStack stack) throws IOException;

    /** The allocator over a stack it wrote before, running its recovery if it has one. */
    BStackAllocator open(ByteStack stack) throws IOException;

    /**
     * Checks the allocator's own structures against the regions the test believes live (free
     * lists, trees, words); throws {@link AssertionError} with a precise message on damage. The
     * default checks nothing beyond what the suites check themselves (no overlaps, contents).
     */
    default void verify(BStackAllocator allocator, Collection<Region> live) throws IOException {}

    /** Whether freed space is handed out again (every allocator but Linear). */
    default boolean reusesSpace() {
        return true;
    }

    /**
     * A region length whose freed space this allocator hands out again; slabs reuse only single
     * blocks, so theirs is one block's worth.
     */
    default long reusableLength() {
        return 200;
    }

    /** Whether any live region can be resized (Linear resizes only the tail one). */
    default boolean resizesAnywhere() {
        return true;
    }

    /** Whether a second free of the same region is detected (via {@link BStackAllocator#reclaim}). */
    default boolean detectsDoubleFree() {
        return false;
    }

    /** Whether {@link BStackAllocator#reclaim} refuses a region that is not a live allocation. */
    default boolean reclaimVerifies() {
        return false;
    }

    /** The largest length the fuzz suite should ask for. */
    default long maxFuzzLength() {
        return 1024;
    }
}
