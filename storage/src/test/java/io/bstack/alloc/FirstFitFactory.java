package io.bstack.alloc;

import io.bstack.stack.ByteStack;
import io.bstack.stack.BStack;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The first-fit allocator for the shared suites. {@link #verify} walks the arena block by block
 * and the free list link by link (see {@link #check}); blocks that are allocated but not in the
 * live set are accepted (the leaks {@link FirstFitAllocator} documents).
 */
public final class FirstFitFactory implements AllocatorFactory {
    @Override
    public String name() {
        return "firstfit";
    }

    @Override
    public BStackAllocator create(ByteStack stack) throws IOException {
        return new FirstFitAllocator(stack);
    }

    @Override
    public BStackAllocator open(ByteStack stack) throws IOException {
        return new FirstFitAllocator(stack);
    }

    @Override
    public boolean detectsDoubleFree() {
        return true;
    }

    @Override
    public boolean reclaimVerifies() {
        return true;
    }

    @Override
    public void verify(BStackAllocator allocator, Collection<Region> live) throws IOException {
        check(allocator.stack(), live);
    }

    /** What one walk of the arena found. */
    record Arena(Map<Long, Long> allocated, Map<Long, Long> free, List<Long> freeList) {}

    /**
     * Checks, throwing {@link AssertionError} with the offending offsets: the magic and a clear
     * {@code recovery_needed}; blocks tile {@code [48, len)} exactly, each with a well-formed size
     * and a footer equal to its header; the free list from {@code free_head} visits every block
     * marked free exactly once, with {@code prev_free} mirroring {@code next_free} and no cycle;
     * every non-empty live region starts at the payload of an allocated block that holds it, and no
     * two live regions share a block.
     */
    static Arena check(ByteStack stack, Collection<Region> live) throws IOException {
        long len = stack.len();
        if (len < 48) {
            throw new AssertionError("stack of " + len + " bytes has no allocator header");
        }
        byte[] header = stack.get(16, 48);
        for (int i = 0; i < 6; i++) {
            if (header[i] != FirstFitLayout.MAGIC[i]) {
                throw new AssertionError("magic damaged at byte " + (16 + i));
            }
        }
        if ((FirstFitLayout.u32(header, 8) & 1) != 0) {
            throw new AssertionError("recovery_needed is set at rest");
        }
        Map<Long, Long> allocated = new HashMap<>();
        Map<Long, Long> free = new HashMap<>();
        long pos = 48;
        while (pos < len) {
            if (len - pos < 24) {
                throw new AssertionError("a " + (len - pos) + "-byte fragment at " + pos + " ends the arena");
            }
            byte[] h = stack.get(pos, pos + 16);
            long size = FirstFitLayout.u64(h, 0);
            if (size < 16 || size % 8 != 0 || size > len - pos - 24) {
                throw new AssertionError("block at " + pos + " has size " + Long.toUnsignedString(size) + " in a "
                        + len + "-byte stack");
            }
            long footer = FirstFitLayout.readU64(stack, pos + 16 + size);
            if (footer != size) {
                throw new AssertionError("block at " + pos + ": footer " + footer + " != header " + size);
            }
            ((h[8] & 1) != 0 ? free : allocated).put(pos + 16, size);
            pos += size + 24;
        }
        List<Long> list = new ArrayList<>();
        Set<Long> seen = new HashSet<>();
        long prev = 0;
        long at = FirstFitLayout.readU64(stack, 32);
        while (at != 0) {
            if (!free.containsKey(at)) {
                throw new AssertionError("free list reaches " + at + ", which is not a free block (list so far " + list + ")");
            }
            if (!seen.add(at)) {
                throw new AssertionError("free list cycles back to " + at);
            }
            long back = FirstFitLayout.readU64(stack, at + 8);
            if (back != prev) {
                throw new AssertionError("free block " + at + " has prev_free " + back + ", expected " + prev);
            }
            list.add(at);
            prev = at;
            at = FirstFitLayout.readU64(stack, at);
        }
        if (!seen.equals(free.keySet())) {
            Set<Long> missing = new HashSet<>(free.keySet());
            missing.removeAll(seen);
            throw new AssertionError("free blocks " + missing + " are not on the free list");
        }
        Set<Long> owners = new HashSet<>();
        for (Region r : live) {
            if (r.isEmpty()) {
                continue;
            }
            Long size = allocated.get(r.offset());
            if (size == null) {
                throw new AssertionError("live region " + r + " does not start an allocated block"
                        + (free.containsKey(r.offset()) ? " (its block is free)" : ""));
            }
            if (r.len() > size) {
                throw new AssertionError("live region " + r + " is longer than its " + size + "-byte block");
            }
            if (!owners.add(r.offset())) {
                throw new AssertionError("two live regions share the block at " + r.offset());
            }
        }
        return new Arena(allocated, free, list);
    }
}
