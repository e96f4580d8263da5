package io.bstack.alloc;

import io.bstack.stack.ByteStack;
import io.bstack.stack.BStack;
import java.io.IOException;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/** The segregated allocator for the shared suites, and its structural check. */
public final class SegregatedFactory implements AllocatorFactory {
    @Override
    public String name() {
        return "segregated";
    }

    @Override
    public BStackAllocator create(ByteStack stack) throws IOException {
        return new SegregatedAllocator(stack);
    }

    @Override
    public BStackAllocator open(ByteStack stack) throws IOException {
        return new SegregatedAllocator(stack);
    }

    /** Leaks (live blocks no region claims) are allowed here, as the suites require after faults. */
    @Override
    public void verify(BStackAllocator allocator, Collection<Region> live) throws IOException {
        check(allocator.stack(), live, true);
    }

    @Override
    public boolean detectsDoubleFree() {
        return true;
    }

    @Override
    public boolean reclaimVerifies() {
        return true;
    }

    /** Big enough to reach the oversized bucket (blocks above 4096 bytes) and the tail shrink. */
    @Override
    public long maxFuzzLength() {
        return 6000;
    }

    /**
     * Walks the words and every free list of a segregated stack against the live regions: the
     * header is intact; the words parse back to back to the payload end; every listed block is a
     * free block of that list's class, listed once, with no cycle; every free block is listed;
     * every live region sits at a live block big enough for it, one region per block. Returns the
     * number of live blocks no region claims (leaks); with {@code allowLeaks} false they fail.
     */
    static int check(ByteStack stack, Collection<Region> live, boolean allowLeaks) throws IOException {
        byte[] header = stack.get(0, SegregatedClasses.ARENA_START);
        fail(!Arrays.equals(header, 24, 30, SegregatedClasses.MAGIC, 0, 6), "magic damaged: %s",
                java.util.HexFormat.of().formatHex(header, 24, 32));
        fail(SegregatedClasses.le(header, 32) != 0, "reserved word is not zero");
        SegregatedArena.Walk walk = SegregatedArena.walk(stack);
        fail(walk.stop() != SegregatedArena.Stop.END, "the arena does not parse: %s at %d of %d", walk.stop(), walk.end(),
                stack.len());
        Map<Long, SegregatedArena.Block> blocks = new HashMap<>();
        long freeCount = 0;
        long total = 0;
        for (SegregatedArena.Block b : walk.blocks()) {
            blocks.put(b.start(), b);
            freeCount += b.live() ? 0 : 1;
            total += b.size();
        }
        fail(total != stack.len() - SegregatedClasses.ARENA_START, "block sizes sum to %d, arena is %d", total,
                stack.len() - SegregatedClasses.ARENA_START);
        Set<Long> listed = new HashSet<>();
        for (int c = 0; c < SegregatedClasses.NUM_CLASSES; c++) {
            long p = SegregatedClasses.le(header, (int) SegregatedClasses.headOffset(c));
            while (p != SegregatedClasses.NIL) {
                SegregatedArena.Block b = blocks.get(p);
                fail(b == null, "list %d reaches %d, which is not a block start", c, p);
                fail(b.live(), "list %d holds live block %d", c, p);
                fail(SegregatedClasses.listOf(b.size()) != c, "list %d holds block %d of size %d (belongs on %d)", c, p,
                        b.size(), SegregatedClasses.listOf(b.size()));
                fail(!listed.add(p), "block %d is listed twice (cycle or two lists)", p);
                p = b.next();
            }
        }
        fail(listed.size() != freeCount, "%d free blocks but %d listed", freeCount, listed.size());
        Set<Long> claimed = new HashSet<>();
        for (Region r : live) {
            if (r.isEmpty()) {
                continue;
            }
            long start = SegregatedClasses.blockOf(r.offset());
            SegregatedArena.Block b = blocks.get(start);
            fail(b == null, "live region %s is not at a block", r);
            fail(!b.live(), "live region %s sits in free block %d", r, start);
            fail(SegregatedClasses.physNeed(r.len()) > b.size(), "live region %s overruns its %d-byte block", r, b.size());
            fail(!claimed.add(start), "two live regions share block %d", start);
        }
        int leaks = 0;
        for (SegregatedArena.Block b : walk.blocks()) {
            leaks += b.live() && !claimed.contains(b.start()) ? 1 : 0;
        }
        fail(!allowLeaks && leaks > 0, "%d live blocks belong to no region", leaks);
        return leaks;
    }

    private static void fail(boolean bad, String format, Object... args) {
        if (bad) {
            throw new AssertionError("segregated: " + String.format(format, args));
        }
    }
}
