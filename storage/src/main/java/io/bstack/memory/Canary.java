package io.bstack.memory;

import io.bstack.memory.AllocatorMisuseException.Misuse;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.security.SecureRandom;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Surrounds every block with 64-bit guard words and checks them when the block is freed;
 * guarantees that a write into the eight bytes just before or just after a block is detected at
 * free, counted in {@link #corruptionEvents()} and reported as a {@link CanaryCorruptionException}
 * (the block is still handed back to the inner allocator, so nothing leaks).
 *
 * <p>The inner request is {@code max(8, align) + size + 8} bytes aligned to {@code max(8, align)};
 * the secret seed is random and never 0, and never appears in a message. Resizes go through
 * allocate-copy-free, so the guards always move with the block. Thread-safe whenever the inner
 * allocator is. Put it outermost: a wrapper outside it would not see the guards.
 */
public final class Canary implements Allocator {

    private record Issued(MemorySegment inner, Layout innerLayout, Layout layout, long prefix) {
    }

    private final Allocator inner;
    private final long seed;
    private final ConcurrentHashMap<Long, Issued> live = new ConcurrentHashMap<>();
    private final AtomicLong corruptions = new AtomicLong();

    private Canary(Allocator inner, long seed) {
        this.inner = inner;
        this.seed = seed;
    }

    /** Wraps {@code inner} with a random non-zero seed. */
    public static Canary wrap(Allocator inner) {
        SecureRandom random = new SecureRandom();
        long seed;
        do {
            seed = random.nextLong();
        } while (seed == 0);
        return new Canary(inner, seed);
    }

    @Override
    public MemorySegment allocate(Layout layout) {
        long prefix = Math.max(8, layout.alignment());
        Layout innerLayout = Layout.of(Math.addExact(Math.addExact(prefix, layout.size()), 8), prefix);
        MemorySegment outer = inner.allocate(innerLayout);
        outer.set(ValueLayout.JAVA_LONG_UNALIGNED, prefix - 8, seed);
        outer.set(ValueLayout.JAVA_LONG_UNALIGNED, prefix + layout.size(), seed);
        MemorySegment block = outer.asSlice(prefix, layout.size());
        live.put(block.address(), new Issued(outer, innerLayout, layout, prefix));
        return block;
    }

    /**
     * Checks both guard words, then frees.
     *
     * @throws CanaryCorruptionException if a guard word was overwritten (the block is freed anyway)
     */
    @Override
    public void free(MemorySegment block, Layout layout) {
        Issued issued = check(block, layout);
        if (!live.remove(block.address(), issued)) {
            throw misuse(Misuse.DOUBLE_FREE, "block at 0x" + Long.toHexString(block.address())
                    + " was freed concurrently");
        }
        MemorySegment outer = issued.inner();
        long before = outer.get(ValueLayout.JAVA_LONG_UNALIGNED, issued.prefix() - 8);
        long after = outer.get(ValueLayout.JAVA_LONG_UNALIGNED, issued.prefix() + layout.size());
        boolean underflow = (before ^ seed) != 0;
        boolean overflow = (after ^ seed) != 0;
        outer.set(ValueLayout.JAVA_LONG_UNALIGNED, issued.prefix() - 8, 0L);
        outer.set(ValueLayout.JAVA_LONG_UNALIGNED, issued.prefix() + layout.size(), 0L);
        inner.free(outer, issued.innerLayout());
        if (underflow | overflow) {
            corruptions.incrementAndGet();
            throw new CanaryCorruptionException(block.address(), underflow, overflow);
        }
    }

    /** Resets the inner allocator and forgets every live block. */
    @Override
    public void reset() {
        inner.reset();
        live.clear();
    }

    @Override
    public OptionalLong usableSize(MemorySegment block, Layout layout) {
        check(block, layout);
        return OptionalLong.of(layout.size());
    }

    /** The inner capacity, which over-states what fits here by the guard bytes. */
    @Override
    public OptionalLong capacityBytes() {
        return inner.capacityBytes();
    }

    /** Canary mismatches and misuses seen here, plus the inner allocator's events. */
    @Override
    public long corruptionEvents() {
        return corruptions.get() + inner.corruptionEvents();
    }

    private Issued check(MemorySegment block, Layout layout) {
        String where = "block at 0x" + Long.toHexString(block.address());
        if (!block.scope().isAlive()) {
            throw misuse(Misuse.STALE_AFTER_RESET, where + " was issued before the last reset or close");
        }
        Issued issued = live.get(block.address());
        if (issued == null || !issued.inner().scope().equals(block.scope())) {
            throw misuse(Misuse.FOREIGN_BLOCK, where + " is not live in this Canary (foreign or already freed)");
        }
        if (!issued.layout().equals(layout) || block.byteSize() != layout.size()) {
            throw misuse(Misuse.LAYOUT_MISMATCH, where + " was allocated as " + issued.layout()
                    + " but handed back as " + layout + " with a segment of " + block.byteSize() + " bytes");
        }
        return issued;
    }

    private AllocatorMisuseException misuse(Misuse kind, String message) {
        corruptions.incrementAndGet();
        return new AllocatorMisuseException(kind, message);
    }
}
