package io.bstack.bench;

import io.bstack.alloc.BStackAllocator;
import io.bstack.alloc.CheckedSlabAllocator;
import io.bstack.alloc.FirstFitAllocator;
import io.bstack.alloc.GhostTreeAllocator;
import io.bstack.alloc.LinearAllocator;
import io.bstack.alloc.SegregatedAllocator;
import io.bstack.alloc.SlabAllocator;
import io.bstack.stack.BStack;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/** Every allocator the benchmarks compare, by the name used in {@code @Param} and the tables. */
final class AllocatorKinds {
    @FunctionalInterface
    interface Maker {
        BStackAllocator create(BStack emptyStack) throws IOException;
    }

    static final Map<String, Maker> ALL = new LinkedHashMap<>();

    static {
        ALL.put("linear", LinearAllocator::new);
        ALL.put("firstfit", FirstFitAllocator::new);
        ALL.put("ghosttree", GhostTreeAllocator::new);
        ALL.put("segregated", SegregatedAllocator::new);
        // slabs serve one block size: 4 KiB blocks hold every request of the workloads here
        ALL.put("slab4k", stack -> SlabAllocator.create(stack, 4096));
        ALL.put("checkedslab4k", stack -> CheckedSlabAllocator.create(stack, 4096));
    }

    private AllocatorKinds() {}

    static BStackAllocator create(String kind, BStack stack) throws IOException {
        Maker maker = ALL.get(kind);
        if (maker == null) {
            throw new IllegalArgumentException("unknown allocator " + kind + "; known: " + ALL.keySet());
        }
        return maker.create(stack);
    }

    /** Whether the allocator can resize or really free a region that is not the last one. */
    static boolean tailOnly(String kind) {
        return kind.equals("linear");
    }
}
